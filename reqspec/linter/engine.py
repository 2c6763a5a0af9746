"""Lint files: read each document, run the rules, and locate only what was found.

The clean path is read -> parse -> ``lint_first(body)``; positions are computed only for
documents that have findings, so a large clean JSONL file costs little more than parsing it.
Findings are made while the reporter reads them, never gathered per file first, so a JSONL file of
any size is linted in bounded memory. With ``jobs`` above 1 the work is shared out among
processes (``parallel``), with the same output.
"""

from __future__ import annotations

import sys
from types import ModuleType
from itertools import chain
from typing import TYPE_CHECKING, Any, BinaryIO, Iterable, Iterator, NamedTuple

from ..reading import PROBLEMS, Document, Limits, ReadProblem, format_for, iter_paths, read_path, read_stream
from .findings import Finding, Summary
from .placing import Placement, Placing
from .stored import AUTO, DETECT_WITHIN, FILE_RULES, FileRules, at_pointer, detect, missing

if TYPE_CHECKING:
    from .parallel import Engine, Parallel

#: A finding that stands for the findings past the per-document limit.
MORE_RULE = "more-findings"
MORE_HELP = "A document had more findings than --max-findings allows; the rest are counted, not listed."


class EngineError(Exception):
    """Where the shared work runs (a Dask cluster) failed the run: one line says why, exit 2."""


class Settings(NamedTuple):  # not a dataclass: importing dataclasses (and inspect) would add a third to a lint run's start
    """What to run and how strictly; built by the CLI from options and [tool.reqspec]."""

    select: frozenset[str] | None = None  # None: every rule
    ignore: frozenset[str] = frozenset()
    fail_on: str = "error"  # "error" or "warning"
    limits: Limits = Limits()
    max_findings: int = 100
    stdin_format: str = "json"
    stdin_filename: str = "<stdin>"
    placing: Placing = Placing()  # the kind of each file, and where its bodies are

    def wants(self, rule: str) -> bool:
        return (self.select is None or rule in self.select) and rule not in self.ignore


def all_rules(rules: ModuleType) -> dict[str, tuple[str, str]]:
    """Every rule id a finding can carry -> (severity, help): the ruleset's, reading's, and ours."""
    out = {rid: (severity, rules.HELP.get(rid, "")) for rid, (_, severity) in rules.RULES.items()}
    out.update({rid: ("error", text) for rid, text in PROBLEMS.items()})
    out.update({rid: ("error", text) for rid, text in FILE_RULES.items()})
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


class FileResult:
    """One file's name, as reported, and its findings (made as they are read)."""

    __slots__ = ("file", "findings")

    def __init__(self, file: str, findings: Findings) -> None:
        self.file = file
        self.findings = findings


