"""Load a spec file and check it, turning every mistake into a SpecError that names the line.

Emitters trust the model completely, so everything they rely on is checked here: known keys only,
the right type for each value, references that resolve (objects, patterns, tables, sources,
fields named by checks), message templates that only use known placeholders, and patterns that are
safe (linear time) and mean the same in ECMA-262 and Python.
"""

from __future__ import annotations

import dataclasses
import keyword
import re
from pathlib import Path as FilePath
from typing import Any

from . import model as m
from .patterns import PatternProblem, check_pattern
from .portability import portable
from .check_loader import read_check, resolve_paths
from .checker import PLACEHOLDERS, Checker, SpecError
from .type_loader import TYPE_KEYS, TypeReader
from .yaml_source import Path, SpecSyntaxError, read_located

LANGUAGE_VERSION = 1
DEFAULT_MAX_DEPTH = 128


_TOP_KEYS = {
    "reqspec": True, "id": True, "title": True, "description": True, "endpoint": False,
    "root": True, "docs_url": False, "max_depth": False, "sources": True, "patterns": False, "tables": False,
    "rules": True, "phrases": True, "objects": True, "roots": False,
}
_OBJECT_KEYS = {"title": True, "description": True, "example": False, "fields": True,
                "excluded": False, "checks": False, "type_name": False, "newer": False, "other_keys": False,
                "extends": False}
#: The kind of document the root object is: other roots are named otherwise.
ROOT_KIND = "body"
#: What a spec says of another kind of document: its object, how a file of them is recognised from
#: its first document, the member unique within a file, and the counts a file keeps to.
_ROOT_KEYS = {"object": True, "detect": True, "unique": False, "min_documents": False, "max_documents": False,
              "max_bytes": False}
_PATTERN_KEYS = {"regex": True, "says": True, "contains": False}
_TABLE_KEYS = {"key": True, "columns": True, "rows": True, "description": False, "aliases": False}
_EXCLUDED_KEYS = {"reason": True, "source": True, "secret": False}
#: The keys of a member beyond its type.
_MEMBER_KEYS = {"required", "default", "default_text", "description", "example", "source"}
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
    "max-items", "required", "unknown-field", "excluded-field", "non-finite",
    "secret", "not-json", "too-deep",
)
_REQUIRED_PHRASES = (
    "types", "either", "suggestion", "approx", "array_value", "object_value", "foreign_value",
    "huge_integer", "redacted", "redacted_key", "non_string_key", "cycle", "absent",
)
#: Phrases a spec needs only when it names values or types of a later API.
_NEWER_PHRASES = ("newer_value", "newer_type")
#: Phrases a spec needs only when objects hold each other in a cycle (see ``_check_recursion``).
_RECURSION_PHRASES = ("shared",)
#: The deepest a spec with recursive objects may follow them: the validator does so by recursion.
RECURSIVE_MAX_DEPTH = 256
NEWER_RULE = "newer-field"
#: The pattern every spec declares: what a leaked key looks like.
SECRET_PATTERN = "secret"


