"""The last line of defence against printing a secret: redact key-shaped text in any output.

Messages never quote a secret, but a key can also sit in a pointer (an unknown key named like a
key), a file name, or a reader's message quoting input. Anything shaped like the start of an
OpenAI key is cut down to its prefix before it is written.
"""

from __future__ import annotations

import re

_KEYLIKE = re.compile(r"(?<![A-Za-z0-9_-])sk-[A-Za-z0-9_-]{6,}")
REDACTED = "sk-[redacted]"


def redact(text: str) -> str:
    if "sk-" not in text:
        return text
    return _KEYLIKE.sub(REDACTED, text)
