"""YAML scalars resolved by the YAML 1.2 core schema, never by PyYAML's 1.1 resolver.

Under YAML 1.1 ``no`` is false, ``1:30`` is sexagesimal 90 and ``2024-01-01`` is a date: a body
written in YAML would then mean something other than what its author typed. The core schema is
small and JSON-like, so plain scalars resolve here; quoted and block scalars are always strings.
Tags are limited to the core ones and only ever produce JSON values.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from .limits import int_digit_limit
from .problems import excerpt

CORE_PREFIX = "tag:yaml.org,2002:"

_INT = re.compile(r"[-+]?[0-9]+")
_OCT = re.compile(r"0o[0-7]+")
_HEX = re.compile(r"0x[0-9a-fA-F]+")
_FLOAT = re.compile(r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?")
_INF = re.compile(r"[-+]?\.(?:inf|Inf|INF)")
_NAN = re.compile(r"\.(?:nan|NaN|NAN)")
_NULLS = frozenset(("", "~", "null", "Null", "NULL"))
_TRUES = frozenset(("true", "True", "TRUE"))
_FALSES = frozenset(("false", "False", "FALSE"))
# A plain scalar starting with anything else is a string, whatever follows.
_SPECIAL_STARTS = frozenset("0123456789+-.~nNtTfF")


class ScalarProblem(NamedTuple):
    """Why a scalar has no JSON value: the rule id and a message."""

    rule: str
    message: str


def short_tag(tag: str) -> str:
    """``tag:yaml.org,2002:int`` as ``!!int``; other tags as written."""
    return "!!" + tag[len(CORE_PREFIX) :] if tag.startswith(CORE_PREFIX) else tag


_BOUNDS: dict[int, int] = {}


def _too_long(message: str) -> ScalarProblem:
    return ScalarProblem("number-too-long", message)


def _integer(text: str) -> int | ScalarProblem | None:
    """The value of a core-schema integer, or a problem when it has more decimal digits than
    can be converted (for octal and hexadecimal too, whose conversion has no limit of its own:
    a value that cannot be written in decimal cannot be reported or sent either)."""
    if _INT.fullmatch(text):
        digits = len(text) - (text[0] in "+-")
        limit = int_digit_limit()
        if digits > limit:
            return _too_long(f"integer literal has {digits} digits; more than {limit} cannot be converted")
        return int(text)
    if _OCT.fullmatch(text):
        value = int(text[2:], 8)
    elif _HEX.fullmatch(text):
        value = int(text[2:], 16)
    else:
        return None
    limit = int_digit_limit()
    if value.bit_length() > 3 * limit:  # 10**limit has about 3.32 * limit bits
        bound = _BOUNDS.get(limit)
        if bound is None:
            bound = _BOUNDS[limit] = 10**limit
        if value >= bound:
            return _too_long(
                f"integer literal {excerpt(text, 12)} has more than {limit} digits in decimal, which cannot be converted"
            )
    return value


def _non_finite(text: str) -> ScalarProblem:
    return ScalarProblem("non-finite", f"{text} is not a JSON number; JSON has no NaN or infinity")


def _floating(text: str) -> float | ScalarProblem | None:
    if _FLOAT.fullmatch(text):
        return float(text)
    if _INF.fullmatch(text) or _NAN.fullmatch(text):
        return _non_finite(text)
    return None


def resolve_plain(text: str) -> object:
    """The value of an untagged plain scalar, or a ``ScalarProblem``."""
    if not text:
        return None
    if text[0] not in _SPECIAL_STARTS:
        return text
    if text in _NULLS:
        return None
    if text in _TRUES:
        return True
    if text in _FALSES:
        return False
    number = _integer(text)
    if number is not None:
        return number
    real = _floating(text)
    if real is not None:
        return real
    return text


def resolve_tagged(tag: str, text: str) -> object:
    """The value of a scalar with an explicit tag, or a ``ScalarProblem``.

    The tagged text must be a canonical form for its core tag (``!!int 12``, ``!!bool true``);
    ``!!float`` also takes integer forms, as in the YAML 1.2 core schema.
    """
    name = tag[len(CORE_PREFIX) :] if tag.startswith(CORE_PREFIX) else None
    if name == "str":
        return text
    if name == "int":
        number = _integer(text)
        if number is not None:
            return number
    elif name == "float":
        real = _floating(text)
        if real is not None:
            return real
        number = _integer(text)
        if isinstance(number, ScalarProblem):
            return number
        if number is not None:
            return float(number) if abs(number).bit_length() <= 1024 else _non_finite(text)
    elif name == "bool":
        if text in _TRUES:
            return True
        if text in _FALSES:
            return False
    elif name == "null":
        if text in _NULLS:
            return None
    elif name in ("map", "seq"):
        return ScalarProblem("yaml-tag", f"{short_tag(tag)} cannot tag a scalar")
    else:
        return disallowed_tag(tag)
    return ScalarProblem("yaml-tag", f"the value does not fit its tag {short_tag(tag)}")


def disallowed_tag(tag: str) -> ScalarProblem:
    """The problem for a tag outside the YAML 1.2 core set."""
    return ScalarProblem(
        "yaml-tag",
        f"tag {excerpt(short_tag(tag))} is not allowed; only the YAML 1.2 core tags are",
    )