def language_words() -> frozenset[str]:
    """The spec language's own words: its keys, type names, constraints, rule ids it requires,
    phrases, JSON types, and the kinds of check with their parameters. A spec may use one as a
    name too (a field called ``description``), but code that holds one speaks the language, not
    the spec."""
    from ..checks import KINDS
    from .check_loader import CHECK_KEYS
    from .type_loader import KINDS as TYPE_NAMES

    words = set(_TOP_KEYS) | set(_OBJECT_KEYS) | _MEMBER_KEYS | set(_RULE_TEXT_KEYS) | TYPE_KEYS | set(TYPE_NAMES)
    words |= set(_ROOT_KEYS) | {"present", "absent"}
    words |= set(_PATTERN_KEYS) | set(_TABLE_KEYS) | set(_EXCLUDED_KEYS)
    words |= set(_REQUIRED_RULE_TEXTS) | set(_REQUIRED_PHRASES) | set(_NEWER_PHRASES) | set(_RECURSION_PHRASES) | {NEWER_RULE, SECRET_PATTERN}
    words |= set(m.JSON_TYPES) | set(CHECK_KEYS) | PLACEHOLDERS | {ROOT_KIND}
    for name, kind in KINDS.items():
        words.add(name)
        words.update(f.name for f in dataclasses.fields(kind.params))
    return frozenset(words)

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
        body = c.mapping(pval, ("patterns", pid), _PATTERN_KEYS)
        regex = c.text(body["regex"], ("patterns", pid, "regex"))
        try:
            check_pattern(regex)
        except PatternProblem as exc:
            raise c.fail(("patterns", pid, "regex"), f"unsafe or unportable pattern: {exc}") from None
        contains = c.text(body.get("contains", ""), ("patterns", pid, "contains"), empty=True)
        if contains and contains not in regex.replace("\\", ""):
            raise c.fail(("patterns", pid, "contains"), "contains must be a literal part of the regex")
        patterns[pid] = m.Pattern(pid, regex, c.text(body["says"], ("patterns", pid, "says")), contains)
    if SECRET_PATTERN not in patterns:
        raise c.fail(("patterns",), f"a spec declares the pattern {SECRET_PATTERN!r} (what a leaked key looks like)")
    if not patterns[SECRET_PATTERN].contains:
        raise c.fail(("patterns", SECRET_PATTERN), "the secret pattern declares `contains`, a substring every key holds; "
                                             "every string is searched for it first")

    tables = {}
    for tid, tval in c.mapping(data.get("tables", {}), ("tables",)).items():
        tp = ("tables", tid)
        body = c.mapping(tval, tp, _TABLE_KEYS)
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
                        {**{k: True for k in _REQUIRED_PHRASES},
                         **{k: False for k in _NEWER_PHRASES + _RECURSION_PHRASES}})
    types = c.mapping(phrases["types"], ("phrases", "types"), {t: True for t in m.JSON_TYPES})
    for t in types:
        c.text(types[t], ("phrases", "types", t))
    for key in _REQUIRED_PHRASES[1:] + tuple(k for k in _NEWER_PHRASES + _RECURSION_PHRASES if k in phrases):
        c.template(phrases[key], ("phrases", key)) if key != "either" else c.text(phrases[key], ("phrases", key), empty=True)

    raw_objects = c.mapping(data["objects"], ("objects",))
    reader = TypeReader(c, set(raw_objects), patterns, set(rules))
    built: dict[str, m.ObjectType] = {}
    for oid in _base_first(c, raw_objects):
        if not OBJECT_ID.match(oid):
            raise c.fail(("objects", oid), "an object id is used in generated code: write an ASCII lowercase letter, "
                                           f"then lowercase letters, digits and _ ([a-z][a-z0-9_]*); got {oid!r}")
        built[oid] = _object(c, reader, oid, raw_objects[oid], sources, tables, rules, built)
    objects = {oid: built[oid] for oid in raw_objects}
    _check_type_names(c, objects)
    _check_newer_texts(c, objects, rules, phrases)
    root = c.text(data["root"], ("root",))
    if root not in objects:
        raise c.fail(("root",), f"root names no object; objects: {', '.join(objects)}")
    roots = {ROOT_KIND: root}
    files: dict[str, m.DocumentKind] = {ROOT_KIND: m.DocumentKind()}
    for kind, raw in c.mapping(data.get("roots", {}), ("roots",)).items():
        rp = ("roots", kind)
        if not OBJECT_ID.match(kind) or kind == ROOT_KIND:
            raise c.fail(rp, f"a root's kind is a lowercase word other than {ROOT_KIND!r}; got {kind!r}")
        body = c.mapping(raw, rp, _ROOT_KEYS)
        target = c.text(body["object"], rp + ("object",))
        if target not in objects:
            raise c.fail(rp + ("object",), f"names no object; objects: {', '.join(objects)}")
        roots[kind] = target
        names = {f.name for f in objects[target].fields}
        detect = c.mapping(body["detect"], rp + ("detect",), {"present": True, "absent": False})
        present = tuple(c.str_list(detect["present"], rp + ("detect", "present")))
        for name in present:
            if name not in names:
                raise c.fail(rp + ("detect", "present"), f"{name!r} is no member of {target!r}")
        unique = c.text(body.get("unique", ""), rp + ("unique",), empty=True)
        if unique and unique not in names:
            raise c.fail(rp + ("unique",), f"{unique!r} is no member of {target!r}")
        counts = {}
        for key in ("min_documents", "max_documents", "max_bytes"):
            if key in body:
                counts[key] = int(c.number(body[key], rp + (key,), integer=True))
        absent = tuple(c.str_list(detect["absent"], rp + ("detect", "absent"))) if "absent" in detect else ()
        files[kind] = m.DocumentKind(present, absent, unique, **counts)
    spec = m.Spec(
        id=spec_id, title=c.text(data["title"], ("title",)),
        description=c.text(data["description"], ("description",)),
        endpoint=c.text(data.get("endpoint", ""), ("endpoint",), empty=True), root=root,
        docs_url=c.text(data.get("docs_url", ""), ("docs_url",), empty=True),
        max_depth=_max_depth(c, data),
        sources=sources, patterns=patterns, tables=tables, rules=rules, phrases=phrases,
        objects=objects, path=c.file, roots=roots, files=files,
    )
    _check_references(c, spec)
    _check_recursion(c, spec)
    return spec


