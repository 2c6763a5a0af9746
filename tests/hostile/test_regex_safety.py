"""Regular expressions cannot be made to stall: the shapes that backtrack exponentially are refused
when a spec is loaded, the patterns in use stay fast on 100,000-character adversarial strings, and a
string longer than maxLength never reaches its pattern."""

from __future__ import annotations

import json
import re
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import reqspec
from reqspec.spec.loader import SpecError, load_spec
from reqspec.spec.digit_ranges import digits_range_regex
from reqspec.spec.patterns import PatternProblem, check_pattern
from reqspec.spec.portability import portable

ROOT = Path(__file__).resolve().parents[2]
SPEC = load_spec(ROOT / "schema" / "chat_completion_request.yaml")
SCHEMA = json.loads((ROOT / "schema" / "chat_completion_request.schema.json").read_text(encoding="utf-8"))
SIZE = 100_000


@pytest.mark.parametrize("regex", [
    "(a+)+$", "^(a+)+$", "(a*)*b", "(a|a)*", "(a|aa)+$", "([a-z]+)*$", "(x+x+)+y", "(?:a+)+", "(a{1,10}){1,10}",
    "((ab)*)+", "(a+|b+)*c", "^(([a-z])+.)+[A-Z]([a-z])+$", "(\\w+\\s?)+$", "(.*a){20}", "(?=a)a", "(a)\\1",
    "a+?", "a++", "(?i)a", "a{,5}",
])
def test_redos_shapes_are_refused(regex: str) -> None:
    with pytest.raises(PatternProblem):
        check_pattern(regex)


def test_a_spec_with_a_redos_pattern_does_not_load(tmp_path: Path) -> None:
    text = (ROOT / "schema" / "chat_completion_request.yaml").read_text(encoding="utf-8")
    bad = tmp_path / "bad.yaml"
    bad.write_text(text.replace("regex: '^[a-zA-Z0-9_-]*$'", "regex: '^([a-zA-Z0-9_-]+)*$'"), encoding="utf-8")
    with pytest.raises(SpecError, match="backtrack"):
        load_spec(bad)


