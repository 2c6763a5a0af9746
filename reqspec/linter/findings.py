"""What the linter reports: one located finding, and the counts over a run."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Finding:
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


@dataclass
class Summary:
    files: int = 0
    documents: int = 0
    errors: int = 0
    warnings: int = 0
    rules_seen: set[str] = field(default_factory=set)
    kinds: dict[str, int] = field(default_factory=dict)  # documents of each kind

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
        """The documents of each kind, when there is more than bodies: `` (7 body, 2 batch)``."""
        if set(self.kinds) <= {"body"}:
            return ""
        return " (" + ", ".join(f"{count} {kind}" for kind, count in sorted(self.kinds.items())) + ")"
