"""Bytes to text, strictly, and offsets to positions.

Request bodies travel as UTF-8 (RFC 8259 section 8.1), so anything else is reported rather than
guessed at: a wrong guess would lint a different body than the one that is sent. The one leniency
is a leading UTF-8 byte order mark, which many Windows editors write; it is dropped and does not
count in columns.
"""

from __future__ import annotations

from .problems import ReadProblem

UTF8_BOM = b"\xef\xbb\xbf"

_BOMS = (
    (b"\xff\xfe\x00\x00", "UTF-32 (little-endian)"),
    (b"\x00\x00\xfe\xff", "UTF-32 (big-endian)"),
    (b"\xff\xfe", "UTF-16 (little-endian)"),
    (b"\xfe\xff", "UTF-16 (big-endian)"),
)

SNIFF_SIZE = 4096


def _share_of_nuls(sample: bytes, start: int, step: int) -> float:
    part = sample[start::step]
    return part.count(0) / len(part) if part else 0.0


def _guess_wide_encoding(sample: bytes) -> str:
    """Name the encoding that a NUL-heavy sample most likely is, from where its NULs fall."""
    if len(sample) >= 8:
        shares = [_share_of_nuls(sample, i, 4) for i in range(4)]
        if shares[0] < 0.5 and min(shares[1:]) > 0.9:
            return "UTF-32 (little-endian)"
        if shares[3] < 0.5 and min(shares[:3]) > 0.9:
            return "UTF-32 (big-endian)"
    even, odd = _share_of_nuls(sample, 0, 2), _share_of_nuls(sample, 1, 2)
    if odd > 0.75 and even < 0.25:
        return "UTF-16 (little-endian)"
    if even > 0.75 and odd < 0.25:
        return "UTF-16 (big-endian)"
    return "binary data"


def sniff_encoding(head: bytes) -> ReadProblem | None:
    """Recognise a UTF-16 or UTF-32 file (or binary data) from its first bytes.

    A UTF-16/32 byte order mark is decisive. Without one, text where at least a quarter of the
    bytes are NUL is not UTF-8 text in practice; the problem names the likely encoding and points
    at the first NUL byte.
    """
    for bom, name in _BOMS:
        if head.startswith(bom):
            return ReadProblem(
                "invalid-utf8",
                f"the file is encoded as {name}, not UTF-8 (it starts with a byte order mark); save it as UTF-8",
                1,
                1,
            )
    sample = head[:SNIFF_SIZE]
    nuls = sample.count(0)
    if nuls and nuls * 4 >= len(sample):
        first = sample.index(0)
        line, column = byte_position(sample, first)
        name = _guess_wide_encoding(sample)
        if name == "binary data":
            message = "the file looks like binary data (many NUL bytes), not UTF-8 text"
        else:
            message = f"the file looks like {name} text (many NUL bytes), not UTF-8; save it as UTF-8"
        return ReadProblem("invalid-utf8", message, line, column)
    return None


def byte_position(data: bytes | memoryview, offset: int, base_line: int = 1) -> tuple[int, int]:
    """1-based (line, byte column) of ``offset`` in ``data``; lines end at ``\\n``."""
    raw = bytes(data[:offset]) if isinstance(data, memoryview) else data
    line = base_line + raw.count(b"\n", 0, offset)
    column = offset - (raw.rfind(b"\n", 0, offset) + 1) + 1
    return line, column


def decode_error(error: UnicodeDecodeError, data: bytes | memoryview, base_line: int = 1) -> ReadProblem:
    """The ``invalid-utf8`` problem for a strict decoding failure, at the first bad byte."""
    start = error.start
    bad = bytes(data[start : start + 1])
    line, column = byte_position(data, start, base_line)
    shown = f" (byte 0x{bad[0]:02x})" if bad else ""
    return ReadProblem("invalid-utf8", f"invalid UTF-8: {error.reason}{shown}", line, column)


def decode(data: bytes) -> tuple[str | None, ReadProblem | None]:
    """Decode a whole file strictly as UTF-8, dropping one leading byte order mark.

    Python's strict codec already rejects overlong forms and encoded surrogates, which are the
    classic ways to smuggle characters past a byte-level check.
    """
    sniffed = sniff_encoding(data[:SNIFF_SIZE])
    if sniffed is not None:
        return None, sniffed
    body: bytes | memoryview = memoryview(data)[3:] if data.startswith(UTF8_BOM) else data
    try:
        return str(body, "utf-8"), None
    except UnicodeDecodeError as error:
        return None, decode_error(error, body)


class LineCounter:
    """``line_column`` for offsets met in increasing order, counting each line break once: a
    text with a hundred thousand problems is located in one pass, not one pass per problem."""

    __slots__ = ("text", "line", "offset", "line_start")

    def __init__(self, text: str, base_line: int = 1) -> None:
        self.text = text
        self.line = base_line
        self.offset = 0
        self.line_start = 0

    def at(self, offset: int) -> tuple[int, int]:
        """1-based (line, column) of ``offset``; an offset before the last one asked is counted
        from the start."""
        text = self.text
        if offset < self.offset:
            self.line -= text.count("\n", 0, self.offset)
            self.offset = self.line_start = 0
        breaks = text.count("\n", self.offset, offset)
        if breaks:
            self.line += breaks
            self.line_start = text.rfind("\n", self.offset, offset) + 1
        self.offset = offset
        return self.line, offset - self.line_start + 1


def line_column(text: str, offset: int, base_line: int = 1) -> tuple[int, int]:
    """1-based (line, column) of character ``offset`` in ``text``; lines end at ``\\n``.

    JSON has only ``\\n`` and ``\\r\\n`` line ends in practice, and this is also how the json
    module counts in its own error positions, so both agree.
    """
    line = base_line + text.count("\n", 0, offset)
    column = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return line, column
