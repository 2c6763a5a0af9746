"""JSON Lines, streamed: one body per non-blank line, in bounded memory.

Logs of stored requests are often gigabytes, so the file is read one line at a time and never
whole; only a single line is bounded (by ``max_file_size``). Each line is an independent document:
a bad line is reported and reading goes on with the next.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Protocol

from .document import Document
from .json_reader import parse_json_document
from .limits import Limits
from .problems import ReadProblem
from .text import UTF8_BOM, decode_error, sniff_encoding

_DRAIN_CHUNK = 1 << 20


class LineStream(Protocol):
    """What the reader needs of its input: an open binary file, standard input, or a byte range
    of a file (the parallel linter's share of one)."""

    def readline(self, size: int = -1, /) -> bytes: ...


def read_jsonl(stream: LineStream, limits: Limits) -> Iterator[Document]:
    """Yield one document per non-blank line of a binary stream.

    Blank lines (whitespace only, ``\\r\\n`` endings included) are skipped and do not count in
    document indexes; a UTF-8 byte order mark is dropped from the first line. A line longer than
    the limit is reported as ``file-too-large`` and skipped without being held in memory.
    """
    limit = max(limits.max_file_size, 0)
    readline = stream.readline
    index = 0
    lineno = 0
    while True:
        try:
            raw = readline(limit + 1)
        except OSError as error:
            reason = error.strerror or type(error).__name__
            problem = ReadProblem("unreadable", f"read failed: {reason}", lineno + 1, 1)
            yield Document(index, lineno + 1, None, [problem])
            return
        if not raw:
            break
        lineno += 1
        if lineno == 1:
            wide = sniff_encoding(raw)
            if wide is not None:
                yield Document(0, 1, None, [wide])
                return
        if len(raw) > limit and not raw.endswith(b"\n"):
            while True:
                try:
                    rest = readline(_DRAIN_CHUNK)
                except OSError:
                    rest = b""
                if not rest or rest.endswith(b"\n"):
                    break
            problem = ReadProblem(
                "file-too-large",
                f"line is longer than the limit of {limit} bytes",
                lineno,
                1,
            )
            yield Document(index, lineno, None, [problem])
            index += 1
            continue
        if raw.startswith(UTF8_BOM):
            if lineno > 1:  # a file joined from several, each saved with a byte order mark
                message = ("a UTF-8 byte order mark (U+FEFF) starts this line; only the start of a file may have "
                           "one: remove it")
                yield Document(index, lineno, None, [ReadProblem("invalid-json", message, lineno, 1)])
                index += 1
                continue
            raw = raw[3:]
        if raw.isspace() or not raw:
            continue
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as error:
            yield Document(index, lineno, None, [decode_error(error, raw, lineno)])
            index += 1
            continue
        if raw.endswith(b"\n"):
            # The line end is not part of the document; without it an error at the end of the
            # line is placed on the line rather than at the start of the next one.
            text = text[:-2] if text.endswith("\r\n") else text[:-1]
        yield parse_json_document(text, index, limits, lineno, None, raw)
        index += 1
    if index == 0:
        yield Document(0, 1, None, [ReadProblem("empty-file", "the file has no non-blank line", 1, 1)])
