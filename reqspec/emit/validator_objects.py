"""Write the function that checks one object, in one mode: its own warnings, its keys, each
member's value, then its checks, each written by its kind (``reqspec.checks``).

The code is shaped for the clean path, the common one: each member is looked up once into a local
that the checks read; an object holding exactly its required members (the usual message) skips
the optional look-ups and the key test, since a dict of that size can hold nothing else; objects
that are an array's items get one function per array, their checks inline in its loop.
"""

from __future__ import annotations

import re
from contextlib import AbstractContextManager, nullcontext
from typing import Any

from ..checks import KINDS
from ..spec import model as m
from .code import Code, ident, lit
from .validator_output import Known, Mode, stem, sub
from .validator_values import TESTS, ValueWriter


class ObjectWriter(ValueWriter):
    """Writes object functions (and, through ``ValueWriter``, their values' checks)."""

    def write_object(self, mode: Mode, obj: m.ObjectType, form: str) -> None:
        c = self.code
        items = form == "items"
        warns = mode.collect and obj.name in self.out.lint_needed
        self.warns = "warns" if warns else "None"
        self.owner = obj.name
        self.budget = obj.name in self.out.budget_needed
        self.found = "found" if obj.name in self.out.found_needed else "None"
        extra = self.out.extra_params(self.budget, obj.name in self.out.found_needed)
        first = "items" if items else "obj"
        if mode.collect:
            params = f"{first}: Any, path: Path, out: Found" + (", warns: Found | None" if warns else "") + extra
        else:
            params = f"{first}: Any, depth: int" + extra
        what = obj.title.lower()
        how = "collect every error" if mode.collect else "stop at the first problem"
        doc = f"Check each {what} of an array ({how})." if items else f"Check one {what} ({how})."
        with c.block(f"def {mode.func(obj.name, form)}({params}) -> {'None' if mode.collect else 'bool'}:"):
            c(lit(doc))
            here = "path + (at,)" if items and mode.collect else "path"
            loop: AbstractContextManager[None]
            if not items:
                loop = nullcontext()
            elif mode.collect:
                loop = c.block("for at, obj in enumerate(items):")
            else:
                loop = c.block("for obj in items:")
            with loop:
                self.body(mode, obj, here, "continue" if items else "return", warns)
            if not mode.collect:
                c("return True")
        c.blank(2)

    def body(self, mode: Mode, obj: m.ObjectType, here: str, leave: str, warns: bool) -> None:
        c, out = self.code, self.out
        limit = Known(self.spec.max_depth)
        deep = obj.name in out.deep  # held at any depth: only so deep
        with c.block("if type(obj) is not dict:"):
            wrong = f"wrong_type(obj, {here}, {out.expected(('object',))}, out, _DATA)"
            if not mode.collect:
                c("return unless_python(obj)")
            elif deep:  # an array past the limit is too deep, whatever the type expected here
                with c.block(f"if type(obj) is list and {out.too_deep(mode, here, 0)}:"):
                    out.fail(mode, "too-deep", here, limit=limit)
                with c.block("else:"):
                    c(wrong)
                c(leave)
            else:
                c(wrong, leave)
        if deep:
            with c.block(f"if {out.too_deep(mode, here, 0)}:"):
                out.fail(mode, "too-deep", here, limit=limit)
                if mode.collect:
                    c(leave)
        if obj.name in out.recursive:  # followed by recursion: only so many
            c("budget[0] -= 1")
            with c.block("if budget[0] < 0:"):
                c(f"raise Oversized({here if mode.collect else '()'})")
        watched = sorted(out.flagged_fields.get(obj.name, ()))
        for name in watched:  # a list the field's value flags (see Kind.flags)
            c(f"{_flag_local(name)}: list[int] = []")
        context = _CheckContext(self, mode, obj, here)
        own = [check for check in obj.checks if check.level == "warning"]
        if warns and own:
            # Before the members: an object's own warnings come before those of what it holds, and
            # the order of findings at one place is kept.
            with c.block("if warns is not None:"):
                for check in own:
                    KINDS[check.kind].emit(check, context)
        if len(obj.fields) > WIDE:
            self.wide_members(mode, obj, here, context)
            return
        names = context.names
        required = [f.name for f in obj.fields if f.required]
        # Optional members, and names of a later API that a check's condition looks at (so the
        # check can stand aside for a body written for that API).
        optional = [f.name for f in obj.fields if not f.required] + _condition_names(obj)
        for name in required:
            c(f"{names[name]} = obj.get({lit(name)}, MISSING)")
        exact = " and ".join(["type(obj) is dict", f"len(obj) == {lit(len(required))}"]
                             + [f"{names[name]} is not MISSING" for name in required])
        if optional:
            with c.block(f"if {exact}:"):
                c(" = ".join(names[name] for name in optional) + " = MISSING")
            with c.block("else:"):
                self.keys(mode, obj, here)
                for name in optional:
                    c(f"{names[name]} = obj.get({lit(name)}, MISSING)")
        else:
            with c.block(f"if not ({exact}):"):
                self.keys(mode, obj, here)
        flagging = out.flag_members.get(obj.name, frozenset())
        for f in obj.fields:
            v = names[f.name]
            place = stem(obj.name, f.name)
            self.found = _flag_local(f.name) if f.name in watched else "found" if obj.name in out.found_needed else "None"
            if f.name in flagging:
                with c.block(f"if {v} is not MISSING and found is not None:"):
                    c("found.append(1)")
            if f.required:
                self.value(mode, f.type, v, sub(here, lit(f.name)), 1, place, missing=(here, f.name), member=f.name)
            else:
                with c.block(f"if {v} is MISSING" + (f" or {v} is None:" if f.type.nullable else ":")):
                    c("pass")
                self.value(mode, f.type, v, sub(here, lit(f.name)), 1, place, chained=True, member=f.name)
        checks = [check for check in obj.checks if check.level == "error"]
        compared = [f.name for f in obj.fields if any(f.name in _compared(check.when) for check in checks)]
        for name in compared:  # each member compared with a string, tested for being one once
            c(f"{context.text(name)} = {names[name]} if isinstance({names[name]}, str) else None")
        for check in checks:
            KINDS[check.kind].emit(check, context)

    def wide_members(self, mode: Mode, obj: m.ObjectType, here: str, context: _CheckContext) -> None:
        """The members of an object with many of them (a JSON Schema's keywords), of which a value
        holds few: one pass over the keys it has, each matched to its member in the spec's order,
        rather than a look-up of every member."""
        c = self.code
        checks = [check for check in obj.checks if check.level == "error"]
        read = _members_read(self, mode, obj, here, checks) | {f.name for f in obj.fields if f.required}
        names = context.names
        if read:
            c(" = ".join(names[name] for name in sorted(read)) + " = MISSING")
        flagging = self.out.flag_members.get(obj.name, frozenset())
        watched = self.out.flagged_fields.get(obj.name, frozenset())
        inside = "found" if obj.name in self.out.found_needed else "None"
        # A key the spec does not declare is noticed in the same pass (cheaper than a set test
        # of every key after it).
        c("unknown = False")
        with c.block("for key, value in obj.items():"):
            keyword = "if"
            for f in obj.fields:
                with c.block(f"{keyword} key == {lit(f.name)}:"):
                    self.found = _flag_local(f.name) if f.name in watched else inside
                    if f.name in read:
                        c(f"{names[f.name]} = value")
                    if f.name in flagging:
                        with c.block("if found is not None:"):
                            c("found.append(1)")
                    self.value(mode, f.type, "value", sub(here, lit(f.name)), 1, stem(obj.name, f.name), member=f.name)
                keyword = "elif"
            with c.block("else:"):
                c("unknown = True")
        for f in obj.fields:
            if f.required:
                with c.block(f"if {names[f.name]} is MISSING:"):
                    self.out.fail(mode, "required", here, name=Known(f.name))
        with c.block("if unknown:"):
            self.undeclared(mode, obj, here)
        for name in [f.name for f in obj.fields if any(f.name in _compared(check.when) for check in checks)]:
            c(f"{context.text(name)} = {names[name]} if isinstance({names[name]}, str) else None")
        for check in checks:
            KINDS[check.kind].emit(check, context)

    def keys(self, mode: Mode, obj: m.ObjectType, here: str) -> None:
        """The keys the object does not declare: refused (unknown, excluded or of a later API), or
        for an object that takes other keys, each value checked by its type."""
        keys = self.out.const(f"{obj.name}_keys", frozenset(f.name for f in obj.fields))
        with self.code.block(f"if not {keys}.issuperset(obj):"):
            self.undeclared(mode, obj, here)

    def undeclared(self, mode: Mode, obj: m.ObjectType, here: str) -> None:
        """What is done when the object has a key it does not declare (see ``keys``)."""
        c, out = self.code, self.out
        keys = out.const(f"{obj.name}_keys", frozenset(f.name for f in obj.fields))
        if obj.other_keys is not None:
            self.other_keys(mode, obj, obj.other_keys, keys, here)
        elif mode.collect:
            reasons = {x.name: x.reason for x in obj.excluded}
            excluded = out.const(f"{obj.name}_excluded" if reasons else "none_excluded", reasons,
                                 annotation="dict[str, str]")
            later = {n.what: n.since for n in obj.newer}
            newer = out.const(f"{obj.name}_newer" if later else "none_newer", later, annotation="dict[str, str]")
            c(f"extra_keys(obj, {here}, {keys}, {excluded}, {newer}, out, _DATA)")
        else:
            c("return unless_int_keys(obj)")

    def other_keys(self, mode: Mode, obj: m.ObjectType, kind: m.Type, keys: str, here: str) -> None:
        c, out = self.code, self.out
        with c.block("for key, item in obj.items():"):
            with c.block(f"if key in {keys}:"):
                c("continue")
            with c.block("if not isinstance(key, str):"):
                c(f"non_string_key(key, {here}, out, _DATA)" if mode.collect else "return unless_int_keys(obj)")
                if mode.collect:
                    c("continue")
            if mode.collect:
                with c.block(f"if {out.secret_prefilter[0].format(v='key')}:"):
                    c(f"secret_key(key, {here}, out, _DATA)")
            else:
                with c.block(f"if {out.secret_test('key')}:"):
                    c("return False")
            self.held(mode, kind, "item", sub(here, "key"), 1, stem(obj.name, "other_keys"), "")


