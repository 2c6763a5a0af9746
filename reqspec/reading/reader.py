"""The entry points: bytes or a path in, documents out, never an exception.

Whatever the input, iteration ends normally: every failure, down to an unexpected one inside a
parser, is a located ``ReadProblem`` on a document. Lint output over many files then always
covers all of them.
"""

from __future__ import annotations

import io
import os
from collections.abc import Iterator
from typing import BinaryIO

from .document import Document
from .json_reader import read_json
from .jsonl_reader import read_jsonl
from .limits import Limits
from .paths import format_for, open_source, os_error_problem
from .problems import ReadProblem, excerpt
from .yaml_reader import read_yaml

FORMATS = ("json", "jsonl", "yaml")

_DEFAULT_LIMITS = Limits()


def _single(problem: ReadProblem, index: int = 0) -> Document:
    return Document(index, problem.line, None, [problem])


def _unknown_format(fmt: object) -> Document:
    shown = excerpt(str(fmt)) if fmt else "none"
    message = f"unknown format {shown}: expected a .json, .jsonl, .yaml or .yml file"
    return _single(ReadProblem("unknown-format", message, 1, 1))


def _too_large(size: int, limits: Limits) -> Document:
    message = f"the file is {size} bytes, larger than the limit of {limits.max_file_size} bytes"
    return _single(ReadProblem("file-too-large", message, 1, 1))


def guarded(documents: Iterator[Document]) -> Iterator[Document]:
    """Pass documents through; turn anything a reader raises into a final problem document."""
    index = 0
    try:
        for document in documents:
            index = document.index + 1
            yield document
    except Exception as error:  # reading must never raise on input
        if isinstance(error, MemoryError):  # a limit of this machine, not a bug
            message = "reading stopped: out of memory (the file needs more memory than this process may use)"
        else:
            message = f"reading stopped: internal error ({type(error).__name__})"
        yield _single(ReadProblem("unreadable", message, 1, 1), index)


def _json_documents(data: bytes, limits: Limits) -> Iterator[Document]:
    yield from read_json(data, limits)


def _documents(data: bytes, fmt: str, limits: Limits) -> Iterator[Document]:
    """The reader for ``fmt`` over ``data``, not started yet (so nothing can raise here)."""
    if fmt == "json":
        return _json_documents(data, limits)
    if fmt == "yaml":
        return read_yaml(data, limits)
    return read_jsonl(io.BytesIO(data), limits)


def read_bytes(data: bytes, fmt: str, limits: Limits = _DEFAULT_LIMITS) -> Iterator[Document]:
    """Read the documents of ``data`` in format ``fmt`` (``json``, ``jsonl`` or ``yaml``).

    The size limit applies to JSON and YAML data as a whole and to each line of JSONL data.
    Nothing is parsed before the first document is asked for.
    """
    if fmt not in FORMATS:
        return iter([_unknown_format(fmt)])
    if not isinstance(data, bytes):
        try:
            data = bytes(data)
        except (TypeError, ValueError):
            return iter([_single(ReadProblem("unreadable", "the data is not bytes", 1, 1))])
    if fmt != "jsonl" and len(data) > limits.max_file_size:
        return iter([_too_large(len(data), limits)])
    return guarded(_documents(data, fmt, limits))


def read_path(
    path: str | os.PathLike[str],
    fmt: str | None = None,
    limits: Limits = _DEFAULT_LIMITS,
) -> Iterator[Document]:
    """Read the documents of the file at ``path``; the format comes from its extension by default.

    A path that cannot be read as a file is reported as ``unreadable`` before its extension is
    looked at, since that is the more useful thing to say about a missing file or a directory.

    JSONL files are streamed line by line. JSON and YAML files are checked against the size limit
    before reading, and read with a bounded read, so a file that grows meanwhile is still caught.
    """
    if fmt is None:
        fmt = format_for(path)
    opened = open_source(path)
    if isinstance(opened, ReadProblem):
        yield _single(opened)
        return
    stream, size = opened
    with stream:
        if fmt not in FORMATS:
            yield _unknown_format(fmt if fmt is not None else _extension(path))
            return
        if fmt == "jsonl":
            yield from guarded(read_jsonl(stream, limits))
            return
        if size > limits.max_file_size:
            yield _too_large(size, limits)
            return
        try:
            data = stream.read(limits.max_file_size + 1)
        except OSError as error:
            yield _single(os_error_problem(error))
            return
        if len(data) > limits.max_file_size:
            yield _too_large(len(data), limits)
            return
        yield from guarded(_documents(data, fmt, limits))


def read_stream(stream: BinaryIO, fmt: str, limits: Limits = _DEFAULT_LIMITS) -> Iterator[Document]:
    """Read the documents of an open binary stream, such as standard input, in format ``fmt``.

    JSONL is streamed line by line, so an endless stream is read in bounded memory; JSON and YAML
    are read with a bounded read, and a stream longer than the size limit is reported, not held.
    """
    if fmt not in FORMATS:
        yield _unknown_format(fmt)
        return
    if fmt == "jsonl":
        yield from guarded(read_jsonl(stream, limits))
        return
    try:
        data = stream.read(limits.max_file_size + 1)
    except OSError as error:
        yield _single(os_error_problem(error))
        return
    if len(data) > limits.max_file_size:
        message = f"the input is larger than the limit of {limits.max_file_size} bytes"
        yield _single(ReadProblem("file-too-large", message, 1, 1))
        return
    yield from guarded(_documents(data, fmt, limits))


def _extension(path: str | os.PathLike[str]) -> str:
    try:
        name = os.fsdecode(os.fspath(path))
    except (TypeError, ValueError):
        return ""
    extension = os.path.splitext(name)[1]
    return f"'{extension}'" if extension else "(no extension)"
