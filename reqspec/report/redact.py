"""The last line of defence before output: no secret and no raw control character is written.

Messages never quote a secret, but a key can also sit in a pointer (an unknown key named like a
key), a file name, or a reader's message quoting input. Anything shaped like the start of an
OpenAI key is cut down to its prefix before it is written: after a non-key character (or an
escape such as ``\\x09`` standing for one), a key glued to a longer word when it is 20 key
characters long, and any key-shaped run that a message cut short with an ellipsis.

``clean`` also makes text safe for a terminal or a log: control characters (ANSI escapes
included), bidirectional overrides, line separators and lone surrogates are written as escapes,
so each finding stays one line that shows what the input holds.
"""

from __future__ import annotations

import re

from ..reading.problems import escape

_KEYLIKE = re.compile(
    r"(?:(?<![A-Za-z0-9_-])|(?<=\\x[0-9a-fA-F]{2})|(?<=\\u[0-9a-fA-F]{4})|(?<=\\U[0-9a-fA-F]{8})"
    r"|(?<=\\[nrt]))sk-[A-Za-z0-9_-]{6,}"
    r"|sk-[A-Za-z0-9_-]{20,}"
    r"|sk-[A-Za-z0-9_-]{6,}(?=\.\.\.|…)"
)
REDACTED = "sk-[redacted]"


def redact(text: str) -> str:
    """``text`` with every key-shaped run replaced by ``sk-[redacted]``."""
    if "sk-" not in text:
        return text
    return _KEYLIKE.sub(REDACTED, text)


def clean(text: str) -> str:
    """``text`` redacted, with everything that must not reach a terminal raw written as escapes."""
    return escape(redact(text))


def clean_path(path: str) -> str:
    """A file name as text output shows it: bytes that are not UTF-8 (which the file system
    decoding turned into U+DC80 to U+DCFF) as ``\\xNN``, then ``clean``."""
    if not path.isprintable():
        path = "".join("\\x%02x" % (ord(c) - 0xDC00) if "\udc80" <= c <= "\udcff" else c for c in path)
    return clean(path)
