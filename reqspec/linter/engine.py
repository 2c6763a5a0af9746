"""Lint files: read each document, run the rules, and locate only what was found.

The clean path is read -> parse -> ``lint(body)``; positions are computed only for documents that
have findings, so a large clean JSONL file costs little more than parsing it.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from types import ModuleType
from typing import Any, BinaryIO, Iterable, Iterator

from ..reading import PROBLEMS, Document, Limits, ReadProblem, iter_paths, read_bytes, read_path
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


@dataclass
class FileResult:
    file: str
    findings: list[Finding]


class LintRun:
    """One run over some paths: iterate ``results()`` once, then read ``summary``."""

    def __init__(self, paths: list[str], settings: Settings, rules: ModuleType,
                 stdin: BinaryIO | None = None) -> None:
        self.paths = paths
        self.settings = settings
        self.rules = rules
        self.stdin = stdin
        self.summary = Summary()

    def failed(self) -> bool:
        if self.settings.fail_on == "warning":
            return self.summary.errors + self.summary.warnings > 0
        return self.summary.errors > 0

    def results(self) -> Iterator[FileResult]:
        for path, problem in self._sources():
            self.summary.files += 1
            if problem is not None:
                findings = self._problem_findings(path, 0, [problem])
            elif path == "-":
                findings = self._lint_documents(self.settings.stdin_filename, self._stdin_documents())
                path = self.settings.stdin_filename
            else:
                findings = self._lint_documents(path, read_path(path, None, self.settings.limits))
            for finding in findings:
                self.summary.count(finding)
            yield FileResult(path, findings)

    # -- inputs ------------------------------------------------------------------------------------
    def _sources(self) -> Iterator[tuple[str, ReadProblem | None]]:
        """Files and folders first, then standard input once if ``-`` was given."""
        yield from iter_paths([p for p in self.paths if p != "-"])
        if "-" in self.paths:
            yield "-", None

    def _stdin_documents(self) -> Iterator[Document]:
        stream = self.stdin if self.stdin is not None else sys.stdin.buffer
        limit = self.settings.limits.max_file_size
        data = stream.read(limit + 1) if self.settings.stdin_format != "jsonl" else stream.read()
        if self.settings.stdin_format != "jsonl" and len(data) > limit:
            problem = ReadProblem("file-too-large", f"standard input is larger than {limit} bytes", 1, 1)
            return iter([Document(0, 1, None, [problem])])
        return read_bytes(data, self.settings.stdin_format, self.settings.limits)

    # -- rules ---------------------------------------------------------------------------------------
    def _problem_findings(self, file: str, index: int, problems: Iterable[ReadProblem]) -> list[Finding]:
        return [Finding(file, index, p.line, p.column, p.pointer, p.rule, "error", p.message)
                for p in problems if self.settings.wants(p.rule)]

    def _lint_documents(self, file: str, documents: Iterable[Document]) -> list[Finding]:
        out: list[Finding] = []
        lint, key_rules, wants = self.rules.lint, self.rules.KEY_RULES, self.settings.wants
        cap = self.settings.max_findings
        for doc in documents:
            self.summary.documents += 1
            found: list[Finding] = self._problem_findings(file, doc.index, doc.problems)
            if doc.value is not None:
                errors = [e for e in lint(doc.value) if wants(e.rule)]
                if errors:
                    room = max(cap - len(found), 0)
                    shown, hidden = errors[:room], errors[room:]
                    for e in shown:
                        line, column = doc.locate(e.pointer, key=e.rule in key_rules)
                        found.append(Finding(file, doc.index, line, column, e.pointer, e.rule, e.severity, e.message))
                    if hidden:
                        self._count_hidden(hidden)
                        found.append(Finding(file, doc.index, doc.line, 1, "", MORE_RULE, "note",
                                             f"{len(hidden)} more finding(s) in this document"))
            out.extend(found)
        return out

    def _count_hidden(self, hidden: list[Any]) -> None:
        for e in hidden:
            if e.severity == "error":
                self.summary.errors += 1
            elif e.severity == "warning":
                self.summary.warnings += 1


def lint_paths(paths: list[str], settings: Settings, rules: ModuleType | None = None,
               stdin: BinaryIO | None = None) -> LintRun:
    """A lint run over ``paths`` (files, folders, ``-`` for standard input)."""
    if rules is None:
        from .. import _validator as rules
    return LintRun(paths, settings, rules, stdin)