def _max_depth(c: Checker, data: dict[str, Any]) -> int:
    value = c.number(data.get("max_depth", DEFAULT_MAX_DEPTH), ("max_depth",), integer=True)
    if not 1 <= value <= 10_000:
        raise c.fail(("max_depth",), "expected a depth from 1 to 10000")
    return int(value)


def _base_first(c: Checker, raw_objects: dict[str, Any]) -> list[str]:
    """The object ids in spec order, except that an object another ``extends`` comes before it."""
    order: list[str] = []
    visiting: list[str] = []

    def visit(oid: str) -> None:
        if oid in order:
            return
        if oid in visiting:
            raise c.fail(("objects", oid, "extends"), f"objects extend each other in a cycle: {' -> '.join(visiting + [oid])}")
        visiting.append(oid)
        raw = raw_objects[oid]
        if isinstance(raw, dict) and "extends" in raw:
            base = c.text(raw["extends"], ("objects", oid, "extends"))
            if base not in raw_objects:
                raise c.fail(("objects", oid, "extends"), f"extends names no object; objects: {', '.join(raw_objects)}")
            visit(base)
        visiting.pop()
        order.append(oid)

    for oid in raw_objects:
        visit(oid)
    return order


def _object(c: Checker, reader: TypeReader, oid: str, raw: Any, sources: dict[str, m.Source],
            tables: dict[str, m.Table], rules: dict[str, m.RuleText], built: dict[str, m.ObjectType]) -> m.ObjectType:
    op = ("objects", oid)
    body = c.mapping(raw, op, _OBJECT_KEYS)
    base = built[body["extends"]] if "extends" in body else None
    fields = list(base.fields) if base is not None else []
    for fname, fval in c.mapping(body["fields"], op + ("fields",)).items():
        if base is not None and fname in {f.name for f in base.fields}:
            raise c.fail(op + ("fields", fname), f"{fname!r} is a field of {base.name!r}, which this object extends")
        fields.append(_field(c, reader, op + ("fields", fname), fname, fval, sources))
    names = {f.name for f in fields}
    if base is not None:
        if base.other_keys is not None:
            raise c.fail(op + ("extends",), "an object that takes other keys cannot be extended")
        return _extended(c, reader, op, body, base, tuple(fields), sources, tables, rules)
    excluded = []
    for xname, xval in c.mapping(body.get("excluded", {}), op + ("excluded",)).items():
        xp = op + ("excluded", xname)
        xb = c.mapping(xval, xp, _EXCLUDED_KEYS)
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
        checks.append(read_check(c, op + ("checks", i), cval, fields, sources, tables, rules, later))
    newer = reader.newer_table(body.get("newer", {}), op + ("newer",))
    for item in newer:
        if item.what in names or item.what in {x.name for x in excluded}:
            raise c.fail(op + ("newer", item.what), f"{item.what!r} is already a field or excluded")
    type_name = _type_name(c, body, op)
    other = reader.type(op + ("other_keys",), body["other_keys"]) if "other_keys" in body else None
    if other is not None and (excluded or newer):
        raise c.fail(op + ("other_keys",), "an object that takes other keys names no excluded or newer keys: "
                                           "they would be other keys")
    return m.ObjectType(oid, c.text(body["title"], op + ("title",)),
                        c.text(body["description"], op + ("description",)), tuple(fields),
                        tuple(excluded), tuple(checks), body.get("example", m.NO_DEFAULT), type_name, newer, other)


def _type_name(c: Checker, body: dict[str, Any], op: Path) -> str:
    """An object's ``type_name``: a Python class name in generated code, so ASCII and no keyword."""
    type_name = c.text(body.get("type_name", ""), op + ("type_name",), empty=True)
    if type_name and (not TYPE_NAME.match(type_name) or keyword.iskeyword(type_name)):
        raise c.fail(op + ("type_name",), "a type name is used in generated code: use ASCII letters, digits and _")
    return type_name


def _extended(c: Checker, reader: TypeReader, op: Path, body: dict[str, Any], base: m.ObjectType,
              fields: tuple[m.Field, ...], sources: dict[str, m.Source], tables: dict[str, m.Table],
              rules: dict[str, m.RuleText]) -> m.ObjectType:
    """An object that ``extends`` another: the base's members, excluded and newer keys and checks
    (the same checks, reported under the same ids), and its own fields and checks after them."""
    for key in ("excluded", "newer", "other_keys"):
        if key in body:
            raise c.fail(op + (key,), f"an object that extends another takes its {key} from it")
    raw_checks = body.get("checks", [])
    if not isinstance(raw_checks, list):
        raise c.fail(op + ("checks",), "expected a list of checks")
    later = {n.what for n in base.newer}
    checks = list(base.checks)
    for i, cval in enumerate(raw_checks):
        checks.append(read_check(c, op + ("checks", i), cval, list(fields), sources, tables, rules, later))
    type_name = _type_name(c, body, op)
    return m.ObjectType(op[1], c.text(body["title"], op + ("title",)), c.text(body["description"], op + ("description",)),
                        fields, base.excluded, tuple(checks), body.get("example", m.NO_DEFAULT), type_name, base.newer,
                        None, base.name)


