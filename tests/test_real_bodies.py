"""Real request bodies from public repositories (recorded HTTP sessions, SDK tests, notebooks; see
tests/real_bodies/SOURCES.md) get exactly the findings recorded for them: the body's true mistakes
(``n``, a function message without ``name``, ``max_tokens`` 0, ...) and, for bodies of a later API,
``newer-field``. Nothing else: no unknown-field for a newer name, no did-you-mean for a newer model,
no warning for a fine-tuned model of a known base."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import reqspec

FOLDER = Path(__file__).parent / "real_bodies"
EXPECTED = json.loads((Path(__file__).parent / "real_bodies_expected.json").read_text(encoding="utf-8"))
BODIES = sorted(p.name for p in FOLDER.glob("*.json"))


@pytest.fixture(autouse=True)
def no_tokenizer():
    reqspec.set_token_counter(None)
    yield
    reqspec.set_token_counter("auto")


def test_every_body_has_its_expected_findings_recorded():
    assert sorted(EXPECTED) == BODIES and len(BODIES) >= 30


@pytest.mark.parametrize("name", BODIES)
def test_a_real_body_gets_its_recorded_findings(name):
    body = json.loads((FOLDER / name).read_text(encoding="utf-8"))
    assert [[e.pointer, e.rule] for e in reqspec.lint(body)] == EXPECTED[name]


def test_bodies_of_the_mid_2023_api_get_no_finding_of_the_kinds_that_were_false():
    newer = {line.split("|")[1].strip() for line in (FOLDER / "SOURCES.md").read_text().splitlines()
             if "NEWER API" in line and line.startswith("|")}
    for name in BODIES:
        rules = {rule for _, rule in EXPECTED[name]}
        if name in newer:
            assert "newer-field" in rules or "unknown-model" in rules, name
        else:
            assert not rules & {"newer-field", "unknown-field", "not-json", "unknown-model"}, name


def test_the_newer_model_warnings_never_suggest_a_name():
    for name in BODIES:
        body = json.loads((FOLDER / name).read_text(encoding="utf-8"))
        assert not any("did you mean" in e.message for e in reqspec.lint(body)), name


# Python bodies as client code builds them (the json module sends them as the bodies above).

def test_a_logit_bias_built_from_tiktoken_token_ids_is_valid():
    token_ids = [50256, 198, 1820]  # what tiktoken's encode() returns: Python ints
    body = {"model": "gpt-3.5-turbo-0613", "messages": [{"role": "user", "content": "Say hi"}],
            "logit_bias": {token: -100 for token in token_ids}, "stop": ("\n", "User:")}
    assert reqspec.lint(body) == []


def test_a_fine_tuned_model_of_2023_is_known():
    body = {"model": "ft:gpt-3.5-turbo-0613:acme::7rFvNGY4", "messages": [{"role": "user", "content": "Hi"}]}
    assert reqspec.lint(body) == []
