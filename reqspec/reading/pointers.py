"""JSON Pointer (RFC 6901) tokens: the one way findings name a place in a document."""

from __future__ import annotations


def escape_token(token: str) -> str:
    """Escape one reference token: ``~`` becomes ``~0`` and ``/`` becomes ``~1``."""
    if "~" in token or "/" in token:
        return token.replace("~", "~0").replace("/", "~1")
    return token


def split_pointer(pointer: str) -> list[str] | None:
    """The unescaped reference tokens of ``pointer``, or None when it is not a JSON Pointer.

    ``~1`` is replaced before ``~0`` as RFC 6901 requires, so ``~01`` stays the two characters
    ``~1``.
    """
    if pointer == "":
        return []
    if not pointer.startswith("/"):
        return None
    if "~" not in pointer:  # nothing escaped: the usual pointer
        return pointer[1:].split("/")
    return [part.replace("~1", "/").replace("~0", "~") for part in pointer[1:].split("/")]


def array_index(token: str) -> int | None:
    """The array index a token names, or None (RFC 6901 forbids leading zeros and signs)."""
    if token == "0":
        return 0
    if token and token[0] in "123456789" and token.isascii() and token.isdigit():
        return int(token)
    return None
