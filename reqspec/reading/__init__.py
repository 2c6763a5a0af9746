"""Reading stored request bodies: bytes to documents, strictly and safely, with exact positions.

This layer knows nothing about request-body fields. It turns JSON, JSONL and YAML files into
``Document`` objects, reports everything that prevents a faithful JSON reading as a located
``ReadProblem`` (never an exception), and locates JSON Pointers in the original text on demand.
"""

from __future__ import annotations

from .document import Document
from .limits import Limits
from .paths import format_for, iter_paths
from .problems import PROBLEMS, ReadProblem
from .reader import FORMATS, read_bytes, read_path, read_stream

__all__ = [
    "FORMATS",
    "PROBLEMS",
    "Document",
    "Limits",
    "ReadProblem",
    "format_for",
    "iter_paths",
    "read_bytes",
    "read_path",
    "read_stream",
]
