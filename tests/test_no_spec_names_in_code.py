"""No name the built-in spec chooses is written in code: every field, object, excluded or newer
name, check id, table key and column, pattern and message comes from the YAML, so a new field is
one edit in one file. The scan covers every module of the package (the generated ones aside, which
are the spec's output)."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

from reqspec.spec import model as m
from reqspec.spec.loader import language_words

from .conftest import ROOT

PACKAGE = ROOT / "reqspec"
GENERATED = {PACKAGE / "_validator.py", PACKAGE / "types.py"}


def _variants(kind: m.Type) -> Iterator[m.Variant]:
    for variant in kind.variants:
        yield variant
        for child in m.children(variant):
            yield from _variants(child)


def json_schema_keywords() -> set[str]:
    """The keywords of JSON Schema draft 2020-12, read from its metaschema: code that writes a JSON
    Schema speaks that language, even where the spec names a member after a keyword (a function's
    parameters are a JSON Schema)."""
    import json

    import jsonschema_specifications

    folder = Path(jsonschema_specifications.__file__).parent / "schemas" / "draft202012"
    words: set[str] = set()
    for path in [folder / "metaschema.json", *sorted((folder / "vocabularies").iterdir())]:
        words.update(json.loads(path.read_text(encoding="utf-8")).get("properties", {}))
    return words


def spec_names(spec: m.Spec) -> set[str]:
    """What the spec names or says, less the words of the spec language and of JSON Schema."""
    names: set[str] = set()
    for obj in spec.objects.values():
        names.update({obj.name, obj.title, obj.description, obj.type_name})
        names.update(x.name for x in obj.excluded)
        names.update(x.reason for x in obj.excluded)
        names.update(n.what for n in obj.newer)
        for f in obj.fields:
            names.update({f.name, f.description})
    for _, check in spec.checks():
        names.update({check.id, check.message, check.help})
    for rule in spec.rules.values():
        names.update({rule.message, rule.help, rule.fix, rule.key_message})
    for table in spec.tables.values():
        names.update(key for key, _ in table.rows)
        names.update(table.columns)
        names.add(table.name)
    for pattern in spec.patterns.values():
        names.update({pattern.name, pattern.regex, pattern.says, pattern.contains})
    return {name for name in names if len(name) > 1} - language_words() - json_schema_keywords()


def spec_numbers(spec: m.Spec) -> set[int | float]:
    numbers: set[int | float] = set()
    for obj in spec.objects.values():
        for f in obj.fields:
            for variant in _variants(f.type):
                for bound in ("minimum", "maximum", "min_length", "max_length", "min_items", "max_items"):
                    value = getattr(variant, bound, None)
                    if value is not None and abs(value) > 4:
                        numbers.add(value)
    return numbers


def constants(tree: ast.AST) -> Iterator[ast.Constant]:
    """The constants of a module, less the keys of dict displays: those name the fields of an
    output format (JSON Schema, SARIF, a report), not something a spec chose."""
    keys = {id(key) for node in ast.walk(tree) if isinstance(node, ast.Dict) for key in node.keys if key is not None}
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and id(node) not in keys:
            yield node


def modules() -> list[Path]:
    return sorted(path for path in PACKAGE.rglob("*.py") if path not in GENERATED)


def test_no_module_writes_a_name_of_the_spec(spec: m.Spec) -> None:
    names = spec_names(spec)
    assert {"messages", "logit_bias", "gpt-4", "unknown-model", "function_call"} <= names  # the scan can fail
    found = [(str(path.relative_to(ROOT)), node.lineno, node.value) for path in modules()
             for node in constants(ast.parse(path.read_text(encoding="utf-8")))
             if isinstance(node.value, str) and node.value in names]
    assert found == []


def test_no_emitter_writes_a_bound_of_the_spec(spec: m.Spec) -> None:
    numbers = spec_numbers(spec)
    assert {64, 128} <= numbers
    emitters = [*sorted((PACKAGE / "emit").glob("*.py")), *sorted((PACKAGE / "checks").glob("*.py")),
                PACKAGE / "strategies.py"]
    found = [(str(path.relative_to(ROOT)), node.lineno, node.value) for path in emitters
             for node in constants(ast.parse(path.read_text(encoding="utf-8")))
             if isinstance(node.value, (int, float)) and not isinstance(node.value, bool) and node.value in numbers]
    assert found == []
