"""Keep spec patterns safe and portable.

A pattern in a spec is run by Python's ``re`` (the generated validator, the jsonschema library)
and by ECMA-262 engines (ajv and every JavaScript client). The two dialects disagree on ``\\d``,
``\\w``, ``\\s``, ``\\b`` and ``.`` for non-ASCII text, and on ``$`` before a trailing newline, and
backtracking engines take exponential time on nested quantifiers. A spec pattern is therefore
limited to a subset that means the same in both and runs in linear time:

- literals, escaped syntax characters, ``\\n``, ``\\r``, ``\\t``, ``\\uXXXX``;
- character classes ``[...]`` of literals and ranges (no ``\\d``-style shorthands);
- groups ``(...)`` and ``(?:...)``, alternation, ``^`` at the start of a branch, ``$`` at the end
  of the whole pattern only;
- quantifiers ``* + ? {n} {n,} {n,m}``, never applied to something that itself contains a
  quantifier or an alternation (the shapes that backtrack exponentially).

``portable()`` rewrites the final ``$`` as ``$(?!\\n)`` so Python, like ECMA-262, refuses a
trailing newline (``"get_weather\\n"`` is not a valid name).
"""

from __future__ import annotations

import re
# The parser behind ``re`` (private, so typeshed has no stubs for it) is the only reader that
# parses a pattern exactly as the validator's ``re`` will.
import re._constants as sre_c  # type: ignore[import-not-found]
import re._parser as sre_parse  # type: ignore[import-not-found]
from typing import Any

_SYNTAX = set("^$\\.*+?()[]{}|/-")
_ESCAPES = {"n", "r", "t"}


class PatternProblem(ValueError):
    """The pattern is outside the safe, portable subset; the message says which part."""


def _scan(regex: str) -> None:
    """Reject, by text, the constructs whose meaning differs between the dialects."""
    i, in_class = 0, False
    while i < len(regex):
        ch = regex[i]
        if ch == "\\":
            nxt = regex[i + 1: i + 2]
            if nxt == "u" and re.fullmatch(r"[0-9a-fA-F]{4}", regex[i + 2: i + 6]):
                i += 6
                continue
            if nxt in _SYNTAX or nxt in _ESCAPES:
                i += 2
                continue
            raise PatternProblem(f"the escape \\{nxt} is not portable; write a character class such as [0-9]")
        if in_class:
            if ch == "[":
                raise PatternProblem("'[' inside a character class must be escaped")
            if ch == "]":
                in_class = False
        elif ch == "[":
            in_class = True
            if regex[i + 1: i + 2] == "]":
                raise PatternProblem("an empty character class is not portable")
        elif ch == ".":
            raise PatternProblem("'.' differs between dialects on line breaks; write a character class")
        elif ch == "(" and regex[i + 1: i + 2] == "?" and regex[i + 2: i + 3] != ":":
            raise PatternProblem("only plain groups and (?:...) are allowed (no lookaround, flags or names)")
        elif ch == "{" and re.match(r"\{,", regex[i:]):
            raise PatternProblem("'{,n}' is not a quantifier in ECMA-262; write {0,n}")
        elif ch in "*+?}" and regex[i + 1: i + 2] in ("?", "+") and not (ch == "?" and regex[i - 1: i] == "("):
            raise PatternProblem("lazy and possessive quantifiers are not allowed")
        i += 1
    if in_class:
        raise PatternProblem("unterminated character class")


