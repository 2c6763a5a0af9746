"""Write Python source safely: spec values enter code only as ``repr()`` literals.

Formatting spec text into code (as ``str.format`` code generators do) breaks on quotes, braces and
newlines and lets a spec inject code. Here every value from a spec goes through ``lit()``, which
accepts only plain data and returns its ``repr()``; names come from ``ident()``, which accepts only
identifiers. Indentation is tracked by a context manager, so nesting in the output follows the
structure of the generator, not the depth of the spec.
"""

from __future__ import annotations

import ast
import keyword
import math
import re
from contextlib import contextmanager
from typing import Any, Iterator


def lit(value: Any) -> str:
    """A Python literal for plain data (str, int, finite float, bool, None, tuple, frozenset, dict)."""
    if value is None or isinstance(value, (bool, str)):
        return repr(value)
    if isinstance(value, int):
        return repr(int(value))
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError("non-finite numbers have no literal")
        return repr(float(value))
    if isinstance(value, tuple):
        inner = ", ".join(lit(v) for v in value)
        return f"({inner},)" if len(value) == 1 else f"({inner})"
    if isinstance(value, frozenset):
        if not value:
            return "frozenset()"
        return "frozenset({" + ", ".join(lit(v) for v in sorted(value, key=repr)) + "})"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{lit(k)}: {lit(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return lit(tuple(value))
    raise TypeError(f"no literal for {type(value).__name__}")


_IDENT = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")


def ident(*parts: str) -> str:
    """A Python name joined from parts; each part must already be identifier-safe."""
    name = "_".join(parts)
    if not _IDENT.match(name) or keyword.iskeyword(name):
        raise ValueError(f"not an identifier: {name!r}")
    return name


class Code:
    """Lines of Python with managed indentation."""

    def __init__(self) -> None:
        self._lines: list[str] = []
        self._depth = 0

    def __call__(self, *lines: str) -> None:
        for line in lines:
            self._lines.append(("    " * self._depth + line) if line else "")

    @contextmanager
    def block(self, header: str) -> Iterator[None]:
        self(header)
        self._depth += 1
        start = len(self._lines)
        try:
            yield
        finally:
            if len(self._lines) == start:
                self("pass")
            self._depth -= 1

    def blank(self, count: int = 1) -> None:
        self._lines.extend([""] * count)

    def text(self) -> str:
        source = "\n".join(self._lines).rstrip() + "\n"
        ast.parse(source)  # a generator bug surfaces here, not at import time
        return source
