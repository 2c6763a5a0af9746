"""The readers on hostile literals: lone surrogate escapes, integers too long to convert in any
base or under a lowered interpreter limit, nesting past the hard ceiling, keys in quoted input,
and standard input read as a stream."""

from __future__ import annotations

import io
import itertools
import sys

import pytest

from reqspec.reading import Limits, read_bytes, read_stream
from reqspec.reading.json_scanners import has_lone_surrogate, lone_surrogate
from reqspec.reading.limits import MAX_NESTING, int_digit_limit
from reqspec.reading.problems import clean_message, excerpt
from reqspec.redaction import redact as redact_keys

DEFAULT = Limits()


def problems(data: bytes, fmt: str = "json", limits: Limits = DEFAULT) -> list[tuple[str, int, int, str]]:
    return [(p.rule, p.line, p.column, p.pointer) for d in read_bytes(data, fmt, limits) for p in d.problems]


# -- lone surrogates ---------------------------------------------------------------------------

@pytest.mark.parametrize("text, found", [
    (r'"\ud83d\ude00"', None),  # a pair: one character
    (r'"\uD83D\uDE00"', None),
    (r'"\\ud800"', None),  # an escaped backslash, then text
    (r'"\\\ud800"', (3, r"\ud800")),
    (r'"\ud800"', (1, r"\ud800")),
    (r'"\udc00"', (1, r"\udc00")),
    (r'"\ud800x\udc00"', (1, r"\ud800")),
    (r'"\ud800\ud800\udc00"', (1, r"\ud800")),
    (r'"\udc00\ud800"', (1, r"\udc00")),
    (r'"x\ud800"', (2, r"\ud800")),
    (r'"\u0041"', None),
])
def test_lone_surrogate_escapes_are_found_exactly(text: str, found: tuple[int, str] | None) -> None:
    assert lone_surrogate(text) == found
    assert has_lone_surrogate(text) == (found is not None)


def test_a_lone_surrogate_is_located_and_the_body_still_linted() -> None:
    data = rb'{"model": "\ud800", "messages": [], "k\udfff": 1}'
    [document] = read_bytes(data, "json")
    assert [(p.rule, p.line, p.column, p.pointer) for p in document.problems] == [
        ("lone-surrogate", 1, data.index(rb"\ud800") + 1, "/model"),
        ("lone-surrogate", 1, data.index(rb"\udfff") + 1, "/k\udfff")]
    assert document.value == {"model": "\ud800", "messages": [], "k\udfff": 1}
    assert problems(rb'{"a": "\ud83d\ude00"}') == []
    assert problems(b'{"a": 1}\n{"b": "\\udbff"}\n', "jsonl") == [("lone-surrogate", 2, 8, "/b")]


def test_a_lone_surrogate_alongside_other_problems() -> None:
    assert problems(rb'{"a": "\ud800", "a": NaN}') == [
        ("lone-surrogate", 1, 8, "/a"), ("duplicate-key", 1, 17, "/a"), ("non-finite", 1, 22, "/a")]


# -- integers ------------------------------------------------------------------------------------

@pytest.mark.parametrize("literal", ["0x" + "f" * 3600, "0o" + "7" * 4800, "9" * 4301, "-" + "9" * 4301])
def test_yaml_integers_past_the_limit_in_any_base(literal: str) -> None:
    assert problems(f"a: {literal}\n".encode(), "yaml") == [("number-too-long", 1, 4, "/a")]


@pytest.mark.parametrize("literal", ["0x" + "f" * 3500, "0o" + "7" * 4700, "9" * 4300])
def test_yaml_integers_within_the_limit_are_read(literal: str) -> None:
    [document] = read_bytes(f"a: {literal}\n".encode(), "yaml")
    assert document.problems == [] and isinstance(document.value["a"], int)


@pytest.fixture
def lowered_int_limit():  # type: ignore[no-untyped-def]
    previous = sys.get_int_max_str_digits()
    sys.set_int_max_str_digits(640)
    yield
    sys.set_int_max_str_digits(previous)


