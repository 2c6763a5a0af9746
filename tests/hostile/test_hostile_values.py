"""The API on any Python value: it returns errors and never raises, ``is_valid`` agrees with
``validate``, and no message holds a secret or a raw control character.

Other programs hand ``reqspec.validate`` whatever they got: values of foreign types, containers that
hold themselves, huge integers, NaN, 100,000 levels of nesting, and subclasses of the JSON types
whose methods raise. Free-form positions (``parameters``, unknown fields) are walked by the runtime
and must take all of them; in typed positions the checks call the values' own methods, and when one
raises, the public functions check a plain copy instead.
"""

from __future__ import annotations

import math
import sys
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import reqspec

from .helpers import RAW_CONTROL, fake_key
from .hostile_values import (
    HostileDict,
    HostileFloat,
    HostileInt,
    HostileList,
    HostileStr,
    LiarDict,
    NamelessType,
    PlainDict,
    PlainFloat,
    PlainInt,
    PlainList,
    PlainStr,
    Role,
    Tokens,
    armed,
    deep_dict,
    deep_list,
    foreign_values,
    hostile_instances,
)

DEEP = 100_000
KEY = fake_key("V")


def base(**members: Any) -> dict:
    return {"model": "gpt-4", "messages": [{"role": "user", "content": "Hi"}], **members}


def with_function(parameters: Any) -> dict:
    return base(functions=[{"name": "f", "description": "d", "parameters": parameters}])


def check_api(body: object) -> list:
    """Run every entry point; return validate()'s errors after checking they are well formed."""
    errors = reqspec.validate(body)
    assert isinstance(errors, list)
    assert reqspec.is_valid(body) == (errors == []), errors[:5]
    warnings = reqspec.lint(body)
    assert [e for e in warnings if e.severity == "error"] == errors
    if errors:
        with pytest.raises(reqspec.InvalidRequestError) as raised:
            reqspec.check(body)
        assert raised.value.errors == errors
    else:
        reqspec.check(body)
    for error in warnings:
        assert isinstance(error.pointer, str) and (error.pointer == "" or error.pointer.startswith("/"))
        assert error.rule in reqspec.RULES
        assert isinstance(error.message, str) and error.message
        assert RAW_CONTROL.search(error.message) is None, error.message
        assert KEY[:12] not in error.message and KEY[-12:] not in error.message
        str(error)
    return errors


def check_validate(body: object) -> list:
    """validate, is_valid and check (not lint): never raise, and agree."""
    errors = reqspec.validate(body)
    assert reqspec.is_valid(body) == (errors == []), errors[:5]
    if errors:
        with pytest.raises(reqspec.InvalidRequestError):
            reqspec.check(body)
    for error in errors:
        assert error.rule in reqspec.RULES and RAW_CONTROL.search(error.message) is None
    return errors


# -- values outside JSON, everywhere ---------------------------------------------------------------

POSITIONS = {
    "body": lambda v: v,
    "model": lambda v: base(model=v),
    "messages": lambda v: base(messages=v),
    "message": lambda v: base(messages=[v]),
    "content": lambda v: base(messages=[{"role": "user", "content": v}]),
    "role": lambda v: base(messages=[{"role": v, "content": "x"}]),
    "name": lambda v: base(messages=[{"role": "user", "content": "x", "name": v}]),
    "function_call": lambda v: base(function_call=v, functions=[{"name": "f"}]),
    "temperature": lambda v: base(temperature=v),
    "max_tokens": lambda v: base(max_tokens=v),
    "stop": lambda v: base(stop=v),
    "stop-item": lambda v: base(stop=[v]),
    "logit_bias": lambda v: base(logit_bias=v),
    "logit_bias-value": lambda v: base(logit_bias={"50256": v}),
    "parameters": lambda v: with_function(v),
    "parameters-member": lambda v: with_function({"type": "object", "x": v}),
    "unknown-field": lambda v: base(extra=v),
    "excluded-field": lambda v: base(apiKey=v),
}


@pytest.mark.parametrize("where", sorted(POSITIONS))
def test_foreign_values_in_every_position(where: str) -> None:
    for value in foreign_values():
        check_api(POSITIONS[where](value))


@pytest.mark.parametrize("where", ["parameters-member", "unknown-field", "excluded-field", "stop-item", "content"])
def test_values_json_cannot_hold_are_not_json_errors(where: str) -> None:
    free_form = where in ("parameters-member", "unknown-field", "excluded-field")
    # A tuple and an integer key are JSON as the json module writes them (an array, a decimal
    # string key); what it refuses or writes as something else is not.
    for value in [{1}, b"x", object(), 1j, {True: 2}, {1.5: 2}, {None: 2}] + ([10**5000] if free_form else []):
        errors = check_api(POSITIONS[where](value))
        assert "not-json" in {e.rule for e in errors}, (type(value), errors)


