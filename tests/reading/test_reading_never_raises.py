"""Whatever the bytes, reading ends normally and every problem is well formed."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reqspec.reading import PROBLEMS, Document, Limits, read_bytes
from reqspec.reading import reader

SEEDS = [
    b'{"model": "gpt-4o", "messages": [{"role": "user", "content": "hi \\u00e9 \\"q\\""}], "n": 1, "t": 0.5}',
    b"model: gpt-4o\nmessages:\n  - role: user\n    content: hi\n  - {role: a, content: [1, 2.5, x]}\n"
    b"anchors: &a {k: v}\nref: *a\n---\nb: |\n  text\n",
    b'{"a": 1}\n\n{"b": [1, 2, {"c": "d"}]}\r\n[1]\n',
]
TOKENS = [
    b"{", b"}", b"[", b"]", b'"', b",", b":", b"\\", b" ", b"\n", b"\r", b"\t", b"-", b"&a", b"*a", b"!!",
    b"!!python/object:os.system", b"|", b">", b"?", b"%TAG", b"#", b"---", b"...", b"0", b"1e400", b"NaN",
    b".inf", b"\xff", b"\xc3", b"\xef\xbb\xbf", b"\x00", b"\x1b", b"\xed\xa0\x80", b"\xff\xfe", b"9" * 4400,
]
SMALL = Limits(max_file_size=4096, max_depth=6, max_alias_nodes=40)
# At least 200 examples; more when the loaded Hypothesis profile asks for more (as in CI).
EXAMPLES = max(200, settings.default.max_examples)
POINTERS = ["", "/model", "/messages/0/content", "/messages/1/content/2", "/a", "/b/2/c", "/x/y", "/~1/~0"]


def _check(documents: list[Document]) -> None:
    assert documents
    for document in documents:
        assert document.index >= 0 and document.line >= 1
        for problem in document.problems:
            assert problem.rule in PROBLEMS
            assert problem.line >= 1 and problem.column >= 1
            assert "\n" not in problem.message and "\x1b" not in problem.message
        for pointer in POINTERS:
            for key in (False, True):
                line, column = document.locate(pointer, key=key)
                assert line >= 1 and column >= 1


def _read_strictly(data: bytes, fmt: str, limits: Limits) -> list[Document]:
    """Read without the last-resort guard, so an internal error fails the test instead of hiding."""
    original = reader.guarded
    reader.guarded = lambda documents: documents  # type: ignore[assignment]
    try:
        return list(read_bytes(data, fmt, limits))
    finally:
        reader.guarded = original  # type: ignore[assignment]


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.binary(max_size=300), fmt=st.sampled_from(["json", "jsonl", "yaml"]), small=st.booleans())
def test_random_bytes_never_raise(data: bytes, fmt: str, small: bool) -> None:
    _check(_read_strictly(data, fmt, SMALL if small else Limits()))


@st.composite
def mutated(draw: st.DrawFn) -> bytes:
    data = bytearray(draw(st.sampled_from(SEEDS)))
    for _ in range(draw(st.integers(1, 6))):
        position = draw(st.integers(0, len(data)))
        action = draw(st.sampled_from(["delete", "insert", "token", "duplicate"]))
        if action == "delete":
            del data[position : position + draw(st.integers(1, 8))]
        elif action == "insert":
            data[position:position] = draw(st.binary(min_size=1, max_size=4))
        elif action == "token":
            data[position:position] = draw(st.sampled_from(TOKENS))
        else:
            start = draw(st.integers(0, len(data)))
            data[position:position] = data[start : start + draw(st.integers(1, 40))]
    return bytes(data)


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=mutated(), fmt=st.sampled_from(["json", "jsonl", "yaml"]), small=st.booleans())
def test_mutations_of_valid_files_never_raise(data: bytes, fmt: str, small: bool) -> None:
    _check(_read_strictly(data, fmt, SMALL if small else Limits()))


def test_unknown_format_name_is_a_problem_not_an_error() -> None:
    documents = list(read_bytes(b"{}", "xml"))
    assert [(p.rule, p.line, p.column) for d in documents for p in d.problems] == [("unknown-format", 1, 1)]


def test_internal_failure_becomes_a_final_problem(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    def broken(data: bytes, limits: Limits) -> list[Document]:
        raise RuntimeError("boom")

    monkeypatch.setattr(reader, "read_json", broken)
    documents = list(read_bytes(b"{}", "json"))
    assert [p.rule for d in documents for p in d.problems] == ["unreadable"]
    assert "RuntimeError" in documents[0].problems[0].message
