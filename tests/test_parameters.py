"""A function's parameters are checked as the JSON Schema they are: the generated validator agrees
with the jsonschema library on the emitted schema for bodies holding generated parameters and
their near misses at every depth; reqspec finds an error inside parameters exactly when the
metaschema refuses them (outside the decisions the rules page states); realistic schemas stay
clean; each rule is located exactly, by pointer and by line:column in JSON and in YAML."""

from __future__ import annotations

import copy
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from hypothesis import given, note, settings
from hypothesis import strategies as st

import reqspec
from reqspec.checks import KINDS
from reqspec.linter.engine import Settings, lint_paths
from reqspec.spec.loader import load_spec
from reqspec.strategies import Mutation, SpecStrategies

from .conftest import SCHEMA_PATH, SPEC_PATH
from .oracle import expected_findings, judge

HERE = Path(__file__).resolve().parent / "parameters"
SPEC = load_spec(SPEC_PATH)
STRATEGIES = SpecStrategies(SPEC)
SCHEMA_OBJECT = SPEC.objects["parameter_schema"]
JUDGE = judge(json.loads(SCHEMA_PATH.read_text(encoding="utf-8")))
WHERE = ("functions", 0, "parameters")
INSIDE = "/functions/0/parameters"
#: Errors reqspec gives inside parameters that the metaschema does not, as the rules page decides:
#: a $ref must resolve inside the parameters (a remote one cannot), and what holds anywhere in a
#: body holds there too (no secret, no NaN or Infinity, only JSON values, a depth limit).
BEYOND_THE_METASCHEMA = {"unresolved-ref", "secret", "non-finite", "not-json", "too-deep"}


def body_with(parameters: Any) -> dict[str, Any]:
    return {"model": "gpt-3.5-turbo-16k-0613", "messages": [{"role": "user", "content": "Plan my week"}],
            "functions": [{"name": "plan", "description": "Make a plan", "parameters": parameters}]}


FUNCTION = SPEC.objects["function"]
#: The function object's checks of its parameters (their $refs resolve), which generated
#: schemas are made to meet and near misses break.
ON_PARAMETERS = [check for check in FUNCTION.checks if check.level == "error" and check.kind == "refs_resolve"]


@st.composite
def parameters(draw: st.DrawFn) -> dict[str, Any]:
    """A generated schema, sometimes held a few levels down in properties and items (so near
    misses land deep), its $refs made to resolve as the function object's check asks."""
    schema = draw(STRATEGIES.object(SCHEMA_OBJECT))
    for _ in range(draw(st.integers(0, 3))):
        if draw(st.booleans()):
            schema = {"type": "object", "properties": {draw(st.sampled_from(["a", "type", "$ref"])): schema}}
        else:
            schema = {"type": "array", "items": schema}
    function = {"name": "plan", "parameters": schema}
    return STRATEGIES.repair(FUNCTION, function, draw)["parameters"]  # type: ignore[no-any-return]


@st.composite
def near_miss_parameters(draw: st.DrawFn) -> tuple[dict[str, Any], list[Mutation]]:
    """A generated schema with one to three of its constraints broken, each at any depth: a
    keyword's value, a schema position's, or a $ref made not to resolve."""
    schema = copy.deepcopy(draw(parameters()))
    done: list[Mutation] = []
    for _ in range(draw(st.integers(1, 3))):
        if draw(st.integers(0, 5)) == 0:
            check = draw(st.sampled_from(ON_PARAMETERS))
            function = {"name": "plan", "parameters": schema}
            at = KINDS[check.kind].break_(check, FUNCTION, function, draw, STRATEGIES)
            schema = function["parameters"]
            if at is not None:
                done.append(Mutation(check.id, "/functions/0" + "".join(f"/{step}" for step in at)))
            continue
        objtype, obj, path = draw(st.sampled_from(list(STRATEGIES.sites(SCHEMA_OBJECT, schema, WHERE))))
        mutation = draw(st.sampled_from(STRATEGIES.mutations(objtype)))
        result = mutation(obj, path, draw)
        if result is not None:
            done.append(result)
    return schema, done


def _ecma_patterns(node: Any) -> Any:
    """A metaschema with each ``pattern`` as ECMA-262 reads it (the dialect the metaschema is
    written in): a final ``$`` does not match before a trailing line feed, as Python's does."""
    if isinstance(node, dict):
        return {key: (value[:-1] + r"\Z" if key == "pattern" and isinstance(value, str) and value.endswith("$")
                      else _ecma_patterns(value)) for key, value in node.items()}
    if isinstance(node, list):
        return [_ecma_patterns(item) for item in node]
    return node


