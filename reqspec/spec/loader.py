"""Load a spec file and check it, turning every mistake into a SpecError that names the line.

Emitters trust the model completely, so everything they rely on is checked here: known keys only,
the right type for each value, references that resolve (objects, patterns, tables, sources,
fields named by checks), message templates that only use known placeholders, and patterns that are
safe (linear time) and mean the same in ECMA-262 and Python.
"""

from __future__ import annotations

import keyword
import re
from pathlib import Path as FilePath
from typing import Any

from . import model as m
from .patterns import PatternProblem, check_pattern
from .portability import portable
from .checker import Checker, SpecError
from .yaml_source import Path, SpecSyntaxError, read_located

LANGUAGE_VERSION = 1
DEFAULT_MAX_DEPTH = 128


_TOP_KEYS = {
    "reqspec": True, "id": True, "title": True, "description": True, "endpoint": False,
    "root": True, "docs_url": False, "max_depth": False, "sources": True, "patterns": False, "tables": False,
    "rules": True, "phrases": True, "objects": True,
}
_OBJECT_KEYS = {"title": True, "description": True, "example": False, "fields": True,
                "excluded": False, "checks": False, "type_name": False, "newer": False}
_TYPE_KEYS = {"type", "ref", "enum", "minimum", "maximum", "minLength", "maxLength", "pattern",
              "minItems", "maxItems", "items", "keys", "values"}
_FIELD_KEYS = _TYPE_KEYS | {"any_of", "nullable", "required", "default", "default_text",
                            "description", "example", "source", "newer_values", "newer_types"}
#: A date in a table of newer names: when the name first appeared in the API's spec.
DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}\Z")
_SCALAR_TYPES = {"string", "number", "integer", "boolean", "array", "map", "json_object"}
_ALLOWED_BY_TYPE = {
    "string": {"enum", "minLength", "maxLength", "pattern"},
    "number": {"enum", "minimum", "maximum"},
    "integer": {"enum", "minimum", "maximum"},
    "boolean": set(),
    "array": {"items", "minItems", "maxItems"},
    "map": {"keys", "values"},
    "json_object": set(),
    "ref": set(),
}
_RULE_TEXT_KEYS = {"keyword": True, "message": True, "help": True, "source": True, "at": False,
                   "fix": False, "key_message": False}
#: An object id becomes part of Python names in generated code (validator functions, the default
#: ``TypedDict`` name), so it is an ASCII identifier: ``str.isidentifier()`` would also admit
#: letters such as ``ñ`` that the generated names are not built from.
OBJECT_ID = re.compile(r"[a-z][a-z0-9_]*\Z")
#: A type name is a Python class name in generated code, ASCII for the same reason.
TYPE_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")
_REQUIRED_RULE_TEXTS = (
    "type", "enum", "minimum", "maximum", "min-length", "max-length", "pattern", "min-items",
    "max-items", "required", "unknown-field", "excluded-field", "token-id", "non-finite",
    "secret", "not-json", "too-deep",
)
_REQUIRED_PHRASES = (
    "types", "either", "suggestion", "approx", "array_value", "object_value", "foreign_value",
    "huge_integer", "redacted", "redacted_key", "non_string_key", "cycle", "absent",
)
#: Phrases a spec needs only when it names values or types of a later API.
_NEWER_PHRASES = ("newer_value", "newer_type")
NEWER_RULE = "newer-field"
_CHECK_COMMON = {"id": True, "kind": True, "level": True, "message": True, "help": True,
                 "source": True, "example": False, "semantic": False, "when": False}

