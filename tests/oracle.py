"""The independent judges the generated validator is compared with.

``schema_findings`` runs the jsonschema library on the emitted JSON Schema and normalises its
errors to the pointer convention of reqspec (an unknown key points at the key, a dependent key at
itself, a property name at the name). ``semantic_findings`` is a separate, deliberately plain
implementation of the rules JSON Schema cannot express. Neither shares code with the generator;
the spec model tells them only the depth limit and the names a semantic check compares.
"""

from __future__ import annotations

import math
from typing import Any, Iterable

import jsonschema

from reqspec.spec import model as m

Finding = tuple[str, "str | None"]


def pointer(path: Iterable[Any]) -> str:
    return "".join("/" + str(p).replace("~", "~0").replace("/", "~1") for p in path)


#: The formats the emitted schema asserts: a regular expression compiles (as reqspec checks it).
FORMATS = jsonschema.FormatChecker(formats=["regex"])


def judge(schema: dict[str, Any]) -> jsonschema.Draft202012Validator:
    """The jsonschema library's validator of an emitted schema, asserting its formats."""
    return jsonschema.Draft202012Validator(schema, format_checker=FORMATS)


def _flatten(error: jsonschema.ValidationError) -> Iterable[Finding]:
    base = list(error.absolute_path)
    if error.validator == "uniqueItems" and error.validator_value is True:
        seen: list[Any] = []
        for index, item in enumerate(error.instance):  # at each later item equal to an earlier one
            if any(jsonschema._utils.equal(item, earlier) for earlier in seen):
                yield pointer(base + [index]), "uniqueItems"
            seen.append(item)
        return
    if error.validator == "additionalProperties" and error.validator_value is False:
        known = set(error.schema.get("properties", {}))
        for key in error.instance:
            if key not in known:
                yield pointer(base + [key]), "additionalProperties"
        return
    schema_path = list(error.absolute_schema_path)
    if any(step == "propertyNames" and (i == 0 or schema_path[i - 1] != "properties")
           for i, step in enumerate(schema_path)):  # the keyword (a property may be named so too)
        yield pointer(base + [error.instance]), "propertyNames"
        return
    if error.validator == "dependentRequired":
        for key, needs in error.validator_value.items():
            if key in error.instance and any(n not in error.instance for n in needs):
                yield pointer(base + [key]), "dependentRequired"
        return
    yield pointer(base), error.validator


def schema_findings(validator: jsonschema.protocols.Validator, body: Any) -> set[Finding]:
    found: set[Finding] = set()
    for error in validator.iter_errors(body):
        found.update(_flatten(error))
    return found


def non_finite_pointers(body: Any) -> set[str]:
    found: set[str] = set()

    def walk(value: Any, path: list[Any]) -> None:
        if isinstance(value, float) and not math.isfinite(value):
            found.add(pointer(path))
        elif isinstance(value, (dict, list)):
            items = value.items() if isinstance(value, dict) else enumerate(value)
            for key, child in items:
                walk(child, path + [key])

    walk(body, [])
    return found


def semantic_findings(body: Any, spec: m.Spec) -> set[Finding]:
    """NaN and Infinity anywhere, a container nested at the depth limit or deeper, and the root
    object's ``member_of`` checks (a name that must be one of the names found elsewhere)."""
    found: set[Finding] = set()
    max_depth = spec.max_depth

    def walk(value: Any, path: list[Any]) -> None:
        if isinstance(value, float) and not math.isfinite(value):
            found.add((pointer(path), None))
        elif isinstance(value, (dict, list)):
            if len(path) >= max_depth:
                found.add((pointer(path), None))
                return
            items = value.items() if isinstance(value, dict) else enumerate(value)
            for key, child in items:
                walk(child, path + [key])

    walk(body, [])
    for obj, check in spec.checks():
        if check.semantic and check.kind == "member_of":
            for where, instance in instances(spec, body, obj.name):
                found |= {(pointer(where) + p, k) for p, k in _member_of(instance, check.params.field, check.params.among)}
        if check.semantic and check.kind == "refs_resolve":
            for where, instance in instances(spec, body, obj.name):
                found |= _refs(instance.get(check.params.field), where + [check.params.field], spec.max_depth)
    return found


def instances(spec: m.Spec, body: Any, name: str) -> list[tuple[list[Any], dict[str, Any]]]:
    """The objects of type ``name`` in a body (the body itself, or held by members, alone or as
    the items of an array, at any depth), found by following the spec's objects that can hold one.
    Objects that cannot lead to ``name`` are not entered."""
    leads = {oid for oid in spec.objects if oid == name or name in spec.reaches(oid)}
    found: list[tuple[list[Any], dict[str, Any]]] = []

    def visit(objtype: str, value: Any, path: list[Any]) -> None:
        if not isinstance(value, dict) or objtype not in leads or len(path) > 8:
            return
        if objtype == name:
            found.append((path, value))
        for f in spec.objects[objtype].fields:
            held = value.get(f.name)
            for variant in f.type.variants:
                if isinstance(variant, m.Ref) and isinstance(held, dict):
                    visit(variant.target, held, path + [f.name])
                if isinstance(variant, m.Array) and isinstance(held, list):
                    for v in variant.items.variants:
                        if isinstance(v, m.Ref):
                            for i, item in enumerate(held):
                                visit(v.target, item, path + [f.name, i])

    visit(spec.root, body, [])
    return found