def _check_newer_texts(c: Checker, objects: dict[str, m.ObjectType], rules: dict[str, m.RuleText],
                       phrases: dict[str, Any]) -> None:
    """A spec that names fields, values or types of a later API declares how they are reported."""
    for oid, obj in objects.items():
        for f in obj.fields:
            values = any(isinstance(v, m.String) and v.newer_values for v in f.type.variants)
            for used, kind, phrase in ((values, "newer_values", "newer_value"), (bool(f.type.newer), "newer_types", "newer_type")):
                if used and NEWER_RULE not in rules:
                    raise c.fail(("objects", oid, "fields", f.name, kind), f"declare the rule {NEWER_RULE!r} first")
                if used and phrase not in phrases:
                    raise c.fail(("objects", oid, "fields", f.name, kind), f"declare the phrase {phrase!r} first")
        if obj.newer and NEWER_RULE not in rules:
            raise c.fail(("objects", oid, "newer"), f"this object names newer fields: declare the rule {NEWER_RULE!r}")


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


def _field(c: Checker, reader: TypeReader, path: Path, name: str, raw: Any,
           sources: dict[str, m.Source]) -> m.Field:
    body = c.mapping(raw, path, TYPE_KEYS | _MEMBER_KEYS)
    return m.Field(
        name=name, type=reader.type(path, body, _MEMBER_KEYS),
        required=c.boolean(body.get("required", False), path + ("required",)),
        description=c.text(body.get("description"), path + ("description",)),
        source=c.source(body.get("source"), path + ("source",), sources),
        default=body.get("default", m.NO_DEFAULT),
        default_text=c.text(body.get("default_text", ""), path + ("default_text",), empty=True),
        example=body.get("example", m.NO_DEFAULT), line=c.located.line(path),
    )


def _check_recursion(c: Checker, spec: m.Spec) -> None:
    """Objects on a reference cycle are followed by recursion, down to ``max_depth``; a Python body
    holding one container at many places is measured first, and the phrase ``shared`` says when
    it is refused."""
    recursive = sorted(spec.recursive())
    if not recursive:
        return
    if spec.max_depth > RECURSIVE_MAX_DEPTH:
        raise c.fail(("max_depth",), f"objects {', '.join(recursive)} hold each other in a cycle and are followed by "
                                     f"recursion: max_depth is at most {RECURSIVE_MAX_DEPTH}")
    if "shared" not in spec.phrases:
        raise c.fail(("phrases",), f"objects {', '.join(recursive)} hold each other in a cycle: declare the phrase "
                                   "'shared' ({count}: how many places shared containers may stand for)")


def _check_references(c: Checker, spec: m.Spec) -> None:
    """Check what needs the whole model: unique check ids, path params, and no ref cycles."""
    seen: dict[str, Path] = {}
    for oid, obj in spec.objects.items():
        inherited = len(spec.objects[obj.extends].checks) if obj.extends else 0
        for i, check in enumerate(obj.checks[inherited:], inherited):
            path = ("objects", oid, "checks", i - inherited, "id")
            if check.id in seen:
                raise c.fail(path, f"check id {check.id!r} is used twice")
            seen[check.id] = path
    resolve_paths(c, spec)
    _check_cycles(c, spec)


def _required_refs(obj: m.ObjectType) -> list[tuple[str, str]]:
    """(member, object) for each required member whose only possible value is that object: a
    value of ``obj`` must hold one."""
    return [(f.name, f.type.variants[0].target) for f in obj.fields
            if f.required and len(f.type.variants) == 1 and isinstance(f.type.variants[0], m.Ref)]


def _check_cycles(c: Checker, spec: m.Spec) -> None:
    """Objects may refer to each other in a cycle (a tree of nodes) when the cycle passes through an
    optional member, an array's items, a map's values or another alternative: a finite value then
    exists. A cycle of required members that can only hold the next object has no finite value."""
    for start in spec.objects:
        stack: list[tuple[str, tuple[str, ...]]] = [(start, (start,))]
        while stack:
            oid, trail = stack.pop()
            for member, target in _required_refs(spec.objects[oid]):
                if target == start:
                    raise c.fail(("objects", start), "objects hold each other through required members in a cycle, so "
                                 "no value is finite: " + " -> ".join(trail + (target,))
                                 + f" (make {member!r} optional, an array, or nullable)")
                if target not in trail:
                    stack.append((target, trail + (target,)))
