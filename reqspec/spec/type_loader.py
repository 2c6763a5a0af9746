"""Type expressions of a spec, read into the type model: one type (``type:`` or ``ref:`` with its
constraints) or alternatives (``any_of:``), ``nullable``, and the forms of a later API, wherever a
type appears: a member, an array's ``items``, a map's ``values``, an object's ``other_keys``."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from . import model as m
from .checker import Checker
from .yaml_source import Path

#: The formats a string may be given, and the rule a string breaks by not having it.
FORMATS = {"regex": "regex"}
#: The rule each optional constraint's finding carries: a spec using the constraint declares its text.
CONSTRAINT_RULES = {"uniqueItems": "unique-items", "exclusiveMinimum": "exclusive-minimum",
                    "exclusiveMaximum": "exclusive-maximum", "format": "regex"}
#: A date in a table of newer names: when the name first appeared in the API's spec.
DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}\Z")

CONSTRAINTS = {"enum", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "minLength", "maxLength",
               "pattern", "format", "minItems", "maxItems", "uniqueItems", "items", "keys", "values"}
#: The keys of a type expression, beyond its constraints.
TYPE_KEYS = {"type", "ref", "any_of", "nullable", "newer_values", "newer_types"} | CONSTRAINTS
#: The spec's type names and the constraints each takes.
KINDS: dict[str, set[str]] = {
    "string": {"enum", "minLength", "maxLength", "pattern", "format"},
    "number": {"enum", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"},
    "integer": {"enum", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"},
    "boolean": set(),
    "array": {"items", "minItems", "maxItems", "uniqueItems"},
    "map": {"keys", "values"},
    "json_object": set(),
    "any": set(),
}


class TypeReader:
    """Reads type expressions, checking every name they use: objects, patterns and rule ids."""

    def __init__(self, c: Checker, objects: set[str], patterns: dict[str, m.Pattern], rules: set[str]) -> None:
        self.c = c
        self.objects = objects
        self.patterns = patterns
        self.rules = rules

    def type(self, path: Path, raw: Any, extra: set[str] = set()) -> m.Type:
        """The type at ``path``; ``extra`` are further keys the mapping may hold (a member's)."""
        c = self.c
        body = c.mapping(raw, path, TYPE_KEYS | extra)
        if "any_of" in body:
            if ({"type", "ref", "newer_values"} | CONSTRAINTS) & set(body):
                raise c.fail(path, "give either any_of or one type, not both")
            raw_variants = body["any_of"]
            if not isinstance(raw_variants, list) or len(raw_variants) < 2:
                raise c.fail(path + ("any_of",), "expected a list of two or more types")
            variants = [self.variant(path + ("any_of", i), c.mapping(v, path + ("any_of", i), TYPE_KEYS - {"any_of"}))
                        for i, v in enumerate(raw_variants)]
        else:
            variants = [self.variant(path, body)]
        kinds = [m.json_type(v) for v in variants]
        if None in kinds and len(kinds) > 1:
            raise c.fail(path, "'any' holds every value: it cannot be one alternative among others")
        if len(set(kinds)) != len(kinds) or {"number", "integer"} <= set(kinds):
            raise c.fail(path, "the alternatives of a type must have different JSON types")
        if c.boolean(body.get("nullable", False), path + ("nullable",)):
            variants.append(m.Null())
        return m.Type(tuple(variants), self.newer_types(path, body, kinds))

    def variant(self, path: Path, body: dict[str, Any]) -> m.Variant:
        """One alternative: a ``type`` or a ``ref``, with the constraints of its kind."""
        c = self.c
        if ("type" in body) == ("ref" in body):
            raise c.fail(path, "give exactly one of 'type' or 'ref'")
        for key in ("nullable", "newer_types"):
            if key in body and path[-2:-1] == ("any_of",):
                raise c.fail(path + (key,), f"write {key} on the type, beside any_of")
        if "ref" in body:
            target = c.text(body["ref"], path + ("ref",))
            if target not in self.objects:
                raise c.fail(path + ("ref",), f"ref names no object; objects: {', '.join(sorted(self.objects))}")
            allowed: set[str] = set()
            kind = "ref"
        else:
            kind = c.text(body["type"], path + ("type",))
            if kind not in KINDS:
                raise c.fail(path + ("type",), f"unknown type {kind!r}; types: {', '.join(sorted(KINDS))}")
            allowed = KINDS[kind]
        for key in body:
            if key in CONSTRAINTS and key not in allowed:
                raise c.fail(path + (key,), f"{key!r} does not apply to type {kind!r}")
            if key in CONSTRAINT_RULES and CONSTRAINT_RULES[key] not in self.rules:
                raise c.fail(path + (key,), f"{key} is reported as the rule {CONSTRAINT_RULES[key]!r}: declare its text")
        if "newer_values" in body and kind != "string":
            raise c.fail(path + ("newer_values",), "newer values belong to a string enum")
        bound: Callable[[str], Any] = lambda key: self.number(body, path, key, kind == "integer")  # noqa: E731
        match kind:
            case "ref":
                return m.Ref(body["ref"])
            case "string":
                string = m.String(self.enum(body, path, kind), self.count(body, path, "minLength"),
                                  self.count(body, path, "maxLength"), self.pattern(body, path))
                string = m.String(string.enum, string.min_length, string.max_length, string.pattern,
                                  self.newer_values(path, body, string), self.format(body, path))
                self.ordered(path, string.min_length, string.max_length, "minLength", "maxLength")
                return string
            case "number" | "integer":
                low, high = bound("minimum"), bound("maximum")
                self.ordered(path, low, high, "minimum", "maximum")
                numeric = m.Integer if kind == "integer" else m.Number
                return numeric(self.enum(body, path, kind), low, high, bound("exclusiveMinimum"), bound("exclusiveMaximum"))
            case "boolean":
                return m.Boolean()
            case "array":
                if "items" not in body:
                    raise c.fail(path, "an array declares its items")
                low, high = self.count(body, path, "minItems"), self.count(body, path, "maxItems")
                self.ordered(path, low, high, "minItems", "maxItems")
                unique = c.boolean(body.get("uniqueItems", False), path + ("uniqueItems",))
                return m.Array(self.type(path + ("items",), body["items"]), low, high, unique)
            case "map":
                if "values" not in body:
                    raise c.fail(path, "a map declares its values")
                return m.Map(self.keys(path + ("keys",), body.get("keys")), self.type(path + ("values",), body["values"]))
            case "json_object":
                return m.AnyValue("object")
            case _:  # "any"
                return m.AnyValue(None)

    # -- constraints -------------------------------------------------------------------------------
    def number(self, body: dict[str, Any], path: Path, key: str, integer: bool) -> int | float | None:
        return self.c.number(body[key], path + (key,), integer=integer) if key in body else None

    def count(self, body: dict[str, Any], path: Path, key: str) -> int | None:
        if key not in body:
            return None
        value = self.c.number(body[key], path + (key,), integer=True)
        if value < 0:
            raise self.c.fail(path + (key,), "expected a count of 0 or more")
        return int(value)

    def ordered(self, path: Path, low: Any, high: Any, low_key: str, high_key: str) -> None:
        if low is not None and high is not None and low > high:
            raise self.c.fail(path, f"{low_key} is greater than {high_key}")

    def enum(self, body: dict[str, Any], path: Path, kind: str) -> Any:
        if "enum" not in body:
            return None
        c = self.c
        values = body["enum"]
        if not isinstance(values, list) or not values:
            raise c.fail(path + ("enum",), "expected a non-empty list")
        for i, v in enumerate(values):
            if kind == "string":
                c.text(v, path + ("enum", i), empty=True)
            else:
                c.number(v, path + ("enum", i), integer=kind == "integer")
        if len(set(values)) != len(values):
            raise c.fail(path + ("enum",), "enum values repeat")
        return tuple(values)

    def pattern(self, body: dict[str, Any], path: Path) -> m.Pattern | None:
        if "pattern" not in body:
            return None
        name = self.c.text(body["pattern"], path + ("pattern",))
        if name not in self.patterns:
            raise self.c.fail(path + ("pattern",), f"pattern names no declared pattern; declared: {', '.join(self.patterns)}")
        return self.patterns[name]

    def format(self, body: dict[str, Any], path: Path) -> str | None:
        if "format" not in body:
            return None
        name = self.c.text(body["format"], path + ("format",))
        if name not in FORMATS:
            raise self.c.fail(path + ("format",), f"unknown format {name!r}; formats: {', '.join(FORMATS)}")
        return name

    def keys(self, path: Path, raw: Any) -> m.Keys:
        """A map's keys: any string when absent, ``{format: regex}`` (each key a regular expression
        that compiles), or ``{digits: true, minimum, maximum, rule}``."""
        c = self.c
        if raw is None:
            return m.Keys()
        if isinstance(raw, dict) and "format" in raw:
            kb = c.mapping(raw, path, {"format": True})
            name = self.format(kb, path)
            assert name is not None
            if FORMATS[name] not in self.rules:
                raise c.fail(path + ("format",), f"a key's format is reported as the rule {FORMATS[name]!r}: declare its text")
            return m.Keys(rule=FORMATS[name], regex=True)
        kb = c.mapping(raw, path, {"digits": True, "minimum": True, "maximum": True, "rule": True})
        if kb["digits"] is not True:
            raise c.fail(path + ("digits",), "map keys are decimal-digit strings: write digits: true")
        low = int(c.number(kb["minimum"], path + ("minimum",), integer=True))
        high = int(c.number(kb["maximum"], path + ("maximum",), integer=True))
        if not 0 <= low <= high:
            raise c.fail(path, "expected 0 <= minimum <= maximum")
        rule = c.rule_id(kb["rule"], path + ("rule",))
        if rule not in self.rules:
            raise c.fail(path + ("rule",), f"{rule!r} is not a rule of the spec's rules")
        return m.Keys((low, high), rule)

    # -- a later API -------------------------------------------------------------------------------
    def newer_table(self, raw: Any, path: Path) -> tuple[m.Newer, ...]:
        """A mapping of names (or values) to the date each was added to the API."""
        c = self.c
        out = []
        for name, since in c.mapping(raw, path).items():
            text = c.text(since, path + (name,))
            if not DATE.match(text):
                raise c.fail(path + (name,), f"expected a date as YYYY-MM-DD (quoted), got {text!r}")
            out.append(m.Newer(c.text(name, path + (name,)), text))
        return tuple(out)

    def newer_values(self, path: Path, body: dict[str, Any], string: m.String) -> tuple[m.Newer, ...]:
        if "newer_values" not in body:
            return ()
        newer = self.newer_table(body["newer_values"], path + ("newer_values",))
        if string.enum is None:
            raise self.c.fail(path + ("newer_values",), "newer values belong to a string enum")
        for item in newer:
            if item.what in string.enum:
                raise self.c.fail(path + ("newer_values", item.what), f"{item.what!r} is already an allowed value")
        return newer

    def newer_types(self, path: Path, body: dict[str, Any], kinds: list[str | None]) -> tuple[m.Newer, ...]:
        c = self.c
        newer = []
        for tname, tval in c.mapping(body.get("newer_types", {}), path + ("newer_types",)).items():
            tp = path + ("newer_types", tname)
            if tname not in m.JSON_TYPES or tname in kinds or tname in ("null", "integer"):
                raise c.fail(tp, "expected a JSON type the field does not take (array, object, string, number, "
                                 f"boolean), got {tname!r}")
            tb = c.mapping(tval, tp, {"since": True, "as": True})
            (since,) = self.newer_table({tname: tb["since"]}, tp)
            newer.append(m.Newer(tname, since.since, c.one_line(tb["as"], tp + ("as",))))
        return tuple(newer)
