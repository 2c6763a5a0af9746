"""reqspec: the request body of OpenAI's Create Chat Completion endpoint, validated.

``validate(body)`` lists every error with a JSON Pointer, a stable rule id and a message;
``is_valid(body)`` answers fast; ``check(body)`` raises; ``lint(body)`` adds the warnings.
Everything here is generated from ``schema/chat_completion_request.yaml`` and needs only the
standard library.
"""

from ._validator import (
    RULES,
    Error,
    InvalidRequestError,
    check,
    is_valid,
    lint,
    set_token_counter,
    validate,
)

__version__ = "0.1.0"

__all__ = [
    "RULES",
    "Error",
    "InvalidRequestError",
    "check",
    "is_valid",
    "lint",
    "set_token_counter",
    "validate",
]
