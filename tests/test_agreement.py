"""The generated validator and the JSON Schema (judged by jsonschema) agree, body by body, for
every spec: the built-in one (the package's validator), and two written in the same language and
generated as a user would (``reqspec generate --spec --out``, standalone validators): the
embeddings request body, and a tree of nodes (recursive objects, alternatives in arrays, map
values of objects, arrays of arrays, an object taking other keys)."""

from __future__ import annotations

import json
import types
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from hypothesis import given, note
from hypothesis import strategies as st

import reqspec
from reqspec.spec import model as m
from reqspec.spec.loader import load_spec
from reqspec.strategies import SpecStrategies, json_values

from .conftest import SCHEMA_PATH, SPEC_PATH
from .oracle import expected_findings, judge, too_deep_pointers
from .user_specs import USER_SPECS, generate, load_module

SPECS = {"chat_completion_request": SPEC_PATH, **USER_SPECS}
#: The other kinds of document of the built-in spec: a Batch API line, a fine-tuning example.
KINDS = ("batch", "finetune")


@dataclass(frozen=True)
class Case:
    spec: m.Spec
    validator: Any  # the module: validate, is_valid, lint
    judge: jsonschema.Draft202012Validator
    strategies: SpecStrategies


@pytest.fixture(scope="module", params=list(SPECS) + [f"chat_completion_request:{kind}" for kind in KINDS])
def case(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Case:
    return _build_case(request.param, tmp_path_factory)


def _build_case(param: str, tmp_path_factory: pytest.TempPathFactory) -> Case:
    """The spec named ``param`` (``name`` or ``name:kind``), its validator, judge and strategies."""
    name, _, kind = param.partition(":")
    if kind:  # the same spec, another root: its own schema file and entry points
        spec = load_spec(SPEC_PATH).as_root(kind)
        schema = json.loads(Path(SCHEMA_PATH).with_name(f"{spec.id}.{kind}.schema.json").read_text(encoding="utf-8"))
        jsonschema.Draft202012Validator.check_schema(schema)
        entry = types.SimpleNamespace(**{f: getattr(reqspec, f"{f}_{kind}") for f in ("validate", "is_valid", "lint")})
        return Case(spec, entry, judge(schema), SpecStrategies(spec))
    spec = load_spec(SPECS[name])
    if name == "chat_completion_request":
        validator: types.ModuleType = reqspec  # type: ignore[assignment]
        schema_path = SCHEMA_PATH
    else:
        out = tmp_path_factory.mktemp(name)
        generate(SPECS[name], out)
        validator = load_module(out / f"{spec.id}_validator.py")
        schema_path = out / f"{spec.id}.schema.json"
    schema = json.loads(Path(schema_path).read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    return Case(spec, validator, judge(schema), SpecStrategies(spec))


def assert_agree(case: Case, body: Any) -> None:
    expected = expected_findings(case.judge, body, case.spec)
    got = {(e.pointer, e.keyword) for e in case.validator.validate(body)}
    note(f"expected={sorted(expected, key=str)} got={sorted(got, key=str)}")
    assert got == expected
    assert case.validator.is_valid(body) == (not expected)


def test_the_oracle_knows_every_semantic_check(case: Case) -> None:
    """The oracle reimplements member_of and refs_resolve, and nothing else: a spec with another
    semantic check needs the oracle taught first."""
    for _, check in case.spec.checks():
        if check.semantic:
            assert check.kind in ("member_of", "refs_resolve"), check.id


def test_valid_bodies_are_valid_for_both(case: Case) -> None:
    @given(case.strategies.valid_bodies())
    def prop(body: Any) -> None:
        assert list(case.judge.iter_errors(body)) == []
        assert case.validator.validate(body) == []
        assert case.validator.is_valid(body)

    prop()


def test_near_misses_get_the_same_verdict_and_pointers(case: Case) -> None:
    @given(case.strategies.invalid_bodies())
    def prop(mutated: Any) -> None:
        body, mutations = mutated
        note(f"mutations={mutations}")
        assert_agree(case, body)

    prop()


def test_each_mutation_is_reported_where_it_was_aimed(case: Case) -> None:
    """A single mutation is found at its pointer, or below it (a bad key inside a map)."""

    @given(case.strategies.invalid_bodies(max_mutations=1))
    def prop(mutated: Any) -> None:
        body, mutations = mutated
        pointers = {e.pointer for e in case.validator.validate(body)}
        for mutation in mutations:
            assert any(p == mutation.pointer or p.startswith(mutation.pointer + "/") for p in pointers), mutation

    prop()


def test_arbitrary_json_values_never_raise_and_agree(case: Case) -> None:
    @given(json_values(20))
    def prop(body: Any) -> None:
        assert_agree(case, body)

    prop()


def test_arbitrary_objects_with_the_specs_keys_agree(case: Case) -> None:
    root = case.spec.root_object
    names = [f.name for f in root.fields] + [x.name for x in root.excluded]
    keys = st.sampled_from(names + [name[:-1] for name in names] + ["x"])

    @given(st.dictionaries(keys, json_values(8), max_size=6))
    def prop(body: Any) -> None:
        assert_agree(case, body)

    prop()


def _chain(key: str, links: int, end: Any) -> Any:
    """``end`` held ``links`` levels down a chain of objects under ``key``."""
    for _ in range(links):
        end = {key: end}
    return end


#: Per spec, where a chain of objects starts, the key it follows, and the ends to put at its foot:
#: containers of each kind a body can hold at any depth (an object, an array, a map, an array of
#: arrays, an object where a number or a string is expected, an unknown key's object, and
#: containers whose contents break rules of their own).
DEPTH_ENDS: dict[str, tuple[Any, str, list[Any]]] = {
    "tree_request": (
        lambda chain: {"name": "t", "root": chain}, "next",
        [{"children": []}, {"leaf": {"weight": 0}}, {"leaf": {}}, {"children": [{}, {}, {}, {}]},
         {"value": []}, {"next": []}, {"leaf": [1]}, {"data": [[]]}, {"zzz": {}}, {"children": [{"leaf": []}]},
         {"children": [{"leaf": {"weight": 2}}]}]),
    "chat_completion_request": (
        lambda chain: {"model": "gpt-4", "messages": [{"role": "user", "content": "x"}],
                       "functions": [{"name": "f", "parameters": {"type": "object", "properties": {}, "not": chain}}]},
        "not",
        [{"required": []}, {"required": ["a", "a"]}, {"enum": []}, {"properties": {}}, {"properties": {"a": []}},
         {"allOf": [{}]}, {"allOf": [[]]}, {"examples": [[]]}, {"default": {}}, {"type": ["string"]},
         {"required": "x"}, {"not": []}, {"minimum": {}}, {"$defs": {"a": {"type": "strin"}}}, {"nullable": {}}]),
}


@pytest.mark.parametrize("name", sorted(DEPTH_ENDS))
def test_containers_at_the_depth_limit_agree(name: str, tmp_path_factory: pytest.TempPathFactory) -> None:
    """A container at the depth limit or past it is reported too deep, whatever the type expected
    there and whatever it holds, by the validator and the oracle alike; one level above the limit
    it is checked as usual."""
    import sys
    import threading

    case = _build_case(name, tmp_path_factory)
    wrap, key, ends = DEPTH_ENDS[name]
    failures: list[BaseException] = []

    def run() -> None:  # the jsonschema library recurses per level of the body
        try:
            for end in ends:
                for links in range(case.spec.max_depth - 6, case.spec.max_depth - 1):
                    body = wrap(_chain(key, links, end))
                    expected = expected_findings(case.judge, body, case.spec)
                    assert {(e.pointer, e.keyword) for e in case.validator.validate(body)} == expected, (end, links)
                    assert case.validator.is_valid(body) == (not expected), (end, links)
                    assert any(e.rule == "too-deep" for e in case.validator.validate(body)) == bool(
                        too_deep_pointers(body, case.spec.max_depth)), (end, links)
        except BaseException as failure:  # handed to the test's thread
            failures.append(failure)

    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(100_000)
    size = threading.stack_size(512 * 1024 * 1024)
    try:
        worker = threading.Thread(target=run)
        worker.start()
        worker.join()
    finally:
        threading.stack_size(size)
        sys.setrecursionlimit(limit)
    if failures:
        raise failures[0]
