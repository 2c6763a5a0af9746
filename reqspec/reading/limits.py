"""Bounds on what one file may cost to read.

Lint runs over files nobody vetted, so size, nesting and alias expansion are capped. Each cap is
reported as a located problem when crossed, never by running out of memory or stack.
"""

from __future__ import annotations

import sys
from typing import NamedTuple

#: Integer literals longer than this are never converted: Python's default limit on int-to-str
#: conversion, far outside anything the API accepts.
MAX_INT_DIGITS = 4300


def int_digit_limit() -> int:
    """The longest integer literal (in decimal digits) that is read as a number.

    4,300, or less when the interpreter converts fewer (``PYTHONINTMAXSTRDIGITS``,
    ``sys.set_int_max_str_digits``): a literal the interpreter refuses is reported, never lost.
    """
    limit = sys.get_int_max_str_digits()
    return limit if 0 < limit < MAX_INT_DIGITS else MAX_INT_DIGITS


#: The deepest nesting ever read, whatever the settings: past it the json module's parser runs out
#: of recursion anyway, and libyaml slows down quadratically with flow nesting (100,000 levels
#: would take minutes), so a raised ``max_depth`` cannot turn a small file into a long stall.
MAX_NESTING = 1000


class Limits(NamedTuple):  # not a dataclass: importing dataclasses (and inspect) would add a third to a lint run's start
    """Caps applied while reading.

    ``max_file_size`` bounds a JSON or YAML file and each line of a JSONL file (a JSONL file as a
    whole is streamed and may be any size). ``max_depth`` bounds nesting of arrays and objects in
    one document. ``max_alias_nodes`` bounds the nodes of one YAML document once aliases are
    expanded.
    """

    max_file_size: int = 50 * 1024 * 1024
    max_depth: int = 128
    max_alias_nodes: int = 100_000
    #: Problems listed per document: past it they are counted, not built (100,000 duplicate keys
    #: cost time in proportion to them, and memory for the listed ones only).
    max_problems: int = 100

    @property
    def nesting(self) -> int:
        """The nesting limit the readers apply: ``max_depth``, but never more than ``MAX_NESTING``."""
        return min(self.max_depth, MAX_NESTING)
