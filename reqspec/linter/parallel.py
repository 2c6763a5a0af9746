"""Lint in many processes, or on a Dask cluster: files are shared out in batches, and a large JSONL
file is split into byte ranges at line boundaries, so one huge file uses every process. Where the
tasks run is an ``Engine``: this machine's processes (``ProcessPool``, ``-j``) or a cluster
(``cluster.DaskEngine``, ``--cluster``).

The results come back in the order a single process gives, with the same line numbers, document
indexes and counts, so the output is the same as with one process. What travels between
processes is plain data (the dataclasses below); a worker builds its ruleset once.
"""

from __future__ import annotations

import io
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass
from types import ModuleType
from typing import Any, BinaryIO, Callable, Protocol

from ..reading import Document, ReadProblem, format_for, read_path
from .engine import FileResult, Findings, LintRun, Settings, _size
from .stored import AUTO, FileRules, first_kind
from .findings import Finding, Summary

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

#: A finding as it travels between processes: (document, line, column, pointer, rule, severity, message, kind).
Row = tuple[int, int, int, str, str, str, str, str]


def row(f: Finding) -> Row:
    return (f.document, f.line, f.column, f.pointer, f.rule, f.severity, f.message, f.kind)


def findings(path: str, rows: list[Row], documents: int = 0, lines: int = 0) -> Iterator[Finding]:
    """The findings of ``rows``, their documents and lines moved down by ``documents`` and ``lines``."""
    for document, line, column, pointer, rule, severity, message, kind in rows:
        yield Finding(path, document + documents, line + lines, column, pointer, rule, severity, message, kind)


@dataclass(frozen=True)
class Counts:
    """What a worker's share added to the summary."""

    documents: int
    errors: int
    warnings: int
    rules: frozenset[str]
    kinds: tuple[tuple[str, int], ...] = ()

    @classmethod
    def of(cls, summary: Summary) -> Counts:
        return cls(summary.documents, summary.errors, summary.warnings, frozenset(summary.rules_seen),
                   tuple(summary.kinds.items()))

    def add_to(self, summary: Summary) -> None:
        summary.documents += self.documents
        summary.errors += self.errors
        summary.warnings += self.warnings
        summary.rules_seen.update(self.rules)
        for kind, count in self.kinds:
            summary.kinds[kind] = summary.kinds.get(kind, 0) + count


@dataclass(frozen=True)
class FileDone:
    """One whole file, linted by a worker."""

    path: str
    rows: list[Row]
    counts: Counts
    tokenizer_needed: int  # bodies whose context-length check found no tokenizer


@dataclass(frozen=True)
class RangeDone:
    """The lines of one byte range of a file, linted by a worker.

    Lines and document indexes count from the range's start (line 1 is the leading blank line of a
    range that is not the first). ``stopped``: the reader gave up on the file before the end.
    ``no_document``: the findings of the "no non-blank line" document, when the range had none
    (used only if no range of the file has one). ``problem``: what kept the range from being read
    (the file vanished, or was replaced by a directory or a FIFO meanwhile)."""

    rows: list[Row]
    counts: Counts
    newlines: int
    stopped: bool
    no_document: list[Row] | None
    tokenizer_needed: int
    problem: ReadProblem | None = None
    #: For a kind with whole-file rules: each parsed document's (index, line, unique member's value),
    #: for the main process to run those rules over the whole file.
    ids: list[tuple[int, int, str | None]] | None = None


# The planned work, in output order.
@dataclass(frozen=True)
class InMain:
    """A source read in the main process: standard input, or a path already known unreadable."""

    path: str
    problem: ReadProblem | None


@dataclass(frozen=True)
class Batch:
    """Whole files for one worker."""

    paths: list[str]


@dataclass(frozen=True)
class Part:
    """One byte range of a split JSONL file (``index`` of ``count``)."""

    path: str
    start: int
    end: int
    index: int
    count: int
    kind: str  # the kind of the file's documents, decided from its first line


Work = InMain | Batch | Part

