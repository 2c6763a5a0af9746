"""Recursive objects, through the tree spec (``tests/specs/tree_request.yaml``): nodes hold nodes
through an optional member, an array's items, a map's values and another object's other keys.

The agreement with jsonschema is proven in ``test_agreement.py``; here, what only the validator
does: warnings wherever an object is reached, the depth limit, a Python body that holds itself or
repeats shared containers, and what the loader refuses."""

from __future__ import annotations

import time
import types
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reqspec.spec import model as m
from reqspec.spec.checker import SpecError
from reqspec.spec.loader import load_spec, load_spec_text
from reqspec.strategies import SpecStrategies

from .user_specs import USER_SPECS, generate, load_module

TREE = USER_SPECS["tree_request"]


@pytest.fixture(scope="module")
def tree_spec() -> m.Spec:
    return load_spec(TREE)


@pytest.fixture(scope="module")
def tree(tmp_path_factory: pytest.TempPathFactory) -> types.ModuleType:
    out = tmp_path_factory.mktemp("tree")
    generate(TREE, out)
    return load_module(out / "tree_request_validator.py")


def found(errors: list[Any]) -> list[tuple[str, str]]:
    return [(e.pointer, e.rule) for e in errors]


def test_the_tree_is_recursive_through_its_node(tree_spec: m.Spec) -> None:
    assert tree_spec.recursive() == {"node"}
    assert tree_spec.component("node") == {"node"} and tree_spec.component("leaf") == frozenset()


def test_lint_reports_warnings_of_objects_in_map_values_arrays_of_arrays_and_other_keys(tree: types.ModuleType) -> None:
    body = {"name": "t", "root": {"value": 1, "children": [{"children": [{}]}]},
            "index": {"a": {}}, "layers": [[{"weight": 0.5}], [{"weight": 1, "note": "n"}, {"weight": 0}]],
            "attributes": {"other": {"next": {}}}}
    assert found(tree.lint(body)) == [
        ("/root/children/0", "node-without-value"), ("/root/children/0/children/0", "node-without-value"),
        ("/index/a", "node-without-value"), ("/layers/0/0", "leaf-without-note"), ("/layers/1/1", "leaf-without-note"),
        ("/attributes/other", "node-without-value"), ("/attributes/other/next", "node-without-value"),
    ]
    assert tree.validate(body) == []


def test_an_object_at_the_depth_limit_is_too_deep_and_not_entered(tree: types.ModuleType, tree_spec: m.Spec) -> None:
    def chain(levels: int) -> dict[str, Any]:
        node: dict[str, Any] = {"value": -1}
        for _ in range(levels):
            node = {"value": 1, "next": node}
        return node

    limit = tree_spec.max_depth  # the root node is one level down: its n-th next is n + 1 down
    fits = {"name": "t", "root": chain(limit - 2)}
    assert found(tree.validate(fits)) == [("/root" + "/next" * (limit - 2) + "/value", "minimum")]
    deep = {"name": "t", "root": chain(limit - 1)}
    assert found(tree.validate(deep)) == [("/root" + "/next" * (limit - 1), "too-deep")]
    assert tree.is_valid(deep) is False
    very_deep = {"name": "t", "root": chain(5_000)}  # no RecursionError, whatever the body's depth
    assert found(tree.validate(very_deep)) == [("/root" + "/next" * (limit - 1), "too-deep")]
    assert tree.is_valid(very_deep) is False and [e.rule for e in tree.lint(very_deep)] == ["too-deep"]


def test_a_node_that_holds_itself_is_not_json(tree: types.ModuleType) -> None:
    node: dict[str, Any] = {"value": 1}
    node["children"] = [node]
    body = {"name": "t", "root": node, "index": {"a": node}}
    assert found(tree.validate(body)) == [("/root", "not-json"), ("/index/a", "not-json")]
    assert "holds itself" in tree.validate(body)[0].message
    assert tree.is_valid(body) is False
    branching: dict[str, Any] = {"value": 1, "children": []}
    branching["children"] += [branching, branching]  # past the budget before the depth limit
    assert found(tree.validate({"name": "t", "root": {"next": branching}})) == [("/root/next", "not-json")]
    assert "holds itself" in tree.validate({"name": "t", "root": {"next": branching}})[0].message


