"""JSON files: every reading rule with its exact position."""

from __future__ import annotations

import json
import math
import sys

import pytest

from reqspec.reading import Document, Limits, read_bytes


def one(data: bytes | str, limits: Limits | None = None) -> Document:
    if isinstance(data, str):
        data = data.encode("utf-8")
    documents = list(read_bytes(data, "json", limits or Limits()))
    assert len(documents) == 1
    return documents[0]


def found(document: Document) -> list[tuple[str, int, int, str]]:
    return [(p.rule, p.line, p.column, p.pointer) for p in document.problems]


def test_clean_object_has_value_and_no_problems() -> None:
    document = one('{"model": "gpt-4o", "messages": [], "n": 2, "t": 0.5, "s": null, "b": true}')
    assert document.value == {"model": "gpt-4o", "messages": [], "n": 2, "t": 0.5, "s": None, "b": True}
    assert document.problems == []
    assert (document.index, document.line) == (0, 1)


def test_document_line_is_where_the_first_token_is() -> None:
    document = one('\n\n   {"a": 1}\n')
    assert document.line == 3
    assert document.locate("") == (3, 4)


def test_syntax_error_reports_the_parsers_reason_and_position() -> None:
    document = one('{\n  "a": 1,\n  "b": [1, 2}\n}')
    assert found(document) == [("invalid-json", 3, 13, "")]
    assert document.problems[0].message == "Expecting ',' delimiter"
    assert document.value is None


def test_trailing_data_is_invalid_json() -> None:
    document = one('{"a": 1} {"b": 2}')
    assert found(document) == [("invalid-json", 1, 10, "")]
    assert document.problems[0].message == "Extra data"


def test_control_character_message_has_no_dangling_at() -> None:
    document = one('{"a": "x\x1by"}')
    assert found(document) == [("invalid-json", 1, 9, "")]
    assert document.problems[0].message == "Invalid control character"


def test_duplicate_key_is_reported_at_the_second_key_and_last_value_wins() -> None:
    document = one('{"a": {"x": 1,\n       "x": 2}}')
    assert found(document) == [("duplicate-key", 2, 8, "/a/x")]
    assert document.value == {"a": {"x": 2}}


def test_duplicate_key_written_with_escapes_is_still_a_duplicate() -> None:
    document = one('{"ab": 1, "\\u0061b": 2}')
    assert found(document) == [("duplicate-key", 1, 11, "/ab")]


def test_duplicate_key_pointer_escapes_slash_and_tilde() -> None:
    document = one('{"a/b~": 1, "a/b~": 2}')
    assert found(document) == [("duplicate-key", 1, 13, "/a~1b~0")]


def test_locate_resolves_to_the_value_the_parser_kept_after_a_duplicate() -> None:
    document = one('{"a": 1,\n "a": 2}')
    assert document.locate("/a") == (2, 7)
    assert document.locate("/a", key=True) == (2, 2)


@pytest.mark.parametrize(
    ("literal", "column"),
    [("NaN", 14), ("Infinity", 14), ("-Infinity", 14)],
)
def test_non_finite_literals_are_rejected_at_the_literal(literal: str, column: int) -> None:
    document = one('{"a": [1, 2, ' + literal + "]}")
    assert found(document) == [("non-finite", 1, column, "/a/2")]
    assert document.value is None


def test_overflowing_number_is_kept_as_infinity_for_later_stages() -> None:
    document = one('{"temperature": 1e400}')
    assert document.problems == []
    assert document.value == {"temperature": math.inf}


def test_integer_of_5000_digits_is_number_too_long_not_a_crash() -> None:
    document = one('{\n  "max_tokens": ' + "9" * 5000 + "\n}")
    assert found(document) == [("number-too-long", 2, 17, "/max_tokens")]
    assert "5000 digits" in document.problems[0].message
    assert document.value is None


def test_integer_of_4300_digits_is_accepted() -> None:
    document = one('{"n": ' + "7" * 4300 + "}")
    assert document.problems == []
    assert document.value == {"n": int("7" * 4300)}


