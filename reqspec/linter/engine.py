"""Lint files: read each document, run the rules, and locate only what was found.

The clean path is read -> parse -> ``lint(body)``; positions are computed only for documents that
have findings, so a large clean JSONL file costs little more than parsing it. Findings are made
while the reporter reads them, never gathered per file first, so a JSONL file of any size is
linted in bounded memory.

With ``jobs`` above 1 the files are shared out among that many processes, and a large JSONL file
is split into byte ranges at line boundaries; the results come back in the order a single
process gives, with the same line numbers, document indexes and counts, so the output is the same.
"""

from __future__ import annotations

import os
import sys
from collections import deque
from dataclasses import dataclass, field
from types import ModuleType
from typing import Any, BinaryIO, Iterable, Iterator

from ..reading import PROBLEMS, Document, Limits, ReadProblem, format_for, iter_paths, read_path, read_stream
from .findings import Finding, Summary

#: A finding that stands for the findings past the per-document limit.
MORE_RULE = "more-findings"
MORE_HELP = "A document had more findings than --max-findings allows; the rest are counted, not listed."


@dataclass(frozen=True)
class Settings:
    """What to run and how strictly; built by the CLI from options and [tool.reqspec]."""

    select: frozenset[str] | None = None  # None: every rule
    ignore: frozenset[str] = frozenset()
    fail_on: str = "error"  # "error" or "warning"
    limits: Limits = field(default_factory=Limits)
    max_findings: int = 100
    stdin_format: str = "json"
    stdin_filename: str = "<stdin>"

    def wants(self, rule: str) -> bool:
        return (self.select is None or rule in self.select) and rule not in self.ignore


def all_rules(rules: ModuleType) -> dict[str, tuple[str, str]]:
    """Every rule id a finding can carry -> (severity, help): the ruleset's, reading's, and ours."""
    out = {rid: (severity, rules.HELP.get(rid, "")) for rid, (_, severity) in rules.RULES.items()}
    out.update({rid: ("error", text) for rid, text in PROBLEMS.items()})
    out[MORE_RULE] = ("note", MORE_HELP)
    return out


class Findings:
    """The findings of one file, made as they are iterated.

    Iterate once: what has been handed out is not kept. ``bool()`` looks one finding ahead, which
    is all a reporter needs to skip a clean file; ``len()`` and indexing read the rest into memory.
    """

    __slots__ = ("_source", "_ahead", "_whole")

    def __init__(self, source: Iterable[Finding]) -> None:
        self._source = iter(source)
        self._ahead: list[Finding] = []
        self._whole = False

    def __iter__(self) -> Iterator[Finding]:
        return iter(self._ahead) if self._whole else self._stream()

    def _stream(self) -> Iterator[Finding]:
        ahead, self._ahead = self._ahead, []
        yield from ahead
        yield from self._source

    def __bool__(self) -> bool:
        if not self._ahead and not self._whole:
            for finding in self._source:
                self._ahead.append(finding)
                break
        return bool(self._ahead)

    def read_all(self) -> list[Finding]:
        """Every remaining finding, kept from now on (for ``len`` and indexing)."""
        if not self._whole:
            self._ahead.extend(self._source)
            self._whole = True
        return self._ahead

    def __len__(self) -> int:
        return len(self.read_all())

    def __getitem__(self, index: Any) -> Any:
        return self.read_all()[index]


@dataclass
class FileResult:
    file: str
    findings: Findings