def _flag_local(name: str) -> str:
    """The local list that a watched member's value flags."""
    return ident("f", re.sub(r"[^A-Za-z0-9_]", "_", name))


#: An object with more members than this is checked by one pass over its keys (``wide_members``).
WIDE = 16


def _members_read(writer: ObjectWriter, mode: Mode, obj: m.ObjectType, here: str, checks: list[m.Check]) -> set[str]:
    """The members the object's checks read, found by writing their code once aside."""
    scratch = _CheckContext(writer, mode, obj, here)
    scratch.code = Code()
    scratch.fail = lambda kind, path, **fields: None  # type: ignore[method-assign]
    for check in checks:
        KINDS[check.kind].emit(check, scratch)
    return scratch.read


def _member_locals(obj: m.ObjectType) -> dict[str, str]:
    """A local variable per member, named after it, and one per name of a later API that a check's
    condition reads."""
    names: dict[str, str] = {}
    for f in obj.fields:
        name = ident("v", re.sub(r"[^A-Za-z0-9_]", "_", f.name))
        base, n = name, 2
        while name in names.values():
            name, n = f"{base}_{n}", n + 1
        names[f.name] = name
    for name in _condition_names(obj):
        names[name] = ident("v", re.sub(r"[^A-Za-z0-9_]", "_", name), "later")
    return names