def _adversarial() -> list[str]:
    """Long strings built to make a backtracking engine work: long runs of what a pattern accepts,
    then something it does not, near-misses of the key pattern, and runs of separators."""
    return [
        "a" * SIZE + "!", "a" * SIZE + "\n", "-" * SIZE + " ", "_" * SIZE + "\x00", "0" * SIZE + "x", "9" * SIZE,
        "sk-" * (SIZE // 3), ("sk-" + "a" * 19 + "!") * (SIZE // 23), (" sk-" + "A" * 19) * (SIZE // 23),
        "\n" * SIZE, "a-" * (SIZE // 2) + "\u202e", "1" + "0" * SIZE, "0" * SIZE + "100258",
    ]


PATTERNS = {name: pattern.regex for name, pattern in SPEC.patterns.items()}
PATTERNS["logit_bias keys"] = digits_range_regex(0, 100257)


@pytest.mark.parametrize("name", sorted(PATTERNS))
def test_every_pattern_in_the_spec_is_accepted_and_fast_on_adversarial_strings(name: str) -> None:
    regex = PATTERNS[name]
    if name != "logit_bias keys":
        check_pattern(regex)
    compiled = re.compile(portable(regex))
    for text in _adversarial():
        start = time.perf_counter()
        compiled.search(text)
        compiled.fullmatch(text)
        assert time.perf_counter() - start < 1.0, (name, text[:20])


def test_the_secret_scan_is_fast_on_adversarial_strings() -> None:
    """Every string of a body is searched for keys, whatever its length."""
    for text in _adversarial():
        start = time.perf_counter()
        reqspec.validate({"model": "gpt-4", "messages": [{"role": "user", "content": text}], "user": text,
                          "functions": [{"name": "f", "parameters": {"x": [text]}}]})
        assert time.perf_counter() - start < 2.0, text[:20]


@pytest.mark.parametrize("regex", ["[a-z]*[a-z]*[a-z]*$", "a*a*a*c", "(a*)(a*)(a*)b", "^[a-z]*[0-9]*$", "a*b*c",
                                   "[a-z]+", "a*a", "^(?:ab)*a*$"])
def test_accepted_patterns_run_in_linear_time(regex: str) -> None:
    try:
        check_pattern(regex)
    except PatternProblem:
        return  # refused: fine
    compiled = re.compile(portable(regex))
    start = time.perf_counter()
    compiled.search("a" * 200 + "!")  # microseconds for a linear pattern; a quarter second or more here
    assert time.perf_counter() - start < 0.05


@pytest.mark.parametrize("regex", [
    "[a-z]*[a-z]*[a-z]*$", "a*a*a*c", "(a*)(a*)(a*)b", "^a*a+$", "^[a-z]*_?[a-z0-9]*$", "^[a-z]*[a-z][a-z]*$",
    "^[ab]*ab[ab]*$", "^(?:a*|b)a*c", "^(?:ab)+[ab](?:ba)*$", "^[^a]*[^b]*$", "^a{0,1000}a{0,1000}$",
    "[a-z]*$", "x[a-z]*y", "sk-[A-Za-z0-9_-]{20,}$", "(?:^|a)[a-z]+-$",
])
def test_loops_that_can_split_one_run_are_refused(regex: str) -> None:
    """Two loops that can share a run (or one loop that a search re-enters at every position of a
    run, when the pattern is not anchored) backtrack polynomially if what follows can fail."""
    with pytest.raises(PatternProblem, match="backtracks in (polynomial|quadratic) time"):
        check_pattern(regex)


LINEAR = [
    "^[a-z]*[0-9]*$", "a*b*", "[a-z]*[0-9]*", "^a*b*c*$", "^[a-z]+-[a-z]+$", "x[0-9]*$", "[a-z]+", "a*a", "[ab]+[ab]+",
    "^(?:a*b|c)a*$", "^a*(?:ab)*$", "^[a-z]{1,64}[a-z0-9]{0,64}$", "(^|[^a-z])sk-[a-z]{20}", "^[a-z]*[a-z]{3}",
    "(?:^|-)[a-z]+-$",
]


@pytest.mark.parametrize("regex", LINEAR)
def test_loops_that_cannot_split_one_run_are_accepted_and_linear(regex: str) -> None:
    check_pattern(regex)
    compiled = re.compile(portable(regex))
    for text in _runs(50_000):
        start = time.perf_counter()
        compiled.search(text)
        assert time.perf_counter() - start < 0.25, (regex, text[:8])


def _runs(size: int) -> list[str]:
    """Long runs of the characters the patterns above repeat, each ended by one they refuse."""
    return [c * size + "!" for c in "abcx0-"] + ["ab" * (size // 2) + "!", "ba" * (size // 2) + "!",
                                                 "a" * (size // 2) + "b" * (size // 2) + "!", "sk-" * (size // 3)]


ATOMS = ["a", "b", "[ab]", "[^a]", "a*", "b*", "[ab]*", "a+", "[ab]+", "a?", "(?:a|b)", "(?:a*|b)", "(?:ab|b)",
         "a{2,}", "a{0,100}", "[ab]{3}", "(a*)", "(?:ab)*", "(?:ba)*", "(?:ab)+", "(?:aab)*", "(?:ab){1,3}",
         "(?:^|b)", "(?:^)+", "(?:a|)"]


@settings(max_examples=300, deadline=None)
@given(st.booleans(), st.lists(st.sampled_from(ATOMS), min_size=1, max_size=4),
       st.sampled_from(["", "", "$", "a", "b", "c", "ab"]))
def test_every_accepted_pattern_searches_long_runs_in_linear_time(anchored: bool, atoms: list[str], end: str) -> None:
    """Whatever the check accepts, built from loops over overlapping characters, searches long
    runs of those characters in linear time: milliseconds, where a quadratic search takes seconds."""
    regex = ("^" if anchored else "") + "".join(atoms) + end
    try:
        check_pattern(regex)
    except PatternProblem:
        return
    compiled = re.compile(portable(regex))
    for text in _runs(20_000) + ["aab" * 7_000 + "!", "abb" * 7_000, "abba" * 5_000 + "!"]:
        start = time.perf_counter()
        compiled.search(text)
        assert time.perf_counter() - start < 0.25, (regex, text[:8])


@pytest.mark.parametrize("where", ["message", "function", "function_call"])
def test_max_length_is_checked_before_the_pattern(where: str) -> None:
    name = "a b" * ((5 << 20) // 3) + "\n"  # 5 MB, and not of the pattern's characters either
    body: dict = {"model": "gpt-4", "messages": [{"role": "user", "content": "x"}]}
    if where == "message":
        body["messages"][0]["name"] = name
    elif where == "function":
        body["functions"] = [{"name": name, "description": "d"}]
    else:
        body["functions"] = [{"name": "f", "description": "d"}]
        body["function_call"] = {"name": name}
    start = time.perf_counter()
    errors = reqspec.validate(body)
    assert time.perf_counter() - start < 1.0
    assert "max-length" in {e.rule for e in errors} and "pattern" not in {e.rule for e in errors}
    assert reqspec.is_valid(body) is False


def test_the_schema_guards_each_name_pattern_with_max_length() -> None:
    found = []

    def walk(node: object) -> None:
        if isinstance(node, dict):
            if "if" in node and "then" in node and "pattern" in node["then"]:
                found.append(node["if"])
            for child in node.values():
                walk(child)
        elif isinstance(node, list):
            for child in node:
                walk(child)

    walk(SCHEMA)
    # The names of a message, a fine-tuning message (which extends it), a function, a function_call.
    assert len(found) == 4 and all("maxLength" in json.dumps(guard) for guard in found)
