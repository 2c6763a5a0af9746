"""The independent judges the generated validator is compared with.

``schema_findings`` runs the jsonschema library on the emitted JSON Schema and normalises its
errors to the pointer convention of reqspec (an unknown key points at the key, a dependent key at
itself, a property name at the name). ``semantic_findings`` is a separate, deliberately plain
implementation of the rules JSON Schema cannot express. Neither shares code with the generator.
"""

from __future__ import annotations

import math
from typing import Any, Iterable

import jsonschema

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


def semantic_findings(body: Any, max_depth: int = 128) -> set[Finding]:
    """NaN/Infinity anywhere, nesting past max_depth, and a function_call naming no function."""
    found: set[Finding] = set()

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
        call, functions = body.get("function_call"), body.get("functions")
        if isinstance(call, dict) and isinstance(call.get("name"), str) and isinstance(functions, list):
            names = [f.get("name") for f in functions if isinstance(f, dict)]
            if call["name"] not in names:
                found.add(("/function_call/name", None))
    return found


def expected_findings(validator: jsonschema.protocols.Validator, body: Any, max_depth: int = 128) -> set[Finding]:
    """What reqspec must report: schema findings, less those at a non-finite value (reqspec
    reports only that it is not finite there), plus the semantic findings."""
    semantic = semantic_findings(body, max_depth)
    non_finite = non_finite_pointers(body)
    schema = {(p, k) for p, k in schema_findings(validator, body) if p not in non_finite}
    return schema | semantic