@pytest.mark.usefixtures("lowered_int_limit")
@pytest.mark.parametrize("fmt", ["json", "jsonl", "yaml"])
def test_a_lowered_interpreter_limit_is_a_located_problem_never_a_lost_document(fmt: str) -> None:
    assert int_digit_limit() == 640
    data = ('{"a": [1, ' + "9" * 700 + "]}\n").encode()
    found = problems(data, fmt)
    assert found == [("number-too-long", 1, 11, "/a/1")]
    assert "more than 640" in next(iter(read_bytes(data, fmt))).problems[0].message


def test_the_limit_off_or_raised_still_refuses_4301_digits() -> None:
    previous = sys.get_int_max_str_digits()
    try:
        for setting in (0, 100_000):
            sys.set_int_max_str_digits(setting)
            assert int_digit_limit() == 4300
            assert problems(('{"a": ' + "9" * 4301 + "}").encode()) == [("number-too-long", 1, 7, "/a")]
    finally:
        sys.set_int_max_str_digits(previous)


# -- nesting -------------------------------------------------------------------------------------

@pytest.mark.parametrize("fmt", ["json", "yaml"])
def test_a_raised_max_depth_stops_at_the_ceiling(fmt: str) -> None:
    data = b"[" * 50_000 + b"]" * 50_000
    [(rule, line, column, _)] = problems(data, fmt, Limits(max_depth=10**9))
    assert (rule, line, column) == ("too-deep", 1, MAX_NESTING + 1)
    assert Limits(max_depth=10**9).nesting == MAX_NESTING and Limits(max_depth=5).nesting == 5


# -- keys in quoted input ----------------------------------------------------------------------------

KEY = "sk" + "-" + "proj-" + "Ab3" * 12


@pytest.mark.parametrize("text", [KEY, "\t" + KEY, "x " + KEY + " y", "glued_" + KEY, "\x1b" + KEY, "=" + KEY[:10]])
def test_quoted_input_never_shows_a_key(text: str) -> None:
    for shown in (excerpt(text), clean_message(f"found {text!r} here"), redact_keys(text)):
        assert KEY[:12] not in shown and "sk-proj-Ab3Ab" not in shown


def test_words_that_merely_contain_sk_are_shown() -> None:
    assert excerpt("task-manager") == "task-manager" and redact_keys("disk-usage") == "disk-usage"


def test_duplicate_keys_shaped_like_keys_are_reported_without_them() -> None:
    data = f'{{"\\t{KEY}": 1, "\\t{KEY}": 2}}'.encode()
    [(rule, line, column, _)] = problems(data)
    assert (rule, line, column) == ("duplicate-key", 1, data.rindex(b'"\\t') + 1)
    [document] = read_bytes(data, "json")
    assert KEY[:12] not in document.problems[0].message


# -- streams -------------------------------------------------------------------------------------

class Endless(io.RawIOBase):
    """A stream of JSONL lines that never ends, counting what was read."""

    def __init__(self) -> None:
        self.lines = itertools.cycle([b'{"a": 1}\n', b"\n", b"[1]\n"])
        self.read_bytes = 0
        self.pending = b""

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:  # type: ignore[no-untyped-def]
        while len(self.pending) < len(buffer):
            self.pending += next(self.lines)
        size = len(buffer)
        buffer[:size] = self.pending[:size]
        self.pending = self.pending[size:]
        self.read_bytes += size
        return size


def test_read_stream_reads_jsonl_lazily() -> None:
    raw = Endless()
    documents = read_stream(io.BufferedReader(raw, 4096), "jsonl")
    taken = list(itertools.islice(documents, 1000))
    assert [d.index for d in taken] == list(range(1000))
    assert raw.read_bytes < 100_000


@pytest.mark.parametrize("fmt", ["json", "yaml"])
def test_read_stream_cuts_json_and_yaml_at_the_size_limit(fmt: str) -> None:
    [document] = read_stream(io.BufferedReader(Endless()), fmt, Limits(max_file_size=10_000))
    assert [p.rule for p in document.problems] == ["file-too-large"]


def test_read_stream_of_an_unknown_format() -> None:
    assert [p.rule for d in read_stream(io.BytesIO(b"{}"), "toml") for p in d.problems] == ["unknown-format"]
