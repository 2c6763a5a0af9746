"""Positions in JSON text, found by walking the text along a JSON Pointer, only as far as a question
needs.

The json module gives values without positions. Rather than parse twice, findings are located
afterwards: containers that are not on the path are skipped whole (by the json module's own
scanner, or one regular-expression pass over their strings and brackets). Everything here is
iterative, so a deeply nested document cannot exhaust the stack.
"""

from __future__ import annotations

import json
import re
from typing import Any, Callable

from .json_tokens import COMMA, KEY_COLON, SCALAR, STRING, STRUCTURE, decode_key, skip_whitespace
from .pointers import array_index, split_pointer
from .text import line_column


# The json module's own scanner: parsing a value in C and dropping it is several times quicker
# than walking its strings and brackets in Python.
_SCAN_ONCE: Callable[[str, int], tuple[Any, int]] = vars(json.JSONDecoder())["scan_once"]


def skip_value(text: str, pos: int) -> int:
    """Offset just past the JSON value starting at ``pos`` (text is assumed to be valid JSON).

    The C scanner answers for the values it parses (all of a located document's, usually); a
    value it refuses (an integer past the digit limit) or cannot finish is skipped by the scan
    below, which needs no parse.
    """
    try:
        return _SCAN_ONCE(text, pos)[1]
    except (ValueError, StopIteration, RecursionError):
        return _skip_scanned(text, pos)


def _skip_scanned(text: str, pos: int) -> int:
    """``skip_value`` by a string-aware scan of brackets, without parsing."""
    char = text[pos : pos + 1]
    if char == '"':
        match = STRING.match(text, pos)
        return match.end() if match else len(text)
    if char == "[" or char == "{":
        depth = 0
        for match in STRUCTURE.finditer(text, pos):
            start = match.start()
            char = text[start]
            if char == "[" or char == "{":
                depth += 1
            elif char == "]" or char == "}":
                depth -= 1
                if depth == 0:
                    return start + 1
        return len(text)
    return SCALAR.match(text, pos).end()  # type: ignore[union-attr]


