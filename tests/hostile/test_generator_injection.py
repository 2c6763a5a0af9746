"""The generator is injection-proof: any text a spec holds (quotes, backslashes, newlines, triple
quotes, braces, format and printf directives, any Unicode) yields a module that parses, imports
without side effects, and gives that text back unchanged where the validator uses it."""

from __future__ import annotations

import ast
import contextlib
import copy
import io
import os
import warnings
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reqspec.emit.json_schema import emit_schema
from reqspec.emit.markdown_text import DocNames
from reqspec.emit.reference_page import render_reference
from reqspec.emit.validator import render_validator
from reqspec.spec.loader import SpecError, load_spec_text

ROOT = Path(__file__).resolve().parents[2]
SPEC = yaml.safe_load((ROOT / "schema" / "chat_completion_request.yaml").read_text(encoding="utf-8"))


class _Quoting(getattr(yaml, "CSafeDumper", yaml.SafeDumper)):  # type: ignore[misc]
    """Writes every string double-quoted, so no text is read back as a number or a boolean (the
    spec is read by the YAML 1.2 core schema, PyYAML writes by YAML 1.1's)."""


_Quoting.add_representer(str, lambda dumper, text: dumper.represent_scalar("tag:yaml.org,2002:str", text, style='"'))
VALID = {"model": "gpt-4", "messages": [{"role": "user", "content": "Hi"}]}

TRICKS = ['"', "'", '"""', "'''", "\\", "\\n", "\\x00", "{", "}", "{0}", "{value}", "{{", "}}", "%s", "%(x)s", "%",
          "${x}", "#", "\t", "\n", "\r", "\x00", "\x1b[2J", "\u202e", "\u2028", "\x85", "é", "日本", "\U0001f600",
          ")", "(", "]", "[", ":", ";", " + str(print('injected')) + ", "__import__('os').system('touch PWNED')"]
ANY_TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=12)
TEXT = st.lists(st.one_of(st.sampled_from(TRICKS), ANY_TEXT), min_size=1, max_size=6).map("".join).filter(
    lambda t: t.strip() and "sk-" not in t)
ONE_LINE = TEXT.map(lambda t: t.replace("\n", " ").replace("\r", " ")).filter(lambda t: t.strip())


def braces(text: str) -> str:
    """Literal braces in a message template are written doubled."""
    return text.replace("{", "{{").replace("}", "}}")


def generate(data: dict[str, Any], spec_file: str = "spec.yaml") -> dict[str, Any]:
    """Dump, load and render the spec; run the module in a fresh namespace in an empty folder and
    check it printed nothing and wrote nothing. A compiler warning (an invalid escape sequence in
    the generated source) is an error."""
    spec = load_spec_text(yaml.dump(data, Dumper=_Quoting, allow_unicode=True, sort_keys=False))
    with warnings.catch_warnings():
        warnings.simplefilter("error", DeprecationWarning)
        warnings.simplefilter("error", SyntaxWarning)
        source = render_validator(spec, spec_file)
        ast.parse(source)
        return run_module(source)


def run_module(source: str) -> dict[str, Any]:
    import tempfile

    folder = tempfile.mkdtemp()
    here = os.getcwd()
    printed = io.StringIO()
    namespace: dict[str, Any] = {"__name__": "generated_validator"}
    os.chdir(folder)
    try:
        with contextlib.redirect_stdout(printed), contextlib.redirect_stderr(printed):
            exec(compile(source, "generated_validator.py", "exec"), namespace)  # noqa: S102 - the module under test
    finally:
        os.chdir(here)
    assert printed.getvalue() == ""
    assert os.listdir(folder) == []
    os.rmdir(folder)
    return namespace


def quietly(function, *args):  # type: ignore[no-untyped-def]
    """Call a generated function; it must print nothing."""
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed), contextlib.redirect_stderr(printed):
        result = function(*args)
    assert printed.getvalue() == ""
    return result


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(description=TEXT, field_description=TEXT, enum_value=TEXT, reason=ONE_LINE, message=ONE_LINE,
       check_message=ONE_LINE, says=ONE_LINE)
