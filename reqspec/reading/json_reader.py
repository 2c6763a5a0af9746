"""JSON text to a document, strictly, at close to the speed of ``json.loads`` on the clean path.

The json module's C scanner does the parsing. Its hooks only flag that something was seen (a
duplicate key, a ``NaN`` literal); where it was seen is found afterwards by ``json_scanners``, so
documents without problems never pay for positions. Nesting is measured once the parser is done
(its hook counts the objects, so one count of ``[`` bounds the depth), or when it fails, since the C
scanner recurses and deep input must become a located problem, not a ``RecursionError``. Strictness
thus costs the hook's flags and two searches of the text (``[``, and ``\\u`` from the first
backslash); a document is scanned further only when one of them says it can break a rule.
"""

from __future__ import annotations

import json
import sys
from typing import Any

from .document import Document
from .json_locator import JsonPositions
from .json_scanners import (
    MAX_INT_DIGITS,
    SMALL_TEXT,
    find_literal_problems,
    has_lone_surrogate,
    may_be_too_deep,
    too_deep_offset,
)
from .json_tokens import skip_whitespace
from .limits import MAX_NESTING, Limits, int_digit_limit
from .problems import ReadProblem, clean_message, not_an_object
from .text import UTF8_BOM, decode, line_column

EMPTY_MESSAGE = "the file is empty or holds only whitespace"
#: Problems after which the parsed value is still linted (it is what most parsers would read).
KEEPS_VALUE = frozenset(("duplicate-key", "lone-surrogate"))


def _safe_int(literal: str) -> int:
    """``parse_int`` for the second parse after an overlong integer: never raises on length."""
    digits = len(literal) - (literal[:1] == "-")
    return int(literal) if digits <= int_digit_limit() else 0