class LintRun:
    """One run over some paths: iterate ``results()`` once (and each result's findings), then
    read ``summary``.

    ``jobs`` above 1 lints in that many processes. They rebuild the ruleset from ``spec`` (None:
    the built-in one) and install a token counter when ``token_counter`` is true;
    ``tokenizer_needed`` then holds what their context-length checks skipped.
    """

    def __init__(self, paths: list[str], settings: Settings, rules: ModuleType,
                 stdin: BinaryIO | None = None, *, jobs: int = 1, spec: str | None = None,
                 token_counter: bool = False) -> None:
        self.paths = paths
        self.settings = settings
        self.rules = rules
        self.stdin = stdin
        self.summary = Summary()
        self.jobs = max(1, jobs)
        self.spec = spec
        self.token_counter = token_counter
        self.tokenizer_needed = 0
        self._parallel: _Parallel | None = None
        self.needs_yaml = False  # a YAML file was met, and PyYAML is not installed

    def close(self) -> None:
        """End the run now: worker processes, if any, are stopped at once."""
        if self._parallel is not None:
            self._parallel.close()

    def failed(self) -> bool:
        if self.settings.fail_on == "warning":
            return self.summary.errors + self.summary.warnings > 0
        return self.summary.errors > 0

    def results(self) -> Iterator[FileResult]:
        if self.jobs > 1:
            self._parallel = _Parallel(self)
            yield from self._parallel.results()
            return
        for path, problem in self._sources():
            yield self._file_result(path, problem)

    def _file_result(self, path: str, problem: ReadProblem | None) -> FileResult:
        """One file linted in this process (its findings are made as they are read)."""
        self.summary.files += 1
        if problem is not None:
            findings = self._counted(self._problem_findings(path, 0, [problem]))
        elif path == "-":
            path = self.settings.stdin_filename
            findings = self._lint_documents(path, self._stdin_documents())
        else:
            findings = self._lint_documents(path, read_path(path, None, self.settings.limits))
        return FileResult(path, Findings(findings))

    # -- inputs ------------------------------------------------------------------------------------
    def _sources(self) -> Iterator[tuple[str, ReadProblem | None]]:
        """Files and folders first, then standard input once if ``-`` was given. A YAML file met
        without PyYAML is noted in ``needs_yaml`` (each also gets its located finding)."""
        for path, problem in iter_paths([p for p in self.paths if p != "-"]):
            if problem is None and not self.needs_yaml and format_for(path) == "yaml":
                self.needs_yaml = not _yaml_installed()
            yield path, problem
        if "-" in self.paths:
            if self.settings.stdin_format == "yaml" and not self.needs_yaml:
                self.needs_yaml = not _yaml_installed()
            yield "-", None

    def _stdin_documents(self) -> Iterator[Document]:
        """Standard input in its stated format: JSONL line by line (an endless stream is linted in
        bounded memory), JSON and YAML with a read bounded by the size limit."""
        stream = self.stdin if self.stdin is not None else sys.stdin.buffer
        return read_stream(stream, self.settings.stdin_format, self.settings.limits)

    # -- rules ---------------------------------------------------------------------------------------
    def _problem_findings(self, file: str, index: int, problems: Iterable[ReadProblem]) -> list[Finding]:
        return [Finding(file, index, p.line, p.column, p.pointer, p.rule, "error", p.message) for p in problems]

    def _counted(self, findings: Iterable[Finding]) -> Iterator[Finding]:
        count = self.summary.count
        for finding in findings:
            count(finding)
            yield finding

    def _lint_documents(self, file: str, documents: Iterable[Document]) -> Iterator[Finding]:
        """The findings of each document in turn; a clean document costs its ``lint`` call only."""
        first, wants = self.rules.lint_first, self.settings.wants
        # Where a finding is in the file: its pointer as the body has it (the public pointer
        # redacts a secret-shaped key), at the key or at the value.
        raw_pointer, at_key = self.rules._raw_pointer, self.rules._at_key
        skip = frozenset(rule for rule in self.rules.RULES if not wants(rule))
        cap = self.settings.max_findings
        summary = self.summary
        count = summary.count
        for doc in documents:
            summary.documents += 1
            value = doc.value
            problems = doc.problems
            if value is not None:
                # The validator stops listing at the document's limit and counts the rest.
                errors, errors_past, warnings_past = first(value, max(cap - len(problems), 0), skip)
            else:
                errors, errors_past, warnings_past = [], 0, 0
            if not errors and not problems and not errors_past and not warnings_past and not doc.more:
                continue
            # Problems reading the file are always reported, whatever the rules chosen.
            found = self._problem_findings(file, doc.index, problems[:cap])
            places = doc.locate_all([(raw_pointer(e), at_key(e)) for e in errors]) if errors else []
            for e, (line, column) in zip(errors, places):
                found.append(Finding(file, doc.index, line, column, e.pointer, e.rule, e.severity, e.message))
            errors_past += doc.more + max(len(problems) - cap, 0)
            if errors_past or warnings_past:
                summary.errors += errors_past
                summary.warnings += warnings_past
                found.append(Finding(file, doc.index, doc.line, 1, "", MORE_RULE, "note",
                                     f"{errors_past + warnings_past} more finding(s) in this document"))
            for finding in found:
                count(finding)
                yield finding


