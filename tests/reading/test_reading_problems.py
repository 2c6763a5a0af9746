"""The problem catalogue and the safety of messages built from hostile input."""

from __future__ import annotations


import pytest

from reqspec.reading import PROBLEMS, Limits, ReadProblem, read_bytes
from reqspec.reading.problems import clean_message, escape, excerpt

RULES = {
    "invalid-json",
    "duplicate-key",
    "lone-surrogate",
    "non-finite",
    "invalid-utf8",
    "empty-file",
    "not-an-object",
    "number-too-long",
    "too-deep",
    "file-too-large",
    "unreadable",
    "unknown-format",
    "yaml-syntax",
    "yaml-tag",
    "yaml-alias-budget",
    "non-string-key",
}


def test_catalogue_has_exactly_the_public_rule_ids_with_one_paragraph_each() -> None:
    assert set(PROBLEMS) == RULES
    for rule, text in PROBLEMS.items():
        assert text.strip() and "\n" not in text, rule


def test_read_problem_is_a_frozen_value_with_an_empty_default_pointer() -> None:
    problem = ReadProblem("invalid-json", "Expecting value", 1, 2)
    assert problem.pointer == ""
    assert problem == ReadProblem("invalid-json", "Expecting value", 1, 2, "")
    with pytest.raises(AttributeError):
        problem.line = 3  # type: ignore[misc]


def test_limits_defaults() -> None:
    assert Limits() == Limits(max_file_size=50 * 1024 * 1024, max_depth=128, max_alias_nodes=100_000)


def test_escape_writes_control_and_format_characters_as_escapes() -> None:
    assert escape("a\x1b[31mb") == "a\\x1b[31mb"
    assert escape("\u202e\u2028ok") == "\\u202e\\u2028ok"
    assert escape("plain é") == "plain é"


def test_excerpt_echoes_at_most_forty_characters() -> None:
    assert excerpt("x" * 100) == "x" * 40 + "…"
    assert excerpt("short") == "short"


def test_clean_message_is_one_line_and_cuts_long_quoted_input() -> None:
    message = clean_message("found '" + "y" * 100 + "'\n  in line 3\x1b")
    assert "\n" not in message
    assert "y" * 41 not in message
    assert message.endswith("in line 3\\x1b")


def test_duplicate_key_message_escapes_and_shortens_the_key() -> None:
    key = "\\u001b[2J" + "k" * 100
    documents = list(read_bytes(('{"' + key + '": 1, "' + key + '": 2}').encode(), "json"))
    message = documents[0].problems[0].message
    assert "\x1b" not in message
    assert "\\x1b[2J" in message
    assert "k" * 40 not in message


def test_yaml_tag_message_shortens_a_long_tag() -> None:
    documents = list(read_bytes(b"a: !" + b"t" * 500 + b" x\n", "yaml"))
    problem = documents[0].problems[0]
    assert problem.rule == "yaml-tag"
    assert "t" * 41 not in problem.message