def _metaschema() -> jsonschema.Draft202012Validator:
    """What ``check_schema`` runs (the 2020-12 metaschema and its vocabularies, with a regex format
    checker), the patterns of every part read as ECMA-262 reads them."""
    import jsonschema_specifications
    from referencing import Registry, Resource

    folder = Path(jsonschema_specifications.__file__).parent / "schemas" / "draft202012"
    parts = [json.loads(path.read_text(encoding="utf-8"))
             for path in [folder / "metaschema.json", *sorted((folder / "vocabularies").iterdir())]]
    parts = [_ecma_patterns(part) for part in parts]
    registry: Registry[Any] = Registry().with_resources((part["$id"], Resource.from_contents(part)) for part in parts)
    return jsonschema.Draft202012Validator(parts[0], registry=registry, format_checker=jsonschema.FormatChecker(["regex"]))


METASCHEMA = _metaschema()


def metaschema_refuses(parameters: Any) -> bool:
    return next(METASCHEMA.iter_errors(parameters), None) is not None


def depth(pointer: str) -> int:
    """Schemas below the top one on the way to ``pointer`` (properties/x, items, ... each count)."""
    steps = pointer[len(INSIDE):].split("/")[1:]
    return sum(step in {"properties", "items", "$defs", "anyOf", "not", "additionalProperties"} for step in steps)


def test_generated_parameters_are_valid_for_both_judges() -> None:
    @given(parameters())
    def prop(schema: dict[str, Any]) -> None:
        body = body_with(schema)
        assert reqspec.validate(body) == [] and reqspec.is_valid(body)
        assert list(JUDGE.iter_errors(body)) == []
        assert not metaschema_refuses(schema)

    prop()


def test_near_misses_inside_parameters_agree_with_jsonschema_at_every_depth() -> None:
    depths: list[int] = []
    rules: set[str] = set()

    @settings(max_examples=300)
    @given(near_miss_parameters())
    def prop(drawn: tuple[dict[str, Any], list[Mutation]]) -> None:
        schema, mutations = drawn
        body = body_with(schema)
        note(f"mutations={mutations}")
        expected = expected_findings(JUDGE, body, SPEC)
        got = {(e.pointer, e.keyword) for e in reqspec.validate(body)}
        assert got == expected
        assert reqspec.is_valid(body) == (not expected)
        depths.extend(depth(m.pointer) for m in mutations)
        rules.update(m.rule for m in mutations)

    prop()
    assert max(depths) >= 2  # near misses below nested schemas, not only at the top
    # wrong keyword shapes, non-schemas at schema positions, repeats, bad $refs, bad patterns
    # (each rule is also broken on purpose, and located, in test_each_rule_is_located_by_pointer_and_line_column)
    assert "type" in rules and len(rules) >= 6, rules


def test_an_error_inside_parameters_exactly_when_the_metaschema_refuses_them() -> None:
    seen = {True: 0, False: 0}

    @settings(max_examples=300)
    @given(st.one_of(parameters().map(lambda s: (s, [])), near_miss_parameters()))
    def prop(drawn: tuple[dict[str, Any], list[Mutation]]) -> None:
        schema, mutations = drawn
        note(f"mutations={mutations}")
        inside = [e for e in reqspec.validate(body_with(schema)) if e.pointer == INSIDE or e.pointer.startswith(INSIDE + "/")]
        strict = [e for e in inside if e.rule not in BEYOND_THE_METASCHEMA]
        refused = metaschema_refuses(schema)
        # An error the metaschema also gives means it refuses; and when it refuses, reqspec finds an
        # error there (NaN where a number goes is non-finite to reqspec, a wrong type to it).
        # (The metaschema is read as check_schema reads it, with ECMA-262 patterns.)
        assert (not strict or refused) and (not refused or inside), inside
        seen[refused] += 1

    prop()
    assert seen[True] and seen[False]


@pytest.mark.parametrize("parameters, rule", [
    (True, "type"),  # the top level is an object, not a boolean schema
    ({"type": "object", "properties": {"a": {"$ref": "https://example.com/a.json"}}}, "unresolved-ref"),
    ({"type": "object", "properties": {"a": {"$ref": "#/$defs/missing"}}}, "unresolved-ref"),
])
def test_the_decisions_beyond_the_metaschema(parameters: Any, rule: str) -> None:
    assert not metaschema_refuses(parameters)
    assert [e.rule for e in reqspec.validate(body_with(parameters))] == [rule]


