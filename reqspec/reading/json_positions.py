"""Positions in JSON text, found by scanning only as far as a question needs.

The json module gives values without positions. Rather than parse twice, findings are located
afterwards by walking the text along a JSON Pointer: containers that are not on the path are
skipped whole with one regular-expression pass over their strings and brackets. Everything here is
iterative, so a deeply nested document cannot exhaust the stack.

The same scanners also answer the questions the json module's hooks cannot: how deep the nesting
goes before parsing, and where a duplicate key, a ``NaN`` literal or an overlong integer sits.
"""

from __future__ import annotations

import json
import re
from typing import Any, Callable

from .limits import MAX_INT_DIGITS, int_digit_limit
from .pointers import array_index, escape_token, split_pointer
from .problems import ReadProblem, excerpt
from .text import LineCounter, line_column

__all__ = [
    "MAX_INT_DIGITS",
    "JsonPositions",
    "find_literal_problems",
    "has_lone_surrogate",
    "may_be_too_deep",
    "too_deep_offset",
]

_STRING_BODY = r'"[^"\\]*(?:\\.[^"\\]*)*'
_WS = re.compile(r"[ \t\n\r]*")
_STRING = re.compile(_STRING_BODY + '"', re.S)
# A member's key with its colon, and what follows a value: each walk step is one match.
_KEY_COLON = re.compile("(" + _STRING_BODY + '")[ \t\n\r]*:[ \t\n\r]*', re.S)
_COMMA = re.compile(r"[ \t\n\r]*(?:(,)[ \t\n\r]*)?")
# Strings and brackets; an unterminated string runs to the end, so brackets in it never count.
_STRUCTURE = re.compile(_STRING_BODY + r'"?|[\[\]{}]', re.S)
_SCALAR = re.compile(r"[^ \t\n\r,\]}]*")
_TOKEN = re.compile(
    r"[ \t\n\r]*(?:"
    r"(?P<s>" + _STRING_BODY + r'")'
    r"|(?P<p>[\[\]{}:,])"
    r"|(?P<n>-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?)"
    r"|(?P<l>true|false|null|NaN|Infinity|-Infinity)"
    r")",
    re.S,
)


_ESCAPE = re.compile(r"\\(?:u([0-9a-fA-F]{4})|.)", re.S)
_SURROGATE_HINT = re.compile(r"\\u[dD][89a-fA-F]")


def lone_surrogate(text: str) -> tuple[int, str] | None:
    """(offset, escape) of the first ``\\uD800``-``\\uDFFF`` escape in JSON text that is not half
    of a surrogate pair, or None.

    Escapes occur only inside strings, and each match of ``_ESCAPE`` consumes a backslash with
    the character it escapes, so ``\\\\ud800`` (an escaped backslash, then text) is never taken
    for an escape. A pair is a high surrogate escape immediately followed by a low one.
    """
    if "\\" not in text or _SURROGATE_HINT.search(text) is None:
        return None
    pending: tuple[int, str] | None = None
    pending_end = -1
    for match in _ESCAPE.finditer(text):
        code = match.group(1)
        value = int(code, 16) if code is not None else -1
        if pending is not None:
            if 0xDC00 <= value <= 0xDFFF and match.start() == pending_end:
                pending = None
                continue
            return pending
        if 0xD800 <= value <= 0xDBFF:
            pending, pending_end = (match.start(), match.group()), match.end()
        elif 0xDC00 <= value <= 0xDFFF:
            return match.start(), match.group()
    return pending


def has_lone_surrogate(text: str) -> bool:
    """Whether JSON text escapes a lone surrogate anywhere (cheap when it has no such escape)."""
    return "\\u" in text and lone_surrogate(text) is not None


def skip_whitespace(text: str, pos: int) -> int:
    """The first offset at or after ``pos`` that is not JSON whitespace."""
    return _WS.match(text, pos).end()  # type: ignore[union-attr]


