"""Where the values and keys of a YAML document are, by JSON Pointer: recorded by a second parse of
the text only when a finding needs a place, and only for the pointers asked for."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from .document import Document


class PositionMap:
    """Recorded positions of one document's values and keys, keyed by JSON Pointer."""

    __slots__ = ("values", "keys", "default")

    def __init__(
        self,
        values: dict[str, tuple[int, int]],
        keys: dict[str, tuple[int, int]],
        default: tuple[int, int],
    ) -> None:
        self.values = values
        self.keys = keys
        self.default = default

    def locate(self, pointer: str, key: bool = False) -> tuple[int, int]:
        if key:
            found = self.keys.get(pointer)
            if found is not None:
                return found
        while True:
            found = self.values.get(pointer)
            if found is not None:
                return found
            if not pointer:
                return self.default
            pointer = pointer[: max(pointer.rfind("/"), 0)]


class LazyPositions:
    """Positions in one YAML text, recorded when asked for: one more parse of the text, kept
    running from document to document (a file's documents are asked for in order), recording only
    the pointers asked for and their ancestors."""

    __slots__ = ("reparse", "wanted", "parse", "next_index", "last")

    def __init__(self, reparse: Callable[[LazyPositions], Iterator[Document]]) -> None:
        self.reparse = reparse  # parses the text again, recording what this asks for
        self.wanted: dict[int, frozenset[str]] = {}
        self.parse: Iterator[Document] | None = None
        self.next_index = 0
        self.last: tuple[int, frozenset[str], PositionMap] | None = None

    def recording(self, index: int) -> frozenset[str]:
        """What the parse records in document ``index`` (nothing in documents not asked about)."""
        return self.wanted.get(index, frozenset())

    def locate_all(self, index: int, requests: list[tuple[str, bool]]) -> list[tuple[int, int]]:
        wanted = frozenset(prefix for pointer, _ in requests for prefix in prefixes(pointer))
        last = self.last
        if last is None or last[0] != index or not wanted <= last[1]:
            if self.parse is None or index < self.next_index:  # asked out of order: parse again
                self.parse = self.reparse(self)
                self.next_index = 0
            self.wanted = {index: wanted}
            found = None
            for document in self.parse:
                self.next_index = document.index + 1
                if document.index == index:
                    found = document._locator
                    break
            if not isinstance(found, PositionMap):
                raise LookupError(index)
            last = self.last = (index, wanted, found)
        return [last[2].locate(pointer, key) for pointer, key in requests]

    def locate(self, index: int, pointer: str, key: bool = False) -> tuple[int, int]:
        return self.locate_all(index, [(pointer, key)])[0]


def prefixes(pointer: str) -> list[str]:
    """``pointer`` and every pointer above it, ``""`` included."""
    out = [pointer]
    while pointer:
        pointer = pointer[: max(pointer.rfind("/"), 0)]
        out.append(pointer)
    return out


class DocumentPositions:
    """The locator of one document: a window on the positions shared by its file."""

    __slots__ = ("positions", "index")

    def __init__(self, positions: LazyPositions, index: int) -> None:
        self.positions = positions
        self.index = index

    def locate(self, pointer: str, key: bool = False) -> tuple[int, int]:
        return self.positions.locate(self.index, pointer, key)

    def locate_all(self, requests: list[tuple[str, bool]]) -> list[tuple[int, int]]:
        return self.positions.locate_all(self.index, requests)
