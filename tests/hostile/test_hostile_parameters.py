"""Function parameters built to hurt: nesting past the depth limit, a 100,000-item enum, a $ref chain
of 10,000 links, a schema that refers to itself, a pathological pattern, and property names that
look like keywords. Each gets the right findings, in the API (within 2 s of CPU time) and through
``reqspec lint`` under a memory limit, with no traceback."""

from __future__ import annotations

import json
import time
import tracemalloc
from pathlib import Path
from typing import Any

import pytest

import reqspec
from reqspec.spec.loader import load_spec

from ..conftest import SPEC_PATH
from .helpers import assert_sane, findings, lint, position

INSIDE = "/functions/0/parameters"
MAX_DEPTH = load_spec(SPEC_PATH).max_depth


def body_with(parameters: Any) -> dict[str, Any]:
    return {"model": "gpt-4-32k", "messages": [{"role": "user", "content": "Go"}],
            "functions": [{"name": "go", "description": "Go somewhere", "parameters": parameters}]}


@pytest.fixture(autouse=True)
def no_tokenizer() -> Any:
    """No token counting: loading a tokenizer is not the check being timed."""
    reqspec.set_token_counter(None)
    yield
    reqspec.set_token_counter("auto")


def timed(body: dict[str, Any]) -> list[tuple[str, str]]:
    """(pointer, rule) of every finding, warnings included (but the context length, which bodies
    this large do overflow), checked to take under 2 s of CPU time."""
    started = time.process_time()
    found = [(e.pointer, e.rule) for e in reqspec.lint(body) if e.rule != "context-length"]
    assert time.process_time() - started < 2
    return found


def linted(tmp_path: Path, body: dict[str, Any]) -> tuple[str, list[tuple[int, int, str, str]]]:
    path = tmp_path / "body.json"
    text = json.dumps(body, indent=1)
    path.write_text(text, encoding="utf-8")
    run = lint("--format", "json", "--ignore", "context-length", path)
    assert_sane(run, seconds=30)
    return text, findings(run)


def nested(levels: int) -> dict[str, Any]:
    schema: dict[str, Any] = {"type": "string"}
    for _ in range(levels):
        schema = {"type": "object", "properties": {"a": schema}}
    return schema


def test_parameters_nested_past_the_depth_limit_are_too_deep_where_the_limit_is(tmp_path: Path) -> None:
    # /functions/0/parameters is 3 levels down; each level adds the map ``properties``, then the
    # schema ``a``: the first container at the limit is reported, map or schema.
    steps = ["properties", "a"] * 1000
    expected = [(INSIDE + "".join("/" + s for s in steps[:MAX_DEPTH - 3]), "too-deep")]
    assert timed(body_with(nested(1000))) == expected
    levels = (MAX_DEPTH - 4) // 2  # the deepest schema above the limit: 3 + 2 * levels < MAX_DEPTH
    assert timed(body_with(nested(levels))) == []  # the deepest object followed is checked
    assert [rule for _, rule in timed(body_with(nested(levels + 1)))] == ["too-deep"]
    # In a file, the reader counts every array and object (128 levels of nesting) and refuses the
    # document at the bracket past the limit, before any check.
    text, found = linted(tmp_path, body_with(nested(400)))
    assert [rule for *_, rule in found] == ["too-deep"]
    line, column = found[0][:2]
    assert text.splitlines()[line - 1][column - 1] in "{["


def test_a_100000_item_enum_is_checked_in_linear_time_and_bounded_memory(tmp_path: Path) -> None:
    values: list[Any] = [f"v{i}" for i in range(100_000)] + [5]
    body = body_with({"type": "object", "properties": {"code": {"type": "string", "enum": values}}})
    tracemalloc.start()
    try:
        found = timed(body)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert found == [(INSIDE + "/properties/code/enum/100000", "value-type")]
    assert peak < 32 << 20
    text, found_in_file = linted(tmp_path, body)
    assert found_in_file == [(*position(text, "5\n"), INSIDE + "/properties/code/enum/100000", "value-type")]


def chain(links: int, last: dict[str, Any]) -> dict[str, Any]:
    defs: dict[str, Any] = {f"d{i}": {"$ref": f"#/$defs/d{i + 1}"} for i in range(links - 1)}
    defs[f"d{links - 1}"] = last
    return {"type": "object", "properties": {"x": {"$ref": "#/$defs/d0"}}, "$defs": defs}


def test_a_ref_chain_of_10000_links_resolves_and_a_broken_last_link_is_found(tmp_path: Path) -> None:
    assert timed(body_with(chain(10_000, {"type": "string"}))) == []
    broken = body_with(chain(10_000, {"$ref": "#/$defs/gone"}))
    assert timed(broken) == [(INSIDE + "/$defs/d9999/$ref", "unresolved-ref")]
    text, found = linted(tmp_path, broken)
    assert found == [(*position(text, '"#/$defs/gone"'), INSIDE + "/$defs/d9999/$ref", "unresolved-ref")]


@pytest.mark.parametrize("parameters", [
    {"$ref": "#"},
    {"type": "object", "properties": {"next": {"$ref": "#"}, "tree": {"$ref": "#/properties/next"}}},
    {"type": "object", "properties": {"x": {"$ref": "#node"}}, "$defs": {"n": {"$anchor": "node", "items": {"$ref": "#node"}}}},
])
def test_schemas_that_refer_to_themselves_are_valid(parameters: dict[str, Any]) -> None:
    assert [rule for _, rule in timed(body_with(parameters)) if rule != "parameters-type"] == []
    assert reqspec.validate(body_with(parameters)) == []


def test_a_pathological_pattern_is_compiled_never_run(tmp_path: Path) -> None:
    body = body_with({"type": "object", "properties": {"s": {"type": "string", "pattern": "(a+)+$",
                                                             "default": "a" * 40 + "!"}}})
    assert timed(body) == []
    assert linted(tmp_path, body)[1] == []


def test_property_names_that_look_like_keywords_are_names(tmp_path: Path) -> None:
    body = body_with({"type": "object",
                      "properties": {"type": {"type": "string"}, "properties": {"type": "object", "properties": {}},
                                     "nullable": {"type": "boolean"}, "$ref": {"type": "string"},
                                     "descripton": {"type": "string"}, "enum": {"type": "array", "items": {"type": "string"}}},
                      "required": ["type", "$ref", "nullable", "enum"],
                      "$defs": {"nullable": {"type": "string"}, "$ref": {"type": "string"}}})
    assert timed(body) == []
    assert linted(tmp_path, body)[1] == []


def test_a_schema_wider_than_the_budget_read_from_a_file_is_checked_whole(tmp_path: Path) -> None:
    """A body read from JSON text shares no container, so the budget that stops a Python body
    holding one dict at many places grows with the text: 120,000 properties are checked, and
    one broken among them is found."""
    properties: dict[str, Any] = {f"p{i}": {"type": "string"} for i in range(120_000)}
    _, found = linted(tmp_path, body_with({"type": "object", "properties": properties}))
    assert found == []
    properties["p119999"] = {"type": "strin"}
    _, found = linted(tmp_path, body_with({"type": "object", "properties": properties}))
    assert [(pointer, rule) for *_, pointer, rule in found] == [(INSIDE + "/properties/p119999/type", "enum")]