class JsonPositions:
    """Answers ``locate`` for one JSON document held as text.

    What a walk learns is remembered per container (member offsets of objects, element offsets of
    arrays), so locating many findings in one large document does not rescan it from the start
    each time. When the document has duplicate keys, objects are scanned to their end so that a
    pointer resolves to the last occurrence, the one whose value the parser kept.
    """

    __slots__ = ("text", "base_line", "last_wins", "value", "_literal", "_searched_members", "_objects", "_arrays")

    def __init__(self, text: str, base_line: int = 1, last_wins: bool = False, value: Any = None,
                 literal: bool | None = None) -> None:
        self.text = text
        self.base_line = base_line
        self.last_wins = last_wins
        # The value the parser read from the text, when it is the text's whole content (no
        # duplicate key): it says which members exist, so a member whose key is written once in
        # the text is found by one search (see ``_unique_member``).
        self.value = value
        self._literal = literal  # no \u escape in the text (None: not known yet): every key is written as itself
        self._searched_members: dict[tuple[int, str], tuple[int, int]] | None = None  # (object offset, name) -> what _unique_member found there
        self._objects: dict[int, tuple[dict[str, tuple[int, int]], list[int]]] | None = None
        self._arrays: dict[int, tuple[list[int], list[int]]] | None = None

    def locate(self, pointer: str, key: bool = False) -> tuple[int, int]:
        """1-based (line, column) of the value (or key) at ``pointer``, else of its deepest ancestor."""
        return line_column(self.text, self.offset(pointer, key), self.base_line)

    def locate_all(self, requests: list[tuple[str, bool]]) -> list[tuple[int, int]]:
        """``locate`` for each (pointer, key): a document's findings in one call."""
        text, base_line, offset = self.text, self.base_line, self.offset
        if "\n" not in text:  # one line (a JSONL document): the column is the offset
            return [(base_line, offset(pointer, key) + 1) for pointer, key in requests]
        return [line_column(text, offset(pointer, key), base_line) for pointer, key in requests]

    def offset(self, pointer: str, key: bool = False) -> int:
        """Character offset in the text of what ``locate`` reports."""
        node = self.value
        if node is not None and not self.last_wins and pointer[:1] == "/" and "~" not in pointer:
            # A pointer through object members only (the usual finding: a member of the body, or
            # of an object in it), each found by _unique_member and remembered; a step that is not
            # such a member leaves the pointer to the walk below.
            pos = key_pos = 0
            searched = self._searched_members
            if searched is None:
                searched = self._searched_members = {}
            for token in pointer[1:].split("/"):  # nothing escaped: split as is
                if type(node) is not dict or token not in node:
                    break
                found = searched.get((pos, token))
                if found is None:
                    found = self._unique_member(pos, token)
                    if found is None:
                        break
                    searched[pos, token] = found
                key_pos, pos = found
                node = node[token]
            else:
                return key_pos if key else pos
        text = self.text
        pos = 0 if text[:1] in _VALUE_START else skip_whitespace(text, 0)
        tokens = split_pointer(pointer)
        if not tokens:
            return pos
        key_pos = -1
        node = self.value if not self.last_wins else None  # the value at pos, while it is known
        for token in tokens:
            char = text[pos : pos + 1]
            if char == "{":
                exists = type(node) is dict and token in node
                member = self._member(pos, token, exists)
                node = node[token] if exists else None  # type: ignore[index]
                if member is None:
                    return pos
                key_pos, pos = member
            elif char == "[":
                index = array_index(token)
                element = self._element(pos, index) if index is not None else None
                if element is None:
                    return pos
                key_pos, pos = -1, element
                node = node[index] if type(node) is list and index is not None and index < len(node) else None
            else:
                return pos
        if key and key_pos >= 0:
            return key_pos
        return pos

    def _unique_member(self, pos: int, name: str) -> tuple[int, int] | None:
        """(key offset, value offset) of member ``name``, known to exist in the object at ``pos``,
        when its key is the only place after ``pos`` where ``"name"`` is written; else None.

        When no key of the text is written with a ``\\u`` escape (nor ``/`` as ``\\/``), the
        member's key is written as ``"name"``, so one of the places found is it. Each place is a
        whole string (a quote inside a string is escaped, and a closing quote cannot be followed
        by a name that does not start with a delimiter), so when there is one place, it is the key.
        Two C-speed searches replace a walk of the members before it, or a measure of the text up to it.
        """
        text = self.text
        literal = self._literal
        if literal is None:
            literal = self._literal = text.find("\\u", text.find("\\")) < 0  # from the first backslash
        # A control character in a key is always escaped (the parser refuses it raw), so such a
        # name is never found below, and the walk decides: no test is needed for it.
        if (not literal or not name or name[0] in _NOT_FIRST or '"' in name or "\\" in name
                or ("/" in name and "\\/" in text)):
            return None
        needle = '"' + name + '"'
        at = text.find(needle, pos + 1)
        if at < 0 or text.find(needle, at + 1) >= 0:
            return None
        end = at + len(needle)
        if text[end : end + 1] == ":" and text[end + 1 : end + 2] not in _SPACE:  # "name":value, compact
            return at, end + 1
        colon = _AFTER_KEY.match(text, end)
        return (at, colon.end()) if colon is not None else None

    def _member(self, pos: int, name: str, exists: bool = False) -> tuple[int, int] | None:
        """(key offset, value offset) of member ``name`` of the object at ``pos`` (``exists``: the
        parsed value is known to have it)."""
        if self._objects is None:
            self._objects = {}
        entry = self._objects.get(pos)
        if entry is None:
            start = pos + 1 if self.text[pos + 1 : pos + 2] == '"' else skip_whitespace(self.text, pos + 1)
            resume = -1 if self.text[start : start + 1] != '"' else start
            entry = ({}, [resume])
            self._objects[pos] = entry
        members, state = entry
        found = members.get(name)
        if found is not None and (not self.last_wins or state[0] < 0):
            return found
        if found is None and exists:
            found = self._unique_member(pos, name)
            if found is not None:
                members[name] = found
                return found
        if found is None and state[0] >= 0 and not self.last_wins:
            found = _search_member(self.text, pos, name)
            if found is not None:
                members[name] = found
                return found
        text = self.text
        cursor = state[0]
        key_colon, comma = KEY_COLON.match, COMMA.match
        while cursor >= 0:
            match = key_colon(text, cursor)  # the key, the colon and the space to the value
            if match is None:
                cursor = -1
                break
            token = match.group(1)
            member_key = token[1:-1] if "\\" not in token else decode_key(token)
            value_pos = match.end()
            if self.last_wins or member_key not in members:
                members[member_key] = (cursor, value_pos)
            after = comma(text, skip_value(text, value_pos))
            cursor = after.end() if after.group(1) else -1  # type: ignore[union-attr]
            if member_key == name and not self.last_wins:
                break
        state[0] = cursor
        return members.get(name)

    def _element(self, pos: int, index: int) -> int | None:
        """Offset of element ``index`` of the array at ``pos``."""
        if self._arrays is None:
            self._arrays = {}
        entry = self._arrays.get(pos)
        if entry is None:
            start = skip_whitespace(self.text, pos + 1)
            resume = -1 if self.text[start : start + 1] in ("]", "") else start
            entry = ([], [resume])
            self._arrays[pos] = entry
        starts, state = entry
        text = self.text
        cursor = state[0]
        comma = COMMA.match
        while len(starts) <= index and cursor >= 0:
            starts.append(cursor)
            after = comma(text, skip_value(text, cursor))
            cursor = after.end() if after.group(1) else -1  # type: ignore[union-attr]
        state[0] = cursor
        return starts[index] if index < len(starts) else None