def _condition_names(obj: m.ObjectType) -> list[str]:
    """Names of a later API (not members) that the conditions of the object's error checks look
    at, in the order of the object's table of newer names."""
    fields = {f.name for f in obj.fields}
    seen = set().union(*(_members(check.when) for check in obj.checks if check.level == "error"))
    return [n.what for n in obj.newer if n.what in seen and n.what not in fields]


def _members(cond: m.Condition | None) -> set[str]:
    """Every member a condition looks at."""
    if isinstance(cond, (m.AllOf, m.AnyOf)):
        return set().union(*(_members(c) for c in cond.conditions))
    return {cond.field} if cond is not None else set()


def _compared(cond: m.Condition | None) -> set[str]:
    """The members a condition compares with a value."""
    if isinstance(cond, (m.Equals, m.Differs)):
        return {cond.field}
    if isinstance(cond, (m.AllOf, m.AnyOf)):
        return set().union(*(_compared(c) for c in cond.conditions))
    return set()


class _CheckContext:
    """What a check kind writes its code with (``reqspec.checks.base.ValidatorContext``)."""

    def __init__(self, writer: ObjectWriter, mode: Mode, obj: m.ObjectType, here: str) -> None:
        self.writer = writer
        self.mode = mode
        self.code: Code = writer.code
        self.collect = mode.collect
        self.here = here
        self.spec = writer.spec
        self.obj = obj
        self.names = _member_locals(obj)
        self.read: set[str] = set()  # the members the checks written so far read

    def member(self, name: str) -> str:
        self.read.add(name)
        return self.names[name]

    def flagged(self, name: str) -> str:
        return _flag_local(name)

    def text(self, name: str) -> str:
        self.read.add(name)
        return "t" + self.names[name][1:]

    def condition(self, when: m.Condition | None) -> str:
        match when:
            case None:
                return "True"
            case m.Present(field=name):
                return f"{self.member(name)} is not MISSING"
            case m.Absent(field=name):
                return f"{self.member(name)} is MISSING"
            case m.Equals(field=name, value=value):
                return f"({self.text(name)} == {lit(value)})"
            case m.Differs(field=name, value=value):
                return f"({self.member(name)} is not MISSING and not {self.text(name)} == {lit(value)})"
            case m.AllOf(conditions=parts):
                return "(" + " and ".join(self.condition(part) for part in parts) + ")"
            case m.AnyOf(conditions=parts):
                return "(" + " or ".join(self.condition(part) for part in parts) + ")"
        raise AssertionError(when)

    def fail(self, kind: str, path: str, **fields: Any) -> None:
        self.writer.out.fail(self.mode, kind, path, **fields)

    def const(self, stem: str, value: Any, literal: str | None = None, annotation: str | None = None) -> str:
        return self.writer.out.const(stem, value, literal, annotation)

    def aliases(self, table: m.Table) -> str:
        return self.writer.out.search(table.aliases) if table.aliases is not None else "None"

    def sub(self, path: str, token: str) -> str:
        return sub(path, token)

    def is_number(self, value: str) -> str:
        return TESTS["number"].format(v=value)

    def block(self, line: str) -> AbstractContextManager[None]:
        return self.code.block(line)
