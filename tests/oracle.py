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


def _flatten(error: jsonschema.ValidationError) -> Iterable[Finding]:
    base = list(error.absolute_path)
    if error.validator == "additionalProperties" and error.validator_value is False:
        known = set(error.schema.get("properties", {}))
        for key in error.instance:
            if key not in known:
                yield pointer(base + [key]), "additionalProperties"
        return
    if "propertyNames" in error.absolute_schema_path:
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
    if isinstance(body, dict):
        for check in spec.root_object.checks:
            if check.semantic:
                found |= _member_of(body, check.params.field, check.params.among)
    return found


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
    return schema | semantic_findings(body, spec)