# -- in a worker -------------------------------------------------------------------------------------

_WORKER: dict[str, LintRun] = {}


def worker_start(settings: Settings, spec: str | None, token_counter: bool, rules: ModuleType | None) -> None:
    """Set up a worker process: the ruleset (inherited when forked, else built again).

    Ctrl-C reaches every process of the terminal's group: a worker ignores it, and the main
    process stops the workers; SIGTERM ends a worker at once, as the main process sends it."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    if hasattr(signal, "pthread_sigmask"):  # forked with both blocked (see ProcessPool.start): now they may come
        signal.pthread_sigmask(signal.SIG_UNBLOCK, (signal.SIGINT, signal.SIGTERM))
    if rules is None:
        from .. import ruleset

        rules = ruleset.builtin() if spec is None else ruleset.from_spec(spec)
    if not token_counter:
        rules.set_token_counter(None)
    _WORKER["run"] = LintRun([], settings, rules)


def lint_files(paths: list[str]) -> list[FileDone]:
    """Lint whole files (in a worker)."""
    run = _WORKER["run"]
    out = []
    for path in paths:
        run.summary = Summary()
        before = run.rules.tokenizer_needed()
        rows = [row(f) for f in run._lint_documents(path, read_path(path, None, run.settings.limits),
                                                    run.settings.placing.for_file(path), _size(path))]
        out.append(FileDone(path, rows, Counts.of(run.summary), run.rules.tokenizer_needed() - before))
    return out


class LineRange:
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


def lint_range(path: str, start: int, end: int, kind: str) -> RangeDone:
    """Lint the lines of a JSONL file from ``start`` to ``end`` (in a worker). The file is opened as
    the main process opens it: a regular file only, never blocking."""
    from ..reading.jsonl_reader import read_jsonl
    from ..reading.paths import open_source
    from ..reading.reader import guarded

    run = _WORKER["run"]
    run.summary = Summary()
    before = run.rules.tokenizer_needed()
    empty: list[Document] = []

    def documents(stream: LineRange) -> Iterator[Document]:
        for doc in guarded(read_jsonl(stream, run.settings.limits)):
            if doc.value is None and doc.problems and doc.problems[0].rule == "empty-file":
                empty.append(doc)  # said of the whole file: only if no range has a document
                continue
            yield doc

    opened = open_source(path)
    if isinstance(opened, ReadProblem):
        return RangeDone([], Counts.of(run.summary), 0, True, None, 0, opened)
    raw, _ = opened
    with raw:
        stream = LineRange(raw, start, end)
        ids: list[tuple[int, int, str | None]] | None = [] if kind != "body" else None
        rows = [row(f) for f in run._lint_documents(path, documents(stream), run.settings.placing.for_file(path),
                                                    kind=kind, ranged=ids)]
        stopped = stream.left > 0
    counts = Counts.of(run.summary)
    no_document = None
    if empty:
        run.summary = Summary()
        no_document = [row(f) for f in run._lint_documents(path, empty, kind=kind)]
    return RangeDone(rows, counts, stream.newlines, stopped, no_document, run.rules.tokenizer_needed() - before,
                     ids=ids)


# -- in the main process -----------------------------------------------------------------------------

def split(path: str, size: int, parts: int) -> list[tuple[int, int]] | None:
    """Byte ranges of a JSONL file for ``parts`` processes, each starting at a line start; None
    when it is not worth it or not safe (the first line says the file is not UTF-8: the reader
    stops there, or the file is not a regular file any more)."""
    from ..reading.paths import open_source
    from ..reading.text import sniff_encoding

    if size < 2 * SPLIT_BYTES:
        return None
    count = max(parts * 4, -(-size // RANGE_BYTES))
    step = max(size // count, SPLIT_BYTES)
    cuts = [0]
    opened = open_source(path)
    if isinstance(opened, ReadProblem):
        return None
    stream, _ = opened
    try:
        with stream:
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


class SplitFile:
    """Puts the ranges of one split file back together, range after range, in file order."""

    def __init__(self, run: LintRun, path: str, kind: str = "body") -> None:
        self.run = run
        self.path = path
        self.kind = kind
        # The whole-file rules of the kind, run here over the documents of every range in order.
        self.rules = FileRules(run.rules.DOCUMENT_KINDS[kind]) if kind != "body" else None
        self.documents = self.newlines = 0
        self.stopped = False
        self.no_document: list[Row] | None = None

    def add(self, index: int, done: RangeDone, start: int = 0) -> Iterator[Finding]:
        """The findings of range ``index`` placed in the file (ranges come in order)."""
        run, path = self.run, self.path
        if self.stopped:
            return  # the reader gave up on the file in an earlier range
        if done.problem is not None:  # the file changed under the run: say where reading stopped
            finding = Finding(path, self.documents, self.newlines + 1, 1, "", done.problem.rule, "error",
                              done.problem.message)
            run.summary.count(finding)
            yield finding
            self.stopped = True
            self.no_document = None
            self.documents = max(self.documents, 1)
            return
        run.tokenizer_needed += done.tokenizer_needed
        if index == 0:
            self.no_document = done.no_document
        done.counts.add_to(run.summary)
        shift = self.newlines - (1 if index else 0)
        if self.rules is None or not done.ids:
            yield from findings(path, done.rows, self.documents, shift)
        else:
            yield from self._with_file_rules(index, start, done, shift)
        self.documents += done.counts.documents
        self.newlines += done.newlines
        self.stopped = done.stopped

    def start(self, size: int | None) -> Iterator[Finding]:
        """Before the first range: what the file's size breaks."""
        for finding in self._file_findings(self.rules.start(size) if self.rules is not None else []):
            yield finding

    def _file_findings(self, found: list[tuple[str, str, str]]) -> Iterator[Finding]:
        for pointer, rule, message in found:
            if self.run.settings.wants(rule):
                finding = Finding(self.path, 0, 1, 1, pointer, rule, "error", message, self.kind)
                self.run.summary.count(finding)
                yield finding

    def _with_file_rules(self, index: int, start: int, done: RangeDone, shift: int) -> Iterator[Finding]:
        """The range's findings with those of the whole-file rules placed among them, each where a
        single process puts it: in its document, by position, before the note of findings past the cap."""
        from .engine import MORE_RULE

        assert self.rules is not None and done.ids is not None
        wants = self.run.settings.wants
        extra = []  # (document, line in the file, line in the range, pointer, rule, message)
        for document, line, held in done.ids:
            for pointer, rule, message in self.rules.counted(held, line + shift):
                if wants(rule):
                    extra.append((document + self.documents, line + shift, line, pointer, rule, message))
        out = list(findings(self.path, done.rows, self.documents, shift))
        columns = _columns(self.path, start, index, [(line, pointer) for _, _, line, pointer, _, _ in extra],
                           self.run.settings)
        for document, line, in_range, pointer, rule, message in extra:
            column = columns.get((in_range, pointer), 1)
            finding = Finding(self.path, document, line, column, pointer, rule, "error", message, self.kind)
            spot = next((i for i, f in enumerate(out) if f.document > document or (
                f.document == document and (f.rule == MORE_RULE or (f.line, f.column) > (line, column)))), len(out))
            out.insert(spot, finding)
            self.run.summary.count(finding)
        yield from out

    def end(self) -> Iterator[Finding]:
        """After the last range: the file's "no document" finding, when no range had a document,
        and what the whole file breaks."""
        if not self.documents and self.no_document is not None:
            self.run.summary.documents += 1
            self.run.summary.kinds[self.kind] = self.run.summary.kinds.get(self.kind, 0) + 1
            for finding in findings(self.path, self.no_document):
                self.run.summary.count(finding)
                yield finding
        if self.rules is not None:
            yield from self._file_findings(self.rules.end())


