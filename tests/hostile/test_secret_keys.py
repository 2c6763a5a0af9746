"""An object key shaped like a secret is a ``secret`` error, and is never shown: not in a pointer,
a message, ``str`` or ``repr`` of an Error, the InvalidRequestError text, or a traceback."""

from __future__ import annotations

import json
import traceback

import pytest

import reqspec

from ..cli.helpers import fake_key, reqspec as run_reqspec

KEY = fake_key("K")
HI = [{"role": "user", "content": "Hi"}]

PLACES = {
    "top level": ({"model": "gpt-4", "messages": HI, KEY: 1}, ""),
    "logit_bias": ({"model": "gpt-4", "messages": HI, "logit_bias": {KEY: 1}}, "/logit_bias"),
    "parameters": ({"model": "gpt-4", "messages": HI,
                    "functions": [{"name": "f", "parameters": {"type": "object", "properties": {KEY: {}}}}]},
                   "/functions/0/parameters/properties"),
    "message": ({"model": "gpt-4", "messages": [{"role": "user", "content": "Hi", KEY: "x"}]}, "/messages/0"),
}


def shown_everywhere(errors: list[reqspec.Error]) -> str:
    return "\n".join([e.pointer for e in errors] + [str(e) for e in errors] + [repr(e) for e in errors]
                     + [e.message for e in errors])


@pytest.mark.parametrize("place", sorted(PLACES))
def test_a_secret_shaped_key_is_a_secret_error_at_the_redacted_key(place):
    body, parent = PLACES[place]
    errors = reqspec.validate(body)
    secrets = [e for e in errors if e.rule == "secret"]
    assert len(secrets) == 1
    assert secrets[0].pointer.startswith(parent + "/[secret ") and secrets[0].keyword == "propertyNames"
    assert "key" in secrets[0].message
    assert not reqspec.is_valid(body)
    text = shown_everywhere(reqspec.lint(body))
    assert KEY[3:15] not in text and KEY[-10:] not in text


@pytest.mark.parametrize("place", sorted(PLACES))
def test_check_never_shows_the_key_in_its_text_or_its_traceback(place):
    body, _ = PLACES[place]
    with pytest.raises(reqspec.InvalidRequestError) as raised:
        reqspec.check(body)
    text = str(raised.value) + "".join(traceback.format_exception(raised.value))
    assert "[secret " in text and KEY[3:15] not in text


def test_two_secret_keys_keep_two_pointers():
    other = fake_key("L")
    errors = reqspec.validate({"model": "gpt-4", "messages": HI, KEY: 1, other: 2})
    assert len({e.pointer for e in errors}) == 2


def test_a_pointer_with_escapes_around_a_secret_key_is_redacted():
    key = "a/b~" + KEY
    [*errors] = reqspec.validate({"model": "gpt-4", "messages": HI, key: 1})
    assert all(e.pointer.startswith("/[secret ") for e in errors)


def test_lint_places_the_finding_at_the_key_in_the_file_and_never_prints_it(tmp_path):
    path = tmp_path / "b.json"
    path.write_text('{"model": "gpt-4",\n "messages": [{"role": "user", "content": "Hi"}],\n'
                    f' "logit_bias": {{"{KEY}": 1}}}}\n')
    for fmt in ("text", "json", "sarif", "github"):
        result = run_reqspec("lint", "--format", fmt, str(path))
        assert KEY[3:15] not in result.out + result.err
    report = json.loads(run_reqspec("lint", "--format", "json", str(path)).out)
    assert {(f["line"], f["column"], f["rule"]) for f in report["findings"]} == {(3, 17, "token-id"), (3, 17, "secret")}
