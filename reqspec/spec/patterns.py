"""Keep spec patterns safe and portable.

A pattern in a spec is run by Python's ``re`` (the generated validator, the jsonschema library)
and by ECMA-262 engines (ajv and every JavaScript client). The two dialects disagree on ``\\d``,
``\\w``, ``\\s``, ``\\b`` and ``.`` for non-ASCII text, and on ``$`` before a trailing newline, and
backtracking engines take exponential time on nested quantifiers. A spec pattern is therefore
limited to a subset that means the same in both and runs in linear time:

- literals, escaped syntax characters, ``\\n``, ``\\r``, ``\\t``, ``\\u`` with four hex digits (``\\u00e9``);
- character classes ``[...]`` of literals and ranges (no ``\\d``-style shorthands);
- groups ``(...)`` and ``(?:...)``, alternation, ``^`` at the start of a branch, ``$`` at the end
  of the whole pattern only;
- quantifiers ``* + ? {n} {n,} {n,m}``, never applied to something that itself contains a
  quantifier or an alternation (the shapes that backtrack exponentially);
- no two loops that can share a run of characters (the shapes that backtrack polynomially, see
  ``_check_shared_runs``).

``portable()`` rewrites the final ``$`` as ``$(?!\\n)`` so Python, like ECMA-262, refuses a
trailing newline (``"get_weather\\n"`` is not a valid name).
"""

from __future__ import annotations

import re

# The parser behind ``re`` (private, so typeshed has no stubs for it) is the only reader that
# parses a pattern exactly as the validator's ``re`` will.
import re._parser as sre_parse  # type: ignore[import-not-found]

from .backtracking import check_shared_runs
from .portability import PatternProblem, check_structure, scan_text

__all__ = ["PatternProblem", "check_pattern"]


def check_pattern(regex: str) -> None:
    """Raise PatternProblem unless ``regex`` is in the safe, portable subset described above."""
    scan_text(regex)
    try:
        tree = sre_parse.parse(regex)
    except re.error as exc:
        raise PatternProblem(f"not a regular expression: {exc}") from None
    check_structure(list(tree))
    check_shared_runs(list(tree))
