"""Document.locate: exact file positions of values and keys for JSON, JSONL and YAML."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reqspec.reading import Document, read_bytes
from reqspec.reading.pointers import escape_token

BODY = """{
  "model": "gpt-4o",
  "messages": [
    {"role": "system", "content": "be brief"},
    {
      "role": "user",
      "content": [{"type": "text", "text": "hi"}, {"type": "image_url", "image_url": {"url": "u"}}]
    }
  ],
  "a/b": 1,
  "m~n": 2,
  "\\u00e9t\\u00e9": {"deep": [[0, 1], [2, 3]]},
  "": "empty key"
}
"""


def one(data: bytes | str, fmt: str) -> Document:
    if isinstance(data, str):
        data = data.encode("utf-8")
    documents = list(read_bytes(data, fmt))
    assert len(documents) == 1
    return documents[0]


def test_json_locates_values_in_a_multi_line_document() -> None:
    document = one(BODY, "json")
    assert document.problems == []
    assert document.locate("") == (1, 1)
    assert document.locate("/model") == (2, 12)
    assert document.locate("/messages") == (3, 15)
    assert document.locate("/messages/0") == (4, 5)
    assert document.locate("/messages/0/content") == (4, 35)
    assert document.locate("/messages/1") == (5, 5)
    assert document.locate("/messages/1/content/1/image_url/url") == (7, 94)


def test_json_locates_keys_with_key_true() -> None:
    document = one(BODY, "json")
    assert document.locate("/model", key=True) == (2, 3)
    assert document.locate("/messages/1/content", key=True) == (7, 7)
    assert document.locate("/messages/1/content/1/image_url/url", key=True) == (7, 87)


def test_key_true_on_an_array_element_or_the_root_gives_the_value() -> None:
    document = one(BODY, "json")
    assert document.locate("/messages/0", key=True) == (4, 5)
    assert document.locate("", key=True) == (1, 1)


def test_json_pointer_escapes_and_escaped_keys_resolve() -> None:
    document = one(BODY, "json")
    assert document.locate("/a~1b") == (10, 10)
    assert document.locate("/m~0n") == (11, 10)
    assert document.locate("/été/deep/1/0") == (12, 39)
    assert document.locate("/") == (13, 7)
    assert document.locate("/", key=True) == (13, 3)


def test_unresolved_pointer_falls_back_to_the_deepest_existing_ancestor() -> None:
    document = one(BODY, "json")
    assert document.locate("/messages/7/content") == (3, 15)
    assert document.locate("/messages/0/nope") == (4, 5)
    assert document.locate("/model/0") == (2, 12)
    assert document.locate("/messages/01") == (3, 15)
    assert document.locate("/messages/-") == (3, 15)
    assert document.locate("/nope", key=True) == (1, 1)
    assert document.locate("not a pointer") == (1, 1)


def test_locating_many_pointers_in_any_order_is_consistent() -> None:
    document = one(BODY, "json")
    first = [document.locate(f"/messages/1/content/{i}") for i in (1, 0, 1)]
    assert first == [(7, 51), (7, 19), (7, 51)]


def test_jsonl_locates_in_the_document_line() -> None:
    documents = list(read_bytes(b'{"a": 1}\n\n{"b": {"c": [true, "x"]}}\n', "jsonl"))
    assert documents[1].locate("/b/c/1") == (3, 20)
    assert documents[1].locate("/b/c", key=True) == (3, 8)
    assert documents[1].locate("") == (3, 1)


YAML_BODY = """# request
model: gpt-4o
messages:
  - role: system
    content: be brief
  - role: user
    content:
      - {type: text, text: hi}
      - type: image_url
        image_url: {url: "u"}
"a/b": 1
m~n: 2
été:
  deep: [[0, 1], [2, 3]]
