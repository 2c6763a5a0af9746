"""Bodies written for a later API get a finding that says so (newer-field), newer model names are
named as newer, and a fine-tuned model counts as its base model."""

from __future__ import annotations

import json

import pytest

import reqspec

from .cli.helpers import reqspec as run_reqspec
from .oracle import expected_findings
from .oracle import judge as schema_judge

HI = [{"role": "user", "content": "Hi"}]

#: The table of REQUEST-BODY-RULES.md, "Fields and values added to the API after this spec".
TOP_LEVEL = {
    "tools": "2023-11-06", "tool_choice": "2023-11-06", "response_format": "2023-11-06", "seed": "2023-11-06",
    "logprobs": "2023-12-15", "top_logprobs": "2023-12-15", "service_tier": "2024-08-06",
    "stream_options": "2024-08-06", "parallel_tool_calls": "2024-08-06", "max_completion_tokens": "2024-09-13",
    "store": "2024-10-17", "metadata": "2024-10-17", "modalities": "2024-10-17", "audio": "2024-10-17",
    "prediction": "2024-11-04", "reasoning_effort": "2024-12-18", "web_search_options": "2025-03-11",
}
IN_MESSAGES = {"tool_call_id": "2023-11-06", "tool_calls": "2023-11-06", "refusal": "2024-08-06", "audio": "2024-10-17"}


def message(name: str, date: str) -> str:
    return f"{name} was added to the API after this spec (OpenAI's OpenAPI spec, {date}); this spec describes the mid-2023 body"


@pytest.fixture(scope="module")
def judge(schema):
    return schema_judge(schema)


@pytest.mark.parametrize("name", sorted(TOP_LEVEL))
def test_each_newer_top_level_field_gets_newer_field_with_its_date(name, judge, spec):
    body = {"model": "gpt-4", "messages": HI, name: None}
    [error] = reqspec.validate(body)
    assert (error.pointer, error.rule, error.keyword) == (f"/{name}", "newer-field", "additionalProperties")
    assert error.message == message(f'"{name}"', TOP_LEVEL[name])
    assert expected_findings(judge, body, spec) == {(f"/{name}", "additionalProperties")}


@pytest.mark.parametrize("name", sorted(IN_MESSAGES))
def test_each_newer_message_field_gets_newer_field(name, judge, spec):
    body = {"model": "gpt-4", "messages": [{"role": "user", "content": "Hi", name: "x"}]}
    assert [(e.pointer, e.rule, e.message) for e in reqspec.validate(body)] == [
        (f"/messages/0/{name}", "newer-field", message(f'"{name}"', IN_MESSAGES[name]))]
    assert expected_findings(judge, body, spec) == {(f"/messages/0/{name}", "additionalProperties")}


@pytest.mark.parametrize("role, date", [("tool", "2023-11-06"), ("developer", "2024-12-18")])
def test_newer_roles_are_newer_values_with_the_enum_keyword(role, date, judge, spec):
    body = {"model": "gpt-4", "messages": [{"role": role, "content": "x"}]}
    [error] = reqspec.validate(body)
    assert (error.pointer, error.rule, error.keyword) == ("/messages/0/role", "newer-field", "enum")
    assert error.message == message(f'role "{role}"', date)
    assert expected_findings(judge, body, spec) == {("/messages/0/role", "enum")}


def test_content_as_an_array_of_parts_is_a_newer_form_with_the_type_keyword(judge, spec):
    parts = [{"type": "text", "text": "What is here?"}, {"type": "image_url", "image_url": {"url": "https://x/y.png"}}]
    body = {"model": "gpt-4", "messages": [{"role": "user", "content": parts}]}
    [error] = reqspec.validate(body)
    assert (error.pointer, error.rule, error.keyword) == ("/messages/0/content", "newer-field", "type")
    assert error.message == message("content as an array of parts", "2023-11-06")
    assert expected_findings(judge, body, spec) == {("/messages/0/content", "type")}


def test_an_assistant_message_with_tool_calls_gets_that_one_finding(judge, spec):
    calls = [{"id": "call_1", "type": "function", "function": {"name": "f", "arguments": "{}"}}]
    body = {"model": "gpt-4", "messages": [*HI, {"role": "assistant", "content": None, "tool_calls": calls}]}
    assert [(e.pointer, e.rule) for e in reqspec.lint(body)] == [("/messages/1/tool_calls", "newer-field")]
    assert expected_findings(judge, body, spec) == {("/messages/1/tool_calls", "additionalProperties")}
    without = {"model": "gpt-4", "messages": [*HI, {"role": "assistant", "content": None}]}
    assert [e.rule for e in reqspec.validate(without)] == ["content-null"]


def test_a_secret_inside_a_newer_field_is_still_found():
    key = "sk" + "-proj-" + "Zq9" * 9
    body = {"model": "gpt-4", "messages": HI, "metadata": {"note": key}}
    assert [(e.pointer, e.rule) for e in reqspec.validate(body)] == [
        ("/metadata", "newer-field"), ("/metadata/note", "secret")]


