"""The pieces of JSON text both the locator and the scanners read: strings, whitespace, brackets."""

from __future__ import annotations

import json
import re

STRING_BODY = r'"[^"\\]*(?:\\.[^"\\]*)*'
WS = re.compile(r"[ \t\n\r]*")
STRING = re.compile(STRING_BODY + '"', re.S)
# A member's key with its colon, and what follows a value: each walk step is one match.
KEY_COLON = re.compile("(" + STRING_BODY + '")[ \t\n\r]*:[ \t\n\r]*', re.S)
COMMA = re.compile(r"[ \t\n\r]*(?:(,)[ \t\n\r]*)?")
# Strings and brackets; an unterminated string runs to the end, so brackets in it never count.
STRUCTURE = re.compile(STRING_BODY + r'"?|[\[\]{}]', re.S)
SCALAR = re.compile(r"[^ \t\n\r,\]}]*")


def skip_whitespace(text: str, pos: int) -> int:
    """The first offset at or after ``pos`` that is not JSON whitespace."""
    return WS.match(text, pos).end()  # type: ignore[union-attr]


def decode_key(token: str) -> str:
    """The string a JSON string token stands for, quotes included in ``token``."""
    if "\\" not in token:
        return token[1:-1]
    try:
        value = json.loads(token)
    except ValueError:
        return token[1:-1]
    return value if isinstance(value, str) else token[1:-1]