def test_huge_integers_everywhere_never_reach_int_to_str() -> None:
    huge = 10**5000
    for place in POSITIONS.values():
        check_api(place(huge))
        check_api(place(-huge))
    errors = check_api(base(max_tokens=huge, temperature=huge, logit_bias={"1": huge}))
    assert {e.pointer for e in errors} >= {"/max_tokens", "/temperature", "/logit_bias/1"}
    assert all(len(e.message) < 200 for e in errors)
    # A key that is a huge integer, and an interpreter with a lowered digit limit.
    check_api({huge: 1})
    limit = sys.get_int_max_str_digits()
    sys.set_int_max_str_digits(640)
    try:
        check_api(base(temperature=10**700, extra=[10**700]))
    finally:
        sys.set_int_max_str_digits(limit)


def test_an_integer_of_4300_digits_is_json_and_one_more_digit_is_not() -> None:
    assert check_api(with_function({"type": "object", "x": 10**4300 - 1})) == []
    errors = check_api(with_function({"type": "object", "x": 10**4300}))
    assert [(e.pointer, e.rule) for e in errors] == [("/functions/0/parameters/x", "not-json")]


@pytest.mark.parametrize("value", [math.nan, math.inf, -math.inf, PlainFloat("nan")])
def test_non_finite_numbers_in_every_numeric_field_and_in_parameters(value: float) -> None:
    body = base(temperature=value, top_p=value, max_tokens=value, presence_penalty=value, frequency_penalty=value,
                logit_bias={"50256": value}, functions=[{"name": "f", "description": "d",
                                                         "parameters": {"type": "object", "x": value, "y": [value]}}])
    errors = check_api(body)
    assert [(e.pointer, e.rule) for e in errors] == [
        ("/temperature", "non-finite"), ("/top_p", "non-finite"), ("/max_tokens", "non-finite"),
        ("/presence_penalty", "non-finite"), ("/frequency_penalty", "non-finite"), ("/logit_bias/50256", "non-finite"),
        ("/functions/0/parameters/x", "non-finite"), ("/functions/0/parameters/y/0", "non-finite")]


# -- containers that hold themselves, and deep nesting --------------------------------------------

def test_self_holding_containers() -> None:
    loop: list = []
    loop.append(loop)
    node: dict = {}
    node["next"] = {"back": node}
    body = base(stop=loop, extra=node)
    body["self"] = body
    body["messages"].append(body["messages"])
    errors = check_api(body)
    assert sum(e.rule == "not-json" for e in errors) >= 3
    check_api(with_function(node))
    check_api(loop)
    for place in POSITIONS.values():
        check_validate(place(loop))
        check_validate(place(node))


@pytest.mark.parametrize("where", sorted(POSITIONS))
def test_100000_levels_of_nesting_in_every_position(where: str) -> None:
    """Free-form and typed positions alike (``messages`` as a 100,000-deep list): no RecursionError."""
    for value in (deep_list(DEEP), deep_dict(DEEP), deep_dict(DEEP, key="name")):
        errors = check_api(POSITIONS[where](value))
        assert errors


def test_deep_values_report_too_deep_at_the_limit() -> None:
    errors = check_api(with_function({"type": "object", "x": deep_list(DEEP)}))
    assert [e.rule for e in errors] == ["too-deep"]
    assert errors[0].pointer.count("/") == 128


# -- subclasses --------------------------------------------------------------------------------

def test_well_behaved_subclasses_count_as_their_json_type() -> None:
    body = PlainDict(model=PlainStr("gpt-4"), messages=PlainList([PlainDict(role=Role.USER, content=PlainStr("Hi"))]),
                     max_tokens=Tokens.MANY, temperature=PlainFloat(0.5), logit_bias=PlainDict({PlainStr("1"): PlainInt(5)}),
                     functions=[{"name": "f", "description": "d", "parameters": PlainDict(type="object", n=PlainInt(1))}])
    assert check_api(body) == []


