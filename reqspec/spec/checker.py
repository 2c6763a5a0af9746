"""Typed access to a spec's YAML data, failing with a SpecError that names the file, the line and
the path of a mistake. The loader builds the model through it, so every value it reads is checked."""

from __future__ import annotations

import re
import string
from typing import Any, cast

from . import model as m
from .yaml_source import Located, Path

#: Placeholders a message template may use; the validator fills them in.
PLACEHOLDERS = frozenset({
    "value", "name", "limit", "limit_low", "expected", "allowed", "reason", "suggestion",
    "count", "length", "fingerprint", "says", "key", "first", "prompt", "approx", "type",
    "digits", "what", "date", "field",
})
#: A rule id is a stable public name and the anchor of its section in the generated rules docs,
#: so it must be what a Markdown heading turns into unchanged: lowercase words joined by ``-``.
RULE_ID = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*\Z")


class SpecError(Exception):
    """A mistake in a spec file, located by file and line."""

    def __init__(self, file: str, line: int, where: str, message: str) -> None:
        self.file, self.line, self.where, self.problem = file, line, where, message
        at = f" (at {where})" if where else ""
        super().__init__(f"{file}:{line}: {message}{at}")


class Checker:
    """Walks the located data, building the model and raising SpecError on the first mistake."""

    def __init__(self, located: Located, file: str) -> None:
        self.located = located
        self.file = file

    # -- reporting -------------------------------------------------------------------------
    def fail(self, path: Path, message: str) -> "SpecError":
        where = ".".join(str(p) for p in path)
        return SpecError(self.file, self.located.line(path), where, message)

    def get(self, data: Any, path: Path) -> Any:
        for key in path:
            data = data[key]
        return data

    # -- typed access -----------------------------------------------------------------------
    def mapping(self, value: Any, path: Path, keys: dict[str, bool] | set[str] | None = None,
                what: str = "a mapping") -> dict[str, Any]:
        if not isinstance(value, dict):
            raise self.fail(path, f"expected {what}, got {_kind(value)}")
        if keys is not None:
            for key in value:
                if key not in keys:
                    known = ", ".join(sorted(keys))
                    raise self.fail(path + (key,), f"unknown key {key!r}; known keys: {known}")
            if isinstance(keys, dict):
                for key, needed in keys.items():
                    if needed and key not in value:
                        raise self.fail(path, f"missing key {key!r}")
        return value

    def text(self, value: Any, path: Path, *, empty: bool = False) -> str:
        if not isinstance(value, str) or (not empty and not value.strip()):
            raise self.fail(path, f"expected a non-empty string, got {_kind(value)}")
        return value

    def number(self, value: Any, path: Path, *, integer: bool = False) -> int | float:
        ok = isinstance(value, int) if integer else isinstance(value, (int, float))
        if isinstance(value, bool) or not ok or value != value or value in (float("inf"), float("-inf")):
            raise self.fail(path, f"expected {'an integer' if integer else 'a number'}, got {_kind(value)}")
        return cast("int | float", value)

    def boolean(self, value: Any, path: Path) -> bool:
        if not isinstance(value, bool):
            raise self.fail(path, f"expected true or false, got {_kind(value)}")
        return value

    def str_list(self, value: Any, path: Path) -> list[str]:
        if not isinstance(value, list) or not value:
            raise self.fail(path, f"expected a non-empty list of strings, got {_kind(value)}")
        for i, item in enumerate(value):
            self.text(item, path + (i,))
        return value

    def template(self, value: Any, path: Path) -> str:
        text = self.text(value, path)
        try:
            parts = list(string.Formatter().parse(text))
        except ValueError as exc:
            raise self.fail(path, f"bad message template: {exc}") from None
        for _, name, spec, conversion in parts:
            if name is None:
                continue
            if name not in PLACEHOLDERS or spec or conversion:
                raise self.fail(path, f"unknown placeholder {{{name}}} in message; "
                                      f"known: {', '.join(sorted(PLACEHOLDERS))}")
        if "\n" in text or "\r" in text:
            raise self.fail(path, "a message must be one line")
        return text

    def source(self, value: Any, path: Path, sources: dict[str, m.Source]) -> str:
        text = self.text(value, path)
        if text not in sources:
            raise self.fail(path, f"unknown source {text!r}; declared: {', '.join(sources)}")
        return text

    def one_line(self, value: Any, path: Path) -> str:
        """Literal text shown inside a one-line message: never formatted, so braces are braces."""
        text = self.text(value, path)
        if "\n" in text or "\r" in text:
            raise self.fail(path, "this text is shown inside a one-line message: write it on one line")
        return text

    def rule_id(self, value: Any, path: Path) -> str:
        text = self.text(value, path)
        if not RULE_ID.match(text):
            raise self.fail(path, f"a rule id is lowercase letters and digits in words joined by '-', got {text!r}")
        return text


def _kind(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return f"the number {value!r}"
    if isinstance(value, str):
        return f"the string {value[:40]!r}"
    if isinstance(value, list):
        return "a list"
    return "a mapping"