def test_ignore_newer_field_lints_the_rest_of_a_later_body(tmp_path):
    path = tmp_path / "tools.json"
    path.write_text(json.dumps({"model": "gpt-4", "messages": [{"role": "tool", "content": "1", "tool_call_id": "a"}],
                                "tools": [], "seed": 7, "temperature": 5}))
    every = run_reqspec("lint", "--format", "json", str(path))
    assert [f["rule"] for f in json.loads(every.out)["findings"]].count("newer-field") == 4
    rest = run_reqspec("lint", "--format", "json", "--ignore", "newer-field", str(path))
    assert [(f["pointer"], f["rule"]) for f in json.loads(rest.out)["findings"]] == [("/temperature", "maximum")]
    clean = path.with_name("clean.json")
    clean.write_text(json.dumps({"model": "gpt-4", "messages": HI, "tools": [], "tool_choice": "auto"}))
    assert run_reqspec("lint", "--ignore", "newer-field", str(clean)).code == 0
    assert run_reqspec("lint", str(clean)).code == 1


def test_n_says_this_client_asks_for_one_choice():
    [error] = reqspec.validate({"model": "gpt-4", "messages": HI, "n": 2})
    assert error.message == '"n" is left out of the body: this client asks for one choice per request'


# -- models --------------------------------------------------------------------------------------------------

def model_warnings(model: str) -> list[str]:
    return [e.message for e in reqspec.lint({"model": model, "messages": HI}) if e.rule == "unknown-model"]


@pytest.mark.parametrize("model", ["gpt-3.5-turbo-1106", "gpt-3.5-turbo-0125", "gpt-4-turbo", "gpt-4-turbo-2024-04-09",
                                   "gpt-4-1106-preview", "gpt-4-0125-preview", "gpt-4-vision-preview", "gpt-4o",
                                   "gpt-4o-mini", "chatgpt-4o-latest", "gpt-4.1", "gpt-4.5-preview", "gpt-5",
                                   "o1", "o1-mini", "o3-mini", "o4-mini"])
def test_a_newer_model_is_named_newer_and_never_gets_a_suggestion(model):
    [warning] = model_warnings(model)
    assert warning == f'model "{model}" is newer than this spec (mid 2023), so its context length is unknown here'
    assert "did you mean" not in warning


@pytest.mark.parametrize("model, closest", [("gpt-3.5-turbo-0612", "gpt-3.5-turbo-0613"), ("gpt4", "gpt-4"),
                                            ("gpt-35-turbo", "gpt-3.5-turbo")])
def test_a_near_miss_gets_a_suggestion(model, closest):
    assert model_warnings(model) == [f'model "{model}" is not a known chat model (did you mean "{closest}"?)']


@pytest.mark.parametrize("model", ["ft:gpt-3.5-turbo-0613:acme::7rFvNGY4", "ft:gpt-3.5-turbo:my-org:custom_suffix:id",
                                   "ft:gpt-4-0613:org:x:y"])
def test_a_fine_tuned_model_of_a_known_base_is_known(model):
    assert model_warnings(model) == []


def test_a_fine_tuned_model_of_an_unknown_or_newer_base_is_warned_about():
    assert model_warnings("ft:davinci-002:acme::abc")
    assert model_warnings("ft:gpt-3.5-turbo-1106:personal:kaya:91vplbWt")


def test_a_fine_tuned_model_has_its_base_models_context_length(judge, spec):
    body = {"model": "ft:gpt-3.5-turbo-0613:acme::7rFvNGY4", "messages": HI, "max_tokens": 5000}
    [error] = reqspec.validate(body)
    assert (error.pointer, error.rule) == ("/max_tokens", "max-tokens-context")
    assert error.message == "max_tokens 5000 is more than the 4097-token context length of gpt-3.5-turbo-0613"
    assert expected_findings(judge, body, spec) == {("/max_tokens", "maximum")}
    assert reqspec.validate({**body, "max_tokens": 4000}) == []
    assert expected_findings(judge, {**body, "max_tokens": 4000}, spec) == set()
    not_fine_tuned = {**body, "model": "xft:gpt-3.5-turbo-0613:acme::7rFvNGY4"}
    assert expected_findings(judge, not_fine_tuned, spec) == set() and reqspec.validate(not_fine_tuned) == []


def test_the_context_length_warning_applies_to_a_fine_tuned_model():
    body = {"model": "ft:gpt-4-0613:acme::x1", "messages": [{"role": "user", "content": "word " * 5000}], "max_tokens": 4000}
    reqspec.set_token_counter(lambda text: len(text.split()))
    try:
        rules = [e.rule for e in reqspec.lint(body)]
    finally:
        reqspec.set_token_counter("auto")
    assert rules == ["context-length"]
