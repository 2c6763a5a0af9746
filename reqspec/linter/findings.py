"""What the linter reports: one located finding, and the counts over a run."""

from __future__ import annotations

from typing import NamedTuple


class Finding(NamedTuple):  # not a dataclass: importing dataclasses (and inspect) would add a third to a lint run's start
    """A rule broken at one place of one document of one file.

    ``line`` and ``column`` are 1-based positions in the file of the offending key or value;
    ``document`` is the 0-based index of the body in its file (a JSONL line among the non-blank
    ones, a YAML document).
    """

    file: str
    document: int
    line: int
    column: int
    pointer: str
    rule: str
    severity: str
    message: str
    kind: str = "body"  # the kind of document: body, batch (a Batch API line) or finetune (an example)

    def as_dict(self) -> dict[str, object]:
        return {"file": self.file, "document": self.document, "kind": self.kind, "line": self.line,
                "column": self.column, "pointer": self.pointer, "rule": self.rule,
                "severity": self.severity, "message": self.message}


class Summary:
    """The counts over a run: files, documents (and of each kind), errors, warnings, rules met."""

    __slots__ = ("files", "documents", "errors", "warnings", "rules_seen", "kinds")

    def __init__(self, files: int = 0, documents: int = 0, errors: int = 0, warnings: int = 0,
                 rules_seen: set[str] | None = None, kinds: dict[str, int] | None = None) -> None:
        self.files = files
        self.documents = documents
        self.errors = errors
        self.warnings = warnings
        self.rules_seen: set[str] = set() if rules_seen is None else rules_seen
        self.kinds: dict[str, int] = {} if kinds is None else kinds  # documents of each kind

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Summary):
            return NotImplemented
        return all(getattr(self, name) == getattr(other, name) for name in self.__slots__)

    def __repr__(self) -> str:
        return "Summary(" + ", ".join(f"{name}={getattr(self, name)!r}" for name in self.__slots__) + ")"

    def count(self, finding: Finding) -> None:
        if finding.severity == "error":
            self.errors += 1
        elif finding.severity == "warning":
            self.warnings += 1
        self.rules_seen.add(finding.rule)

    def as_dict(self) -> dict[str, object]:
        return {"files": self.files, "documents": self.documents, "errors": self.errors,
                "warnings": self.warnings, "kinds": dict(sorted(self.kinds.items()))}

    def kinds_text(self) -> str:
        """The documents of each kind: `` (7 body, 2 batch)``; nothing when no document was read."""
        if not self.kinds:
            return ""
        return " (" + ", ".join(f"{count} {kind}" for kind, count in sorted(self.kinds.items())) + ")"