_AFTER_KEY = re.compile(r"[ \t\n\r]*:[ \t\n\r]*")
#: JSON whitespace (and the empty string, past the end): what the key's colon may be followed by.
_SPACE = " \t\n\r"
#: What a document usually starts with (anything but whitespace would do; this avoids a match).
_VALUE_START = frozenset('{["')
#: What may follow a string's closing quote: a name starting with one of these is never searched for.
_NOT_FIRST = frozenset(' \t\n\r,:]}')
#: Every byte but quotes and brackets, deleted; braces folded into brackets.
_NOT_STRUCTURE = bytes(byte for byte in range(256) if byte not in b'"[]{}')
_FOLD_BRACKETS = bytes.maketrans(b"{}", b"[]")
#: Places where the key's text is tried before the member walk takes over.
_SEARCH_TRIES = 4


def _search_member(text: str, pos: int, name: str) -> tuple[int, int] | None:
    """(key offset, value offset) of member ``name`` of the object at ``pos``, found by searching
    the text for the quoted key; None when the search cannot tell, and the walk decides.

    Walking the members before the one wanted costs a Python step per member; this costs a few
    string operations that run at C speed. A place where the key's text occurs is the member
    when a colon follows it and the text from the object's brace up to it is at the object's own
    level: outside every string (escaped quotes dropped, the quotes left are even in number),
    with every bracket opened there closed there, and none closing the object itself. A document
    with duplicate keys never comes here (the walk finds the last one), so the member is unique.
    A key written with escapes in the text is not found this way.
    """
    if '"' in name or "\\" in name or not name.isprintable():
        return None
    needle = '"' + name + '"'
    start = pos + 1
    at = text.find(needle, start)
    tries = 0
    while at >= 0 and tries < _SEARCH_TRIES:
        tries += 1
        colon = _AFTER_KEY.match(text, at + len(needle))
        if colon is not None and _same_level(text[start:at]):
            return at, colon.end()
        at = text.find(needle, at + 1)
    return None


def _same_level(between: str) -> bool:
    """Whether JSON text that starts just inside a container ends at that container's own level,
    outside any string.

    Done on the UTF-8 bytes, where one ``translate`` keeps only quotes and brackets (braces folded
    into brackets) at C speed: escapes are dropped first, so every quote left delimits a string,
    and the short shape that remains is cut at its quotes and emptied of matched pairs."""
    raw = between.encode("utf-8", "surrogatepass")
    if b"\\" in raw:
        raw = raw.replace(b"\\\\", b"").replace(b'\\"', b"")
    shape = raw.translate(_FOLD_BRACKETS, _NOT_STRUCTURE)
    if b'"' in shape:
        parts = shape.split(b'"')
        if len(parts) % 2 == 0:  # an odd number of quotes: inside a string
            return False
        shape = b"".join(parts[0::2])
    while b"[]" in shape:
        shape = shape.replace(b"[]", b"")
    return not shape