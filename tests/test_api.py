"""The public API: what validate, is_valid, check and lint promise."""

from __future__ import annotations

import dataclasses
import json

import jsonschema
import pytest

import reqspec

from .conftest import ROOT

PAYLOADS = ROOT / "benchmarks" / "payloads"
BASE = {"model": "gpt-3.5-turbo", "messages": [{"role": "user", "content": "Hi"}]}


def body(**members):
    out = json.loads(json.dumps(BASE))
    out.update(members)
    return out


def rules(b):
    return [(e.pointer, e.rule) for e in reqspec.validate(b)]


def test_a_valid_body_has_no_errors():
    assert reqspec.validate(BASE) == []
    assert reqspec.is_valid(BASE)
    reqspec.check(BASE)


def test_check_raises_holding_every_error():
    bad = body(temperature=3, n=2)
    with pytest.raises(reqspec.InvalidRequestError) as err:
        reqspec.check(bad)
    assert [e.rule for e in err.value.errors] == ["maximum", "excluded-field"]
    assert "2 error(s)" in str(err.value)


def test_error_is_a_frozen_dataclass_with_the_promised_fields():
    error = reqspec.validate(body(temperature=3))[0]
    assert dataclasses.is_dataclass(error)
    assert [f.name for f in dataclasses.fields(error)] == ["pointer", "rule", "keyword", "message", "severity"]
    with pytest.raises(dataclasses.FrozenInstanceError):
        error.rule = "x"  # type: ignore[misc]
    assert (error.pointer, error.rule, error.keyword, error.severity) == ("/temperature", "maximum", "maximum", "error")


def test_errors_come_in_document_order():
    bad = {"n": 1, "messages": [{"role": "x", "content": 5}], "temperature": 9, "user": 5}
    assert [e.pointer for e in reqspec.validate(bad)] == [
        "", "/n", "/messages/0/role", "/messages/0/content", "/temperature", "/user"]


def test_booleans_are_never_numbers():
    assert rules(body(temperature=True)) == [("/temperature", "type")]
    assert rules(body(max_tokens=False)) == [("/max_tokens", "type")]


def test_an_integer_valued_float_is_an_integer():
    assert reqspec.validate(body(max_tokens=256.0)) == []
    assert rules(body(max_tokens=256.5)) == [("/max_tokens", "type")]


@pytest.mark.parametrize("value", [float("nan"), float("inf"), float("-inf")])
@pytest.mark.parametrize("field", ["temperature", "top_p", "max_tokens", "presence_penalty", "frequency_penalty"])
def test_nan_and_infinity_are_errors_in_every_numeric_field(field, value):
    assert rules(body(**{field: value})) == [(f"/{field}", "non-finite")]
    assert not reqspec.is_valid(body(**{field: value}))


def test_nan_inside_free_form_parameters_is_an_error():
    functions = [{"name": "f", "description": "d", "parameters": {"type": "object", "x": [1, float("nan")]}}]
    assert rules(body(functions=functions, function_call="auto")) == [("/functions/0/parameters/x/1", "non-finite")]


def test_a_name_with_a_trailing_newline_is_rejected_by_both_sides(schema):
    """Python's `$` matches before a final newline; the emitted pattern does not let it."""
    bad = body(functions=[{"name": "get_weather\n", "description": "d"}])
    assert rules(bad) == [("/functions/0/name", "pattern")]
    errors = list(jsonschema.Draft202012Validator(schema).iter_errors(bad))
    assert [(list(e.absolute_path), e.validator) for e in errors] == [(["functions", 0, "name"], "pattern")]
    assert reqspec.validate(body(functions=[{"name": "get_weather", "description": "d"}])) == []


def test_unknown_key_suggests_the_closest_known_name():
    (error,) = reqspec.validate(body(temprature=1))
    assert error.pointer == "/temprature" and 'did you mean "temperature"' in error.message


def test_pointer_escapes_tilde_and_slash():
    (error,) = reqspec.validate(body(**{"a/b~c": 1}))
    assert error.pointer == "/a~1b~0c"


def test_secret_values_never_appear_in_messages():
    key = "sk" + "-proj-" + "Zq9" * 10
    found = reqspec.validate(body(apiKey=key, user=key, model=key))
    assert {(e.pointer, e.rule) for e in found} >= {("/apiKey", "excluded-field"), ("/apiKey", "secret"),
                                                   ("/user", "secret"), ("/model", "secret")}
    assert all(key not in e.message and "Zq9Zq9" not in e.message for e in found)


def test_messages_quote_at_most_about_forty_characters():
    (error,) = reqspec.validate(body(model=5, messages=[{"role": "x" * 500, "content": "c"}]))[1:]
    assert len(error.message) < 120 and "..." in error.message


def test_is_valid_agrees_with_validate_on_the_benchmark_payloads():
    for path in sorted(PAYLOADS.glob("*.json")):
        payload = json.loads(path.read_text())
        assert reqspec.is_valid(payload) == (reqspec.validate(payload) == []), path.name


def test_invalid_payload_gets_every_error_at_once():
    payload = json.loads((PAYLOADS / "invalid.json").read_text())
    assert rules(payload) == [("/temperature", "maximum"), ("/stop", "max-items"), ("/n", "excluded-field")]


def test_the_typical_payload_is_valid():
    assert reqspec.lint(json.loads((PAYLOADS / "typical.json").read_text())) == []


def test_lint_adds_warnings_to_errors():
    found = reqspec.lint(body(model="gpt-5", temperature=0.5, top_p=0.5, n=2))
    assert [(e.rule, e.severity) for e in found] == [
        ("unknown-model", "warning"), ("temperature-and-top-p", "warning"), ("excluded-field", "error")]


def test_rules_table_lists_every_rule_with_keyword_and_severity(spec):
    assert set(reqspec.RULES) == set(spec.rule_ids())
    assert reqspec.RULES["function-call-undeclared"] == (None, "error")
    assert reqspec.RULES["unknown-model"] == (None, "warning")
