"""A Python body is judged as the JSON text the json module would send for it: integer keys are
their decimal strings and tuples are arrays; what json refuses, or writes as something that is
not JSON, stays an error at its pointer."""

from __future__ import annotations

import json
import math

import pytest
from hypothesis import given, note
from hypothesis import strategies as st

import reqspec
from reqspec.strategies import SpecStrategies, python_forms

from .oracle import expected_findings
from .oracle import judge as schema_judge

MESSAGES = [{"role": "user", "content": "Hi"}]


def body(**members):
    return {"model": "gpt-4", "messages": MESSAGES, **members}


def found(value):
    return [(e.pointer, e.rule) for e in reqspec.validate(value)]


def test_integer_token_ids_are_their_decimal_strings():
    assert reqspec.validate(body(logit_bias={50256: -100, 1: 5})) == []
    assert reqspec.is_valid(body(logit_bias={50256: -100}))
    assert found(body(logit_bias={50256: 101})) == [("/logit_bias/50256", "maximum")]
    assert found(body(logit_bias={100258: 1})) == [("/logit_bias/100258", "token-id")]
    assert found(body(logit_bias={-1: 1})) == [("/logit_bias/-1", "token-id")]


def test_tuples_are_arrays():
    assert reqspec.validate(body(messages=({"role": "user", "content": "Hi"},), stop=("a", "b"))) == []
    assert found(body(stop=("a",) * 5)) == [("/stop", "max-items")]
    assert found(body(stop=("a", 3))) == [("/stop/1", "type")]
    assert found(body(messages=())) == [("/messages", "min-items")]
    assert reqspec.validate(body(functions=({"name": "f", "parameters": {"type": "object", "required": ("a",)}},))) == []


def test_an_integer_key_where_a_name_belongs_is_that_name():
    assert found({**body(), 5: 1}) == [("/5", "unknown-field")]


def test_a_whole_body_as_a_tuple_is_an_array():
    assert found(({"model": "gpt-4"},)) == [("", "type")]
    assert "an array of 1 item(s)" in reqspec.validate(({"model": "gpt-4"},))[0].message


@pytest.mark.parametrize("value, where", [
    ({1, 2}, "/stop"), (b"stop", "/stop"), (object(), "/stop"),
])
def test_what_json_refuses_is_not_json_at_its_pointer(value, where):
    assert ("/stop", "not-json") in found(body(stop=value))


@pytest.mark.parametrize("key", [1.5, True, None, (1, 2)])
def test_keys_json_would_rewrite_or_refuse_are_not_json(key):
    errors = reqspec.validate(body(logit_bias={key: 1}))
    assert [(e.pointer, e.rule) for e in errors] == [("/logit_bias", "not-json")]
    assert "a key that is not a string" in errors[0].message


def test_an_integer_key_beside_the_same_string_key_is_not_json():
    # json.dumps would write the key twice: the body's meaning would depend on the reader.
    assert found(body(logit_bias={50256: 1, "50256": 2})) == [("/logit_bias", "not-json")]


@pytest.mark.parametrize("where", ["max_tokens", "temperature", "logit_bias", "extra", "parameters"])
def test_integers_too_long_to_write_are_not_json_everywhere(where):
    huge = 10 ** 5000
    if where == "logit_bias":
        value, pointer = body(logit_bias={"1": huge}), "/logit_bias/1"
    elif where == "parameters":
        value, pointer = body(functions=[{"name": "f", "parameters": {"type": "object", "x": -huge}}]), "/functions/0/parameters/x"
    else:
        value, pointer = body(**{where: huge}), "/" + where
    errors = reqspec.validate(value)
    assert (pointer, "not-json") in [(e.pointer, e.rule) for e in errors]
    assert not any(e.rule in ("maximum", "minimum", "max-tokens-context") for e in errors)
    assert not reqspec.is_valid(value)
    with pytest.raises(ValueError):
        json.dumps(value)


def test_nan_and_infinity_stay_errors():
    assert found(body(temperature=math.nan)) == [("/temperature", "non-finite")]
    assert found(body(logit_bias={1: math.inf})) == [("/logit_bias/1", "non-finite")]


def test_a_tuple_body_key_path_is_reported_in_document_order():
    value = {"model": "gpt-4", "messages": ({"role": "robot", "content": 1},), "temperature": 3, 7: 0}
    assert found(value) == [("/messages/0/role", "enum"), ("/messages/0/content", "type"),
                            ("/temperature", "maximum"), ("/7", "unknown-field")]


# -- the properties: a Python body and the JSON it is sent as get the same findings -----------------------

@pytest.fixture(scope="module")
def judge(schema):
    return schema_judge(schema)


@pytest.fixture(scope="module")
def strategies(spec):
    return SpecStrategies(spec)


def sent(value):
    """The body as the json module sends it, read back."""
    return json.loads(json.dumps(value))


def test_python_forms_of_valid_bodies_are_valid(strategies, judge):
    @given(python_forms(strategies.valid_bodies()))
    def prop(value):
        assert reqspec.validate(value) == []
        assert reqspec.is_valid(value)
        assert list(judge.iter_errors(sent(value))) == []

    prop()


def test_python_forms_of_near_misses_get_the_findings_of_the_json_they_are_sent_as(strategies, judge, spec):
    @given(python_forms(strategies.invalid_bodies().map(lambda case: case[0])))
    def prop(value):
        try:
            text = json.dumps(value)
        except ValueError:  # NaN is written by json, a huge integer is not: that one is judged apart
            return
        json_body = json.loads(text, parse_constant=lambda name: float(name.replace("Infinity", "inf")))
        note(f"python={value!r}")
        assert [(e.pointer, e.rule, e.message) for e in reqspec.lint(value)] == \
               [(e.pointer, e.rule, e.message) for e in reqspec.lint(json_body)]
        assert {(e.pointer, e.keyword) for e in reqspec.validate(value)} == expected_findings(judge, json_body, spec)
        assert reqspec.is_valid(value) == reqspec.is_valid(json_body)

    prop()


def test_python_forms_of_arbitrary_objects_agree(judge):
    keys = st.one_of(st.sampled_from(["model", "messages", "stop", "logit_bias", "functions", "x"]),
                     st.integers(-3, 100300))
    leaves = st.one_of(st.none(), st.booleans(), st.integers(-200, 200), st.text(max_size=5))
    values = st.recursive(leaves, lambda inner: st.one_of(st.lists(inner, max_size=3), st.tuples(inner, inner),
                                                          st.dictionaries(keys, inner, max_size=3)), max_leaves=12)

    @given(st.dictionaries(keys, values, max_size=5))
    def prop(value):
        try:
            json_body = sent(value)
        except ValueError:
            return
        if len(json.loads(json.dumps(value), object_pairs_hook=lambda pairs: pairs)) != len(json_body):
            return  # an integer key beside its own string: json would send the key twice
        assert {(e.pointer, e.rule, e.message) for e in reqspec.validate(value)} == \
               {(e.pointer, e.rule, e.message) for e in reqspec.validate(json_body)} or _has_twin_keys(value)

    prop()


def _has_twin_keys(value) -> bool:
    """Whether an object anywhere holds an integer key and the same number as a string."""
    if isinstance(value, dict):
        if any(isinstance(k, int) and not isinstance(k, bool) and str(k) in value for k in value):
            return True
        return any(_has_twin_keys(v) for v in value.values())
    if isinstance(value, (list, tuple)):
        return any(_has_twin_keys(v) for v in value)
    return False
