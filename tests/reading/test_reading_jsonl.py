"""JSON Lines: one body per line, positions in the file, streaming in bounded memory."""

from __future__ import annotations

import io
import tracemalloc
from collections.abc import Iterator

from reqspec.reading import Document, Limits, read_bytes, read_path
from reqspec.reading.jsonl_reader import read_jsonl


def read(data: bytes, limits: Limits | None = None) -> list[Document]:
    return list(read_bytes(data, "jsonl", limits or Limits()))


def found(document: Document) -> list[tuple[str, int, int, str]]:
    return [(p.rule, p.line, p.column, p.pointer) for p in document.problems]


def test_each_non_blank_line_is_a_document_with_its_line() -> None:
    documents = read(b'{"a": 1}\n\n   \n{"b": 2}\n\t\n{"c": 3}')
    assert [(d.index, d.line, d.value) for d in documents] == [
        (0, 1, {"a": 1}),
        (1, 4, {"b": 2}),
        (2, 6, {"c": 3}),
    ]


def test_crlf_line_ends_and_bom_are_accepted() -> None:
    documents = read(b'\xef\xbb\xbf{"a": 1}\r\n\r\n{"b": NaN}\r\n')
    assert [d.value for d in documents] == [{"a": 1}, None]
    assert found(documents[1]) == [("non-finite", 3, 7, "/b")]


def test_bom_does_not_count_in_first_line_columns() -> None:
    documents = read(b'\xef\xbb\xbf{"a": NaN}\n')
    assert found(documents[0]) == [("non-finite", 1, 7, "/a")]


def test_syntax_error_position_is_in_the_file_and_later_lines_are_still_read() -> None:
    documents = read(b'{"a": 1}\n{"b": \n{"c": [1,]}\r\n{"d": 4}\n')
    assert [found(d) for d in documents] == [
        [],
        [("invalid-json", 2, 7, "")],
        [("invalid-json", 3, 10, "")],
        [],
    ]
    assert documents[3].value == {"d": 4}


def test_invalid_utf8_on_one_line_is_located_by_byte_and_reading_goes_on() -> None:
    documents = read(b'{"a": 1}\n{"b": "\xc3\xa9\xff"}\n{"c": 3}\n')
    assert found(documents[1]) == [("invalid-utf8", 2, 10, "")]
    assert documents[2].value == {"c": 3}


def test_duplicate_key_and_not_an_object_per_line() -> None:
    documents = read(b'{"a": 1, "a": 2}\n[{"a": 1}]\n')
    assert found(documents[0]) == [("duplicate-key", 1, 10, "/a")]
    assert documents[0].value == {"a": 2}
    assert found(documents[1]) == [("not-an-object", 2, 1, "")]


def test_file_of_blank_lines_is_empty_file() -> None:
    documents = read(b"\n  \r\n\t\n")
    assert [found(d) for d in documents] == [[("empty-file", 1, 1, "")]]
    assert [found(d) for d in read(b"")] == [[("empty-file", 1, 1, "")]]
    assert [found(d) for d in read(b"\xef\xbb\xbf")] == [[("empty-file", 1, 1, "")]]
    assert [found(d) for d in read(b"\xef\xbb\xbf\r\n\n")] == [[("empty-file", 1, 1, "")]]


def test_utf16_jsonl_is_reported_once() -> None:
    documents = read('{"a": 1}\n{"b": 2}\n'.encode("utf-16"))
    assert [found(d) for d in documents] == [[("invalid-utf8", 1, 1, "")]]
    assert "UTF-16" in documents[0].problems[0].message


def test_line_longer_than_the_limit_is_skipped_and_the_next_line_read() -> None:
    long_line = b'{"a": "' + b"x" * 200 + b'"}'
    documents = read(b'{"a": 1}\n' + long_line + b'\n{"c": 3}\n', Limits(max_file_size=100))
    assert [found(d) for d in documents] == [[], [("file-too-large", 2, 1, "")], []]
    assert documents[2].value == {"c": 3}
    assert [d.index for d in documents] == [0, 1, 2]


def test_whole_file_size_limit_does_not_apply_to_jsonl(tmp_path) -> None:
    path = tmp_path / "many.jsonl"
    path.write_bytes(b'{"a": 1}\n' * 100)
    documents = list(read_path(path, limits=Limits(max_file_size=50)))
    assert len(documents) == 100
    assert all(d.problems == [] for d in documents)


def test_locate_in_a_line_gives_file_line_and_column() -> None:
    documents = read(b'\n{"a": {"b": [10, 20]}}\n')
    assert documents[0].locate("/a/b/1") == (2, 18)
    assert documents[0].locate("/a/b", key=True) == (2, 8)


class _LazyLines(io.RawIOBase):
    """A read-only stream producing many lines on demand, never holding them all."""

    def __init__(self, lines: Iterator[bytes]) -> None:
        self._lines = lines
        self._pending = b""

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:  # type: ignore[no-untyped-def]
        while not self._pending:
            try:
                self._pending = next(self._lines)
            except StopIteration:
                return 0
        size = min(len(buffer), len(self._pending))
        buffer[:size] = self._pending[:size]
        self._pending = self._pending[size:]
        return size


def test_large_jsonl_is_streamed_in_bounded_memory() -> None:
    line = b'{"model": "m", "messages": [{"role": "user", "content": "' + b"x" * 900 + b'"}]}\n'
    count = 10_000  # about 10 MB in total
    stream = io.BufferedReader(_LazyLines(line for _ in range(count)))
    tracemalloc.start()
    try:
        seen = 0
        for document in read_jsonl(stream, Limits()):
            assert document.problems == []
            seen += 1
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert seen == count
    assert peak < 2_000_000
