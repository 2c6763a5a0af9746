"""Questions about JSON text that the json module's hooks cannot answer: how deep the nesting goes,
and where a duplicate key, a ``NaN`` literal, an overlong integer or a lone
surrogate escape sits (asked only once the parser's hooks said one is there)."""

from __future__ import annotations

import re
from typing import Any, Callable

from .json_tokens import STRING_BODY, STRUCTURE, decode_key
from .limits import MAX_INT_DIGITS, int_digit_limit
from .pointers import escape_token
from .problems import ReadProblem, excerpt
from .text import LineCounter

__all__ = ["MAX_INT_DIGITS", "Found", "find_literal_problems", "has_lone_surrogate", "lone_surrogate",
           "may_be_too_deep", "too_deep_offset"]

_TOKEN = re.compile(
    r"[ \t\n\r]*(?:"
    r"(?P<s>" + STRING_BODY + r'")'
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
    for match in STRUCTURE.finditer(text):
        start = match.start()
        char = text[start]
        if char == "[" or char == "{":
            depth += 1
            if depth > max_depth:
                return start
        elif (char == "]" or char == "}") and depth:
            depth -= 1
    return None


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
