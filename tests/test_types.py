"""The generated TypedDicts follow the spec, and a type checker holds client code to them."""

from __future__ import annotations

import re
import subprocess
import sys
import types
import typing
from pathlib import Path

import pytest

import reqspec
from reqspec.spec import model as m
from reqspec import types as body_types
from reqspec.emit.json_schema import component_name

from .conftest import ROOT

SAMPLES = ROOT / "tests" / "typing_samples"

def mypy(tmp_path: Path, *targets: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-error-summary", "--cache-dir", str(tmp_path / "cache"),
         *targets],
        cwd=ROOT, capture_output=True, text=True, timeout=300)


def error_lines(output: str, path: str) -> set[int]:
    return {int(n) for n in re.findall(rf"^{re.escape(path)}:(\d+): error:", output, re.M)}


def typed_objects(spec):
    """The objects that are TypedDicts: all but those taking other keys (plain dicts)."""
    return [obj for obj in spec.objects.values() if obj.other_keys is None]


def test_an_object_taking_other_keys_is_a_plain_dict(spec):
    loose = [obj for obj in spec.objects.values() if obj.other_keys is not None]
    assert loose
    for obj in loose:
        assert getattr(body_types, component_name(spec, obj.name)) == dict[str, typing.Any]


def test_each_object_is_a_typeddict_named_as_in_the_openapi_components(spec):
    for obj in typed_objects(spec):
        cls = getattr(body_types, component_name(spec, obj.name))
        assert typing.is_typeddict(cls)
        assert obj.title in cls.__doc__
    assert body_types.CreateChatCompletionRequest.__name__ == component_name(spec, spec.root)


def test_required_and_optional_members_follow_the_spec(spec):
    for obj in typed_objects(spec):
        cls = getattr(body_types, component_name(spec, obj.name))
        assert cls.__required_keys__ == {f.name for f in obj.fields if f.required}
        assert cls.__optional_keys__ == {f.name for f in obj.fields if not f.required}
        assert not {x.name for x in obj.excluded} & set(cls.__annotations__)


def test_enums_are_literals_and_nullable_members_admit_none(spec):
    for obj in typed_objects(spec):
        hints = typing.get_type_hints(getattr(body_types, component_name(spec, obj.name)))
        for f in obj.fields:
            hint = hints[f.name]
            union = typing.get_origin(hint) in (typing.Union, types.UnionType)
            members = typing.get_args(hint) if union else (hint,)
            assert (type(None) in members) == f.type.nullable, f.name
            for variant in f.type.variants:
                if isinstance(variant, m.String) and variant.enum is not None:
                    literals = [a for a in members if typing.get_origin(a) is typing.Literal]
                    assert [typing.get_args(a) for a in literals] == [variant.enum], f.name


def test_the_types_are_exported_from_reqspec_types_only(spec):
    assert sorted(body_types.__all__) == sorted(component_name(spec, name) for name in spec.objects)
    assert not set(body_types.__all__) & set(reqspec.__all__)
    with pytest.raises(AttributeError):
        getattr(reqspec, component_name(spec, spec.root))


def test_package_is_marked_typed():
    assert (ROOT / "reqspec" / "py.typed").is_file()


def test_wheel_ships_the_types_and_the_typed_marker(tmp_path):
    import zipfile

    builders = pytest.importorskip("hatchling.builders.wheel")
    wheel = next(builders.WheelBuilder(str(ROOT)).build(directory=str(tmp_path), versions=["standard"]))
    names = set(zipfile.ZipFile(wheel).namelist())
    assert {"reqspec/py.typed", "reqspec/types.py"} <= names


def test_mypy_accepts_the_correct_client_and_flags_each_mistake_in_the_other(tmp_path):
    good = "tests/typing_samples/good_client.py"
    bad = "tests/typing_samples/bad_client.py"
    run = mypy(tmp_path, good, bad)
    assert error_lines(run.stdout, good) == set(), run.stdout
    marked = {n for n, line in enumerate((ROOT / bad).read_text().splitlines(), 1) if line.rstrip().endswith("# expect-error")}
    assert len(marked) >= 5
    assert error_lines(run.stdout, bad) == marked, run.stdout
    assert run.returncode == 1


def test_mypy_strict_is_clean_on_the_whole_package(tmp_path):
    """The generated validator and types included: client code checked with --strict imports them."""
    run = mypy(tmp_path, "reqspec")
    assert run.returncode == 0, run.stdout + run.stderr


def test_a_validator_generated_from_another_spec_is_clean_under_mypy_strict(tmp_path):
    out = tmp_path / "out"
    done = subprocess.run([sys.executable, "-m", "reqspec", "generate", "--spec",
                           str(ROOT / "tests" / "specs" / "embedding_request.yaml"), "--out", str(out)],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    modules = sorted(str(path) for path in out.glob("*.py"))
    assert len(modules) >= 2  # the validator and the types
    run = mypy(tmp_path, *modules)
    assert run.returncode == 0, run.stdout + run.stderr


def test_a_type_name_that_is_not_a_python_name_stops_generation():
    from reqspec.spec.loader import SpecError, load_spec_text

    from .conftest import SPEC_PATH

    text = SPEC_PATH.read_text(encoding="utf-8")
    assert "type_name: ChatCompletionRequestMessage\n" in text
    with pytest.raises(SpecError, match="type name"):
        load_spec_text(text.replace("type_name: ChatCompletionRequestMessage\n", "type_name: Chat-Message\n"))


def test_without_a_type_name_the_object_id_is_camel_cased(spec):
    import dataclasses

    from reqspec.emit.typeddict import render_types

    objects = {name: dataclasses.replace(obj, type_name="") for name, obj in spec.objects.items()}
    source = render_types(dataclasses.replace(spec, objects=objects), "x.yaml")
    assert "class MessageFunctionCall(TypedDict):" in source
    assert "function_call: NotRequired[MessageFunctionCall]" in source


@pytest.mark.parametrize("trick", ["'''", '"""', "\\", "{value}", "\n", "' + str(print('injected')) + '", "\u2028"])
def test_spec_text_reaches_the_types_module_as_data_never_as_code(trick, capsys):
    import yaml

    from reqspec.emit.typeddict import render_types
    from reqspec.spec.loader import load_spec_text

    from .conftest import SPEC_PATH

    data = yaml.safe_load(SPEC_PATH.read_text(encoding="utf-8"))
    message = data["objects"]["message"]
    message["title"] = f"Message {trick}"
    message["fields"]["role"]["description"] = f"Role {trick} end"
    data["title"] = f"Body {trick}"
    spec = load_spec_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False))
    namespace: dict[str, object] = {}
    exec(compile(render_types(spec, f"spec {trick}.yaml"), "types.py", "exec"), namespace)  # noqa: S102 - the module under test
    assert capsys.readouterr().out == ""
    assert f"Body {trick}" in str(namespace["__doc__"])
    # Docstrings are one line: whitespace (line breaks included) is collapsed, nothing else changes.
    assert " ".join(f"Message {trick}".split()) in str(namespace["ChatCompletionRequestMessage"].__doc__)