# Each kind of check: its parameters (name -> type tag), whether JSON Schema can express it, and
# which levels it may take. Type tags: "field" (a member of this object), "path" (a list of
# member names through refs), "fields", "table", "column", "str", "int".
KINDS: dict[str, dict[str, Any]] = {
    "require": {"params": {"field": "field"}, "schema": True, "keyword": "required", "levels": {"error"}, "when": True},
    "forbid": {"params": {"field": "field"}, "schema": True, "keyword": "not", "levels": {"error"}, "when": True},
    "not_null": {"params": {"field": "field"}, "schema": True, "keyword": "not", "levels": {"error"}, "when": True},
    "max_from_table": {"params": {"field": "field", "key": "field", "table": "table",
                                  "column": "column"},
                       "schema": True, "keyword": "maximum", "levels": {"error"}, "when": False},
    "member_of": {"params": {"field": "path", "among": "path"}, "schema": False,
                  "levels": {"error"}, "when": False},
    "known": {"params": {"field": "field", "table": "table"}, "schema": False,
              "optional": {"newer": "strs", "newer_message": "template"},
              "levels": {"warning"}, "when": False},
    "unique": {"params": {"field": "field", "by": "str"}, "schema": False,
               "levels": {"warning"}, "when": False},
    "not_both_altered": {"params": {"fields": "fields"}, "schema": False,
                         "levels": {"warning"}, "when": False},
    "recommend": {"params": {"field": "field"}, "schema": False, "levels": {"warning"},
                  "when": False},
    "nested_equals": {"params": {"field": "field", "key": "str", "expected": "str"},
                      "schema": False, "levels": {"warning"}, "when": False},
    "json_string": {"params": {"field": "field"}, "schema": False, "levels": {"warning"},
                    "when": False},
    "context_length": {"params": {"field": "field", "messages_field": "field",
                                  "model_field": "field", "functions_field": "field",
                                  "table": "table", "column": "column", "tokens_per_reply": "int",
                                  "encoding": "str", "prompt_message": "template"},
                       "schema": False, "levels": {"warning"}, "when": False},
}


