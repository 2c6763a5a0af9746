"""The formats stored prompts are kept in: the kind of each file's documents, where the body is
inside them, and the rules that look at a whole file (one place for all of them).

A document is a request ``body`` (at ``--body-pointer`` inside it, when given), a ``batch`` line
(OpenAI Batch API input) or a ``finetune`` example (chat fine-tuning data); the spec describes
each (its ``roots``), so the generated validator checks them. What no single document can show
lives here: ids unique within a Batch file, and the counts a file must keep to.
"""

from __future__ import annotations

import re
from typing import Any

from ..reading.pointers import array_index, escape_token, split_pointer

AUTO = "auto"
#: Documents ``--kind auto`` reads at most, looking for one that parses, to decide a file's kind.
DETECT_WITHIN = 100
#: A kind's name, as a spec's ``roots`` write it.
_KIND_NAME = re.compile(r"[a-z][a-z0-9_]*\Z")

#: A kind as the generated module's DOCUMENT_KINDS gives it: (members its first document has,
#: members it lacks, the member unique in a file, fewest documents, most documents, most bytes).
KindRules = tuple[tuple[str, ...], tuple[str, ...], str, "int | None", "int | None", "int | None"]

#: The rules of whole files, and of where the body is: rule id -> help (docs/rules.md lists them).
FILE_RULES = {
    "duplicate-id": "A member that the spec says is unique within a file of its kind (the id that pairs a "
                    "request with its result) is repeated; the finding is at the later document's member and "
                    "names the line of the first.",
    "too-many-documents": "A file holds more documents, or more bytes, than the spec allows a file of its kind; "
                          "the finding is at the first document past the limit, or at line 1 for the size.",
    "too-few-documents": "A file holds fewer documents than the spec says a file of its kind needs; the finding "
                         "is at line 1 of the file.",
    "body-pointer-missing": "With --body-pointer (or body-pointer in the configuration), each document holds its "
                            "request body at that JSON Pointer; this document has nothing there.",
}


def detect(value: object, kinds: dict[str, KindRules]) -> str:
    """The kind of a file, from its first document: the first kind whose members it has (and
    whose other members it lacks), else a body."""
    if isinstance(value, dict):
        for kind, (present, absent, *_) in kinds.items():
            if present and all(name in value for name in present) and not any(name in value for name in absent):
                return kind
    return "body"


def first_kind(path: str, limits: Any, kinds: dict[str, KindRules]) -> str:
    """The kind ``auto`` decides for a file: from its first document that reads (``body`` when none
    of the first hundred does)."""
    from ..reading import read_path

    for index, doc in enumerate(read_path(path, None, limits)):
        if type(doc.value) is dict or index + 1 >= DETECT_WITHIN:
            return detect(doc.value, kinds)
    return "body"


def parse_kind(value: object) -> str:
    """``auto``, or the name of a kind of document (which the spec must describe: checked once the
    spec is loaded)."""
    from .options import BadValue

    if not isinstance(value, str) or not _KIND_NAME.match(value):
        raise BadValue("auto, body, or another kind of document the spec describes (batch, finetune)")
    return value


def parse_pointer(value: object) -> str:
    """A JSON Pointer (RFC 6901): empty, or ``/`` then tokens (``~0`` for ``~``, ``~1`` for ``/``)."""
    from .options import BadValue

    accepts = 'a JSON Pointer such as /request/body ("" for the whole document; ~0 for ~ and ~1 for / in a key)'
    if not isinstance(value, str) or split_pointer(value) is None:
        raise BadValue(accepts)
    tokens = value[1:].split("/") if value else []
    for token in tokens:  # a ~ is always ~0 or ~1
        if token.replace("~0", "").replace("~1", "").count("~"):
            raise BadValue(accepts)
    return value


_MISSING = object()


def at_pointer(document: object, pointer: str) -> tuple[object, str]:
    """The value at ``pointer`` inside ``document`` (``_MISSING`` when nothing is there), and the
    pointer written as findings write one (array indexes as numbers)."""
    node = document
    written = []
    for token in split_pointer(pointer) or []:
        if isinstance(node, dict) and token in node:
            node = node[token]
        elif isinstance(node, list) and (index := array_index(token)) is not None and index < len(node):
            node = node[index]
        else:
            return _MISSING, pointer
        written.append(escape_token(token))
    return node, "".join("/" + t for t in written)


def missing(value: object) -> bool:
    return value is _MISSING


_NONE: list[tuple[str, str, str]] = []  # never appended to: a document that breaks nothing


class FileRules:
    """The whole-file rules of one file of a kind, fed its documents in order. For a unique member
    it keeps, per value, only the line of its first document."""

    def __init__(self, kind: KindRules) -> None:
        _, _, self.unique, self.fewest, self.most, self.bytes = kind
        self.first_lines: dict[str, int] = {}
        self.documents = 0

    def start(self, size: int | None) -> list[tuple[str, str, str]]:
        """What the file's size breaks, said at line 1 before its documents."""
        if self.bytes is not None and size is not None and size > self.bytes:
            return [("", "too-many-documents", f"a file of this kind is at most {self.bytes / (1 << 20):g} MB; "
                                               f"this one is {size / (1 << 20):.0f} MB")]
        return []

    def document(self, value: object, line: int) -> list[tuple[str, str, str]]:
        """(pointer, rule, message) of what this document breaks in its file."""
        if value is None:
            return _NONE
        held = value.get(self.unique) if self.unique and type(value) is dict else None
        return self.counted(held if type(held) is str else None, line)

    def counted(self, held: str | None, line: int) -> list[tuple[str, str, str]]:
        """``document`` for a document known by its unique member's value (None: not a string)."""
        self.documents += 1
        found = _NONE
        if self.most is not None and self.documents == self.most + 1:
            found = [("", "too-many-documents",
                      f"a file of this kind holds at most {self.most:,} documents; this is document {self.documents:,}")]
        return self.seen(held, line, found) if held is not None and self.unique else found

    def seen(self, held: str, line: int, found: list[tuple[str, str, str]]) -> list[tuple[str, str, str]]:
        first = self.first_lines.setdefault(held, line)
        if first != line:
            return [*found, ("/" + escape_token(self.unique), "duplicate-id",
                             f"{self.unique} is already used by the document on line {first}")]
        return found

    def end(self) -> list[tuple[str, str, str]]:
        """What the file as a whole breaks, said at its line 1 after its documents."""
        if self.fewest is not None and self.documents < self.fewest:
            return [("", "too-few-documents",
                     f"a file of this kind needs at least {self.fewest} documents; this one has {self.documents}")]
        return []