_NOT_STRUCTURE = bytes(byte for byte in range(256) if byte not in b'"[]{}')
_FOLD_BRACKETS = bytes.maketrans(b"{}", b"[]")
# Below this size two counts are cheaper than building the shape; above it, the reverse.
SMALL_TEXT = 16384


def may_be_too_deep(raw: bytes, max_depth: int) -> bool:
    """Whether UTF-8 JSON text might nest deeper than ``max_depth`` (never a false "no").

    This runs before every parse, so it works on bytes with C-speed operations only. Most
    documents stop at the first step: they have no more opening brackets than the limit. Keeping
    just quotes and brackets (braces folded into brackets) then leaves a short string; escapes
    are removed first, so every remaining quote delimits a string. String contents are dropped:
    adjacent quotes go in one ``replace`` (a string without brackets, or the gap between two
    strings, both harmless to join), the rest by splitting. Removing innermost ``[]`` pairs level by level then measures
    the height of matched nesting; unmatched opening brackets are added on top.
    """
    if len(raw) < SMALL_TEXT:
        if raw.count(b"[") + raw.count(b"{") <= max_depth:
            return False
        shape = raw.translate(_FOLD_BRACKETS, _NOT_STRUCTURE)
    else:
        shape = raw.translate(_FOLD_BRACKETS, _NOT_STRUCTURE)
        if shape.count(b"[") <= max_depth:
            return False
    if b"\\" in raw:
        shape = raw.replace(b"\\\\", b"").replace(b'\\"', b"").translate(_FOLD_BRACKETS, _NOT_STRUCTURE)
    shape = shape.replace(b'""', b"")
    if b'"' in shape:
        shape = b"".join(shape.split(b'"')[0::2])
    if shape.count(b"[") <= max_depth:
        return False
    levels = 0
    while b"[]" in shape:
        shape = shape.replace(b"[]", b"")
        levels += 1
        if levels > max_depth:
            return True
    return levels + shape.count(b"[") > max_depth


def too_deep_offset(text: str, max_depth: int) -> int | None:
    """Offset of the first bracket nested deeper than ``max_depth``, or None.

    The exact, string-aware scan; it runs only when ``may_be_too_deep`` could not rule the
    document out, and stops at the first bracket past the limit.
    """
    depth = 0
    for match in _STRUCTURE.finditer(text):
        start = match.start()
        char = text[start]
        if char == "[" or char == "{":
            depth += 1
            if depth > max_depth:
                return start
        elif (char == "]" or char == "}") and depth:
            depth -= 1
    return None


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
        match = _STRING.match(text, pos)
        return match.end() if match else len(text)
    if char == "[" or char == "{":
        depth = 0
        for match in _STRUCTURE.finditer(text, pos):
            start = match.start()
            char = text[start]
            if char == "[" or char == "{":
                depth += 1
            elif char == "]" or char == "}":
                depth -= 1
                if depth == 0:
                    return start + 1
        return len(text)
    return _SCALAR.match(text, pos).end()  # type: ignore[union-attr]


def decode_key(token: str) -> str:
    """The string a JSON string token stands for, quotes included in ``token``."""
    if "\\" not in token:
        return token[1:-1]
    try:
        value = json.loads(token)
    except ValueError:
        return token[1:-1]
    return value if isinstance(value, str) else token[1:-1]


