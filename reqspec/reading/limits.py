"""Bounds on what one file may cost to read.

Lint runs over files nobody vetted, so size, nesting and alias expansion are capped. Each cap is
reported as a located problem when crossed, never by running out of memory or stack.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Limits:
    """Caps applied while reading.

    ``max_file_size`` bounds a JSON or YAML file and each line of a JSONL file (a JSONL file as a
    whole is streamed and may be any size). ``max_depth`` bounds nesting of arrays and objects in
    one document. ``max_alias_nodes`` bounds the nodes of one YAML document once aliases are
    expanded.
    """

    max_file_size: int = 50 * 1024 * 1024
    max_depth: int = 128
    max_alias_nodes: int = 100_000
