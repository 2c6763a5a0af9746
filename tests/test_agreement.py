"""The generated validator and the JSON Schema (judged by jsonschema) agree, body by body."""

from __future__ import annotations

import jsonschema
import pytest
from hypothesis import given, note
from hypothesis import strategies as st

import reqspec
from reqspec.strategies import SpecStrategies, json_values

from .oracle import expected_findings


@pytest.fixture(scope="module")
def judge(schema):
    return jsonschema.Draft202012Validator(schema)


@pytest.fixture(scope="module")
def strategies(spec):
    return SpecStrategies(spec)


def findings(body):
    return {(e.pointer, e.keyword) for e in reqspec.validate(body)}


def assert_agree(judge, body):
    expected = expected_findings(judge, body)
    got = findings(body)
    note(f"expected={sorted(expected, key=str)} got={sorted(got, key=str)}")
    assert got == expected
    assert reqspec.is_valid(body) == (not expected)


def test_valid_bodies_are_valid_for_both(judge, strategies, spec):
    @given(strategies.valid_bodies())
    def prop(body):
        assert list(judge.iter_errors(body)) == []
        assert reqspec.validate(body) == []
        assert reqspec.is_valid(body)

    prop()


def test_near_misses_get_the_same_verdict_and_pointers(judge, strategies):
    @given(strategies.invalid_bodies())
    def prop(case):
        body, mutations = case
        note(f"mutations={mutations}")
        assert_agree(judge, body)

    prop()


def test_each_mutation_is_reported_where_it_was_aimed(judge, strategies):
    """A single mutation is found at its pointer, or below it (a bad key inside a map)."""

    @given(strategies.invalid_bodies(max_mutations=1))
    def prop(case):
        body, mutations = case
        pointers = {e.pointer for e in reqspec.validate(body)}
        for mutation in mutations:
            assert any(p == mutation.pointer or p.startswith(mutation.pointer + "/") for p in pointers), mutation

    prop()


def test_arbitrary_json_values_never_raise_and_agree(judge):
    @given(json_values(20))
    def prop(body):
        assert_agree(judge, body)

    prop()


def test_arbitrary_objects_as_bodies_agree(judge):
    keys = st.sampled_from(["model", "messages", "temperature", "stop", "logit_bias", "functions",
                            "function_call", "n", "apiKey", "user", "x"])

    @given(st.dictionaries(keys, json_values(8), max_size=6))
    def prop(body):
        assert_agree(judge, body)

    prop()
