"""The tokenizer behind the context-length warning, for callers outside the validator.

The validator loads it by itself (``set_token_counter("auto")``, the default): the first body
that needs a count imports tiktoken (the ``tokens`` extra) and its offline copy of the encoding.
This module answers, without importing anything heavy, whether that can work, and hands out the
same counter for callers that want one of their own.
"""

from __future__ import annotations

from typing import Callable


def load_counter(encoding: str) -> Callable[[str], int] | None:
    """A function counting the tokens of ``encoding`` (tiktoken's name of an encoding, as a spec's
    check names it) in a string, or None when no tokenizer loads."""
    from .runtime.tokens import load_token_counter

    return load_token_counter(encoding)


def tokenizer_installed() -> bool:
    """Whether tiktoken can be imported, without importing it."""
    import importlib.util

    return importlib.util.find_spec("tiktoken") is not None