def _columns(path: str, start: int, index: int, wanted: list[tuple[int, str]], settings: Settings) -> dict[tuple[int, str], int]:
    """The columns of ``pointer`` in the lines of a range (line numbers counted as its worker did),
    read again from the file: only for the few findings of the whole-file rules."""
    from ..reading.jsonl_reader import read_jsonl
    from ..reading.paths import open_source

    if not any(pointer for _, pointer in wanted):
        return {}
    skip_of = {line: line - 1 - (1 if index else 0) for line, pointer in wanted if pointer}
    opened = open_source(path)
    if isinstance(opened, ReadProblem):
        return {}
    raw, _ = opened
    texts: dict[int, bytes] = {}
    with raw:
        raw.seek(start)
        needed = sorted(set(skip_of.values()))
        at = 0
        for skip in needed:
            while at < skip:
                raw.readline()
                at += 1
            texts[skip] = raw.readline()
            at += 1
    out = {}
    for line, pointer in wanted:
        text = texts.get(skip_of.get(line, -1))
        if not pointer or text is None:
            continue
        for doc in read_jsonl(io.BytesIO(text), settings.limits):
            out[(line, pointer)] = doc.locate(pointer)[1]
            break
    return out


def plan(run: LintRun, parts: int) -> tuple[list[Work], float]:
    """What to do, in output order, and the seconds of work one process would take (estimated)."""
    work: list[Work] = []
    seconds = 0.0
    batch: list[str] = []
    size = 0
    for path, problem in run._sources():
        if problem is not None or path == "-":
            if batch:
                work.append(Batch(batch))
                batch, size = [], 0
            work.append(InMain(path, problem))
            continue
        length = _size(path) or 0
        seconds += FILE_SECONDS + length * BYTE_SECONDS
        ranges = split(path, length, parts) if format_for(path) == "jsonl" else None
        kind = _kind(run, path) if ranges else "body"
        if ranges:
            if batch:
                work.append(Batch(batch))
                batch, size = [], 0
            work.extend(Part(path, start, end, index, len(ranges), kind) for index, (start, end) in enumerate(ranges))
            continue
        batch.append(path)
        size += length
        if size >= BATCH_BYTES or len(batch) >= BATCH_FILES:
            work.append(Batch(batch))
            batch, size = [], 0
    if batch:
        work.append(Batch(batch))
    return work, seconds


