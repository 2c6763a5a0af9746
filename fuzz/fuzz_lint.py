"""Coverage-guided fuzzing of the reading layer and the rules with atheris (libFuzzer for Python).

    pip install atheris
    python fuzz/fuzz_lint.py -max_total_time=60            # seeds built in; add a folder to keep a corpus
    python fuzz/fuzz_lint.py -max_total_time=600 -rss_limit_mb=1024 corpus/

The first byte of each input picks the format (json, jsonl, yaml) and the limits (default or small);
the rest is the file. ``check_one`` reads it with ``read_bytes`` without the last-resort guard (so an
internal error is a crash, not a hidden problem), lints every value, and checks what must hold for
any input: problems are located inside the file with one-line printable messages, a document
without a value says why, ``is_valid`` agrees with ``validate``, and every error can be located.
The Hypothesis tests in tests/fuzz run the same checks, bounded, on every test run.

atheris is not a test dependency: this file only imports it when run.
"""

from __future__ import annotations

import json
import os
import re
import sys
import tempfile

SEEDS = [
    b'{"model": "gpt-4", "messages": [{"role": "user", "content": "hi \\u00e9 \\"q\\" \\ud83d\\ude00"}], "n": 1, "t": 0.5}',
    (b'{"model": "gpt-4", "messages": [{"role": "assistant", "content": null, "function_call": {"name": "f", '
     b'"arguments": "{\\"a\\": 1}"}}], "functions": [{"name": "f", "parameters": {"type": "object", "x": [1e400]}}], '
     b'"logit_bias": {"50256": -100}, "stop": ["\\n"], "temperature": NaN, "model": "x"}'),
    (b"model: gpt-4o\nmessages:\n  - role: user\n    content: hi\n  - {role: a, content: [1, 2.5, x]}\n"
     b"anchors: &a {k: v}\nref: *a\nmax_tokens: 0x1F\nuser: 1:30\nstop: [yes, no, ~]\n---\nb: |\n  text\n...\n"),
    b'{"a": 1}\n\n{"b": [1, 2, {"c": "d"}]}\r\n[1]\n\xef\xbb\xbf{"d": "\\udc00"}\n',
    b'\xef\xbb\xbf{"model": "\\u001b[2J\\u202e", "\\t sk' + b"-proj-" + b"a" * 24 + b'": 1}',  # a key, built here
    b"a: &a [x, x]\nb: &b [*a, *a]\nc: !!python/object/apply:os.system [true]\nd: !!binary aGk=\ne: 190:20:30\n",
]
TOKENS = [
    b"{", b"}", b"[", b"]", b'"', b",", b":", b"\\", b" ", b"\n", b"\r", b"\t", b"-", b"&a", b"*a", b"!!", b"!",
    b"!!python/object:os.system", b"|", b">", b"?", b"%TAG ! tag:x,2000:\n", b"%YAML 1.1\n", b"#", b"---", b"...",
    b"0", b"1e400", b"NaN", b"-Infinity", b".inf", b".nan", b"0x" + b"f" * 40, b"\xff", b"\xc3", b"\xc0\xaf",
    b"\xef\xbb\xbf", b"\x00", b"\x1b", b"\x85", b"\xe2\x80\xae", b"\xed\xa0\x80", b"\xff\xfe", b"\\ud800",
    b"\\udc00", b"\\u0000", b"9" * 4400, b"<<: *a", b"sk-proj-" + b"A" * 24, b'"n": 1', b'"apiKey": "k"',
]
_RAW = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029\ud800-\udfff]")
POINTERS = ["", "/model", "/messages/0/content", "/messages/1/content/2", "/a", "/b/2/c", "/x/y", "/~1/~0", "/0"]


def _limits(small: bool):  # type: ignore[no-untyped-def]
    from reqspec.reading import Limits

    return Limits(max_file_size=4096, max_depth=6, max_alias_nodes=40, max_problems=3) if small else Limits()


def _located(line: int, column: int, lines: int) -> bool:
    return 1 <= line <= lines and column >= 1


def check_one(data: bytes, fmt: str, small: bool) -> None:
    """Read ``data`` as ``fmt``, lint every value, and check every promise; raise on a broken one."""
    import reqspec
    from reqspec.runtime.errors import at_key, raw_pointer
    from reqspec.reading import PROBLEMS, read_bytes, reader
    from reqspec.reading.json_reader import KEEPS_VALUE
    from reqspec.report.redact import clean

    limits = _limits(small)
    original = reader.guarded
    reader.guarded = lambda documents: documents  # an internal error must surface here
    try:
        documents = list(read_bytes(data, fmt, limits))
    finally:
        reader.guarded = original
    assert documents, "no document at all"
    lines = sum(data.count(mark) for mark in (b"\n", b"\r", b"\xc2\x85", "\u2028".encode(), "\u2029".encode())) + 2
    previous = -1
    for document in documents:
        assert document.index > previous, "document indexes go back"
        previous = document.index
        for problem in document.problems:
            assert problem.rule in PROBLEMS, problem
            assert _located(problem.line, problem.column, lines), problem
            assert _RAW.search(problem.message) is None and problem.message.strip(), problem
            clean(problem.pointer).encode("utf-8")  # printable, whatever the pointer holds
        if document.value is None:
            assert document.problems, "a document without a value and without a reason"
            continue
        if type(document.value) is not dict:  # kept for a body pointer to look inside, and said so
            assert "not-an-object" in [problem.rule for problem in document.problems], document.problems
            continue
        assert all(problem.rule in KEEPS_VALUE for problem in document.problems), document.problems
        json.dumps(document.value)  # only JSON data (lone surrogates are escaped by json)
        errors = reqspec.lint(document.value)
        found = reqspec.validate(document.value)
        assert reqspec.is_valid(document.value) == (found == [])
        first, errors_past, warnings_past = reqspec.lint_first(document.value, 2)
        assert first == errors[:2] or len(errors) > 2, (first, errors)
        assert len(first) + errors_past + warnings_past == len(errors)
        for error in errors:
            assert _RAW.search(error.message) is None, error
            line, column = document.locate(raw_pointer(error), key=at_key(error))
            assert _located(line, column, lines), (error, line, column)
        if len(documents) > 1:
            requests = [(raw_pointer(e), at_key(e)) for e in errors]
            for place in document.locate_all(requests):
                assert _located(*place, lines), place
        for pointer in POINTERS:
            assert _located(*document.locate(pointer), lines)


def fuzz_one_input(data: bytes) -> None:
    """The atheris entry point: the first byte picks the format and the limits."""
    if not data:
        return
    check_one(data[1:], ("json", "jsonl", "yaml")[data[0] % 3], bool(data[0] & 4))


def main() -> None:
    import atheris

    with atheris.instrument_imports(include=["reqspec"]):
        import reqspec
        import reqspec._validator
        import reqspec.reading
        import reqspec.report.redact  # noqa: F401
    argv = list(sys.argv)
    if not any(os.path.isdir(arg) for arg in argv[1:]):
        corpus = tempfile.mkdtemp(prefix="reqspec-fuzz-")
        for number, seed in enumerate(SEEDS):
            for fmt in range(3):
                with open(os.path.join(corpus, f"seed-{number}-{fmt}"), "wb") as stream:
                    stream.write(bytes([fmt]) + seed)
        argv.append(corpus)
    atheris.Setup(argv, fuzz_one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
