"""One request body read from a file, with lazy positions.

A document carries the parsed value and the problems met while reading it. Positions of values
inside it are only computed when ``locate`` is called, which happens only for documents that have
findings, so clean documents pay nothing for them.
"""

from __future__ import annotations

from typing import Protocol

from .problems import ReadProblem


class Locator(Protocol):
    """Anything that can place a JSON Pointer of one document in its file."""

    def locate(self, pointer: str, key: bool = False) -> tuple[int, int]: ...


class Document:
    """A body parsed from a file.

    ``value`` is the parsed document when its content is what JSON can represent, and None
    otherwise (a problem then says why). The problems that leave the value in place are
    ``duplicate-key``, where the last occurrence wins as in most JSON parsers,
    ``lone-surrogate``, where the string holds the surrogate as Python's parser reads it, and
    ``not-an-object``, where the value (an array, a scalar) is kept for a body pointer to look
    inside; without one the linter checks nothing more in it.
    """

    __slots__ = ("index", "line", "value", "problems", "more", "size", "_locator")

    def __init__(
        self,
        index: int,
        line: int,
        value: object,
        problems: list[ReadProblem],
        locator: Locator | None = None,
        more: int = 0,
        size: int = -1,
    ) -> None:
        self.index = index
        self.line = line
        self.value = value
        self.problems = problems
        self.more = more  # problems past Limits.max_problems: counted, not listed
        # The UTF-8 length of the JSON text the value was read from, which bounds the bytes of
        # its strings; -1 when unknown, or when it bounds nothing (a YAML alias repeats a string).
        self.size = size
        self._locator = locator

    def locate(self, pointer: str = "", *, key: bool = False) -> tuple[int, int]:
        """1-based (line, column) in the file of the value at ``pointer``.

        ``""`` is the document itself. With ``key=True`` the position is that of the member's key
        (in JSON, its opening quote) when the pointer names an object member. A pointer that does
        not resolve gives the position of its deepest existing ancestor.
        """
        if self._locator is not None:
            try:
                return self._locator.locate(pointer, key)
            except MemoryError:  # never a silently wrong place: the run says it ran out of memory
                raise
            except Exception:  # a position lookup must never break reporting
                pass
        return (self.line, 1)

    def locate_all(self, requests: list[tuple[str, bool]]) -> list[tuple[int, int]]:
        """``locate`` for each (pointer, key) at once: a locator that can answer them together
        (a YAML document, whose positions are recorded in one more parse) does so."""
        together = getattr(self._locator, "locate_all", None)
        if together is not None:
            try:
                placed: list[tuple[int, int]] = together(requests)
                return placed
            except MemoryError:  # never a silently wrong place: the run says it ran out of memory
                raise
            except Exception:  # a position lookup must never break reporting
                pass
        return [self.locate(pointer, key=key) for pointer, key in requests]

    def __repr__(self) -> str:
        rules = [problem.rule for problem in self.problems]
        return f"Document(index={self.index}, line={self.line}, problems={rules})"