@pytest.mark.parametrize("path", sorted((HERE / "valid").glob("*.json")), ids=lambda p: p.stem)
def test_realistic_parameter_schemas_get_no_error_and_no_warning(path: Path) -> None:
    schema = json.loads(path.read_text(encoding="utf-8"))
    assert not metaschema_refuses(schema)
    assert reqspec.lint(body_with(schema)) == []
    assert list(JUDGE.iter_errors(body_with(schema))) == []


def test_the_realistic_schemas_cover_what_real_functions_use() -> None:
    text = "".join(p.read_text(encoding="utf-8") for p in (HERE / "valid").glob("*.json"))
    for keyword in ('"$defs"', '"$ref"', '"anyOf"', '"enum"', '"additionalProperties": false', '"items"', '"description"'):
        assert keyword in text
    widest = max(len(json.loads(p.read_text())["properties"]) for p in (HERE / "valid").glob("*.json"))
    assert widest >= 200


#: Each mistake in tests/parameters/located/mistakes.{json,yaml}: its pointer, rule, and the text
#: its line:column points at in the JSON and in the YAML file.
LOCATED = [
    ("/properties/city/type", "enum", '"strin"', "strin"),
    ("/properties/city/descripton", "unknown-keyword", '"descripton"', "descripton"),
    ("/properties/unit/enum", "type", '"c"', "c"),
    ("/properties/days/default", "value-type", '"3"', '"3"'),
    ("/properties/days/nullable", "nullable-keyword", '"nullable"', "nullable"),
    ("/properties/tags/items/type/1", "unique-items", '"string"', "string"),
    ("/properties/code/pattern", "regex", '"(a"', "(a"),
    ("/properties/step/multipleOf", "exclusive-minimum", "0", "0"),
    ("/properties/where/$ref", "unresolved-ref", '"#/$defs/place"', '"#/$defs/place"'),
    ("/properties/extra/properties", "type", "[]", "[]"),
    ("/properties/extra/required/1", "unique-items", '"a"', "a"),
    ("/properties/type/enum/1", "value-type", "1", "1"),
    ("/properties/map/properties/k", "type", "5", "5"),
    ("/properties/map/patternProperties/[b-a]", "regex", '"[b-a]"', '"[b-a]"'),
    ("/properties/any/anyOf", "min-items", "[]", "[]"),
    ("/properties/short/minLength", "minimum", "-1", "-1"),
    ("/properties/remote/$ref", "unresolved-ref", '"https://', "https://"),
    ("/required/0", "required-undeclared", '"town"', "town"),
    # (other functions: pointers from the body)
    ("/functions/1/parameters", "parameters-without-properties", '{"type"', "type: object"),
    ("/functions/2/parameters", "type", "true", "true"),
]


def _full(pointer: str) -> str:
    return pointer if pointer.startswith("/functions/") else INSIDE + pointer


@pytest.mark.parametrize("suffix", ["json", "yaml"])
def test_each_rule_is_located_by_pointer_and_line_column(suffix: str) -> None:
    path = HERE / "located" / f"mistakes.{suffix}"
    lines = path.read_text(encoding="utf-8").splitlines()
    run = lint_paths([str(path)], Settings())
    findings = [f for result in run.results() for f in result.findings]
    assert [(f.pointer, f.rule) for f in findings] == [(_full(pointer), rule) for pointer, rule, _, _ in LOCATED]
    for finding, (_, _, in_json, in_yaml) in zip(findings, LOCATED):
        at = lines[finding.line - 1][finding.column - 1:]
        assert at.startswith(in_json if suffix == "json" else in_yaml), (finding, at)


def test_an_object_schema_without_properties_is_warned_about_at_the_parameters() -> None:
    body = body_with({"type": "object"})
    assert [(e.pointer, e.rule, e.severity) for e in reqspec.lint(body)] == \
        [(INSIDE, "parameters-without-properties", "warning")]
    assert reqspec.validate(body) == []


def test_a_pattern_re_warns_about_is_checked_without_a_warning_printed_or_raised() -> None:
    """``re`` warns of a possible nested set in ``[[:alpha:]]`` while compiling it: the body is
    still judged (the pattern compiles), with nothing printed, even where warnings are errors."""
    code = ("import reqspec\n"
            f"body = {body_with({'type': 'object', 'properties': {'a': {'type': 'string', 'pattern': '[[:alpha:]]'}}})!r}\n"
            "assert reqspec.validate(body) == [] and reqspec.is_valid(body)\n"
            "print('ok')\n")
    for flags in ([], ["-W", "error"]):
        run = subprocess.run([sys.executable, *flags, "-c", code], capture_output=True, text=True, timeout=60)
        assert (run.returncode, run.stdout, run.stderr) == (0, "ok\n", ""), flags