class LintRun:
    """One run over some paths: iterate ``results()`` once (and each result's findings), then
    read ``summary``.

    ``jobs`` above 1 lints in that many processes. They rebuild the ruleset from ``spec`` (None:
    the built-in one) and install a token counter when ``token_counter`` is true;
    ``tokenizer_needed`` then holds what their context-length checks skipped.
    """

    def __init__(self, paths: list[str], settings: Settings, rules: ModuleType,
                 stdin: BinaryIO | None = None, *, jobs: int = 1, spec: str | None = None,
                 token_counter: bool = False, engine: Engine | None = None) -> None:
        self.paths = paths
        self.settings = settings
        self.rules = rules
        self.stdin = stdin
        self.summary = Summary()
        self.jobs = max(1, jobs)
        self.spec = spec
        self.token_counter = token_counter
        self.tokenizer_needed = 0
        self.engine = engine  # where shared work runs: None, this machine's processes for jobs above 1
        self._parallel: Parallel | None = None
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
        if self.jobs > 1 or self.engine is not None:
            from .parallel import Parallel, ProcessPool

            self._parallel = Parallel(self, self.engine or ProcessPool(self.jobs))
            yield from self._parallel.results()
            return
        for path, problem in self._sources():
            yield self._file_result(path, problem)

    def _file_result(self, path: str, problem: ReadProblem | None) -> FileResult:
        """One file linted in this process (its findings are made as they are read)."""
        self.summary.files += 1
        placement = self.settings.placing.for_file(path)
        if problem is not None:
            findings = self._counted(self._problem_findings(path, 0, [problem]))
        elif path == "-":
            path = self.settings.stdin_filename
            findings = self._lint_documents(path, self._stdin_documents(), placement)
        else:
            findings = self._lint_documents(path, read_path(path, None, self.settings.limits), placement, _size(path))
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
    def _problem_findings(self, file: str, index: int, problems: Iterable[ReadProblem], kind: str = "body") -> list[Finding]:
        return [Finding(file, index, p.line, p.column, p.pointer, p.rule, "error", p.message, kind) for p in problems]

    def _counted(self, findings: Iterable[Finding]) -> Iterator[Finding]:
        count = self.summary.count
        for finding in findings:
            count(finding)
            yield finding

    def _lint_documents(self, file: str, documents: Iterable[Document], placement: Placement | None = None,
                        size: int | None = None, kind: str | None = None,
                        ranged: list[tuple[int, int, str | None]] | None = None) -> Iterator[Finding]:
        """The findings of each document in turn; a clean document costs its ``lint`` call only.

        The kind of the documents is ``kind``, else the placement's, else decided from the first
        document; with a body pointer, each body is found inside its document and its findings
        point into the whole document."""
        placement = placement or Placement(AUTO, "")
        documents = iter(documents)
        head: list[Document] = []
        if kind is None and placement.kind == AUTO:  # decided by the first document that reads
            for doc in documents:
                head.append(doc)
                if type(doc.value) is dict or len(head) >= DETECT_WITHIN:
                    break
            kind = detect(next((d.value for d in head if type(d.value) is dict), None), self.rules.DOCUMENT_KINDS)
        elif kind is None:
            kind = placement.kind
        if kind not in self.rules.LINT_FIRST:  # a spec of bodies only
            kind = "body"
        yield from self._documents(file, chain(head, documents), kind,
                                   placement.body_pointer if kind == "body" else "", size, ranged)

    def _documents(self, file: str, documents: Iterable[Document], kind: str, body_pointer: str,
                   size: int | None, ranged: list[tuple[int, int, str | None]] | None = None) -> Iterator[Finding]:
        """The findings of documents of one kind. ``ranged``: the documents are a range of a split
        file, whose whole-file rules the main process runs: each parsed document's index, line and
        unique member's value is added to it instead."""
        # Each finding comes as a row: where it is in the body (the pointer as the body has it,
        # which locates it at the key or at the value; the one shown redacts a secret-shaped key),
        # rule, severity and message, with no Error object built.
        first, wants = self.rules.LINT_ROWS[kind], self.settings.wants
        new = tuple.__new__

        skip = frozenset(rule for rule in self.rules.RULES if not wants(rule))
        cap = self.settings.max_findings
        summary = self.summary
        count = summary.count
        rules_seen = summary.rules_seen
        kinds = summary.kinds
        whole = FileRules(self.rules.DOCUMENT_KINDS[kind]) if kind != "body" and ranged is None else None
        unique = self.rules.DOCUMENT_KINDS[kind][2] if ranged is not None else ""
        for pointer, rule, message in whole.start(size) if whole is not None else []:
            if wants(rule):
                finding = Finding(file, 0, 1, 1, pointer, rule, "error", message, kind)
                count(finding)
                yield finding
        for doc in documents:
            summary.documents += 1
            kinds[kind] = kinds.get(kind, 0) + 1
            value = doc.value
            problems = doc.problems
            if value is not None and type(value) is not dict:  # a document that is no object (not-an-object)
                if body_pointer:  # the body may be inside it: the pointer says
                    problems = [p for p in problems if p.rule != "not-an-object"]
                else:
                    value = None
            prefix = raw_prefix = ""
            placed = whole.document(value, doc.line) if whole is not None else []
            if placed:
                placed = [item for item in placed if wants(item[1])]
            if ranged is not None and value is not None:
                held = value.get(unique) if unique and type(value) is dict else None
                ranged.append((doc.index, doc.line, held if type(held) is str else None))
            if value is not None and body_pointer:
                raw_prefix = body_pointer
                value, prefix = at_pointer(value, body_pointer)
                if missing(value):
                    value = None
                    if wants("body-pointer-missing"):
                        placed = [*placed, ("", "body-pointer-missing", f"nothing at the body pointer {body_pointer}")]
            if value is not None:
                # The validator stops listing at the document's limit and counts the rest.
                errors, errors_past, warnings_past = first(value, max(cap - len(problems), 0), skip, doc.size)
            else:
                errors, errors_past, warnings_past = [], 0, 0
            if not errors and not problems and not errors_past and not warnings_past and not doc.more and not placed:
                continue
            # Problems reading the file are always reported, whatever the rules chosen.
            found = self._problem_findings(file, doc.index, problems[:cap], kind) if problems else []
            requests = [(raw_prefix + row[0], row[5]) for row in errors]
            if placed:
                requests += [(p, False) for p, _, _ in placed]
            # The body is no longer needed: let it go before a YAML document is parsed again for
            # its positions, so the two are never in memory together.
            value = doc.value = None
            places = doc.locate_all(requests) if requests else []
            index = doc.index
            for (_, shown, rule, severity, message, _), (line, column) in zip(errors, places):
                # tuple.__new__ makes the Finding without the frame of its __new__.
                found.append(new(Finding, (file, index, line, column, prefix + shown, rule, severity, message, kind)))
            if placed:
                for (pointer, rule, message), (line, column) in zip(placed, places[len(errors):]):
                    at = Finding(file, index, line, column, pointer, rule, "error", message, kind)
                    spot = next((i for i, f in enumerate(found) if (f.line, f.column) > (line, column)), len(found))
                    found.insert(spot, at)
            if problems or doc.more:
                errors_past += doc.more + max(len(problems) - cap, 0)
            if errors_past or warnings_past:
                summary.errors += errors_past
                summary.warnings += warnings_past
                found.append(Finding(file, doc.index, doc.line, 1, "", MORE_RULE, "note",
                                     f"{errors_past + warnings_past} more finding(s) in this document", kind))
            for finding in found:  # summary.count(finding), written inline: one call fewer per finding
                severity = finding.severity
                if severity == "error":
                    summary.errors += 1
                elif severity == "warning":
                    summary.warnings += 1
                rules_seen.add(finding.rule)
            yield from found
        if whole is not None:
            for pointer, rule, message in whole.end():
                if wants(rule):
                    finding = Finding(file, 0, 1, 1, pointer, rule, "error", message, kind)
                    count(finding)
                    yield finding


def _size(path: str) -> int | None:
    from ..reading.paths import source_size

    return source_size(path)


def _yaml_installed() -> bool:
    import importlib.util

    return importlib.util.find_spec("yaml") is not None


def lint_paths(paths: list[str], settings: Settings, rules: ModuleType | None = None,
               stdin: BinaryIO | None = None, *, jobs: int = 1, spec: str | None = None,
               token_counter: bool = False, engine: Engine | None = None) -> LintRun:
    """A lint run over ``paths`` (files, folders and URLs, ``-`` for standard input); with an
    ``engine`` (a Dask cluster) the work runs there."""
    if rules is None:
        from .. import _validator

        rules = _validator
    return LintRun(paths, settings, rules, stdin, jobs=jobs, spec=spec, token_counter=token_counter, engine=engine)
