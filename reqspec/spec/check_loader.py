"""Read the checks of an object: each through its kind in the registry (``reqspec.checks``), its
parameters into the kind's typed dataclass, its condition into the model's condition tree.

A kind declares its parameters once, as dataclass fields tagged by ``param()``; what each tag
accepts is checked here, so a new kind needs no change to the loader.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from ..checks import KINDS
from . import model as m
from .checker import Checker
from .yaml_source import Path

CHECK_KEYS = {"id": True, "kind": True, "level": True, "message": True, "help": True,
                 "source": True, "example": False, "semantic": False, "when": False}


def read_check(c: Checker, path: Path, raw: Any, fields: tuple[m.Field, ...] | list[m.Field],
               sources: dict[str, m.Source], tables: dict[str, m.Table], rules: dict[str, m.RuleText],
               later: set[str]) -> m.Check:
    """One check; ``later`` are the names of a later API a condition may look at."""
    pre = c.mapping(raw, path)
    name = c.text(pre.get("kind"), path + ("kind",))
    kind = KINDS.get(name)
    if kind is None:
        raise c.fail(path + ("kind",), f"unknown kind {name!r}; kinds: {', '.join(KINDS)}")
    declared = dataclasses.fields(kind.params)
    keys = dict(CHECK_KEYS)
    keys.update({f.name: f.default is dataclasses.MISSING for f in declared})
    body = c.mapping(raw, path, keys)
    cid = c.rule_id(body["id"], path + ("id",))
    if cid in rules:
        raise c.fail(path + ("id",), f"{cid!r} is already the id of a field rule")
    level = c.text(body["level"], path + ("level",))
    if level not in kind.levels:
        raise c.fail(path + ("level",), f"a {name} check has level {' or '.join(sorted(kind.levels))}")
    semantic = c.boolean(body.get("semantic", False), path + ("semantic",))
    expressible = kind.keyword is not None
    if level == "error" and semantic == expressible:
        raise c.fail(path + ("semantic",),
                     "JSON Schema can express this kind: it is not semantic" if expressible
                     else "JSON Schema cannot express this kind: mark it semantic: true")
    if level == "warning" and "semantic" in body:
        raise c.fail(path + ("semantic",), "warnings are never in the JSON Schema; drop semantic")
    members = {f.name for f in fields}
    values = {f.name: _param(c, f.metadata["as"], body[f.name], path + (f.name,), members, tables)
              for f in declared if f.name in body}
    for f in declared:  # a column belongs to the check's table
        if f.metadata["as"] == "column" and f.name in values and values[f.name] not in tables[values["table"]].columns:
            raise c.fail(path + (f.name,), f"{values[f.name]!r} is not a column of table {values['table']!r}; "
                                           f"columns: {', '.join(tables[values['table']].columns)}")
    when = None
    if "when" in body:
        if not kind.takes_when:
            raise c.fail(path + ("when",), f"a {name} check takes no condition")
        when = read_condition(c, body["when"], path + ("when",), members | later)
    elif kind.takes_when:
        raise c.fail(path, f"a {name} check needs a 'when' condition")
    example = None
    if "example" in body:
        eb = c.mapping(body["example"], path + ("example",), {"body": True, "fix": True})
        example = m.Example(eb["body"], c.text(eb["fix"], path + ("example", "fix")))
    return m.Check(id=cid, kind=name, level=level, semantic=semantic, keyword=kind.keyword_for(when),
                   message=c.template(body["message"], path + ("message",)),
                   help=c.text(body["help"], path + ("help",)),
                   source=c.source(body["source"], path + ("source",), sources),
                   example=example, params=kind.params(**values), when=when, line=c.located.line(path))


def _param(c: Checker, tag: str, value: Any, path: Path, members: set[str], tables: dict[str, m.Table]) -> Any:
    """A parameter's value, checked as its tag says (see ``reqspec.checks.base.param``)."""
    if tag == "field":
        c.text(value, path)
        if value not in members:
            raise c.fail(path, f"{value!r} is not a field of this object")
        return value
    if tag == "fields":
        items = c.str_list(value, path)
        for i, item in enumerate(items):
            if item not in members:
                raise c.fail(path + (i,), f"{item!r} is not a field of this object")
        return tuple(items)
    if tag in ("path", "strs"):
        return tuple(c.str_list(value, path))
    if tag == "table":
        c.text(value, path)
        if value not in tables:
            raise c.fail(path, f"{value!r} names no table; tables: {', '.join(tables)}")
        return value
    if tag == "int":
        return c.number(value, path, integer=True)
    if tag == "template":
        return c.template(value, path)
    if tag in ("str", "column"):
        return c.text(value, path)
    raise AssertionError(f"unknown parameter tag {tag!r}")


def read_condition(c: Checker, raw: Any, path: Path, fields: set[str]) -> m.Condition:
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
    parts = tuple(read_condition(c, item, path + (op, i), fields) for i, item in enumerate(arg))
    return m.AllOf(parts) if op == "all" else m.AnyOf(parts)


def resolve_paths(c: Checker, spec: m.Spec) -> None:
    """Each ``path`` parameter walks members through objects: every step exists, and each step but
    the last leads to exactly one object."""
    for oid, obj in spec.objects.items():
        for i, check in enumerate(obj.checks):
            for f in dataclasses.fields(check.params):
                if f.metadata["as"] != "path":
                    continue
                where = ("objects", oid, "checks", i, f.name)
                current = obj
                names = getattr(check.params, f.name)
                for step, name in enumerate(names):
                    try:
                        member = current.field(name)
                    except LookupError:
                        raise c.fail(where + (step,), f"{name!r} is not a field of object {current.name!r}") from None
                    if step == len(names) - 1:
                        break
                    targets = [ref.target for ref in m.refs(member.type)]
                    if len(targets) != 1:
                        raise c.fail(where + (step,), f"{name!r} does not lead to exactly one object")
                    current = spec.objects[targets[0]]