def test_any_text_in_a_spec_comes_back_unchanged(description: str, field_description: str, enum_value: str,
                                                 reason: str, message: str, check_message: str, says: str) -> None:
    data = copy.deepcopy(SPEC)
    data["description"] = description
    data["objects"]["message"]["description"] = description
    data["objects"]["message"]["fields"]["content"]["description"] = field_description
    roles = data["objects"]["message"]["fields"]["role"]["enum"]
    if enum_value not in roles:
        roles.append(enum_value)
    data["objects"]["request"]["excluded"]["n"]["reason"] = reason
    data["rules"]["type"]["message"] = braces(message) + " {value}"
    check = next(c for c in data["objects"]["message"]["checks"] if c["id"] == "content-null")
    check["message"] = braces(check_message)
    data["patterns"]["name"]["says"] = says
    module = generate(data)
    validate = module["validate"]

    ok = {"model": "gpt-4", "messages": [{"role": enum_value, "content": "x"}]}
    assert [e.rule for e in quietly(validate, ok)] == []
    wrong_role = quietly(validate, {"model": "gpt-4", "messages": [{"role": "nobody-has-this-role", "content": "x"}]})
    assert [e.rule for e in wrong_role] == ["enum"] and f'"{enum_value}"' in wrong_role[0].message
    [excluded] = quietly(validate, {**VALID, "n": 2})
    assert excluded.message == f'"n" is left out of the body: {reason}'
    [typed] = quietly(validate, {**VALID, "temperature": "warm"})
    assert typed.message == f'{message} "warm"'
    [null] = quietly(validate, {"model": "gpt-4", "messages": [{"role": "user", "content": None}]})
    assert null.message == check_message
    [pattern] = quietly(validate, {"model": "gpt-4", "messages": [{"role": "user", "content": "x", "name": "a b"}]})
    assert says in pattern.message
    assert quietly(module["is_valid"], ok) is True


def _deep(depth: int, text: str) -> dict[str, Any]:
    """The spec with a root whose objects nest ``depth`` levels deep through refs, each holding
    ``text`` in its title-free places (description, enum, reason)."""
    data = copy.deepcopy(SPEC)
    objects = {}
    for level in range(depth):
        fields: dict[str, Any] = {
            "leaf": {"type": "string", "enum": ["ok", text], "description": text, "source": "rules"},
            "grid": {"type": "array", "items": {"type": "array", "items": {"type": "integer", "minimum": 0}},
                     "description": text, "source": "rules"},
        }
        if level + 1 < depth:
            fields["next"] = {"ref": f"o{level + 1}", "description": text, "source": "rules"}
        objects[f"o{level}"] = {"title": f"Level {level}", "description": text, "fields": fields,
                                "excluded": {"old": {"reason": text.replace("\n", " "), "source": "rules"}}}
    data["objects"] = objects
    data["root"] = "o0"
    data.pop("roots", None)  # the built-in spec's envelopes name objects this one lacks
    return data


def test_a_spec_nested_200_levels_deep_generates_valid_python() -> None:
    text = 'deep """ \\ %s {0} \n\' end'
    module = generate(_deep(200, text))
    body: dict[str, Any] = {"leaf": text, "grid": [[1]]}
    node = body
    for _ in range(199):
        node["next"] = {"leaf": "ok"}
        node = node["next"]
    node["grid"] = [[-1]]
    node["old"] = 1
    errors = quietly(module["validate"], body)
    assert [(e.pointer, e.rule) for e in errors] == [("/next" * 199 + "/grid/0/0", "minimum"),
                                                    ("/next" * 199 + "/old", "excluded-field")]
    assert errors[1].message.endswith(text.replace("\n", " "))
    assert quietly(module["is_valid"], body) is False