def _walk(items: Any, top: bool, inside_repeat: bool) -> None:
    for index, (op, arg) in enumerate(items):
        if op in (sre_c.MAX_REPEAT, sre_c.MIN_REPEAT):
            low, high, body = arg
            if inside_repeat:
                raise PatternProblem("a quantifier inside a quantified group can backtrack exponentially")
            if _has(body, {sre_c.BRANCH}) and high != low:
                raise PatternProblem("a quantified alternation can backtrack exponentially")
            _walk(body, False, True)
        elif op == sre_c.SUBPATTERN:
            _walk(arg[-1], top and len(items) == 1, inside_repeat)
        elif op == sre_c.BRANCH:
            for branch in arg[1]:
                _walk(branch, top and len(items) == 1, inside_repeat)
        elif op == sre_c.AT:
            if arg == sre_c.AT_END and not (top and index == len(items) - 1):
                raise PatternProblem("'$' is allowed only at the very end of the pattern")
            if arg not in (sre_c.AT_BEGINNING, sre_c.AT_END):
                raise PatternProblem("only ^ and $ anchors are allowed")
        elif op in (sre_c.ANY, sre_c.CATEGORY, sre_c.GROUPREF, sre_c.ASSERT, sre_c.ASSERT_NOT):
            raise PatternProblem(f"{op} is not portable")
        elif op == sre_c.IN:
            for cop, _ in arg:
                if cop == sre_c.CATEGORY:
                    raise PatternProblem("class shorthands like \\d are not portable")


def _has(items: Any, ops: set[Any]) -> bool:
    for op, arg in items:
        if op in ops:
            return True
        if op in (sre_c.MAX_REPEAT, sre_c.MIN_REPEAT) and _has(arg[2], ops):
            return True
        if op == sre_c.SUBPATTERN and _has(arg[-1], ops):
            return True
        if op == sre_c.BRANCH and any(_has(b, ops) for b in arg[1]):
            return True
    return False


def check_pattern(regex: str) -> None:
    """Raise PatternProblem unless ``regex`` is in the safe, portable subset described above."""
    _scan(regex)
    try:
        tree = sre_parse.parse(regex)
    except re.error as exc:
        raise PatternProblem(f"not a regular expression: {exc}") from None
    _walk(list(tree), True, False)


def portable(regex: str) -> str:
    """The pattern as written into JSON Schema and the validator: a final ``$`` refuses ``\\n``."""
    if regex.endswith("$") and not regex.endswith("\\$"):
        return regex + "(?!\\n)"
    return regex


def digits_range_regex(low: int, high: int) -> str:
    """An anchored regex for decimal strings (leading zeros allowed) whose value is in [low, high].

    JSON Schema can only constrain a key by pattern, so a numeric range over keys becomes a regex;
    it is built digit by digit, so it has no nested quantifier and runs in linear time.
    """
    if not 0 <= low <= high:
        raise ValueError("expected 0 <= low <= high")
    alternatives = _range_alternatives(str(low), str(high))
    return portable("^0*(?:" + "|".join(alternatives) + ")$")


def _range_alternatives(low: str, high: str) -> list[str]:
    """Regex alternatives (no leading zeros) matching exactly the integers from low to high."""
    out: list[str] = []
    lo, hi = int(low), int(high)
    # Split [lo, hi] into ranges of equal digit count, then by common prefix.
    while lo <= hi:
        width = len(str(lo))
        top = min(hi, 10 ** width - 1)
        out.extend(_same_width(str(lo), str(top)))
        lo = top + 1
    return out


def _same_width(low: str, high: str) -> list[str]:
    if low == high:
        return [low]
    if len(low) == 1:
        return [f"[{low}-{high}]" if low != high else low]
    if low[0] == high[0]:
        return [low[0] + rest for rest in _group(_same_width(low[1:], high[1:]))]
    out: list[str] = []
    rest = len(low) - 1
    # low .. low[0] 99..9
    if low[1:] == "0" * rest:
        first = int(low[0])
    else:
        out.extend(low[0] + r for r in _group(_same_width(low[1:], "9" * rest)))
        first = int(low[0]) + 1
    if high[1:] == "9" * rest:
        last = int(high[0])
        tail = None
    else:
        last = int(high[0]) - 1
        tail = [high[0] + r for r in _group(_same_width("0" * rest, high[1:]))]
    if first <= last:
        digit = str(first) if first == last else f"[{first}-{last}]"
        out.append(digit + ("[0-9]" + (f"{{{rest}}}" if rest > 1 else "")))
    if tail:
        out.extend(tail)
    return out


def _group(parts: list[str]) -> list[str]:
    if len(parts) == 1:
        return parts
    return ["(?:" + "|".join(parts) + ")"]