def _hostile_free_form() -> list[tuple[str, object]]:
    cases: list[tuple[str, object]] = []
    for value in hostile_instances():
        name = type(value).__name__
        cases.append((f"parameters-{name}", with_function({"type": "object", "x": value})))
        cases.append((f"parameters-list-{name}", with_function({"type": "object", "x": [value, {"k": value}]})))
        cases.append((f"unknown-field-{name}", base(extra=value)))
        cases.append((f"excluded-field-{name}", base(n=value)))
        cases.append((f"wrong-type-{name}", base(stream=[value])))
    cases.append(("parameters-HostileDict", with_function(HostileDict(type="object", x=HostileList([HostileInt(1)])))))
    cases.append(("non-string-keys", with_function({HostileInt(1): 1, HostileFloat(2.0): 2})))
    return cases


@pytest.mark.parametrize("label, body", _hostile_free_form(), ids=[label for label, _ in _hostile_free_form()])
def test_hostile_subclasses_in_free_form_positions(label: str, body: object) -> None:
    """Their methods raise once armed; the runtime reads them through the base types' methods."""
    with armed():
        check_validate(body)


@pytest.mark.parametrize("label, body", _hostile_free_form(), ids=[label for label, _ in _hostile_free_form()])
def test_hostile_subclasses_in_free_form_positions_lint(label: str, body: object) -> None:
    with armed():
        check_api(body)


TYPED_HOSTILE = [
    ("unknown-key-HostileStr", lambda: {**base(), HostileStr("extra"): 1}),
    ("model-HostileStr", lambda: base(model=HostileStr("gpt-4"))),
    ("role-HostileStr", lambda: base(messages=[{"role": HostileStr("user"), "content": "x"}])),
    ("name-HostileStr", lambda: base(messages=[{"role": "user", "content": "x", "name": HostileStr("a")}])),
    ("messages-HostileList", lambda: base(messages=HostileList([{"role": "user", "content": "x"}]))),
    ("message-HostileDict", lambda: base(messages=[HostileDict(role="user", content="x")])),
    ("body-HostileDict", lambda: HostileDict(base())),
    ("key-HostileStr", lambda: {HostileStr("model"): "gpt-4", "messages": [{"role": "user", "content": "x"}]}),
    ("max_tokens-HostileInt", lambda: base(max_tokens=HostileInt(5))),
    ("temperature-HostileFloat", lambda: base(temperature=HostileFloat(0.5))),
    ("logit_bias-key-HostileStr", lambda: base(logit_bias={HostileStr("1"): 1})),
    ("message-LiarDict", lambda: base(messages=[LiarDict()])),
]


@pytest.mark.parametrize("label, make", TYPED_HOSTILE, ids=[label for label, _ in TYPED_HOSTILE])
def test_hostile_subclasses_in_typed_positions_are_judged_as_their_base_values(label: str, make) -> None:  # type: ignore[no-untyped-def]
    """A subclass whose methods raise counts as its base value, as a well-behaved one does; an
    object lying about its type is a foreign value."""
    body = make()
    with armed():
        found = [(e.pointer, e.rule) for e in check_api(body)]
    expected = {"unknown-key-HostileStr": [("/extra", "unknown-field")],
                "message-LiarDict": [("/messages/0", "type"), ("/messages/0", "not-json")]}
    assert found == expected.get(label, [])


def test_a_type_whose_name_cannot_be_read_is_still_described() -> None:
    errors = check_api(base(extra=NamelessType()))
    assert any(e.rule == "not-json" for e in errors)


def test_lone_surrogates_and_controls_are_shown_escaped_and_hashed() -> None:
    errors = check_api(base(user="\ud800 sk-" + "a" * 30, extra="\x1b[2J", **{"\udcff\u202e": 1}))
    assert {e.rule for e in errors} == {"secret", "unknown-field"}
    assert any("\\udcff\\u202e" in e.message for e in errors)


# -- a property over arbitrary Python values ---------------------------------------------------

SURROGATES = st.sampled_from(["\ud800", "\udfff", "\udcff", "a\ud83d"])
def _huge(index: int) -> int:
    """Integers around the int-to-str digit limit (built here: Hypothesis describes strategies with repr)."""
    return [10**5000, -(10**4301), 10**4300 - 1, 2**64][index]


