"""A failing body for every rule, and the exact message it gets (golden file).

The golden file is tests/golden/messages.json: a message change shows up there in review.
Every rule id of the spec must have a case here; the test iterates the spec, not a hand list.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import reqspec

GOLDEN = Path(__file__).parent / "golden" / "messages.json"
MESSAGES = [{"role": "user", "content": "Hi"}]


def _body(**members):
    body = {"model": "gpt-3.5-turbo", "messages": MESSAGES}
    body.update(members)
    return body


def _deep_parameters(levels):
    root = {"type": "object"}
    node = root
    for _ in range(levels):
        node["x"] = {}
        node = node["x"]
    return root


def _fake_key():
    # Built at run time so the repository never holds a key-shaped string.
    return "sk" + "-" + "A1b2C3d4" * 4


FIELD_RULE_BODIES = {
    "type": lambda: _body(temperature="hot"),
    "enum": lambda: {"model": "gpt-4", "messages": [{"role": "robot", "content": "Hi"}]},
    "minimum": lambda: _body(top_p=-0.5),
    "maximum": lambda: _body(temperature=2.5),
    "min-length": lambda: {"model": "", "messages": MESSAGES},
    "max-length": lambda: {"model": "gpt-4", "messages": [{"role": "user", "content": "Hi", "name": "n" * 65}]},
    "pattern": lambda: {"model": "gpt-4", "messages": [{"role": "function", "content": "{}", "name": "get_weather\n"}]},
    "min-items": lambda: {"model": "gpt-4", "messages": []},
    "max-items": lambda: _body(stop=["a", "b", "c", "d", "e"]),
    "required": lambda: {"messages": MESSAGES},
    "unknown-field": lambda: _body(temprature=0.5),
    "excluded-field": lambda: _body(n=2),
    "token-id": lambda: _body(logit_bias={"100258": 5}),
    "non-finite": lambda: _body(temperature=float("nan")),
    "secret": lambda: _body(user="key " + _fake_key()),
    "not-json": lambda: _body(stop={"a", "b"}),
    "newer-field": lambda: _body(tools=[{"type": "function", "function": {"name": "f"}}]),
    "too-deep": lambda: _body(functions=[{"name": "f", "description": "d", "parameters": _deep_parameters(130)}]),
    "regex": lambda: _body(functions=[_function({"type": "string", "pattern": "[a-z"})]),
    "unique-items": lambda: _body(functions=[_function({"type": "object", "properties": {"a": {}}, "required": ["a", "a"]})]),
    "exclusive-minimum": lambda: _body(functions=[_function({"type": "object", "properties": {"n": {"multipleOf": 0}}})]),
}


def _function(parameters):
    return {"name": "f", "description": "d", "parameters": parameters}


def _case(spec, rule):
    if rule in FIELD_RULE_BODIES:
        return FIELD_RULE_BODIES[rule]()
    for _, check in spec.checks():
        if check.id == rule:
            return check.example.body
    raise LookupError(rule)


@pytest.fixture()
def word_counter():
    """A stand-in tokenizer (one token per character) so the context-length rule runs."""
    reqspec.set_token_counter(len)
    yield
    reqspec.set_token_counter("auto")


def _lint_for(spec, rule):
    """The lint() of the kind of document the rule's check is on (a request body, a Batch line, ...)."""
    for obj, check in spec.checks():
        if check.id == rule:
            kind = spec.kind_of(obj.name)
            return getattr(reqspec, "lint" if kind == "body" else f"lint_{kind}")
    return reqspec.lint


def _findings(spec, rule):
    return [{"pointer": e.pointer, "message": e.message, "severity": e.severity}
            for e in _lint_for(spec, rule)(_case(spec, rule)) if e.rule == rule]


def test_every_rule_has_a_golden_message(spec, word_counter):
    golden = json.loads(GOLDEN.read_text(encoding="utf-8"))
    assert sorted(golden) == sorted(spec.rule_ids())
    for rule in spec.rule_ids():
        assert _findings(spec, rule) == golden[rule], rule