def test_shared_nodes_standing_for_a_billion_places_are_refused_once_where_they_start(tree: types.ModuleType) -> None:
    node: dict[str, Any] = {"value": -1}  # a minimum error at each of its places
    for _ in range(30):  # 2**30 places, 31 dicts
        node = {"children": [node, node]}
    started = time.monotonic()
    errors = tree.validate({"name": "t", "root": node, "index": {"a": node}})
    assert found(errors) == [("/root", "not-json"), ("/index/a", "not-json")]
    assert "more than 100000 nested objects" in errors[0].message
    assert tree.is_valid({"name": "t", "root": node}) is False
    capped = tree.lint_first({"name": "t", "root": node}, 3)
    assert [(e.pointer, e.rule) for e in capped[0]] == [("/root", "not-json")] and capped[1:] == (0, 0)
    assert time.monotonic() - started < 10  # a hang guard: milliseconds when idle
    few: dict[str, Any] = {"value": 1}
    for _ in range(5):  # 2**5 places: checked place by place, as json would send them
        few = {"children": [few, few]}
    assert tree.validate({"name": "t", "root": few}) == []


def test_strategies_build_nested_trees_by_construction(tree_spec: m.Spec) -> None:
    depths: list[int] = []

    def depth(value: Any) -> int:
        if isinstance(value, dict):
            return 1 + max((depth(v) for v in value.values()), default=0)
        if isinstance(value, list):
            return 1 + max((depth(v) for v in value), default=0)
        return 0

    @settings(max_examples=200)
    @given(SpecStrategies(tree_spec).valid_bodies())
    def prop(body: dict[str, Any]) -> None:
        depths.append(depth(body["root"]))

    prop()
    assert max(depths) >= 4


def _changed(old: str, new: str) -> str:
    text = Path(TREE).read_text(encoding="utf-8")
    assert old in text
    return text.replace(old, new, 1)


def test_a_recursive_spec_follows_at_most_256_levels() -> None:
    with pytest.raises(SpecError, match="max_depth is at most 256") as error:
        load_spec_text(_changed("max_depth: 40", "max_depth: 300"), "tree.yaml")
    assert error.value.line == 13


def test_a_recursive_spec_declares_the_shared_phrase() -> None:
    with pytest.raises(SpecError, match="'shared'"):
        load_spec_text(_changed("  shared: 'more than {count} nested objects to check (a shared container counts at each place it is in)'\n", ""), "tree.yaml")


def test_an_object_taking_other_keys_names_no_excluded_keys() -> None:
    text = _changed("    other_keys:\n", "    excluded:\n      secret_key:\n        reason: never\n        source: rules\n"
                                         "    other_keys:\n")
    with pytest.raises(SpecError, match="names no excluded or newer keys"):
        load_spec_text(text, "tree.yaml")


def test_alternatives_of_one_json_type_are_refused_wherever_they_appear() -> None:
    text = _changed("        - type: string\n          maxLength: 10\n",
                    "        - type: string\n          maxLength: 10\n        - type: string\n")
    with pytest.raises(SpecError, match="different JSON types"):
        load_spec_text(text, "tree.yaml")


@given(st.integers(0, 2))
def test_each_form_of_reference_is_a_recursive_type(which: int) -> None:
    """Nodes reach nodes by a member, an array's items or a map's values: each alone is a cycle."""
    forms = ["        ref: node\n", "        type: array\n        items: {ref: node}\n",
             "        type: map\n        values: {ref: node}\n"]
    text = _changed("      next:\n        ref: node\n", "      next:\n" + forms[which])
    text = text.replace("      children:\n        type: array\n        items: {ref: node}\n",
                        "      children:\n        type: array\n        items: {ref: leaf}\n")
    spec = load_spec_text(text, "tree.yaml")
    assert spec.recursive() == {"node"}
