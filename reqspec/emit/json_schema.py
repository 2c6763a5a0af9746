"""Emit a JSON Schema (draft 2020-12) from the spec model.

Every rule that JSON Schema can express is written here; the rest are ``semantic`` checks that only
the generated validator runs. The schema must mean the same to every validator, so:

- multi-type fields guard type-agnostic keywords (``enum``, ``$ref``) with ``if: {type: T}``;
- a ``maxLength`` guards the ``pattern`` of the same string, so no engine runs a regex on an
  over-long value (and all engines report the same errors);
- patterns are written in the portable subset, with ``$`` refusing a trailing newline;
- a recursive ``$defs`` entry refuses secret-shaped strings anywhere in the body.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, Callable, assert_never

from ..checks import KINDS
from ..spec import model as m
from ..spec.digit_ranges import digits_range_regex
from ..spec.portability import literal_regex, portable, replace_group


@dataclass(frozen=True)
class Dialect:
    """What differs between the JSON Schema dialects emitted: the meta-schema, where the other
    objects live and how a reference names them, and how a dependent-required rule is spelled."""

    name: str
    uri: str | None
    defs_key: str | None  # None: the caller places the definitions (OpenAPI components)
    ref: Callable[[m.Spec, str], str]
    dependent_keyword: str


def _ref_under(key: str) -> Callable[[m.Spec, str], str]:
    return lambda spec, name: "#" if name == spec.root else f"#/{key}/{name}"


component_name = m.component_name


DRAFT_2020_12 = Dialect("2020-12", "https://json-schema.org/draft/2020-12/schema", "$defs",
                        _ref_under("$defs"), "dependentRequired")
DRAFT_07 = Dialect("draft-07", "http://json-schema.org/draft-07/schema#", "definitions",
                   _ref_under("definitions"), "dependencies")
OPENAPI_3_1 = Dialect("openapi-3.1", None, None,
                      lambda spec, name: f"#/components/schemas/{component_name(spec, name)}",
                      "dependentRequired")

# Keywords that only ever apply to values of one JSON type, so a multi-type field can carry them
# unguarded (2020-12 validators ignore them for other types).
_TYPE_SPECIFIC = {"minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "minLength", "maxLength", "pattern",
                  "format", "minItems", "maxItems", "uniqueItems", "items", "propertyNames", "additionalProperties"}


def secret_def_name(spec: m.Spec) -> str:
    return f"no_{spec.patterns['secret'].name}"


def variant_schema(spec: m.Spec, v: m.Variant, d: Dialect = DRAFT_2020_12) -> dict[str, Any]:
    """The schema of one alternative, with its JSON type."""
    out: dict[str, Any]
    match v:
        case m.Ref(target):
            return {"$ref": d.ref(spec, target)}
        case m.String(enum=enum, min_length=min_length, max_length=max_length, pattern=pattern, format=fmt):
            # The values of an enum already fix the type: a value of another type breaks `enum` alone.
            out = {"enum": list(enum)} if enum is not None else {"type": "string"}
            if min_length is not None:
                out["minLength"] = min_length
            if max_length is not None:
                out["maxLength"] = max_length
            if fmt is not None:
                out["format"] = fmt
            if pattern is not None:
                regex = portable(pattern.regex)
                if max_length is not None:
                    out["if"] = {"maxLength": max_length}
                    out["then"] = {"pattern": regex}
                else:
                    out["pattern"] = regex
            return out
        case m.Number() | m.Integer():
            out = {"enum": list(v.enum)} if v.enum is not None else {"type": m.json_type(v)}
            for keyword, bound in (("minimum", v.minimum), ("maximum", v.maximum),
                                   ("exclusiveMinimum", v.exclusive_minimum), ("exclusiveMaximum", v.exclusive_maximum)):
                if bound is not None:
                    out[keyword] = bound
            return out
        case m.Boolean():
            return {"type": "boolean"}
        case m.Null():
            return {"type": "null"}
        case m.Array(items, min_items, max_items, unique_items):
            out = {"type": "array", "items": type_schema(spec, items, d)}
            if min_items is not None:
                out["minItems"] = min_items
            if max_items is not None:
                out["maxItems"] = max_items
            if unique_items:
                out["uniqueItems"] = True
            return out
        case m.Map(keys, values):
            out = {"type": "object"}
            if keys.digits is not None:
                out["propertyNames"] = {"pattern": digits_range_regex(*keys.digits)}
            elif keys.regex:
                out["propertyNames"] = {"format": "regex"}
            out["additionalProperties"] = type_schema(spec, values, d)
            return out
        case m.AnyValue(json_type=kind):
            return {"type": kind} if kind is not None else {}
        case _:
            assert_never(v)


def type_schema(spec: m.Spec, t: m.Type, d: Dialect = DRAFT_2020_12) -> dict[str, Any]:
    """The schema of a type: its alternatives merged where that keeps the meaning."""
    variants = t.non_null
    if len(variants) == 1 and not t.nullable:
        return variant_schema(spec, variants[0], d)
    out: dict[str, Any] = {}
    types = list(t.json_types)
    out["type"] = types if len(types) > 1 else types[0]
    guarded = []
    for v in variants:
        sub = variant_schema(spec, v, d)
        sub.pop("type", None)
        kind = m.json_type(v)
        if set(sub) <= _TYPE_SPECIFIC or (set(sub) <= _TYPE_SPECIFIC | {"if", "then"} and isinstance(v, m.String)):
            if "if" in sub and len(variants) > 1:
                guarded.append({"if": {"type": kind}, "then": sub})
            else:
                out.update(sub)
        elif sub:
            if "enum" in sub and t.nullable and len(variants) == 1:
                sub["enum"] = sub["enum"] + [None]
                out.update(sub)
            else:
                guarded.append({"if": {"type": kind}, "then": sub})
    if guarded:
        out["allOf"] = guarded
    return out


def field_schema(spec: m.Spec, f: m.Field, d: Dialect = DRAFT_2020_12) -> dict[str, Any]:
    """The schema of a member: its type, described."""
    out: dict[str, Any] = {}
    if f.description:
        out["description"] = f.description
    out.update(type_schema(spec, f.type, d))
    if f.default is not m.NO_DEFAULT:
        out["default"] = f.default
    if f.example is not m.NO_DEFAULT:
        out["examples"] = [f.example]
    return out


def condition_schema(cond: m.Condition | None) -> dict[str, Any]:
    """A schema that an object passes exactly when the condition holds (no condition: always)."""
    if cond is None:
        return {}
    if isinstance(cond, m.Present):
        return {"required": [cond.field]}
    if isinstance(cond, m.Absent):
        return {"not": {"required": [cond.field]}}
    if isinstance(cond, m.Equals):
        return {"required": [cond.field], "properties": {cond.field: {"const": cond.value}}}
    if isinstance(cond, m.Differs):
        return {"required": [cond.field], "properties": {cond.field: {"not": {"const": cond.value}}}}
    if isinstance(cond, m.AllOf):
        return {"allOf": [condition_schema(c) for c in cond.conditions]}
    return {"anyOf": [condition_schema(c) for c in cond.conditions]}


def _row_keys(table: m.Table, keys: list[str]) -> dict[str, Any]:
    """A schema that a string passes when it stands for one of ``keys``: the key itself, or an
    alias of it (the table's aliases pattern with its group narrowed to these keys)."""
    exact: dict[str, Any] = {"enum": keys}
    if table.aliases is None:
        return exact
    alternatives = "(?:" + "|".join(literal_regex(key) for key in keys) + ")"
    return {"anyOf": [exact, {"type": "string", "pattern": portable(replace_group(table.aliases.regex, alternatives))}]}


class _SchemaContext:
    """What a check kind needs to write its schema (``reqspec.checks.base.SchemaContext``)."""

    def __init__(self, spec: m.Spec) -> None:
        self.spec = spec

    def condition(self, when: m.Condition | None) -> dict[str, Any]:
        return condition_schema(when)

    def row_keys(self, table: m.Table, keys: list[str]) -> dict[str, Any]:
        return _row_keys(table, keys)


def object_schema(spec: m.Spec, obj: m.ObjectType, d: Dialect = DRAFT_2020_12) -> dict[str, Any]:
    out: dict[str, Any] = {"type": "object", "title": obj.title, "description": obj.description}
    props: dict[str, Any] = {f.name: field_schema(spec, f, d) for f in obj.fields}
    for x in obj.excluded:
        props[x.name] = {"description": f"Not part of the request body: {x.reason}.", "not": {}}
    out["properties"] = props
    required = [f.name for f in obj.fields if f.required]
    if required:
        out["required"] = required
    out["additionalProperties"] = False if obj.other_keys is None else type_schema(spec, obj.other_keys, d)
    dependent: dict[str, list[str]] = {}
    blocks: list[dict[str, Any]] = []
    for check in obj.checks:
        if check.level != "error" or check.semantic:
            continue
        dep, more = KINDS[check.kind].json_schema(check, _SchemaContext(spec))
        for key, names in dep.items():
            dependent.setdefault(key, []).extend(names)
        blocks.extend(more)
    if dependent:
        out[d.dependent_keyword] = dependent
    if blocks:
        out["allOf"] = blocks
    if obj.example is not m.NO_DEFAULT:
        out["examples"] = [obj.example]
    return out


def _root_and_defs(spec: m.Spec, d: Dialect) -> tuple[dict[str, Any], dict[str, Any]]:
    """The root object's schema (refusing secrets everywhere) and every other definition."""
    secret = spec.patterns["secret"]
    no_secret = secret_def_name(spec)
    root = object_schema(spec, spec.root_object, d)
    root["allOf"] = root.get("allOf", []) + [{"$ref": d.ref(spec, no_secret)}]
    defs: dict[str, Any] = {oid: object_schema(spec, obj, d) for oid, obj in spec.objects.items()
                            if oid != spec.root}
    defs[no_secret] = {
        "description": f"No string anywhere, and no key of an object, may hold {secret.says}.",
        "not": {"type": "string", "pattern": portable(secret.regex)},
        "items": {"$ref": d.ref(spec, no_secret)},
        m.KEY_FORM_KEYWORD: {"not": {"pattern": portable(secret.regex)}},
        "additionalProperties": {"$ref": d.ref(spec, no_secret)},
    }
    return root, defs


def emit_schema(spec: m.Spec, d: Dialect = DRAFT_2020_12) -> dict[str, Any]:
    """The whole schema: the root object at the top, the others under $defs (or definitions)."""
    root, defs = _root_and_defs(spec, d)
    schema: dict[str, Any] = {"$schema": d.uri, "title": spec.title}
    schema.update({k: v for k, v in root.items() if k != "title"})
    schema[d.defs_key or "$defs"] = defs
    return schema


def emit_openapi(spec: m.Spec) -> dict[str, Any]:
    """An OpenAPI 3.1 document: the body and its parts as components, and the endpoint using it."""
    root, defs = _root_and_defs(spec, OPENAPI_3_1)
    schemas = {component_name(spec, spec.root): root}
    schemas.update({component_name(spec, name): schema for name, schema in defs.items()})
    method, _, url = spec.endpoint.partition(" ")
    path = "/" + url.split("://", 1)[-1].split("/", 1)[-1] if url else "/"
    operation = {
        "summary": spec.title, "description": spec.description,
        "requestBody": {"required": True, "content": {"application/json": {
            "schema": {"$ref": OPENAPI_3_1.ref(spec, spec.root)}}}},
        "responses": {"default": {"description": "The endpoint's reply (not described by this document)."}},
    }
    return {
        "openapi": "3.1.0",
        "jsonSchemaDialect": DRAFT_2020_12.uri,
        "info": {"title": spec.title, "version": "1.0.0", "description": spec.description},
        "paths": {path: {(method or "post").lower(): operation}},
        "components": {"schemas": schemas},
    }


def _dump(data: dict[str, Any]) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def render_schema(spec: m.Spec) -> str:
    """The 2020-12 schema as committed: stable key order, two-space indent, final newline."""
    return _dump(emit_schema(spec))


def render_draft07(spec: m.Spec) -> str:
    """The same schema in draft-07, for tools that read nothing newer."""
    return _dump(emit_schema(spec, DRAFT_07))


def render_openapi(spec: m.Spec) -> str:
    """The OpenAPI 3.1 document with the body's components."""
    return _dump(emit_openapi(spec))
