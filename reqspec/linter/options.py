"""The lint settings and what each accepts, said once for the command line and ``[tool.reqspec]``.

A setting takes the same values in both places (``--max-file-size 10M`` and
``max-file-size = "10M"``), so each has one parser. A parser takes the raw value (a string from
the command line, a TOML value from the file) and returns the setting, or raises ``BadValue``
saying what the setting accepts; the caller adds where the value came from. Echoed values go
through the report's redaction, so a secret pasted into an option is never printed.
"""

from __future__ import annotations

import math
import re
from typing import Any, Callable, NamedTuple

from ..report.redact import clean


class BadValue(ValueError):
    """A value a setting does not accept; the message says what it accepts."""


def shown(value: object) -> str:
    """A value as a usage message quotes it: short, one line, never a secret."""
    if isinstance(value, str) and len(value) > 60:
        value = value[:57] + "..."
    text = repr(value)
    return clean(text if len(text) <= 80 else text[:77] + "...")


_SIZE = re.compile(r"\s*([0-9]+(?:\.[0-9]+)?)\s*([kmgt]?)(?:i?b)?\s*\Z", re.I)
_UNITS = {"": 1, "k": 1 << 10, "m": 1 << 20, "g": 1 << 30, "t": 1 << 40}
#: The largest size limit: a file far larger than any request body, and small enough for every
#: read call to take.
MAX_SIZE = 1 << 40


def parse_size(value: object) -> int:
    """A byte count: a whole number, or a number with a K, M, G or T suffix (``50M``, ``1.5G``)."""
    accepts = "a size from 1 byte to 1T, such as 10M, 512K or 1048576"
    if isinstance(value, bool):
        raise BadValue(accepts)
    if isinstance(value, (int, float)):  # a TOML number, as its text would be on the command line
        number: float = value
        factor = 1
    elif isinstance(value, str):
        match = _SIZE.match(value)
        if match is None:
            raise BadValue(accepts)
        number, factor = float(match.group(1)), _UNITS[match.group(2).lower()]
    else:
        raise BadValue(accepts)
    if not math.isfinite(number) or number * factor > MAX_SIZE or number * factor < 1:
        raise BadValue(accepts)
    return int(number * factor)


def _whole(low: int, high: int) -> Callable[[object], int]:
    accepts = f"a whole number from {low} to {high}"

    def parse(value: object) -> int:
        if isinstance(value, bool):
            raise BadValue(accepts)
        if isinstance(value, str):
            text = value.strip()
            if not text.isascii() or not text.lstrip("+-").isdigit() or len(text) > 12:
                raise BadValue(accepts)
            value = int(text)
        if not isinstance(value, int) or not low <= value <= high:
            raise BadValue(accepts)
        return value

    return parse


def _choice(*choices: str) -> Callable[[object], str]:
    accepts = "one of " + ", ".join(choices)

    def parse(value: object) -> str:
        if not isinstance(value, str) or value not in choices:
            raise BadValue(accepts)
        return value

    return parse


def parse_rules(value: object) -> frozenset[str]:
    """Rule ids: a comma-separated string (``secret,too-deep``) or, in the file, a list of them."""
    accepts = "rule ids, as a comma-separated list (in pyproject.toml, also a list of strings)"
    if isinstance(value, str):
        parts = value.split(",")
    elif isinstance(value, list) and all(isinstance(item, str) for item in value):
        parts = value
    else:
        raise BadValue(accepts)
    return frozenset(part.strip() for part in parts if part.strip())


class Setting(NamedTuple):
    """One lint setting: its name (the option without dashes, the key in ``[tool.reqspec]``),
    the help the command line shows, and its parser."""

    key: str
    help: str
    parse: Callable[[object], Any]
    metavar: str | None = None
    choices: tuple[str, ...] | None = None


FORMATS = ("text", "json", "github", "sarif")

SETTINGS: tuple[Setting, ...] = (
    Setting("format", "output format (default: text)", _choice(*FORMATS), choices=FORMATS),
    Setting("fail-on", "exit 1 on findings at or above this level (default: error)",
            _choice("error", "warning"), choices=("error", "warning")),
    Setting("select", "run only these rules", parse_rules, "RULE,..."),
    Setting("ignore", "skip these rules", parse_rules, "RULE,..."),
    Setting("max-file-size", "largest JSON or YAML file, or JSONL line (default: 50M)", parse_size, "SIZE"),
    Setting("max-depth", "deepest nesting read (default: 128; never more than 1000)", _whole(1, 10**9), "N"),
    Setting("max-findings", "findings listed per document (default: 100)", _whole(1, 1_000_000), "N"),
    Setting("jobs", "lint in N processes; large JSONL files are split by lines (default: 1, same output)",
            _whole(1, 1024), "N"),
    Setting("kind", "what each document is: body, another kind the spec describes (the built-in spec: batch, a "
                    "Batch API line; finetune, a fine-tuning example), or auto (default: decided per file from its "
                    "first document)", lambda value: _kinds().parse_kind(value), "KIND"),
    Setting("body-pointer", "the JSON Pointer of the body inside each document (a log, a registry), "
                            "such as /request/body", lambda value: _kinds().parse_pointer(value), "POINTER"),
)


def _kinds() -> Any:
    from . import stored

    return stored

BY_KEY = {setting.key: setting for setting in SETTINGS}