"": empty key
"""


def test_yaml_locates_block_and_flow_values() -> None:
    document = one(YAML_BODY, "yaml")
    assert document.problems == []
    assert document.locate("") == (2, 1)
    assert document.locate("/model") == (2, 8)
    assert document.locate("/messages") == (4, 3)
    assert document.locate("/messages/0") == (4, 5)
    assert document.locate("/messages/0/content") == (5, 14)
    assert document.locate("/messages/1/content/0/text") == (8, 28)
    assert document.locate("/messages/1/content/1/image_url/url") == (10, 26)
    assert document.locate("/a~1b") == (11, 8)
    assert document.locate("/m~0n") == (12, 6)
    assert document.locate("/été/deep/1/0") == (14, 19)
    assert document.locate("/") == (15, 5)


def test_yaml_locates_keys_with_key_true() -> None:
    document = one(YAML_BODY, "yaml")
    assert document.locate("/model", key=True) == (2, 1)
    assert document.locate("/messages/1/content/0/text", key=True) == (8, 22)
    assert document.locate("/messages/1/content/1/image_url", key=True) == (10, 9)
    assert document.locate("/a~1b", key=True) == (11, 1)


def test_yaml_falls_back_to_the_deepest_existing_ancestor() -> None:
    document = one(YAML_BODY, "yaml")
    assert document.locate("/messages/9/x") == (4, 3)
    assert document.locate("/model/x") == (2, 8)


def test_yaml_positions_in_later_documents_of_a_stream() -> None:
    documents = list(read_bytes(b"a: 1\n---\nb:\n  c: [x, y]\n", "yaml"))
    assert documents[1].locate("/b/c/1") == (4, 10)
    assert documents[0].locate("/a") == (1, 4)


def test_yaml_value_under_an_alias_is_located_at_the_alias() -> None:
    document = one("base: &b {x: 1}\nuse: *b\n", "yaml")
    assert document.locate("/use/x") == (2, 6)
    assert document.locate("/base/x") == (1, 14)


def test_yaml_positions_count_characters_after_a_bom() -> None:
    document = one("\ufeffé: [ü, ö]\n", "yaml")
    assert document.locate("/é/1") == (1, 8)


# Keys that recur at every level, and strings made of JSON punctuation and those keys, so a key's
# text often occurs inside strings and nested objects before the member itself.
json_keys = st.text(max_size=6) | st.sampled_from(["a", "b", "\\", '"'])
json_lookalikes = st.lists(st.sampled_from(['"a"', '"b"', ":", "{", "}", "[", "]", "\\", '"', ",", " "]),
                           max_size=8).map("".join)
json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-(10**20), 10**20) | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=8) | json_lookalikes,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(json_keys, children, max_size=4),
    max_leaves=10,
)


def _pointers(value: object, prefix: str = "") -> list[tuple[str, object, str | None]]:
    """Every (pointer, value, key) in ``value``; key is the member name for object members."""
    found: list[tuple[str, object, str | None]] = []
    if isinstance(value, dict):
        for name, child in value.items():
            pointer = prefix + "/" + escape_token(name)
            found.append((pointer, child, name))
            found.extend(_pointers(child, pointer))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            pointer = f"{prefix}/{index}"
            found.append((pointer, child, None))
            found.extend(_pointers(child, pointer))
    return found


def _offset(text: str, line: int, column: int) -> int:
    lines = text.split("\n")
    return sum(len(part) + 1 for part in lines[: line - 1]) + column - 1


@settings(deadline=None)
@given(body=st.dictionaries(json_keys, json_values, max_size=5), indent=st.sampled_from([None, 0, 2]),
       ascii_only=st.booleans())
def test_every_json_pointer_locates_the_text_of_its_value_and_key(body: dict, indent: int | None, ascii_only: bool) -> None:
    text = json.dumps(body, indent=indent, ensure_ascii=ascii_only)
    document = one(text, "json")
    decoder = json.JSONDecoder()
    for pointer, value, name in _pointers(body):
        located, _ = decoder.raw_decode(text, _offset(text, *document.locate(pointer)))
        assert located == value
        if name is not None:
            key, _ = decoder.raw_decode(text, _offset(text, *document.locate(pointer, key=True)))
            assert key == name


yaml_safe_text = st.text(alphabet=st.characters(codec="ascii", categories=["L", "N"]), max_size=6)
yaml_values = st.recursive(
    st.none() | st.booleans() | st.integers(-1000, 1000) | yaml_safe_text,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(yaml_safe_text, children, max_size=4),
    max_leaves=10,
)


@settings(deadline=None)
@given(body=st.dictionaries(yaml_safe_text, yaml_values, max_size=5), indent=st.sampled_from([None, 2]))
def test_json_text_read_as_yaml_locates_the_same_positions(body: dict, indent: int | None) -> None:
    text = json.dumps(body, indent=indent)
    as_json = one(text, "json")
    as_yaml = one(text, "yaml")
    assert as_yaml.value == as_json.value == body
    for pointer, _, name in _pointers(body):
        assert as_yaml.locate(pointer) == as_json.locate(pointer)
        if name is not None:
            assert as_yaml.locate(pointer, key=True) == as_json.locate(pointer, key=True)


def test_positions_are_computed_only_when_asked_for() -> None:
    json_document = one(BODY, "json")
    assert json_document._locator._objects is None  # type: ignore[union-attr]
    json_document.locate("/model")
    assert json_document._locator._objects is not None  # type: ignore[union-attr]

    yaml_document = one(YAML_BODY, "yaml")
    shared = yaml_document._locator.positions  # type: ignore[union-attr]
    assert shared.last is None and shared.parse is None
    yaml_document.locate("/model")
    _, _, positions = shared.last
    assert set(positions.values) == {"", "/model"}  # what was asked for, and its ancestors only


@pytest.mark.parametrize("text, pointer, expected", [
    ('{"a": "\\"b\\": 1", "b": 2}', "/b", '"b": 2'),  # the key's text inside a string, before the key
    ('{"x": {"b": 1}, "b": 2}', "/b", '"b": 2'),  # ... as a key of a nested object
    ('{"x": ["{\\"b\\": 1", {"b": 1}], "b": 2}', "/b", '"b": 2'),  # ... in both
    ('{"a": "x\\\\", "b": 2}', "/b", '"b": 2'),  # an escaped backslash ends the string before it
    ('{"o": {"a": 1}, "b": 2}', "/o/b", '{"a": 1}'),  # only in a sibling: the object is reported
    ('{"\\u0062": 2}', "/b", '"\\u0062": 2'),  # written with an escape: found by the walk
    ('{"s": "\\"b\\":\\"b\\":\\"b\\":\\"b\\":\\"b\\":", "b": 2}', "/b", '"b": 2'),  # more decoys than tries
    ('{"x": {"b": 1}, "\\u0062": 2}', "/b", '"\\u0062": 2'),  # escaped key, the text once, nested
    ('{"x": {"a/b": 1}, "a\\/b": 2}', "/a~1b", '"a\\/b": 2'),  # a solidus written as \\/, the text once, nested
    ('{"o": {"a": 1}, "p": {"b": 2}}', "/o/b", '{"a": 1}'),  # the text once, in another object only
    ('{"b": "b", "x": 1}', "/b", '"b": "b"'),  # the key's text again as a value after it
])
def test_a_key_is_located_where_it_is_a_member_not_where_its_text_occurs(text: str, pointer: str, expected: str) -> None:
    document = one(text, "json")
    key = pointer.rsplit("/", 1)[1].replace("~1", "/").replace("~0", "~")
    line, column = document.locate(pointer, key=True)
    assert text[column - 1:].startswith(expected), (column, text[column - 1:])
    if expected.startswith('"'):
        value = json.JSONDecoder().raw_decode(text, column - 1 + expected.index(":") + 2)[0]
        assert value == json.loads(text)[key]


def _escaped_solidus(text: str) -> str:
    """The same JSON with every solidus written as the escape ``\\/`` (what some writers do)."""
    return text.replace("/", "\\/")


@settings(deadline=None)
@given(body=st.dictionaries(json_keys | st.sampled_from(["a/b", "é"]), json_values, max_size=5),
       indent=st.sampled_from([None, 2]), ascii_only=st.booleans(), solidus=st.booleans())
def test_a_member_found_by_searching_its_key_is_where_the_member_walk_finds_it(
        body: dict, indent: int | None, ascii_only: bool, solidus: bool) -> None:
    """The locator finds a member the parsed value has by searching its key's text when that text
    occurs once; the walk over the members, which needs no value, must agree on every pointer."""
    from reqspec.reading.json_locator import JsonPositions

    text = json.dumps(body, indent=indent, ensure_ascii=ascii_only)
    if solidus:
        text = _escaped_solidus(text)
    value = json.loads(text)
    searched, walked = JsonPositions(text, 1, False, value), JsonPositions(text)
    for pointer, _, name in _pointers(value):
        assert searched.locate(pointer) == walked.locate(pointer)
        if name is not None:
            assert searched.locate(pointer, key=True) == walked.locate(pointer, key=True)
        assert searched.locate(pointer + "/missing") == walked.locate(pointer + "/missing")