def _yaml_installed() -> bool:
    import importlib.util

    return importlib.util.find_spec("yaml") is not None


def lint_paths(paths: list[str], settings: Settings, rules: ModuleType | None = None,
               stdin: BinaryIO | None = None, *, jobs: int = 1, spec: str | None = None,
               token_counter: bool = False) -> LintRun:
    """A lint run over ``paths`` (files, folders, ``-`` for standard input)."""
    if rules is None:
        from .. import _validator

        rules = _validator
    return LintRun(paths, settings, rules, stdin, jobs=jobs, spec=spec, token_counter=token_counter)


# -- many processes ----------------------------------------------------------------------------------

#: A JSONL file at least this large is split into byte ranges; no range is smaller than this.
SPLIT_BYTES = 1 << 20
#: No range is larger than this, so what one range sends back stays small.
RANGE_BYTES = 16 << 20
#: Small files travel to the workers in batches of about this many bytes (or BATCH_FILES files).
BATCH_BYTES = 1 << 20
BATCH_FILES = 64
#: Processes pay off only with work enough to cover starting them (some tens of milliseconds):
#: with less than this many seconds of work, as estimated from the files' number and size by the
#: two rates below, a run with jobs above 1 stays in one process.
PARALLEL_WORK = 0.25
FILE_SECONDS = 100e-6
BYTE_SECONDS = 50e-9

# A finding as it travels between processes: (document, line, column, pointer, rule, severity, message).
Row = tuple[int, int, int, str, str, str, str]


def _row(f: Finding) -> Row:
    return (f.document, f.line, f.column, f.pointer, f.rule, f.severity, f.message)


def _totals(summary: Summary) -> tuple[int, int, int, frozenset[str]]:
    return summary.documents, summary.errors, summary.warnings, frozenset(summary.rules_seen)


_WORKER: dict[str, LintRun] = {}