class _Decoder:
    """A JSON scanner whose hooks only raise flags.

    ``json.loads`` with hooks builds a new decoder on every call, which costs as much as parsing a
    small body, so scanners are kept in a pool and reused; each has its own flags, so concurrent
    readers never see each other's. The scanner is called directly (as ``JSONDecoder.decode``
    does), which saves two Python calls per document.

    Overlong integers normally need no hook: ``int()`` refuses them with a ValueError. When the
    interpreter's limit on integer digits is off or raised, that refusal does not come and
    converting a huge literal takes quadratic time; when it is lowered, literals the reader
    accepts would be refused. In both cases ``guard_ints`` adds a ``parse_int`` hook that flags
    literals longer than ``int_digit_limit()`` instead.
    """

    __slots__ = ("duplicates", "non_finite", "overlong", "objects", "scan")

    def __init__(self, guard_ints: bool = False) -> None:
        self.duplicates = False
        self.non_finite = False
        self.overlong = False
        self.objects = 0  # objects parsed: with the text's "[" count, a bound on the nesting

        def pairs_hook(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
            self.objects += 1
            obj = dict(pairs)
            if len(obj) != len(pairs):
                self.duplicates = True
            return obj

        def constant_hook(name: str) -> None:
            self.non_finite = True
            return None

        def int_hook(literal: str) -> int:
            if len(literal) - (literal[0] == "-") > int_digit_limit():
                self.overlong = True
                return 0
            return int(literal)

        decoder = json.JSONDecoder(
            object_pairs_hook=pairs_hook,
            parse_constant=constant_hook,
            parse_int=int_hook if guard_ints else None,
        )
        self.scan = decoder.scan_once  # type: ignore[attr-defined]

    def decode(self, text: str) -> Any:
        """Parse a whole document exactly as ``JSONDecoder.decode`` does."""
        try:
            value, end = self.scan(text, skip_whitespace(text, 0) if text[:1] in _SPACE else 0)
        except StopIteration as stop:
            raise json.JSONDecodeError("Expecting value", text, stop.value) from None
        if end != len(text):
            end = skip_whitespace(text, end)
            if end != len(text):
                raise json.JSONDecodeError("Extra data", text, end)
        return value


#: JSON whitespace: a text starting with none of it (the usual case) needs no skipping.
_SPACE = " \t\n\r"
_POOL: list[_Decoder] = []
_GUARDED_POOL: list[_Decoder] = []
_POOL_SIZE = 8


def parse_json_document(
    text: str,
    index: int,
    limits: Limits,
    base_line: int = 1,
    doc_line: int | None = None,
    raw: bytes | None = None,
) -> Document:
    """Parse one JSON document held in ``text`` (``raw``: the same text as UTF-8, if at hand).

    ``base_line`` is the file line of the text's first line (JSONL passes the line number, so all
    positions are in the file); ``doc_line`` is where the document starts, when the caller knows
    it. The text must hold something other than whitespace.
    """
    line = base_line if doc_line is None else doc_line
    max_depth = limits.max_depth
    if max_depth > MAX_NESTING:
        max_depth = MAX_NESTING
    # When int() refuses integer literals at another length than the 4,300 digits allowed (its
    # limit is off, raised or lowered), the reader flags them itself: a guarded decoder.
    pool = _POOL if sys.get_int_max_str_digits() == MAX_INT_DIGITS else _GUARDED_POOL
    try:
        decoder = pool.pop()
    except IndexError:
        decoder = _Decoder(pool is _GUARDED_POOL)
    decoder.objects = 0
    try:
        value = decoder.decode(text)
    except Exception as error:  # every parser failure is a finding, unless the text is too deep
        deep = _too_deep(text, index, line, base_line, max_depth, raw) if _may_nest(text, max_depth) else None
        if deep is not None:
            _release(decoder, pool)
            return deep
        return _unparsed(text, index, line, base_line, decoder, pool, error, limits)
    # Nesting is measured after the parse, which tells how many objects there were: one count of
    # "[" then bounds the depth (the C scanner recursed safely: past its limit it raises, above).
    if len(text) >= SMALL_TEXT or decoder.objects + text.count("[") > max_depth:
        deep = _too_deep(text, index, line, base_line, max_depth, raw)
        if deep is not None:
            _release(decoder, pool)
            return deep
    # A lone surrogate is written \\uD8xx: searched for from the first backslash (one memchr).
    escaped = text.find("\\u", text.find("\\")) >= 0
    if (
        decoder.duplicates
        or decoder.non_finite
        or decoder.overlong
        or type(value) is not dict
        or (escaped and has_lone_surrogate(text))
    ):
        return _parsed_with_problems(text, index, line, base_line, decoder, pool, value, limits)
    if len(pool) < _POOL_SIZE:
        pool.append(decoder)
    size = len(raw) if raw is not None else len(text) if text.isascii() else -1
    return Document(index, line, value, [], JsonPositions(text, base_line, False, value, not escaped), 0, size)


def _may_nest(text: str, max_depth: int) -> bool:
    """Whether text may nest deeper than ``max_depth``: more opening brackets than it, or too
    long to count them cheaply (``_too_deep`` then measures)."""
    return len(text) >= SMALL_TEXT or text.count("[") + text.count("{") > max_depth


def _too_deep(text: str, index: int, line: int, base_line: int, max_depth: int, raw: bytes | None) -> Document | None:
    """The ``too-deep`` document, or None when the nesting is within the limit."""
    if raw is None:
        raw = text.encode("utf-8", "surrogatepass")
    if not may_be_too_deep(raw, max_depth):
        return None
    deep = too_deep_offset(text, max_depth)
    if deep is None:
        return None
    at_line, at_column = line_column(text, deep, base_line)
    message = f"arrays and objects are nested more than {max_depth} levels deep"
    problem = ReadProblem("too-deep", message, at_line, at_column)
    return Document(index, line, None, [problem], JsonPositions(text, base_line))


def _release(decoder: _Decoder, pool: list[_Decoder]) -> bool:
    """Return a decoder to its pool; whether it had flagged anything for ``find_literal_problems``."""
    flagged = decoder.duplicates or decoder.non_finite or decoder.overlong
    decoder.duplicates = decoder.non_finite = decoder.overlong = False
    if len(pool) < _POOL_SIZE:
        pool.append(decoder)
    return flagged


def _parsed_with_problems(
    text: str, index: int, line: int, base_line: int, decoder: _Decoder, pool: list[_Decoder], value: object,
    limits: Limits,
) -> Document:
    """A document that parsed but has duplicate keys, non-finite or overlong literals, lone
    surrogates, or the wrong type."""
    duplicates = decoder.duplicates
    unfaithful = decoder.non_finite or decoder.overlong
    surrogates = "\\u" in text and has_lone_surrogate(text)
    problems: list[ReadProblem] = []
    more = 0
    if _release(decoder, pool) or surrogates:
        found = find_literal_problems(text, base_line, surrogates, limits.max_problems)
        problems, more = found.problems, found.more
    if unfaithful and all(problem.rule in KEEPS_VALUE for problem in problems):
        # The parser saw a literal without a faithful value: the value is never kept, located or not.
        problems.append(_start_problem(text, base_line, "invalid-json", "a number has no faithful value"))
    if any(problem.rule not in KEEPS_VALUE for problem in problems):
        value = None
    elif type(value) is not dict:  # kept: a body pointer may find the body inside it
        start = skip_whitespace(text, 0)
        problems.append(not_an_object(value, *line_column(text, start, base_line)))
    problems.sort(key=lambda problem: (problem.line, problem.column))
    return Document(index, line, value, problems, JsonPositions(text, base_line, duplicates), more)


def _unparsed(
    text: str, index: int, line: int, base_line: int, decoder: _Decoder, pool: list[_Decoder], error: Exception,
    limits: Limits,
) -> Document:
    """The document for text the parser refused, with every problem that can be located."""
    duplicates = decoder.duplicates
    scan_literals = _release(decoder, pool)
    problems: list[ReadProblem] = []
    if isinstance(error, json.JSONDecodeError):
        problems.append(_decode_problem(error, base_line))
    elif isinstance(error, RecursionError):
        problems.append(_start_problem(text, base_line, "too-deep", "nesting is too deep for the JSON parser"))
    elif isinstance(error, ValueError):
        # int() refused an integer literal with too many digits; what follows it may still be
        # a syntax error, which a second parse with a lenient int hook finds.
        scan_literals = True
        later = _second_parse(text)
        if later is not None:
            problems.append(_decode_problem(later, base_line))
    else:
        message = f"cannot parse: {type(error).__name__}"
        problems.append(_start_problem(text, base_line, "invalid-json", message))
    more = 0
    if scan_literals:
        found = find_literal_problems(text, base_line, limit=limits.max_problems)
        problems.extend(found.problems)
        more = found.more
    if not problems:  # a document is never dropped without saying why
        problems.append(_start_problem(text, base_line, "invalid-json", f"cannot parse: {type(error).__name__}"))
    problems.sort(key=lambda problem: (problem.line, problem.column))
    return Document(index, line, None, problems, JsonPositions(text, base_line, duplicates), more)


def _second_parse(text: str) -> json.JSONDecodeError | None:
    """After an overlong integer stopped the parser: the syntax error that follows it, if any."""
    try:
        json.loads(text, object_pairs_hook=dict, parse_constant=lambda name: None, parse_int=_safe_int)
    except json.JSONDecodeError as error:
        return error
    except Exception:  # the first failure is the one reported
        return None
    return None


def _decode_problem(error: json.JSONDecodeError, base_line: int) -> ReadProblem:
    # Some of the parser's reasons end in "at", expecting a position to follow; it is given apart.
    reason = error.msg[:-3] if error.msg.endswith(" at") else error.msg
    return ReadProblem("invalid-json", clean_message(reason), base_line + error.lineno - 1, error.colno)


def _start_problem(text: str, base_line: int, rule: str, message: str) -> ReadProblem:
    line, column = line_column(text, skip_whitespace(text, 0), base_line)
    return ReadProblem(rule, message, line, column)


def read_json(data: bytes, limits: Limits) -> list[Document]:
    """Read a whole JSON file: exactly one document."""
    text, problem = decode(data)
    if text is None:
        problem = problem or ReadProblem("invalid-utf8", "the file is not UTF-8", 1, 1)
        return [Document(0, 1, None, [problem])]
    start = skip_whitespace(text, 0)
    if start == len(text):
        return [Document(0, 1, None, [ReadProblem("empty-file", EMPTY_MESSAGE, 1, 1)])]
    doc_line = text.count("\n", 0, start) + 1
    raw = data[3:] if data.startswith(UTF8_BOM) else data
    return [parse_json_document(text, 0, limits, 1, doc_line, raw)]
