"""reqspec: the request body of OpenAI's Create Chat Completion endpoint, validated.

``validate(body)`` lists every error with a JSON Pointer, a stable rule id and a message;
``is_valid(body)`` answers fast; ``check(body)`` raises; ``lint(body)`` adds the warnings;
``json_schema()`` is the body's JSON Schema for clients that validate with one.
``validate_batch(line)`` and ``validate_finetune(example)`` (with their ``is_valid_`` and ``lint_``
forms) check the envelopes prompts are stored in: a Batch API input line, a fine-tuning example.
Everything here is generated from ``schema/chat_completion_request.yaml`` and needs only the
standard library.

The validator module is loaded on first use, so ``python -m reqspec generate`` can still rebuild
it when it is stale or missing.
"""

from __future__ import annotations

TYPE_CHECKING = False  # not typing's: importing typing would double the time `import reqspec` takes

__version__ = "0.1.0"  # the one place the version is written (pyproject.toml reads it)

__all__ = [
    "DOCS_URL",
    "HELP",
    "KEY_RULES",
    "RULES",
    "Error",
    "InvalidRequestError",
    "check",
    "is_valid",
    "json_schema",
    "lint",
    "lint_first",
    "set_token_counter",
    "tokenizer_needed",
    "validate",
    # Other kinds of document: a Batch API input line, a chat fine-tuning example.
    "check_batch",
    "check_finetune",
    "is_valid_batch",
    "is_valid_finetune",
    "lint_batch",
    "lint_finetune",
    "validate_batch",
    "validate_finetune",
]

if TYPE_CHECKING:
    from typing import Any

    from ._validator import (
        DOCS_URL,
        HELP,
        KEY_RULES,
        RULES,
        Error,
        InvalidRequestError,
        check,
        check_batch,
        check_finetune,
        is_valid,
        is_valid_batch,
        is_valid_finetune,
        lint,
        lint_batch,
        lint_finetune,
        lint_first,
        set_token_counter,
        tokenizer_needed,
        validate,
        validate_batch,
        validate_finetune,
    )
    from .schemas import json_schema


def __getattr__(name: str) -> Any:
    if name == "json_schema":
        from .schemas import json_schema

        return json_schema
    if name in __all__:
        from . import _validator

        for public in __all__:
            if public != "json_schema":
                globals()[public] = getattr(_validator, public)
        return globals()[name]
    raise AttributeError(f"module 'reqspec' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
