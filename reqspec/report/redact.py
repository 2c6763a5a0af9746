"""The last line of defence before output: no secret and no raw control character is written.

Messages never quote a secret, but a key can also sit in a pointer (an unknown key named like a
key), a file name, or a reader's message quoting input. Anything shaped like a key, whole or cut
short, is hidden before it is written (``reqspec.redaction``: the shape comes from the spec).

``clean`` also makes text safe for a terminal or a log: control characters (ANSI escapes
included), bidirectional overrides, line separators and lone surrogates are written as escapes,
so each finding stays one line that shows what the input holds.
"""

from __future__ import annotations

from ..reading.problems import escape
from ..redaction import redact

__all__ = ["clean", "clean_path", "escape", "redact"]


def clean(text: str) -> str:
    """``text`` redacted, with everything that must not reach a terminal raw written as escapes."""
    text = redact(text)
    return text if text.isprintable() else escape(text)


def clean_path(path: str) -> str:
    """A file name as text output shows it: bytes that are not UTF-8 (which the file system
    decoding turned into U+DC80 to U+DCFF) as ``\\xNN``, then ``clean``."""
    if not path.isprintable():
        path = "".join("\\x%02x" % (ord(c) - 0xDC00) if "\udc80" <= c <= "\udcff" else c for c in path)
    return clean(path)