def _kind(run: LintRun, path: str) -> str:
    """The kind of a JSONL file's documents: as set for it, else from its first document, read as
    one process reads it."""
    placement = run.settings.placing.for_file(path)
    if placement.kind != AUTO:
        return placement.kind
    return first_kind(path, run.settings.limits, run.rules.DOCUMENT_KINDS)


class Engine(Protocol):
    """Where the shared work runs: this machine's processes (``ProcessPool``), or a Dask cluster
    (``cluster.DaskEngine``). ``submit`` hands back something whose ``get()`` waits for the result."""

    #: How many tasks run at once (a large JSONL file is cut into ranges for them).
    workers: int
    #: Whether small runs stay in this process (a cluster the user asked for is always used).
    stays_small: bool

    def start(self, run: LintRun) -> None: ...

    def submit(self, task: Callable[..., Any], *args: Any) -> Any: ...

    def finish(self) -> None:
        """The run ended normally: release the workers."""

    def close(self) -> None:
        """The run ended early (or a signal came): stop the workers at once."""


class ProcessPool:
    """The processes of this machine (``-j N``): a multiprocessing pool, forked where the platform
    can, so each worker inherits the ruleset instead of building it again."""

    stays_small = True

    def __init__(self, jobs: int) -> None:
        self.workers = jobs
        self.pool: Any = None

    def start(self, run: LintRun) -> None:
        import multiprocessing
        import signal

        fork = "fork" in multiprocessing.get_all_start_methods()
        context = multiprocessing.get_context("fork" if fork else None)
        # A stop signal that came while the pool is being made would find no pool to stop, and a
        # worker forked before it has its own handlers would print a traceback: both signals
        # wait, here and in each new worker, until the pool is held and the workers are set up.
        masks = hasattr(signal, "pthread_sigmask")
        previous = signal.pthread_sigmask(signal.SIG_BLOCK, (signal.SIGINT, signal.SIGTERM)) if masks else None
        try:
            self.pool = context.Pool(self.workers, worker_start,
                                     (run.settings, run.spec, run.token_counter, run.rules if fork else None))
        finally:
            if previous is not None:
                signal.pthread_sigmask(signal.SIG_SETMASK, previous)

    def submit(self, task: Callable[..., Any], *args: Any) -> Any:
        return self.pool.apply_async(task, args)

    def finish(self) -> None:
        if self.pool is not None:
            self.pool.close()
            self.pool.join()
            self.pool = None

    def close(self) -> None:
        if self.pool is not None:
            self.pool.terminate()
            self.pool.join()
            self.pool = None