SCALARS = st.one_of(
    st.none(), st.booleans(), st.integers(), st.integers(0, 3).map(_huge),
    st.floats(allow_nan=True, allow_infinity=True), st.text(max_size=20), SURROGATES,
    st.sampled_from(["gpt-4", "user", "assistant", "function", "none", "auto", "50256", "sk-" + "k" * 24,
                     "\x1b[31m", "\u202e", "name_1"]),
    st.binary(max_size=4), st.complex_numbers(max_magnitude=10), st.builds(object),
    st.builds(PlainStr, st.text(max_size=5)), st.builds(PlainInt, st.integers()), st.builds(PlainFloat, st.floats()),
    st.sampled_from([Role.USER, Tokens.MANY]),
)
KEYS = st.one_of(st.text(max_size=12), st.sampled_from(["model", "messages", "role", "content", "name", "functions",
                                                      "parameters", "function_call", "arguments", "logit_bias",
                                                      "stop", "max_tokens", "temperature", "n", "apiKey"]),
                 st.integers(), st.none(), st.tuples(st.integers()), SURROGATES)


def _containers(children: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.one_of(
        st.lists(children, max_size=4), st.tuples(children, children), st.frozensets(st.integers(), max_size=3),
        st.dictionaries(KEYS, children, max_size=4), st.dictionaries(st.text(max_size=8), children, max_size=4),
        st.builds(PlainList, st.lists(children, max_size=3)),
        st.builds(PlainDict, st.dictionaries(st.text(max_size=6), children, max_size=3)),
    )


VALUES = st.recursive(SCALARS, _containers, max_leaves=25)


@st.composite
def bodies(draw: st.DrawFn) -> Any:
    """A body-shaped dict with arbitrary values in typed and free-form positions, sometimes
    holding itself, or an arbitrary value as the whole body."""
    if draw(st.integers(0, 9)) == 0:
        return draw(VALUES)
    body: dict = base()
    for _ in range(draw(st.integers(0, 4))):
        where = draw(st.sampled_from(sorted(set(POSITIONS) - {"body"})))
        body = {**body, **POSITIONS[where](draw(VALUES))}
    if draw(st.integers(0, 3)) == 0:
        body[draw(st.sampled_from(["extra", "stop", "n"]))] = [body]
    return body


# Fixed example counts, whatever the profile: this suite runs in CI within a time budget.
@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(body=bodies())
def test_any_python_value_gives_errors_never_an_exception(body: Any) -> None:
    check_api(body)


@st.composite
def hostile_free_form_bodies(draw: st.DrawFn) -> Any:
    """Hostile subclasses anywhere inside free-form positions."""
    pool = [value for value in hostile_instances() if not isinstance(value, int)]  # no int repr past the digit limit
    leaves = st.one_of(SCALARS, st.integers(0, len(pool) - 1).map(pool.__getitem__))
    value = draw(st.recursive(leaves, lambda c: st.one_of(st.lists(c, max_size=3),
                                                          st.builds(HostileList, st.lists(c, max_size=3)),
                                                          st.dictionaries(st.text(max_size=5), c, max_size=3),
                                                          st.builds(HostileDict, st.dictionaries(st.text(max_size=5), c, max_size=3))),
                              max_leaves=12))
    where = draw(st.sampled_from(["parameters-member", "unknown-field", "excluded-field"]))
    return POSITIONS[where](value)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(body=hostile_free_form_bodies())
def test_hostile_subclasses_anywhere_in_free_form_positions(body: Any) -> None:
    with armed():
        check_validate(body)


def _hostile_twin(value: Any, seen: dict[int, Any] | None = None) -> Any:
    """``value`` with every str, int, float, dict and list replaced by its hostile subclass (bools,
    None and other values stay), sharing and cycles kept."""
    seen = {} if seen is None else seen
    kind = type(value)
    if kind is str:
        return HostileStr(value)
    if kind is int:
        return HostileInt(value)
    if kind is float:
        return HostileFloat(value)
    if kind is dict or kind is list:
        if id(value) in seen:
            return seen[id(value)]
        twin = seen[id(value)] = HostileDict() if kind is dict else HostileList()
        if kind is dict:
            for key, item in value.items():
                dict.__setitem__(twin, _hostile_twin(key, seen) if type(key) is str else key, _hostile_twin(item, seen))
        else:
            list.extend(twin, [_hostile_twin(item, seen) for item in value])
        return twin
    return value


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(body=bodies())
def test_a_body_made_of_hostile_subclasses_gets_the_errors_of_its_plain_twin(body: Any) -> None:
    """Every JSON value replaced by a subclass whose methods all raise: the verdict, pointers,
    rules and messages are those of the plain body."""
    expected = [(e.pointer, e.rule, e.message) for e in reqspec.lint(body)]
    twin = _hostile_twin(body)
    with armed():
        found = [(e.pointer, e.rule, e.message) for e in reqspec.lint(twin)]
        assert reqspec.is_valid(twin) == reqspec.is_valid(body)
    assert found == expected