INJECTIONS = ['x""" + str(print("injected")) + """', 'x"""\nprint("injected")\n"""', "C:\\specs\\new\\x.yaml"]


def _inject(where: str, injection: str) -> None:
    data = copy.deepcopy(SPEC)
    spec_file = "spec.yaml"
    if where == "object-title":
        data["objects"]["message"]["title"] = injection
    elif where == "spec-title":
        data["title"] = injection
    else:
        spec_file = injection
    try:
        module = generate(data, spec_file)
    except SpecError:
        return  # refusing the spec is fine too
    body = {"model": "gpt-4", "messages": [{"role": "user", "content": None}], "n": 1}
    quietly(module["validate"], body)
    quietly(module["lint"], body)


@pytest.mark.parametrize("where", ["object-title", "spec-title", "spec-file"])
@pytest.mark.parametrize("injection", INJECTIONS + ["x\'\'\' + str(print('injected')) + \'\'\' {0} %s"])
def test_titles_and_the_spec_file_name_cannot_inject_code(where: str, injection: str) -> None:
    """Titles and the spec file's name end up in docstrings: they must not end them."""
    _inject(where, injection)


def test_braces_in_an_excluded_reason_come_back_unchanged() -> None:
    """A reason is literal text, not a message template: the validator, the schema and the docs
    all show the braces as written."""
    reason = 'send {"n": 1} elsewhere, not {n} or {{n}}'
    data = copy.deepcopy(SPEC)
    data["objects"]["request"]["excluded"]["n"]["reason"] = reason
    spec = load_spec_text(yaml.dump(data, Dumper=_Quoting, allow_unicode=True, sort_keys=False))
    [error] = generate(data)["validate"]({**VALID, "n": 2})
    assert error.message == f'"n" is left out of the body: {reason}'
    assert emit_schema(spec)["properties"]["n"]["description"] == f"Not part of the request body: {reason}."
    assert f"| `n` | {reason} |" in render_reference(spec, DocNames("spec.yaml"))


def test_a_unicode_object_id_is_refused_with_its_line() -> None:
    """Object ids become Python names in generated code, so a letter outside ASCII is refused when
    the spec is loaded, at the id's line, instead of failing inside an emitter."""
    data = copy.deepcopy(SPEC)
    data["objects"]["mensaje_ñ"] = data["objects"].pop("message_function_call")
    data["objects"]["message"]["fields"]["function_call"]["ref"] = "mensaje_ñ"
    text = yaml.dump(data, Dumper=_Quoting, allow_unicode=True, sort_keys=False)
    with pytest.raises(SpecError, match=r"\[a-z\]\[a-z0-9_\]\*.*mensaje_ñ") as err:
        load_spec_text(text)
    key_line = 1 + text.splitlines().index('  "mensaje_ñ":')
    assert err.value.where == "objects.mensaje_ñ" and err.value.line == key_line + 1  # the object's first line


def test_a_field_name_outside_ascii_is_generated_as_a_string_key() -> None:
    """Field names are JSON keys, not Python names: one outside ASCII is kept exactly, in the
    validator and in the TypedDicts (their functional form, since Python would normalise it as a
    class attribute)."""
    from reqspec.emit.typeddict import render_types

    name = "nombre_ñﬁ"  # 'ﬁ' is a ligature that Python would normalise to 'fi' in an identifier
    data = copy.deepcopy(SPEC)
    data["objects"]["message"]["fields"][name] = {"type": "string", "description": "A name.", "source": "rules"}
    spec = load_spec_text(yaml.dump(data, Dumper=_Quoting, allow_unicode=True, sort_keys=False))
    source = render_types(spec, "spec.yaml")
    ast.parse(source)
    assert repr(name) in source
    validate = generate(data)["validate"]
    message = {"role": "user", "content": "x", name: 5}
    assert [(e.pointer, e.rule) for e in validate({**VALID, "messages": [message]})] == [(f"/messages/0/{name}", "type")]