def _worker_start(settings: Settings, spec: str | None, token_counter: bool, rules: ModuleType | None) -> None:
    """Set up a worker process: the ruleset (inherited when forked, else built again).

    Ctrl-C reaches every process of the terminal's group: a worker ignores it, and the main
    process stops the workers; SIGTERM ends a worker at once, as the main process sends it."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    if rules is None:
        from .. import ruleset

        rules = ruleset.builtin() if spec is None else ruleset.from_spec(spec)
    if not token_counter:
        rules.set_token_counter(None)
    _WORKER["run"] = LintRun([], settings, rules)


def _worker_files(paths: list[str]) -> list[tuple[str, list[Row], tuple[int, int, int, frozenset[str]], int]]:
    """Lint whole files: per file, its findings, its counts and the bodies that needed a tokenizer."""
    run = _WORKER["run"]
    out = []
    for path in paths:
        run.summary = Summary()
        before = run.rules.tokenizer_needed()
        rows = [_row(f) for f in run._lint_documents(path, read_path(path, None, run.settings.limits))]
        out.append((path, rows, _totals(run.summary), run.rules.tokenizer_needed() - before))
    return out


class _Range:
    """The lines of a file from ``start`` up to ``end`` (both at line starts), as ``read_jsonl``
    reads a stream. A range that is not the first is led by one blank line, which the reader skips
    and which keeps it from treating the range's first line as the file's (byte order mark,
    encoding sniffing)."""

    def __init__(self, stream: BinaryIO, start: int, end: int) -> None:
        stream.seek(start)
        self.stream = stream
        self.left = end - start
        self.lead = b"\n" if start else b""
        self.newlines = 0

    def readline(self, size: int = -1) -> bytes:
        if self.lead:
            lead, self.lead = self.lead, b""
            return lead
        if self.left <= 0:
            return b""
        line = self.stream.readline(min(size, self.left) if size >= 0 else self.left)
        self.left -= len(line)
        if line.endswith(b"\n"):
            self.newlines += 1
        return line


def _worker_range(path: str, start: int, end: int) -> tuple[list[Row], tuple[int, int, int, frozenset[str]], int, bool,
                                                            list[Row] | None, int, ReadProblem | None]:
    """Lint the lines of a JSONL file from ``start`` to ``end``.

    Lines and document indexes in the rows count from the range's start (line 1 is the leading
    blank line of a range that is not the first). Returns the rows, the counts, the newlines read,
    whether reading stopped before the end (the reader gave up on the file), the findings of the
    "no non-blank line" document when the range had no document (used only if no range has one),
    the bodies that needed a tokenizer, and the problem that kept the range from being read (the
    file vanished, or was replaced by a directory or a FIFO meanwhile), if one did.

    The file is opened as the main process opens it: a regular file only, never blocking.
    """
    from ..reading.jsonl_reader import read_jsonl
    from ..reading.paths import open_regular
    from ..reading.reader import _guarded

    run = _WORKER["run"]
    run.summary = Summary()
    before = run.rules.tokenizer_needed()
    empty: list[Document] = []

    def documents(stream: _Range) -> Iterator[Document]:
        for doc in _guarded(read_jsonl(stream, run.settings.limits)):
            if doc.value is None and doc.problems and doc.problems[0].rule == "empty-file":
                empty.append(doc)  # said of the whole file: only if no range has a document
                continue
            yield doc

    opened = open_regular(path)
    if isinstance(opened, ReadProblem):
        return [], _totals(run.summary), 0, True, None, 0, opened
    raw, _ = opened
    with raw:
        stream = _Range(raw, start, end)
        rows = [_row(f) for f in run._lint_documents(path, documents(stream))]
        stopped = stream.left > 0
    totals = _totals(run.summary)
    marker = None
    if empty:
        run.summary = Summary()
        marker = [_row(f) for f in run._lint_documents(path, empty)]
    return rows, totals, stream.newlines, stopped, marker, run.rules.tokenizer_needed() - before, None


def _split(path: str, size: int, jobs: int) -> list[tuple[int, int]] | None:
    """Byte ranges of a JSONL file, each starting at a line start; None when it is not worth it
    or not safe (the first line says the file is not UTF-8: the reader stops there)."""
    from ..reading.text import sniff_encoding

    if size < 2 * SPLIT_BYTES:
        return None
    count = max(jobs * 4, -(-size // RANGE_BYTES))
    step = max(size // count, SPLIT_BYTES)
    cuts = [0]
    try:
        with open(path, "rb") as stream:
            if sniff_encoding(stream.readline(4096)) is not None:
                return None
            target = step
            while target < size:
                stream.seek(target - 1)
                while True:  # to the start of the next line
                    piece = stream.readline(1 << 16)
                    if not piece or piece.endswith(b"\n"):
                        break
                at = stream.tell()
                if at >= size:
                    break
                if at > cuts[-1]:
                    cuts.append(at)
                target = max(at, target) + step
    except OSError:
        return None
    cuts.append(size)
    return list(zip(cuts[:-1], cuts[1:])) if len(cuts) > 2 else None


class _Parallel:
    """Runs a LintRun's files in a pool of processes and hands back its results in order."""

    def __init__(self, run: LintRun) -> None:
        self.run = run
        self.pool: Any = None
        self.window: deque[tuple[Any, Any]] = deque()  # (what, async result), oldest first
        self.limit = run.jobs * 2
        self.work = 0.0  # seconds of work one process would take, estimated while planning

    def close(self) -> None:
        """Stop the workers at once (a run that ended early, or a signal)."""
        if self.pool is not None:
            self.pool.terminate()
            self.pool.join()
            self.pool = None

    def results(self) -> Iterator[FileResult]:
        run = self.run
        items = list(self._plan())
        shared = sum(1 for kind, *_ in items if kind in ("files", "range"))
        if shared < 2 or self.work < PARALLEL_WORK:
            for kind, *rest in items:  # too little to share out: one process is quicker
                if kind == "here":
                    yield run._file_result(*rest)
                elif kind == "files":
                    for path in rest[0]:
                        yield run._file_result(path, None)
                elif rest[3] == 0:  # a split file, whole
                    yield run._file_result(rest[0], None)
            return
        import multiprocessing

        fork = "fork" in multiprocessing.get_all_start_methods()
        context = multiprocessing.get_context("fork" if fork else None)
        self.pool = context.Pool(run.jobs, _worker_start,
                                 (run.settings, run.spec, run.token_counter, run.rules if fork else None))
        try:
            self.pending = iter(items)
            self._fill()
            while self.window:
                what, waiting = self.window.popleft()
                kind = what[0]
                if kind == "here":
                    yield run._file_result(*what[1:])
                elif kind == "files":
                    for path, rows, totals, needed in waiting.get():
                        run.summary.files += 1
                        run.tokenizer_needed += needed
                        self._add_totals(totals)
                        yield FileResult(path, Findings(self._findings(path, rows, 0, 0)))
                else:  # the first range of a split file
                    run.summary.files += 1
                    result = FileResult(what[1], Findings(self._split_findings(what, waiting)))
                    yield result
                    result.findings.read_all()  # in case the reader skipped them: keep the order
                self._fill()
            self.pool.close()
            self.pool.join()
            self.pool = None
        finally:
            self.close()  # only does something when the run stopped early

    def _plan(self) -> Iterator[tuple[Any, ...]]:
        """What to do, in output order: ("here", path, problem) runs in this process, ("files",
        paths) in a worker, ("range", path, start, end, index, count) is one range of a split file."""
        batch: list[str] = []
        size = 0
        for path, problem in self.run._sources():
            if problem is not None or path == "-":
                if batch:
                    yield ("files", batch)
                    batch, size = [], 0
                yield ("here", path, problem)
                continue
            try:
                length = os.stat(path).st_size
            except (OSError, ValueError):
                length = 0
            self.work += FILE_SECONDS + length * BYTE_SECONDS
            ranges = _split(path, length, self.run.jobs) if format_for(path) == "jsonl" else None
            if ranges:
                if batch:
                    yield ("files", batch)
                    batch, size = [], 0
                for index, (start, end) in enumerate(ranges):
                    yield ("range", path, start, end, index, len(ranges))
                continue
            batch.append(path)
            size += length
            if size >= BATCH_BYTES or len(batch) >= BATCH_FILES:
                yield ("files", batch)
                batch, size = [], 0
        if batch:
            yield ("files", batch)

    def _fill(self) -> None:
        while len(self.window) < self.limit:
            what = next(self.pending, None)
            if what is None:
                return
            if what[0] == "files":
                self.window.append((what, self.pool.apply_async(_worker_files, (what[1],))))
            elif what[0] == "range":
                self.window.append((what, self.pool.apply_async(_worker_range, what[1:4])))
            else:
                self.window.append((what, None))

    def _add_totals(self, totals: tuple[int, int, int, frozenset[str]]) -> None:
        summary = self.run.summary
        summary.documents += totals[0]
        summary.errors += totals[1]
        summary.warnings += totals[2]
        summary.rules_seen.update(totals[3])

    @staticmethod
    def _findings(path: str, rows: list[Row], documents: int, lines: int) -> Iterator[Finding]:
        for document, line, column, pointer, rule, severity, message in rows:
            yield Finding(path, document + documents, line + lines, column, pointer, rule, severity, message)

    def _split_findings(self, first: tuple[Any, ...], waiting: Any) -> Iterator[Finding]:
        """The findings of a split file, range after range, placed in the file."""
        path, count = first[1], first[5]
        documents = newlines = 0
        stopped = False
        marker = None
        for index in range(count):
            if index:
                self._fill()
                what, waiting = self.window.popleft()  # the ranges of one file are queued together
            rows, totals, read, stop, empty, needed, problem = waiting.get()
            if stopped:
                continue  # the reader gave up on the file in an earlier range
            if problem is not None:  # the file changed under the run: say where reading stopped
                finding = Finding(path, documents, newlines + 1, 1, "", problem.rule, "error", problem.message)
                self.run.summary.count(finding)
                yield finding
                stopped = True
                marker = None
                documents = max(documents, 1)
                continue
            self.run.tokenizer_needed += needed
            if index == 0:
                marker = empty
            self._add_totals(totals)
            yield from self._findings(path, rows, documents, newlines - (1 if index else 0))
            documents += totals[0]
            newlines += read
            stopped = stop
        if not documents and marker is not None:  # no range had a document: the file has none
            self.run.summary.documents += 1
            for finding in self._findings(path, marker, 0, 0):
                self.run.summary.count(finding)
                yield finding
