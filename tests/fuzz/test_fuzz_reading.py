"""Fuzzing the reading layer and the rules behind it, bounded so it stays quick in CI.

Random bytes and random mutations of valid (and of hostile) files go through ``read_bytes`` for
each format without the last-resort guard, then through ``lint``; nothing may raise, every
problem must be located inside the file, every document without a value must say why, messages
must be safe to print, and the text output of a run over the same bytes must be clean. The
``atheris`` target in ``fuzz/fuzz_lint.py`` runs the same checks for as long as one likes.
"""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "fuzz"))

from fuzz_lint import SEEDS, TOKENS, check_one


@st.composite
def mutated(draw: st.DrawFn) -> bytes:
    data = bytearray(draw(st.sampled_from(SEEDS)))
    for _ in range(draw(st.integers(1, 8))):
        position = draw(st.integers(0, len(data)))
        action = draw(st.sampled_from(["delete", "insert", "token", "duplicate", "flip", "repeat"]))
        if action == "delete":
            del data[position : position + draw(st.integers(1, 16))]
        elif action == "insert":
            data[position:position] = draw(st.binary(min_size=1, max_size=6))
        elif action == "token":
            data[position:position] = draw(st.sampled_from(TOKENS))
        elif action == "duplicate":
            start = draw(st.integers(0, len(data)))
            data[position:position] = data[start : start + draw(st.integers(1, 60))]
        elif action == "flip" and data:
            at = min(position, len(data) - 1)
            data[at] ^= 1 << draw(st.integers(0, 7))
        else:
            token = draw(st.sampled_from([b"[", b"{", b'{"a":', b"- ", b"&a [*a,*a]", b"\\", b'"']))
            data[position:position] = token * draw(st.integers(1, 300))
    return bytes(data)


FUZZ = settings(max_examples=300, deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


@FUZZ
@given(data=st.binary(max_size=400), fmt=st.sampled_from(["json", "jsonl", "yaml"]), small=st.booleans())
def test_random_bytes(data: bytes, fmt: str, small: bool) -> None:
    check_one(data, fmt, small)


@FUZZ
@given(data=mutated(), fmt=st.sampled_from(["json", "jsonl", "yaml"]), small=st.booleans())
def test_mutations_of_valid_and_hostile_files(data: bytes, fmt: str, small: bool) -> None:
    check_one(data, fmt, small)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=mutated(), fmt=st.sampled_from(["json", "jsonl", "yaml"]))
def test_the_text_report_of_fuzzed_input_is_clean(data: bytes, fmt: str) -> None:
    """The whole path in-process: reading, rules, and the text and JSON reports."""
    from reqspec.linter.engine import Settings, lint_paths
    from reqspec.report import write_json, write_text
    from tests.hostile.helpers import RAW_CONTROL

    for writer in (write_text, write_json):
        run = lint_paths(["-"], Settings(stdin_format=fmt, stdin_filename="fuzz\x1b[2J." + fmt), stdin=io.BytesIO(data))
        out = io.StringIO()
        writer(run, run.results(), out, docs_url="")
        text = out.getvalue()
        assert RAW_CONTROL.search(text) is None, text[:500]
        text.encode("utf-8")
        if writer is write_json:
            json.loads(text)
