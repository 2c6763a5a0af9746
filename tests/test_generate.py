"""Generated files are committed and current; the generated code is plain, safe Python."""

from __future__ import annotations

import re

import ast
from pathlib import Path
import subprocess
import sys

import jsonschema

from .conftest import ROOT, SPEC_PATH

SPEC_TEXT = SPEC_PATH.read_text(encoding="utf-8")

VALIDATOR = ROOT / "reqspec" / "_validator.py"


def test_generate_check_passes_on_the_committed_files():
    run = subprocess.run([sys.executable, "-m", "reqspec", "generate", "--check"], cwd=ROOT,
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    assert "up to date" in run.stdout


def test_generate_check_names_a_stale_file(tmp_path):
    from reqspec import generate
    from reqspec.spec.loader import load_spec

    spec = load_spec(generate.builtin_spec())
    stale = tmp_path / "x.schema.json"
    stale.write_text("{}\n")
    artifact = generate.Artifact(stale, lambda s: "new\n")
    outcomes = generate.run([artifact], spec, check=True)
    assert outcomes == [generate.Outcome(stale, True)]
    assert stale.read_text() == "{}\n"


def test_emitted_schema_is_valid_draft_2020_12(schema):
    jsonschema.Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"


def test_schema_has_no_openapi_only_keywords(schema):
    """No OpenAPI word is used as a keyword (a property may be named so: the schema of a function's
    parameters describes JSON Schema itself, nullable included, to warn about it)."""
    keywords: set[str] = set()

    def walk(node, under_properties=False):
        if isinstance(node, dict):
            if not under_properties:
                keywords.update(node)
            for key, value in node.items():
                if under_properties:
                    walk(value)
                else:
                    walk(value, key in ("properties", "$defs"))
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(schema)
    assert "type" in keywords and "properties" in keywords
    assert not keywords & {"nullable", "x-oaiTypeLabel", "discriminator", "readOnly", "writeOnly"}


def test_generated_validator_says_it_is_generated_and_uses_no_exec():
    source = VALIDATOR.read_text(encoding="utf-8")
    assert "do not edit" in source.splitlines()[2]
    tree = ast.parse(source)
    names = {n.id for n in ast.walk(tree) if isinstance(n, ast.Name)}
    assert not names & {"exec", "eval", "compile", "__import__"}


def _imported(path: Path) -> set[str]:
    modules = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            modules.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            modules.add(("." * node.level) + (node.module or ""))
    return modules


def test_the_validator_imports_only_its_runtime_and_the_runtime_only_the_standard_library():
    standard = set(sys.stdlib_module_names) | {"__future__"}
    outside = {name for name in _imported(VALIDATOR) if name.split(".")[0] not in standard}
    assert outside and all(name.startswith("reqspec.runtime.") for name in outside)
    for path in sorted((ROOT / "reqspec" / "runtime").glob("*.py")):
        assert {name.split(".")[0] for name in _imported(path) if not name.startswith(".")} <= standard, path.name


def _deep_spec(depth: int) -> str:
    """A spec whose objects nest ``depth`` levels through refs and arrays of arrays."""
    base = SPEC_TEXT.split("\nobjects:\n")[0].replace("root: request", "root: o0")
    base = re.sub(r"\nroots:\n(  .*\n)+", "\n", base)  # the envelopes name objects this spec lacks
    objects = []
    for i in range(depth):
        nested = "\n".join([
            f"  o{i}:",
            f"    title: Level {i}",
            "    description: One level.",
            "    fields:",
            "      leaf: {type: integer, minimum: 0, description: A leaf., source: rules}",
            "      grid:",
            "        type: array",
            "        description: Arrays of arrays.",
            "        source: rules",
            "        items: " + "{type: array, items: " * 3 + "{type: string}" + "}" * 3,
        ])
        if i + 1 < depth:
            nested += f"\n      next: {{ref: o{i + 1}, description: Deeper., source: rules}}"
        objects.append(nested)
    return base + "\nobjects:\n" + "\n".join(objects) + "\n"


def _indent(source: str) -> int:
    return max(len(line) - len(line.lstrip(" ")) for line in source.splitlines() if line.strip())


def test_generated_indentation_does_not_grow_with_spec_depth():
    from reqspec.emit.validator import render_validator
    from reqspec.spec.loader import load_spec_text

    shallow = render_validator(load_spec_text(_deep_spec(2)), "deep.yaml")
    deep = render_validator(load_spec_text(_deep_spec(200)), "deep.yaml")
    assert _indent(deep) == _indent(shallow) <= 8 * 4
    namespace: dict = {}
    exec(compile(deep, "deep_validator.py", "exec"), namespace)  # noqa: S102 - the module under test
    body: dict = {"leaf": 1, "grid": [[[["a"]]]]}
    node = body
    for _ in range(199):
        node["next"] = {"leaf": 1}
        node = node["next"]
    node["leaf"] = -1
    errors = namespace["validate"](body)
    assert [e.rule for e in errors] == ["minimum"]
    assert errors[0].pointer == "/next" * 199 + "/leaf"
    assert namespace["is_valid"](body) is False


def test_each_object_has_its_own_small_function(spec):
    tree = ast.parse(VALIDATOR.read_text(encoding="utf-8"))
    functions = {n.name: n for n in tree.body if isinstance(n, ast.FunctionDef)}
    for name in spec.objects:
        for mode in ("_errors_", "_valid_"):
            assert mode + name in functions


def test_import_reqspec_loads_no_third_party_module():
    code = (
        "import sys\n"
        "before = set(sys.modules)\n"
        "import reqspec\n"
        "reqspec.validate({})\n"
        "new = {m.split('.')[0] for m in set(sys.modules) - before}\n"
        "print(sorted(m for m in new if m not in sys.stdlib_module_names and m != 'reqspec'))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, cwd=ROOT)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[]"