def test_long_float_literal_converts() -> None:
    document = one('{"n": 1.' + "5" * 10000 + "}")
    assert document.problems == []
    assert document.value == {"n": 1.5555555555555556}


def test_overlong_integer_then_syntax_error_reports_both() -> None:
    document = one('{"a": ' + "1" * 5000 + ', "b": ]}')
    assert found(document) == [("number-too-long", 1, 7, "/a"), ("invalid-json", 1, 5014, "")]


def test_100000_levels_of_nesting_is_too_deep_without_recursion_error() -> None:
    document = one("[" * 100_000 + "]" * 100_000)
    assert found(document) == [("too-deep", 1, 129, "")]
    assert document.value is None


def test_deep_objects_report_the_bracket_that_crosses_the_limit() -> None:
    document = one('{"a":' * 100_000 + "1" + "}" * 100_000)
    assert found(document) == [("too-deep", 1, 641, "")]


def test_nesting_exactly_at_the_limit_is_accepted() -> None:
    limits = Limits(max_depth=5)
    assert one("{\"a\": [[[[1]]]]}", limits).problems == []
    assert found(one('{"a": [[[[[1]]]]]}', limits)) == [("too-deep", 1, 11, "")]


def test_brackets_inside_strings_do_not_count_as_nesting() -> None:
    text = '{"a": "' + "[" * 300 + '", "b": "' + "]" * 300 + '", "c": "\\"[[[["}'
    document = one(text)
    assert document.problems == []
    assert document.value["a"] == "[" * 300


def test_closing_brackets_inside_strings_cannot_hide_real_depth() -> None:
    text = '{"a": "' + "]" * 500 + '", "b": ' + "[" * 200 + "]" * 200 + "}"
    document = one(text)
    assert found(document) == [("too-deep", 1, 7 + 500 + 9 + 127, "")]


def test_unclosed_brackets_are_too_deep_not_a_recursion_error() -> None:
    document = one("[" * 50_000)
    assert found(document) == [("too-deep", 1, 129, "")]


@pytest.mark.parametrize(
    ("text", "kind"),
    [("[1, 2]", "an array"), ('"hello"', "a string"), ("42", "a number"), ("null", "null"), ("true", "a boolean")],
)
def test_top_level_that_is_not_an_object_is_reported_once_at_the_start(text: str, kind: str) -> None:
    document = one("\n  " + text)
    assert found(document) == [("not-an-object", 2, 3, "")]
    assert document.problems[0].message.endswith(kind)
    assert document.value == json.loads(text)  # kept, for a body pointer to look inside


@pytest.mark.parametrize("data", [b"", b"   ", b"\n\r\n\t  \n", b"\xef\xbb\xbf", b"\xef\xbb\xbf \n"])
def test_empty_or_whitespace_file_is_empty_file(data: bytes) -> None:
    document = one(data)
    assert found(document) == [("empty-file", 1, 1, "")]
    assert document.value is None


def test_utf8_bom_is_skipped_and_not_counted_in_columns() -> None:
    document = one(b'\xef\xbb\xbf{"a": NaN}')
    assert found(document) == [("non-finite", 1, 7, "/a")]
    assert one(b'\xef\xbb\xbf{"a": 1}').value == {"a": 1}


def test_columns_count_characters_not_bytes() -> None:
    document = one('{"é€😀": 1, "x": NaN}')
    assert found(document) == [("non-finite", 1, 17, "/x")]


def test_data_over_the_size_limit_is_file_too_large() -> None:
    document = one(b'{"a": "' + b"x" * 100 + b'"}', Limits(max_file_size=64))
    assert found(document) == [("file-too-large", 1, 1, "")]


def test_overlong_integer_is_caught_even_with_the_interpreter_digit_limit_off() -> None:
    original = sys.get_int_max_str_digits()
    sys.set_int_max_str_digits(0)
    try:
        document = one('{"a": [1, ' + "5" * 100_000 + "]}")
        clean = one('{"a": 12}')
    finally:
        sys.set_int_max_str_digits(original)
    assert found(document) == [("number-too-long", 1, 11, "/a/1")]
    assert clean.value == {"a": 12}
