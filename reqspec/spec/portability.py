"""The subset of regular expressions a spec may use: what ECMA-262 and Python's ``re`` read alike,
without nested quantifiers (see ``patterns`` for the whole language), and the rewriting that makes
a pattern mean the same in both.
"""

from __future__ import annotations

import re
# The parser behind ``re`` (private, so typeshed has no stubs for it) is the only reader that
# parses a pattern exactly as the validator's ``re`` will.
import re._constants as sre_c  # type: ignore[import-not-found]
from typing import Any


SYNTAX = set("^$\\.*+?()[]{}|/-")
#: What may be escaped outside a class in ECMA-262's unicode mode (no "-": only in a class).
_SYNTAX_OUTSIDE_CLASS = set("^$\\.*+?()[]{}|/")
_ESCAPES = {"n", "r", "t"}


class PatternProblem(ValueError):
    """The pattern is outside the safe, portable subset; the message says which part."""


def scan_text(regex: str) -> None:
    """Reject, by text, the constructs whose meaning differs between the dialects."""
    i, in_class = 0, False
    while i < len(regex):
        ch = regex[i]
        if ch == "\\":
            nxt = regex[i + 1: i + 2]
            if nxt == "u" and re.fullmatch(r"[0-9a-fA-F]{4}", regex[i + 2: i + 6]):
                i += 6
                continue
            if nxt in SYNTAX or nxt in _ESCAPES:
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


def check_structure(items: Any, top: bool = True, inside_repeat: bool = False) -> None:
    for index, (op, arg) in enumerate(items):
        if op in (sre_c.MAX_REPEAT, sre_c.MIN_REPEAT):
            low, high, body = arg
            if inside_repeat:
                raise PatternProblem("a quantifier inside a quantified group can backtrack exponentially")
            if _has(body, {sre_c.BRANCH}) and high != low:
                raise PatternProblem("a quantified alternation can backtrack exponentially")
            check_structure(body, False, True)
        elif op == sre_c.SUBPATTERN:
            check_structure(arg[-1], top and len(items) == 1, inside_repeat)
        elif op == sre_c.BRANCH:
            for branch in arg[1]:
                check_structure(branch, top and len(items) == 1, inside_repeat)
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


def portable(regex: str) -> str:
    """The pattern as written into JSON Schema and the validator: a final ``$`` refuses ``\\n``."""
    if regex.endswith("$") and not regex.endswith("\\$"):
        return regex + "(?!\\n)"
    return regex


def literal_regex(text: str) -> str:
    """A portable pattern matching ``text`` literally: syntax characters escaped (and only they,
    since ECMA-262's unicode mode refuses an escape of any other character)."""
    return "".join("\\" + ch if ch in _SYNTAX_OUTSIDE_CLASS else ch for ch in text)


def replace_group(regex: str, replacement: str) -> str:
    """``regex`` with its first capturing group, parentheses included, replaced by ``replacement``
    (the loader has checked the pattern is in the portable subset)."""
    depth, start, in_class, i = 0, -1, False, 0
    while i < len(regex):
        ch = regex[i]
        if ch == "\\":
            i += 2
            continue
        if in_class:
            in_class = ch != "]"
        elif ch == "[":
            in_class = True
        elif ch == "(":
            if start < 0 and regex[i + 1: i + 2] != "?":
                start, depth = i, 0
            if start >= 0:
                depth += 1
        elif ch == ")" and start >= 0:
            depth -= 1
            if depth == 0:
                return regex[:start] + replacement + regex[i + 1:]
        i += 1
    raise ValueError("the pattern has no capturing group")