class JsonPositions:
    """Answers ``locate`` for one JSON document held as text.

    What a walk learns is remembered per container (member offsets of objects, element offsets of
    arrays), so locating many findings in one large document does not rescan it from the start
    each time. When the document has duplicate keys, objects are scanned to their end so that a
    pointer resolves to the last occurrence, the one whose value the parser kept.
    """

    __slots__ = ("text", "base_line", "last_wins", "_objects", "_arrays")

    def __init__(self, text: str, base_line: int = 1, last_wins: bool = False) -> None:
        self.text = text
        self.base_line = base_line
        self.last_wins = last_wins
        self._objects: dict[int, tuple[dict[str, tuple[int, int]], list[int]]] | None = None
        self._arrays: dict[int, tuple[list[int], list[int]]] | None = None

    def locate(self, pointer: str, key: bool = False) -> tuple[int, int]:
        """1-based (line, column) of the value (or key) at ``pointer``, else of its deepest ancestor."""
        return line_column(self.text, self.offset(pointer, key), self.base_line)

    def offset(self, pointer: str, key: bool = False) -> int:
        """Character offset in the text of what ``locate`` reports."""
        text = self.text
        pos = skip_whitespace(text, 0)
        tokens = split_pointer(pointer)
        if not tokens:
            return pos
        key_pos = -1
        for token in tokens:
            char = text[pos : pos + 1]
            if char == "{":
                member = self._member(pos, token)
                if member is None:
                    return pos
                key_pos, pos = member
            elif char == "[":
                index = array_index(token)
                element = self._element(pos, index) if index is not None else None
                if element is None:
                    return pos
                key_pos, pos = -1, element
            else:
                return pos
        if key and key_pos >= 0:
            return key_pos
        return pos

    def _member(self, pos: int, name: str) -> tuple[int, int] | None:
        """(key offset, value offset) of member ``name`` of the object at ``pos``."""
        if self._objects is None:
            self._objects = {}
        entry = self._objects.get(pos)
        if entry is None:
            start = skip_whitespace(self.text, pos + 1)
            resume = -1 if self.text[start : start + 1] != '"' else start
            entry = ({}, [resume])
            self._objects[pos] = entry
        members, state = entry
        found = members.get(name)
        if found is not None and (not self.last_wins or state[0] < 0):
            return found
        if found is None and state[0] >= 0 and not self.last_wins:
            found = _search_member(self.text, pos, name)
            if found is not None:
                members[name] = found
                return found
        text = self.text
        cursor = state[0]
        key_colon, comma = _KEY_COLON.match, _COMMA.match
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
        comma = _COMMA.match
        while len(starts) <= index and cursor >= 0:
            starts.append(cursor)
            after = comma(text, skip_value(text, cursor))
            cursor = after.end() if after.group(1) else -1  # type: ignore[union-attr]
        state[0] = cursor
        return starts[index] if index < len(starts) else None


