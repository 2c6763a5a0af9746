"""YAML streams: core-schema scalars, safe tags, bounded aliases and nesting, exact positions."""

from __future__ import annotations

import itertools
import math
import time

import pytest

from reqspec.reading import Document, Limits, read_bytes
from reqspec.reading import yaml_reader


def read(data: bytes | str, limits: Limits | None = None) -> list[Document]:
    if isinstance(data, str):
        data = data.encode("utf-8")
    return list(read_bytes(data, "yaml", limits or Limits()))


def one(data: bytes | str, limits: Limits | None = None) -> Document:
    documents = read(data, limits)
    assert len(documents) == 1, documents
    return documents[0]


def found(document: Document) -> list[tuple[str, int, int, str]]:
    return [(p.rule, p.line, p.column, p.pointer) for p in document.problems]


def value_of(scalar: str) -> object:
    document = one("v: " + scalar + "\n")
    assert document.problems == [], document.problems
    assert isinstance(document.value, dict)
    return document.value["v"]


@pytest.fixture(params=["libyaml", "pure-python"], autouse=True)
def parser(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Run a test with libyaml's parser and again with PyYAML's pure-Python one."""
    parts = yaml_reader._yaml()
    if request.param == "pure-python":
        import yaml

        monkeypatch.setattr(parts, "loader", yaml.SafeLoader)
    elif parts.loader.__name__ != "CSafeLoader":
        pytest.skip("libyaml is not available")
    return request.param


@pytest.mark.parametrize(
    ("scalar", "expected"),
    [
        ("true", True),
        ("True", True),
        ("TRUE", True),
        ("false", False),
        ("False", False),
        ("FALSE", False),
        ("null", None),
        ("Null", None),
        ("NULL", None),
        ("~", None),
        ("", None),
        ("0", 0),
        ("-17", -17),
        ("+17", 17),
        ("007", 7),
        ("0o17", 15),
        ("0x1F", 31),
        ("0xff", 255),
        ("1.5", 1.5),
        (".5", 0.5),
        ("-.5", -0.5),
        ("1.", 1.0),
        ("1e3", 1000.0),
        ("-1.5E-2", -0.015),
        ("+1e+2", 100.0),
    ],
)
def test_plain_scalars_resolve_by_the_yaml_1_2_core_schema(scalar: str, expected: object) -> None:
    result = value_of(scalar)
    assert result == expected
    assert type(result) is type(expected)


@pytest.mark.parametrize(
    "scalar",
    [
        "yes", "no", "on", "off", "y", "n", "Yes", "NO", "1:30", "2024-01-01", "2001-12-14t21:59:43.10-05:00",
        "0b101", "1_000", "0o8", "0xg", "-0x1", "tRue", "nULL", "NaN", "Infinity", "inf", ".Nan", "1.5e",
        ".e3", "=", "<<", "0.1.2", "12abc",
    ],
)
def test_other_plain_scalars_are_strings(scalar: str) -> None:
    assert value_of(scalar) == scalar


@pytest.mark.parametrize("scalar", ['"true"', "'null'", '"12"', "'1.5'", '"~"', "''"])
def test_quoted_scalars_are_always_strings(scalar: str) -> None:
    assert value_of(scalar) == scalar[1:-1]


def test_block_scalars_are_strings() -> None:
    assert one("a: |\n  12\nb: >-\n  true\n").value == {"a": "12\n", "b": "true"}


def test_huge_exponent_float_is_kept_as_infinity() -> None:
    assert value_of("1e400") == math.inf


@pytest.mark.parametrize("scalar", [".inf", ".Inf", ".INF", "-.inf", "+.Inf", ".nan", ".NaN", ".NAN"])
def test_non_finite_scalars_are_reported_at_the_scalar(scalar: str) -> None:
    document = one("a:\n  b: " + scalar + "\n")
    assert found(document) == [("non-finite", 2, 6, "/a/b")]
    assert document.value is None


def test_integer_of_5000_digits_is_number_too_long() -> None:
    document = one("a: 1\nb: " + "9" * 5000 + "\n")
    assert found(document) == [("number-too-long", 2, 4, "/b")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("!!str 12", "12"),
        ("!!str true", "true"),
        ('!!int "12"', 12),
        ("!!int 0x10", 16),
        ("!!float 3", 3.0),
        ('!!float "1e2"', 100.0),
        ('!!bool "true"', True),
        ("!!null ''", None),
        ("!!null ~", None),
        ("!!seq [1]", [1]),
        ("!!map {a: 1}", {"a": 1}),
    ],
)
def test_core_tags_give_json_values(text: str, expected: object) -> None:
    result = value_of(text)
    assert result == expected
    assert type(result) is type(expected)


@pytest.mark.parametrize(
    "tag",
    [
        "!!python/object/apply:os.system ['echo hi']",
        "!!python/name:os.system ''",
        "!!binary aGk=",
        "!!timestamp 2001-12-14",
        "!!set {a}",
        "!!omap [a: 1]",
        "!!pairs [a: 1]",
        "!custom x",
        "! x",
        "!<tag:example.com,2000:x> y",
        "!!int abc",
        "!!bool yes",
        "!!map [1]",
        "!!seq {a: 1}",
        "!!str {a: 1}",
        "!!int [1]",
    ],
)
def test_other_tags_and_mismatched_core_tags_are_yaml_tag(tag: str) -> None:
    document = one("a:\n  b: " + tag + "\n")
    assert found(document) == [("yaml-tag", 2, 6, "/a/b")]
    assert document.value is None


def test_tag_handle_redefined_to_a_foreign_prefix_is_refused() -> None:
    document = one("%TAG !! tag:example.com,2000:\n---\na: !!str x\n")
    assert found(document) == [("yaml-tag", 3, 4, "/a")]


def test_python_tags_never_construct_objects() -> None:
    document = one("a: !!python/object/new:os.system [echo pwned]\n")
    assert [p.rule for p in document.problems] == ["yaml-tag"]
    assert document.value is None


@pytest.mark.parametrize(
    ("key", "kind"),
    [
        ("1.5", "a number"),
        ("-0.5e3", "a number"),
        ("true", "a boolean"),
        ("null", "null"),
        ("~", "null"),
        ("[a, b]", "an array"),
        ("{a: 1}", "an object"),
    ],
)
def test_non_string_keys_are_reported_at_the_key(key: str, kind: str) -> None:
    document = one("outer:\n  " + key + ": x\n")
    assert found(document) == [("non-string-key", 2, 3, "/outer")]
    assert kind in document.problems[0].message
    assert document.value is None


@pytest.mark.parametrize(("key", "text"), [("50256", "50256"), ("-7", "-7"), ("0x10", "16"), ("0o17", "15"), ("+3", "3")])
def test_an_integer_key_counts_as_its_decimal_string(key: str, text: str) -> None:
    document = one("logit_bias:\n  " + key + ": -100\n")
    assert document.problems == []
    assert document.value == {"logit_bias": {text: -100}}
    assert document.locate("/logit_bias/" + text, key=True) == (2, 3)


def test_complex_key_with_question_mark_is_a_non_string_key() -> None:
    document = one("? [a]\n: 1\n")
    assert found(document) == [("non-string-key", 1, 3, "")]


def test_quoted_and_yaml_1_1_looking_keys_are_strings() -> None:
    document = one('"1": a\nyes: b\non: c\n"true": d\n<<: {x: 1}\n')
    assert document.problems == []
    assert document.value == {"1": "a", "yes": "b", "on": "c", "true": "d", "<<": {"x": 1}}


def test_merge_key_is_not_merged() -> None:
    document = one("base: &b {x: 1}\nderived:\n  <<: *b\n  y: 2\n")
    assert document.value == {"base": {"x": 1}, "derived": {"<<": {"x": 1}, "y": 2}}


def test_duplicate_key_is_reported_at_the_second_key_and_last_value_wins() -> None:
    document = one("a:\n  x: 1\n  y: 2\n  x: 3\n")
    assert found(document) == [("duplicate-key", 4, 3, "/a/x")]
    assert document.value == {"a": {"x": 3, "y": 2}}
    assert document.locate("/a/x") == (4, 6)


def test_aliases_expand_to_the_anchored_value() -> None:
    document = one("a: &x {k: [1, 2]}\nb: *x\nc: &s hello\nd: *s\n")
    assert document.problems == []
    assert document.value == {"a": {"k": [1, 2]}, "b": {"k": [1, 2]}, "c": "hello", "d": "hello"}


def test_billion_laughs_is_a_fast_alias_budget_error() -> None:
    lines = ['a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    names = "abcdefghij"
    for previous, name in itertools.pairwise(names):
        lines.append(f"{name}: &{name} [" + ", ".join([f"*{previous}"] * 9) + "]")
    started = time.perf_counter()
    document = one("\n".join(lines) + "\n")
    assert time.perf_counter() - started < 1.0
    assert found(document) == [("yaml-alias-budget", 6, 8, "/f/0")]
    assert document.value is None


def test_alias_budget_follows_the_limit() -> None:
    # Nodes: the root, two keys, the anchored sequence (4) and three aliases of 4 each: 20.
    text = "a: &a [1, 2, 3]\nb: [*a, *a, *a]\n"
    assert one(text, Limits(max_alias_nodes=20)).problems == []
    assert found(one(text, Limits(max_alias_nodes=19))) == [("yaml-alias-budget", 2, 13, "/b/2")]


def test_self_referencing_alias_is_refused() -> None:
    document = one("a: &x\n  b: *x\n")
    assert found(document) == [("yaml-alias-budget", 2, 6, "/a/b")]
    assert document.value is None


def test_alias_inside_its_own_flow_anchor_is_refused() -> None:
    document = one("a: &x [1, [2, *x]]\n")
    assert found(document) == [("yaml-alias-budget", 1, 15, "/a/1/1")]


def test_alias_to_a_later_redefinition_of_the_anchor_is_not_a_cycle() -> None:
    document = one("a: &x [&x 1, *x]\n")
    assert document.problems == []
    assert document.value == {"a": [1, 1]}


def test_undefined_alias_is_a_syntax_problem() -> None:
    document = one("a: *nowhere\n")
    assert found(document) == [("yaml-syntax", 1, 4, "/a")]


def test_100000_levels_of_flow_nesting_is_too_deep_and_fast(parser: str) -> None:
    started = time.perf_counter()
    documents = read("a: " + "[" * 100_000 + "]" * 100_000 + "\n---\nb: 1\n")
    assert time.perf_counter() - started < 15.0  # milliseconds when idle; a loaded CI core is slower
    assert [found(d)[0][:3] for d in documents[:1]] == [("too-deep", 1, 131)]
    assert documents[0].value is None
    assert [(d.index, d.line, d.value) for d in documents[1:]] == [(1, 2, {"b": 1})]


def test_100000_levels_of_flow_mappings_is_too_deep() -> None:
    document = one("{a: " * 100_000 + "1" + "}" * 100_000)
    assert found(document)[0][:3] == ("too-deep", 1, 513)


def test_deep_block_nesting_is_too_deep() -> None:
    document = one("a:\n" + "".join("  " * i + "- \n" for i in range(1, 3)) + "  " + "- " * 200 + "x\n")
    assert [p.rule for p in document.problems] == ["too-deep"]


def test_alias_that_would_nest_past_the_limit_is_too_deep() -> None:
    document = one("a: &x [[[1]]]\nb: [[*x]]\n", Limits(max_depth=5))
    assert found(document) == [("too-deep", 2, 6, "/b/0/0")]


def test_each_document_of_a_stream_is_a_body() -> None:
    documents = read("# leading comment\nmodel: a\n---\nmodel: b\n...\n---\n- not an object\n")
    assert [(d.index, d.line, d.value) for d in documents] == [
        (0, 2, {"model": "a"}),
        (1, 3, {"model": "b"}),
        (2, 6, ["not an object"]),  # kept, for a body pointer to look inside
    ]
    assert found(documents[2]) == [("not-an-object", 7, 1, "")]


def test_problem_in_one_document_does_not_hide_the_others() -> None:
    documents = read("a: .nan\n---\nb: 2\n---\nc: !!binary x\n---\nd: 4\n")
    assert [d.value for d in documents] == [None, {"b": 2}, None, {"d": 4}]
    assert [p.rule for d in documents for p in d.problems] == ["non-finite", "yaml-tag"]


def test_syntax_error_keeps_earlier_documents_and_is_located() -> None:
    documents = read("a: 1\n---\nb: [1, 2\nc: 3\n")
    assert documents[0].value == {"a": 1}
    assert [p.rule for p in documents[1].problems] == ["yaml-syntax"]
    assert (documents[1].problems[0].line, documents[1].problems[0].column) == (4, 2)
    assert len(documents) == 2


def test_syntax_error_message_is_pyyaml_problem_text() -> None:
    document = one("a: b: c\n")
    assert found(document) == [("yaml-syntax", 1, 5, "")]
    assert document.problems[0].message.startswith("mapping values are not allowed")


def test_control_character_is_a_located_syntax_problem() -> None:
    document = one("a: 1\nb: x\x1b[31m\n")
    assert found(document) == [("yaml-syntax", 2, 5, "")]
    assert "U+001B" in document.problems[0].message
    assert "\x1b" not in document.problems[0].message


@pytest.mark.parametrize("text", ["", "   \n", "# only a comment\n", "\xef\xbb\xbf"])
def test_stream_without_documents_is_empty_file(text: str) -> None:
    document = one(text.encode("latin-1") if text.startswith("\xef") else text)
    assert found(document) == [("empty-file", 1, 1, "")]


def test_explicit_empty_document_is_null_not_an_object() -> None:
    document = one("---\n")
    assert [p.rule for p in document.problems] == ["not-an-object"]


def test_yaml_1_1_directive_does_not_change_resolution() -> None:
    assert one("%YAML 1.1\n---\na: yes\nb: 010\n").value == {"a": "yes", "b": 10}


def test_invalid_utf8_in_yaml_is_located_by_byte() -> None:
    document = one(b"a: 1\nb: \xe2\x82\n")
    assert found(document) == [("invalid-utf8", 2, 4, "")]


def test_bom_is_skipped_in_yaml_columns() -> None:
    document = one(b"\xef\xbb\xbfa: .inf\n")
    assert found(document) == [("non-finite", 1, 4, "/a")]