class Parallel:
    """Runs a LintRun's files on an engine and hands back its results in order, with at most
    twice as many tasks in flight as the engine has workers (so memory stays bounded however
    large the run)."""

    def __init__(self, run: LintRun, engine: Engine) -> None:
        self.run = run
        self.engine = engine
        self.started = False
        self.window: deque[tuple[Work, Any]] = deque()  # (work, its pending result), oldest first
        self.limit = engine.workers * 2
        self.pending: Iterator[Work] = iter(())

    def close(self) -> None:
        """Stop the workers at once (a run that ended early, or a signal)."""
        if self.started:
            self.started = False
            self.engine.close()

    def results(self) -> Iterator[FileResult]:
        run = self.run
        work, seconds = plan(run, self.engine.workers)
        shared = sum(1 for item in work if not isinstance(item, InMain))
        if self.engine.stays_small and (shared < 2 or seconds < PARALLEL_WORK):
            yield from self._here(work)  # too little to share out: one process is quicker
            return
        self.started = True  # before the start: a signal during it still stops what was started
        self.engine.start(run)
        try:
            self.pending = iter(work)
            self._fill()
            while self.window:
                item, waiting = self.window.popleft()
                match item:
                    case InMain(path, problem):
                        yield run._file_result(path, problem)
                    case Batch():
                        for done in waiting.get():
                            run.summary.files += 1
                            run.tokenizer_needed += done.tokenizer_needed
                            done.counts.add_to(run.summary)
                            yield FileResult(done.path, Findings(findings(done.path, done.rows)))
                    case Part(path=path, count=count, kind=kind):  # the first range of a split file
                        run.summary.files += 1
                        result = FileResult(path, Findings(self._split_findings(path, count, waiting, kind)))
                        yield result
                        result.findings.read_all()  # in case the reader skipped them: keep the order
                del waiting  # the engine may free the result now
                self._fill()
            self.started = False
            self.engine.finish()
        finally:
            self.close()  # only does something when the run stopped early

    def _here(self, work: list[Work]) -> Iterator[FileResult]:
        run = self.run
        for item in work:
            match item:
                case InMain(path, problem):
                    yield run._file_result(path, problem)
                case Batch(paths):
                    for path in paths:
                        yield run._file_result(path, None)
                case Part(path=path, index=0):  # a split file, whole
                    yield run._file_result(path, None)

    def _fill(self) -> None:
        while len(self.window) < self.limit:
            item = next(self.pending, None)
            if item is None:
                return
            match item:
                case Batch(paths):
                    self.window.append((item, self.engine.submit(lint_files, paths)))
                case Part(path, start, end, kind=kind):
                    self.window.append((item, self.engine.submit(lint_range, path, start, end, kind)))
                case InMain():
                    self.window.append((item, None))

    def _split_findings(self, path: str, count: int, waiting: Any, kind: str, first_start: int = 0) -> Iterator[Finding]:
        """The findings of a split file, range after range (the ranges of one file are queued
        together)."""
        whole = SplitFile(self.run, path, kind)
        yield from whole.start(_size(path))
        start = first_start
        for index in range(count):
            if index:
                self._fill()
                item, waiting = self.window.popleft()
                assert isinstance(item, Part)
                start = item.start
            yield from whole.add(index, waiting.get(), start)
        yield from whole.end()