def load_spec(path: str | FilePath) -> m.Spec:
    """Read, check and model the spec at ``path``; raise SpecError naming the line of a mistake."""
    file = str(path)
    try:
        text = FilePath(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise SpecError(file, 1, "", f"cannot read the spec: {exc}") from None
    return load_spec_text(text, file)


def load_spec_text(text: str, file: str = "<spec>") -> m.Spec:
    """Check and model spec text (see load_spec)."""
    try:
        located = read_located(text)
    except SpecSyntaxError as exc:
        raise SpecError(file, exc.line, "", str(exc)) from None
    return _build(Checker(located, file))


def _build(c: Checker) -> m.Spec:
    data = c.mapping(c.located.data, (), _TOP_KEYS, "a spec mapping")
    if data["reqspec"] != LANGUAGE_VERSION:
        raise c.fail(("reqspec",), f"unsupported spec language version {data['reqspec']!r}; "
                                   f"this reqspec reads version {LANGUAGE_VERSION}")
    spec_id = c.text(data["id"], ("id",))
    if not spec_id.isidentifier():
        raise c.fail(("id",), "the id names generated files and modules: use letters, digits and _")

    sources = {}
    for sid, sval in c.mapping(data["sources"], ("sources",)).items():
        body = c.mapping(sval, ("sources", sid), {"title": True})
        sources[sid] = m.Source(sid, c.text(body["title"], ("sources", sid, "title")))

    patterns = {}
    for pid, pval in c.mapping(data.get("patterns", {}), ("patterns",)).items():
        body = c.mapping(pval, ("patterns", pid), {"regex": True, "says": True, "contains": False})
        regex = c.text(body["regex"], ("patterns", pid, "regex"))
        try:
            check_pattern(regex)
        except PatternProblem as exc:
            raise c.fail(("patterns", pid, "regex"), f"unsafe or unportable pattern: {exc}") from None
        contains = c.text(body.get("contains", ""), ("patterns", pid, "contains"), empty=True)
        if contains and contains not in regex.replace("\\", ""):
            raise c.fail(("patterns", pid, "contains"), "contains must be a literal part of the regex")
        patterns[pid] = m.Pattern(pid, regex, c.text(body["says"], ("patterns", pid, "says")), contains)
    if "secret" not in patterns:
        raise c.fail(("patterns",), "a spec declares the pattern 'secret' (what a leaked key looks like)")
    if not patterns["secret"].contains:
        raise c.fail(("patterns", "secret"), "the secret pattern declares `contains`, a substring every key holds; "
                                             "every string is searched for it first")

    tables = {}
    for tid, tval in c.mapping(data.get("tables", {}), ("tables",)).items():
        tp = ("tables", tid)
        body = c.mapping(tval, tp, {"key": True, "columns": True, "rows": True, "description": False,
                                    "aliases": False})
        columns = tuple(c.str_list(body["columns"], tp + ("columns",)))
        rows = []
        for key, values in c.mapping(body["rows"], tp + ("rows",)).items():
            if not isinstance(values, list) or len(values) != len(columns):
                raise c.fail(tp + ("rows", key), f"expected a list of {len(columns)} values ({', '.join(columns)})")
            for i, v in enumerate(values):
                c.number(v, tp + ("rows", key, i))
            rows.append((key, tuple(values)))
        aliases = None
        if "aliases" in body:
            name = c.text(body["aliases"], tp + ("aliases",))
            if name not in patterns:
                raise c.fail(tp + ("aliases",), f"aliases names no declared pattern; declared: {', '.join(patterns)}")
            aliases = patterns[name]
            if re.compile(portable(aliases.regex)).groups != 1:
                raise c.fail(tp + ("aliases",), "the aliases pattern has exactly one group: the part that is a row's key")
        tables[tid] = m.Table(tid, c.text(body["key"], tp + ("key",)), columns, tuple(rows),
                              c.text(body.get("description", ""), tp + ("description",), empty=True), aliases)

    rules = {}
    for rid, rval in c.mapping(data["rules"], ("rules",)).items():
        rp = ("rules", rid)
        c.rule_id(rid, rp)
        body = c.mapping(rval, rp, _RULE_TEXT_KEYS)
        keyword = body["keyword"]
        if keyword is not None:
            c.text(keyword, rp + ("keyword",))
        at = body.get("at", "value")
        if at not in ("key", "value"):
            raise c.fail(rp + ("at",), "expected key or value")
        rules[rid] = m.RuleText(rid, keyword, c.template(body["message"], rp + ("message",)),
                                c.text(body["help"], rp + ("help",)),
                                c.source(body["source"], rp + ("source",), sources), at,
                                c.text(body.get("fix", ""), rp + ("fix",), empty=True),
                                c.template(body["key_message"], rp + ("key_message",)) if "key_message" in body else "")
    for rid in _REQUIRED_RULE_TEXTS:
        if rid not in rules:
            raise c.fail(("rules",), f"missing the text of rule {rid!r}")

    phrases = c.mapping(data["phrases"], ("phrases",),
                        {**{k: True for k in _REQUIRED_PHRASES}, **{k: False for k in _NEWER_PHRASES}})
    types = c.mapping(phrases["types"], ("phrases", "types"), {t: True for t in m.JSON_TYPES})
    for t in types:
        c.text(types[t], ("phrases", "types", t))
    for key in _REQUIRED_PHRASES[1:] + tuple(k for k in _NEWER_PHRASES if k in phrases):
        c.template(phrases[key], ("phrases", key)) if key != "either" else c.text(phrases[key], ("phrases", key), empty=True)

    raw_objects = c.mapping(data["objects"], ("objects",))
    objects = {}
    for oid, oval in raw_objects.items():
        if not OBJECT_ID.match(oid):
            raise c.fail(("objects", oid), "an object id is used in generated code: write an ASCII lowercase letter, "
                                           f"then lowercase letters, digits and _ ([a-z][a-z0-9_]*); got {oid!r}")
        objects[oid] = _object(c, oid, oval, raw_objects, patterns, sources, tables, rules)
    _check_type_names(c, objects)
    _check_newer_texts(c, objects, rules, phrases)
    root = c.text(data["root"], ("root",))
    if root not in objects:
        raise c.fail(("root",), f"root names no object; objects: {', '.join(objects)}")
    spec = m.Spec(
        id=spec_id, title=c.text(data["title"], ("title",)),
        description=c.text(data["description"], ("description",)),
        endpoint=c.text(data.get("endpoint", ""), ("endpoint",), empty=True), root=root,
        docs_url=c.text(data.get("docs_url", ""), ("docs_url",), empty=True),
        max_depth=_max_depth(c, data),
        sources=sources, patterns=patterns, tables=tables, rules=rules, phrases=phrases,
        objects=objects, path=c.file,
    )
    _check_references(c, spec)
    return spec


def _max_depth(c: Checker, data: dict[str, Any]) -> int:
    value = c.number(data.get("max_depth", DEFAULT_MAX_DEPTH), ("max_depth",), integer=True)
    if not 1 <= value <= 10_000:
        raise c.fail(("max_depth",), "expected a depth from 1 to 10000")
    return int(value)


def _object(c: Checker, oid: str, raw: Any, raw_objects: dict[str, Any],
            patterns: dict[str, m.Pattern], sources: dict[str, m.Source],
            tables: dict[str, m.Table], rules: dict[str, m.RuleText]) -> m.ObjectType:
    op = ("objects", oid)
    body = c.mapping(raw, op, _OBJECT_KEYS)
    fields = []
    for fname, fval in c.mapping(body["fields"], op + ("fields",)).items():
        fields.append(_field(c, op + ("fields", fname), fname, fval, raw_objects, patterns, sources))
    names = {f.name for f in fields}
    excluded = []
    for xname, xval in c.mapping(body.get("excluded", {}), op + ("excluded",)).items():
        xp = op + ("excluded", xname)
        xb = c.mapping(xval, xp, {"reason": True, "source": True, "secret": False})
        if xname in names:
            raise c.fail(xp, f"{xname!r} is both a field and excluded")
        excluded.append(m.Excluded(xname, c.one_line(xb["reason"], xp + ("reason",)),
                                   c.source(xb["source"], xp + ("source",), sources),
                                   c.boolean(xb.get("secret", False), xp + ("secret",))))
    checks = []
    raw_checks = body.get("checks", [])
    if not isinstance(raw_checks, list):
        raise c.fail(op + ("checks",), "expected a list of checks")
    raw_newer = body.get("newer", {})
    later = set(raw_newer) if isinstance(raw_newer, dict) else set()
    for i, cval in enumerate(raw_checks):
        checks.append(_check(c, op + ("checks", i), cval, fields, sources, tables, rules, later))
    newer = _newer_table(c, body.get("newer", {}), op + ("newer",))
    for item in newer:
        if item.what in names or item.what in {x.name for x in excluded}:
            raise c.fail(op + ("newer", item.what), f"{item.what!r} is already a field or excluded")
    type_name = c.text(body.get("type_name", ""), op + ("type_name",), empty=True)
    if type_name and (not TYPE_NAME.match(type_name) or keyword.iskeyword(type_name)):
        raise c.fail(op + ("type_name",), "a type name is used in generated code: use ASCII letters, digits and _")
    return m.ObjectType(oid, c.text(body["title"], op + ("title",)),
                        c.text(body["description"], op + ("description",)), tuple(fields),
                        tuple(excluded), tuple(checks), body.get("example", m.NO_DEFAULT), type_name, newer)


def _check_newer_texts(c: Checker, objects: dict[str, m.ObjectType], rules: dict[str, m.RuleText],
                       phrases: dict[str, Any]) -> None:
    """A spec that names fields, values or types of a later API declares how they are reported."""
    for oid, obj in objects.items():
        uses = bool(obj.newer) or any(f.newer_values or f.newer_types for f in obj.fields)
        if uses and NEWER_RULE not in rules:
            raise c.fail(("objects", oid), f"this object names newer fields or values: declare the rule {NEWER_RULE!r}")
        for f in obj.fields:
            for kind, phrase in (("newer_values", "newer_value"), ("newer_types", "newer_type")):
                if getattr(f, kind) and phrase not in phrases:
                    raise c.fail(("objects", oid, "fields", f.name, kind), f"declare the phrase {phrase!r} first")


def _newer_table(c: Checker, raw: Any, path: Path) -> tuple[m.Newer, ...]:
    """A mapping of names (or values) to the date each was added to the API."""
    out = []
    for name, since in c.mapping(raw, path).items():
        text = c.text(since, path + (name,))
        if not DATE.match(text):
            raise c.fail(path + (name,), f"expected a date as YYYY-MM-DD (quoted), got {text!r}")
        out.append(m.Newer(c.text(name, path + (name,)), text))
    return tuple(out)


def _check_type_names(c: Checker, objects: dict[str, m.ObjectType]) -> None:
    """Each object's type name is a class in the generated types and a component in the OpenAPI
    copy: it must not be a Python keyword (``none`` would become ``None``) or name two objects."""
    owners: dict[str, str] = {}
    for oid, obj in objects.items():
        name = obj.type_name or m.default_type_name(oid)
        where = ("objects", oid, "type_name") if obj.type_name else ("objects", oid)
        if keyword.iskeyword(name):
            raise c.fail(where, f"the type name {name!r} is a Python keyword: give the object a type_name")
        if name in owners:
            raise c.fail(where, f"the type name {name!r} is also the type name of object {owners[name]!r}: "
                                "give one of them another type_name")
        owners[name] = oid


def _type_expr(c: Checker, path: Path, raw: Any, raw_objects: dict[str, Any],
               patterns: dict[str, m.Pattern], extra_keys: frozenset[str] = frozenset()) -> m.TypeExpr:
    body = c.mapping(raw, path, _TYPE_KEYS | extra_keys)
    if ("type" in body) == ("ref" in body):
        raise c.fail(path, "give exactly one of 'type' or 'ref'")
    if "ref" in body:
        ref = c.text(body["ref"], path + ("ref",))
        if ref not in raw_objects:
            raise c.fail(path + ("ref",), f"ref names no object; objects: {', '.join(raw_objects)}")
        kind = "ref"
    else:
        kind = c.text(body["type"], path + ("type",))
        if kind not in _SCALAR_TYPES:
            raise c.fail(path + ("type",), f"unknown type {kind!r}; types: {', '.join(sorted(_SCALAR_TYPES))}")
    for key in body:
        if key in _TYPE_KEYS - {"type", "ref"} and key not in _ALLOWED_BY_TYPE[kind]:
            raise c.fail(path + (key,), f"{key!r} does not apply to type {kind!r}")
    integer = kind == "integer"
    args: dict[str, Any] = {"type": kind}
    if kind == "ref":
        args["ref"] = body["ref"]
    if "enum" in body:
        values = body["enum"]
        if not isinstance(values, list) or not values:
            raise c.fail(path + ("enum",), "expected a non-empty list")
        for i, v in enumerate(values):
            if kind == "string":
                c.text(v, path + ("enum", i), empty=True)
            else:
                c.number(v, path + ("enum", i), integer=integer)
        if len(set(values)) != len(values):
            raise c.fail(path + ("enum",), "enum values repeat")
        args["enum"] = tuple(values)
    for key, attr in (("minimum", "minimum"), ("maximum", "maximum")):
        if key in body:
            args[attr] = c.number(body[key], path + (key,), integer=integer)
    for key, attr in (("minLength", "min_length"), ("maxLength", "max_length"),
                      ("minItems", "min_items"), ("maxItems", "max_items")):
        if key in body:
            value = c.number(body[key], path + (key,), integer=True)
            if value < 0:
                raise c.fail(path + (key,), "expected a count of 0 or more")
            args[attr] = value
    for low, high in (("minimum", "maximum"), ("min_length", "max_length"), ("min_items", "max_items")):
        if low in args and high in args and args[low] > args[high]:
            raise c.fail(path, f"{low} is greater than {high}")
    if "pattern" in body:
        name = c.text(body["pattern"], path + ("pattern",))
        if name not in patterns:
            raise c.fail(path + ("pattern",), f"pattern names no declared pattern; declared: {', '.join(patterns)}")
        args["pattern"] = patterns[name]
    if kind == "array":
        if "items" not in body:
            raise c.fail(path, "an array declares its items")
        args["items"] = _type_expr(c, path + ("items",), body["items"], raw_objects, patterns)
    if kind == "map":
        if "keys" not in body or "values" not in body:
            raise c.fail(path, "a map declares its keys and values")
        kb = c.mapping(body["keys"], path + ("keys",), {"digits": True, "minimum": True, "maximum": True})
        if kb["digits"] is not True:
            raise c.fail(path + ("keys", "digits"), "map keys are decimal-digit strings: write digits: true")
        key_low = int(c.number(kb["minimum"], path + ("keys", "minimum"), integer=True))
        key_high = int(c.number(kb["maximum"], path + ("keys", "maximum"), integer=True))
        if not 0 <= key_low <= key_high:
            raise c.fail(path + ("keys",), "expected 0 <= minimum <= maximum")
        args["keys"] = m.KeySpec(key_low, key_high)
        args["values"] = _type_expr(c, path + ("values",), body["values"], raw_objects, patterns)
    return m.TypeExpr(**args)


def _field(c: Checker, path: Path, name: str, raw: Any, raw_objects: dict[str, Any],
           patterns: dict[str, m.Pattern], sources: dict[str, m.Source]) -> m.Field:
    body = c.mapping(raw, path, _FIELD_KEYS)
    if "any_of" in body:
        if _TYPE_KEYS & set(body):
            raise c.fail(path, "give either any_of or one type, not both")
        raw_variants = body["any_of"]
        if not isinstance(raw_variants, list) or len(raw_variants) < 2:
            raise c.fail(path + ("any_of",), "expected a list of two or more types")
        variants = tuple(_type_expr(c, path + ("any_of", i), v, raw_objects, patterns)
                         for i, v in enumerate(raw_variants))
    else:
        variants = (_type_expr(c, path, {k: v for k, v in body.items() if k in _TYPE_KEYS},
                               raw_objects, patterns),)
    json_types = [v.json_type for v in variants]
    if len(set(json_types)) != len(json_types) or {"number", "integer"} <= set(json_types):
        raise c.fail(path, "the alternatives of a field must have different JSON types")
    nullable = c.boolean(body.get("nullable", False), path + ("nullable",))
    required = c.boolean(body.get("required", False), path + ("required",))
    default = body.get("default", m.NO_DEFAULT)
    newer_values = _newer_table(c, body.get("newer_values", {}), path + ("newer_values",))
    if newer_values:
        enums = [v for v in variants if v.type == "string" and v.enum is not None]
        if len(enums) != 1:
            raise c.fail(path + ("newer_values",), "newer values belong to a field with one string enum")
        for item in newer_values:
            if item.what in (enums[0].enum or ()):
                raise c.fail(path + ("newer_values", item.what), f"{item.what!r} is already an allowed value")
    newer_types = []
    for tname, tval in c.mapping(body.get("newer_types", {}), path + ("newer_types",)).items():
        tp = path + ("newer_types", tname)
        if tname not in m.JSON_TYPES or tname in json_types or tname == "null" or tname == "integer":
            raise c.fail(tp, f"expected a JSON type the field does not take (array, object, string, number, boolean), "
                             f"got {tname!r}")
        tb = c.mapping(tval, tp, {"since": True, "as": True})
        (since,) = _newer_table(c, {tname: tb["since"]}, tp)
        newer_types.append(m.Newer(tname, since.since, c.one_line(tb["as"], tp + ("as",))))
    return m.Field(
        name=name, variants=variants, nullable=nullable, required=required,
        description=c.text(body.get("description"), path + ("description",)),
        source=c.source(body.get("source"), path + ("source",), sources),
        default=default,
        default_text=c.text(body.get("default_text", ""), path + ("default_text",), empty=True),
        example=body.get("example", m.NO_DEFAULT), line=c.located.line(path),
        newer_values=newer_values, newer_types=tuple(newer_types),
    )


def _condition(c: Checker, raw: Any, path: Path, fields: set[str]) -> m.Condition:
    """A condition over the members of one object (its fields, and the names of a later API that
    the object knows, so a check can stand aside for a body written for that API)."""
    body = c.mapping(raw, path, {"present", "absent", "equals", "differs", "all", "any"})
    if len(body) != 1:
        raise c.fail(path, "a condition has exactly one of present, absent, equals, differs, all, any")
    (op, arg), = body.items()

    def member(name: Any, p: Path) -> str:
        text = c.text(name, p)
        if text not in fields:
            raise c.fail(p, f"{text!r} is not a field of this object")
        return text

    if op in ("present", "absent"):
        fname = member(arg, path + (op,))
        return m.Present(fname) if op == "present" else m.Absent(fname)
    if op in ("equals", "differs"):
        pair = c.mapping(arg, path + (op,))
        if len(pair) != 1:
            raise c.fail(path + (op,), "compare exactly one field, as {field: value}")
        (fname, value), = pair.items()
        member(fname, path + (op, fname))
        c.text(value, path + (op, fname), empty=True)
        return m.Equals(fname, value) if op == "equals" else m.Differs(fname, value)
    if not isinstance(arg, list) or not arg:
        raise c.fail(path + (op,), "expected a non-empty list of conditions")
    parts = tuple(_condition(c, item, path + (op, i), fields) for i, item in enumerate(arg))
    return m.AllOf(parts) if op == "all" else m.AnyOf(parts)


def _check(c: Checker, path: Path, raw: Any, fields: list[m.Field],
           sources: dict[str, m.Source], tables: dict[str, m.Table],
           rules: dict[str, m.RuleText], later: set[str] = set()) -> m.Check:
    pre = c.mapping(raw, path)
    kind = c.text(pre.get("kind"), path + ("kind",))
    if kind not in KINDS:
        raise c.fail(path + ("kind",), f"unknown kind {kind!r}; kinds: {', '.join(KINDS)}")
    info = KINDS[kind]
    keys = dict(_CHECK_COMMON)
    keys.update({p: True for p in info["params"]})
    keys.update({p: False for p in info.get("optional", {})})
    body = c.mapping(raw, path, keys)
    cid = c.rule_id(body["id"], path + ("id",))
    if cid in rules:
        raise c.fail(path + ("id",), f"{cid!r} is already the id of a field rule")
    level = c.text(body["level"], path + ("level",))
    if level not in info["levels"]:
        raise c.fail(path + ("level",), f"a {kind} check has level {' or '.join(sorted(info['levels']))}")
    semantic = c.boolean(body.get("semantic", False), path + ("semantic",))
    if level == "error" and semantic == info["schema"]:
        raise c.fail(path + ("semantic",),
                     "JSON Schema can express this kind: it is not semantic" if info["schema"]
                     else "JSON Schema cannot express this kind: mark it semantic: true")
    if level == "warning" and "semantic" in body:
        raise c.fail(path + ("semantic",), "warnings are never in the JSON Schema; drop semantic")
    by_name = {f.name: f for f in fields}
    params: dict[str, Any] = {}
    for pname, ptype in [*info["params"].items(), *info.get("optional", {}).items()]:
        pp = path + (pname,)
        if pname not in body:
            continue
        value = body[pname]
        if ptype == "field":
            c.text(value, pp)
            if value not in by_name:
                raise c.fail(pp, f"{value!r} is not a field of this object")
        elif ptype == "fields":
            for i, item in enumerate(c.str_list(value, pp)):
                if item not in by_name:
                    raise c.fail(pp + (i,), f"{item!r} is not a field of this object")
        elif ptype in ("path", "strs"):
            c.str_list(value, pp)
        elif ptype == "table":
            c.text(value, pp)
            if value not in tables:
                raise c.fail(pp, f"{value!r} names no table; tables: {', '.join(tables)}")
        elif ptype == "column":
            pass  # checked below, once the table is known
        elif ptype == "int":
            c.number(value, pp, integer=True)
        elif ptype == "template":
            c.template(value, pp)
        else:
            c.text(value, pp)
        params[pname] = tuple(value) if isinstance(value, list) else value
    if "column" in params and params["column"] not in tables[params["table"]].columns:
        raise c.fail(path + ("column",), f"{params['column']!r} is not a column of table {params['table']!r}")
    when = None
    if "when" in body:
        if not info["when"]:
            raise c.fail(path + ("when",), f"a {kind} check takes no condition")
        when = _condition(c, body["when"], path + ("when",), set(by_name) | later)
    elif info["when"]:
        raise c.fail(path, f"a {kind} check needs a 'when' condition")
    example = None
    if "example" in body:
        eb = c.mapping(body["example"], path + ("example",), {"body": True, "fix": True})
        example = m.Example(eb["body"], c.text(eb["fix"], path + ("example", "fix")))
    keyword = info.get("keyword")
    if kind == "require" and isinstance(when, m.Present):
        keyword = "dependentRequired"
    return m.Check(id=cid, kind=kind, level=level, semantic=semantic, keyword=keyword,
                   message=c.template(body["message"], path + ("message",)),
                   help=c.text(body["help"], path + ("help",)),
                   source=c.source(body["source"], path + ("source",), sources),
                   example=example, params=params, when=when, line=c.located.line(path))


def _check_references(c: Checker, spec: m.Spec) -> None:
    """Check what needs the whole model: unique check ids, path params, and no ref cycles."""
    seen: dict[str, Path] = {}
    for oid, obj in spec.objects.items():
        for i, check in enumerate(obj.checks):
            path = ("objects", oid, "checks", i, "id")
            if check.id in seen:
                raise c.fail(path, f"check id {check.id!r} is used twice")
            seen[check.id] = path
            for pname, ptype in KINDS[check.kind]["params"].items():
                if ptype == "path":
                    _resolve_path(c, spec, obj, check.params[pname],
                                  ("objects", oid, "checks", i, pname))

    def visit(oid: str, trail: tuple[str, ...]) -> None:
        if oid in trail:
            raise c.fail(("objects", oid), "objects refer to each other in a cycle: "
                                           + " -> ".join(trail + (oid,)))
        for f in spec.objects[oid].fields:
            for ref in _refs(f.variants):
                visit(ref, trail + (oid,))

    visit(spec.root, ())


def _refs(variants: tuple[m.TypeExpr, ...]) -> list[str]:
    out = []
    for v in variants:
        if v.ref:
            out.append(v.ref)
        for inner in (v.items, v.values):
            if inner is not None:
                out.extend(_refs((inner,)))
    return out


def _resolve_path(c: Checker, spec: m.Spec, obj: m.ObjectType, names: tuple[str, ...],
                  path: Path) -> None:
    """A path param walks fields through refs and array items: each step must exist."""
    current = obj
    for i, name in enumerate(names):
        try:
            f = current.field(name)
        except LookupError:
            raise c.fail(path + (i,), f"{name!r} is not a field of object {current.name!r}") from None
        if i == len(names) - 1:
            return
        leads = [v.ref or (v.items.ref if v.items is not None else None) for v in f.variants]
        targets = [t for t in leads if t is not None]
        if len(targets) != 1:
            raise c.fail(path + (i,), f"{name!r} does not lead to exactly one object")
        current = spec.objects[targets[0]]

