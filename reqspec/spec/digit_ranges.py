"""Regular expressions for decimal-digit strings whose value lies in a range (JSON Schema can only
constrain a key by pattern)."""

from __future__ import annotations

from .portability import portable


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