def _metaschema_positions() -> dict[str, str]:
    """How each JSON Schema keyword holds subschemas, read from the 2020-12 metaschema itself:
    "one" (``not``), "map" (``properties``) or "array" (``allOf``)."""
    import json
    from pathlib import Path

    import jsonschema_specifications

    folder = Path(jsonschema_specifications.__file__).parent / "schemas" / "draft202012"
    positions: dict[str, str] = {}
    for path in [folder / "metaschema.json", *sorted((folder / "vocabularies").iterdir())]:
        for keyword, shape in json.loads(path.read_text(encoding="utf-8")).get("properties", {}).items():
            if not isinstance(shape, dict):
                continue
            if shape.get("$dynamicRef") == "#meta":
                positions[keyword] = "one"
            elif shape.get("$ref") == "#/$defs/schemaArray":
                positions[keyword] = "array"
            elif shape.get("type") == "object" and "#meta" in json.dumps(shape.get("additionalProperties")):
                positions[keyword] = "map"
    return positions


POSITIONS = _metaschema_positions()


def _refs(root: Any, where: list[Any], max_depth: int) -> set[Finding]:
    """Each $ref of a schema that does not resolve inside it (a plain reimplementation)."""
    if not isinstance(root, dict):
        return set()
    schemas: list[tuple[dict[str, Any], list[Any]]] = []

    def walk(node: Any, path: list[Any]) -> None:
        if not isinstance(node, dict) or len(path) >= max_depth:
            return
        schemas.append((node, path))
        for key, value in node.items():
            form = POSITIONS.get(key)
            if form == "one":
                walk(value, path + [key])
            elif form == "map" and isinstance(value, dict):
                for name, child in value.items():
                    walk(child, path + [key, name])
            elif form == "array" and isinstance(value, list):
                for index, child in enumerate(value):
                    walk(child, path + [key, index])

    walk(root, where)
    anchors = {s[k] for s, _ in schemas for k in ("$anchor", "$dynamicAnchor") if isinstance(s.get(k), str)}
    found: set[Finding] = set()
    for schema, path in schemas:
        ref = schema.get("$ref")
        if isinstance(ref, str) and not _resolves(ref, root, anchors):
            found.add((pointer(path + ["$ref"]), None))
    return found


def _resolves(ref: str, root: Any, anchors: set[str]) -> bool:
    from urllib.parse import unquote

    if ref in ("", "#"):
        return True
    if not ref.startswith("#"):
        return False
    fragment = unquote(ref[1:])
    if fragment and not fragment.startswith("/"):
        return fragment in anchors
    node = root
    for token in fragment.split("/")[1:]:
        token = token.replace("~1", "/").replace("~0", "~")
        if isinstance(node, dict) and token in node:
            node = node[token]
        elif isinstance(node, list) and token.isdigit() and token == str(int(token)) and int(token) < len(node):
            node = node[int(token)]
        else:
            return False
    return True


def _member_of(body: dict[str, Any], field: tuple[str, ...], among: tuple[str, ...]) -> set[Finding]:
    target: Any = body
    for step in field:
        target = target.get(step) if isinstance(target, dict) else None
    pool = body.get(among[0])
    if not isinstance(target, str) or not isinstance(pool, list):
        return set()
    names = []
    for item in pool:
        for step in among[1:]:
            item = item.get(step) if isinstance(item, dict) else None
        names.append(item)
    return set() if target in names else {(pointer(field), None)}


def presence_pointers(validator: jsonschema.protocols.Validator, body: Any) -> set[str]:
    """Where the schema refuses a key whatever its value (``not: {}``: a forbidden or excluded
    key). Such a finding is about the key, so it stands next to a non-finite value."""
    found, errors = set(), list(validator.iter_errors(body))
    while errors:
        error = errors.pop()
        if error.validator == "not" and error.validator_value == {}:
            found.add(pointer(error.absolute_path))
        errors.extend(error.context)
    return found


def expected_findings(validator: jsonschema.protocols.Validator, body: Any, spec: m.Spec) -> set[Finding]:
    """What the validator must report: schema findings, less those at a non-finite value other
    than a refused key (there it reports only that the value is not finite), plus the semantic
    findings."""
    non_finite, refused = non_finite_pointers(body), presence_pointers(validator, body)
    schema = {(p, k) for p, k in schema_findings(validator, body)
              if p not in non_finite or (k == "not" and p in refused)}
    deep = too_deep_pointers(body, spec.max_depth)
    return {(p, k) for p, k in schema if not _past_limit(p, k, deep, refused)} | semantic_findings(body, spec)


#: Keywords whose findings are about a key (where it stands), not about the value it holds.
KEY_KEYWORDS = frozenset({"additionalProperties", "propertyNames", "dependentRequired"})


def too_deep_pointers(body: Any, max_depth: int) -> set[str]:
    """The containers at the depth limit or past it that no other such container holds: each is
    reported too deep, and nothing about its value or inside it is checked."""
    found: set[str] = set()

    def walk(value: Any, path: list[Any]) -> None:
        if isinstance(value, (dict, list)):
            if len(path) >= max_depth:
                found.add(pointer(path))
                return
            items = value.items() if isinstance(value, dict) else enumerate(value)
            for key, child in items:
                walk(child, path + [key])

    walk(body, [])
    return found


def _past_limit(p: str, keyword: str | None, deep: set[str], refused: set[str]) -> bool:
    """Whether a schema finding lies inside a container past the depth limit, or is about the
    value of one (a finding about its key, such as an unknown or refused key, still stands)."""
    if p in deep:
        return not (keyword in KEY_KEYWORDS or (keyword == "not" and p in refused))
    return any(p.startswith(q + "/") for q in deep)