_AFTER_KEY = re.compile(r"[ \t\n\r]*:[ \t\n\r]*")
_NOT_BRACKET = re.compile(r"[^\[\]{}]+")
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
    outside any string."""
    if "\\" in between:
        between = between.replace("\\\\", "").replace('\\"', "")
    if '"' in between:
        parts = between.split('"')
        if len(parts) % 2 == 0:  # an odd number of quotes: inside a string
            return False
        between = "".join(parts[0::2])
    shape = _NOT_BRACKET.sub("", between).replace("{", "[").replace("}", "]")
    while "[]" in shape:
        shape = shape.replace("[]", "")
    return not shape


def _pointer(frames: list[list[Any]], upto: int) -> str:
    return "".join("/" + escape_token(str(frame[2])) for frame in frames[:upto])


_VALUE, _VALUE_OR_CLOSE, _KEY, _KEY_OR_CLOSE, _COLON, _COMMA_OR_CLOSE, _END = range(7)


class Found:
    """Problems met in document order: the first ``limit`` located and kept, the rest counted.

    Positions are found in one pass over the text (``LineCounter``), so a text with a hundred
    thousand duplicate keys takes time linear in its length, and only what is listed is built.
    """

    __slots__ = ("problems", "more", "limit", "lines")

    def __init__(self, text: str, base_line: int, limit: int | None) -> None:
        self.problems: list[ReadProblem] = []
        self.more = 0
        self.limit = limit
        self.lines = LineCounter(text, base_line)

    def room(self) -> bool:
        """Whether the next problem is listed; if not, it is counted here."""
        if self.limit is None or len(self.problems) < self.limit:
            return True
        self.more += 1
        return False

    def add(self, rule: str, message: str, offset: int, pointer: str) -> None:
        line, column = self.lines.at(offset)
        self.problems.append(ReadProblem(rule, message, line, column, pointer))


def find_literal_problems(text: str, base_line: int = 1, surrogates: bool = False,
                          limit: int | None = None) -> Found:
    """Locate duplicate keys, non-finite literals and overlong integers in JSON text, and (with
    ``surrogates``) strings that escape a lone surrogate; past ``limit`` problems, count them.

    Called only after the parser's hooks reported that at least one is present. The walk is a
    small state machine over tokens with an explicit stack; it stops quietly at the first token
    that does not fit, so on text with a syntax error it still reports what comes before it.
    """
    found = Found(text, base_line, limit)
    max_digits = int_digit_limit()
    frames: list[list[Any]] = []  # [is_object, keys seen, current key or index]
    expect = _VALUE
    pos = 0
    while expect != _END:
        match = _TOKEN.match(text, pos)
        if match is None:
            break
        pos = match.end()
        kind = match.lastgroup
        start = match.start(kind)  # type: ignore[arg-type]
        if expect == _COMMA_OR_CLOSE:
            char = text[start] if kind == "p" else ""
            top = frames[-1]
            if char == ",":
                if top[0]:
                    expect = _KEY
                else:
                    top[2] += 1
                    expect = _VALUE
                continue
            if char == ("}" if top[0] else "]"):
                frames.pop()
                expect = _COMMA_OR_CLOSE if frames else _END
                continue
            break
        if expect in (_KEY, _KEY_OR_CLOSE):
            if kind == "s":
                top = frames[-1]
                member_key = decode_key(match.group("s"))
                if member_key in top[1] and found.room():
                    pointer = _pointer(frames, len(frames) - 1) + "/" + escape_token(member_key)
                    found.add("duplicate-key", f'duplicate key "{excerpt(member_key)}": the last value wins',
                              start, pointer)
                if surrogates:
                    _lone(found, match.group("s"), start, lambda: _pointer(frames, len(frames) - 1) + "/"
                          + escape_token(member_key))
                top[1].add(member_key)
                top[2] = member_key
                expect = _COLON
                continue
            if expect == _KEY_OR_CLOSE and kind == "p" and text[start] == "}":
                frames.pop()
                expect = _COMMA_OR_CLOSE if frames else _END
                continue
            break
        if expect == _COLON:
            if kind == "p" and text[start] == ":":
                expect = _VALUE
                continue
            break
        # A value is expected.
        if kind == "p":
            char = text[start]
            if char == "{":
                frames.append([True, set(), ""])
                expect = _KEY_OR_CLOSE
            elif char == "[":
                frames.append([False, None, 0])
                expect = _VALUE_OR_CLOSE
            elif char == "]" and expect == _VALUE_OR_CLOSE:
                frames.pop()
                expect = _COMMA_OR_CLOSE if frames else _END
            else:
                break
            continue
        if kind == "s":
            if surrogates:
                _lone(found, match.group("s"), start, lambda: _pointer(frames, len(frames)))
        elif kind == "l":
            literal = match.group("l")
            if literal in ("NaN", "Infinity", "-Infinity") and found.room():
                found.add("non-finite", f"{literal} is not a JSON number; JSON has no NaN or infinity", start,
                          _pointer(frames, len(frames)))
        elif kind == "n":
            number = match.group("n")
            digits = len(number) - (number[0] == "-")
            if digits > max_digits and not any(c in number for c in ".eE") and found.room():
                found.add("number-too-long", f"integer literal has {digits} digits; more than {max_digits} cannot be "
                          "converted", start, _pointer(frames, len(frames)))
        expect = _COMMA_OR_CLOSE if frames else _END
    return found


def _lone(found: Found, token: str, start: int, pointer: Callable[[], str]) -> None:
    """The ``lone-surrogate`` problem of one string token starting at ``start``, if it has one."""
    lone = lone_surrogate(token)
    if lone is not None and found.room():
        offset, escape = lone
        found.add("lone-surrogate", f"{escape} is a lone surrogate: half of a UTF-16 pair, not a character, so the "
                  "string cannot be encoded as UTF-8", start + offset, pointer())
