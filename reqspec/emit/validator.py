"""Emit the pure-Python validator module from the spec model.

The output is straight-line code specialised to the spec: one small function per object type and
mode, no interpreter walking the spec at run time. Two modes share one walk of the model:

- ``errors``: collect every error as (path, rule, message); paths are tuples, turned into JSON
  Pointers only after an error is found. When ``lint()`` passes a ``warns`` list, the functions of
  objects with warnings (and of the objects holding them) also add their warnings to it, so
  linting walks the body once;
- ``valid``: return False at the first problem, building nothing.

The generated code is shaped for speed on the clean path, which is the common one:

- each member is looked up once into a local; cross-member checks read the locals;
- an object holding exactly its required members (the usual message) skips the look-ups of the
  optional members and the unknown-key test, since a dict of that size can hold nothing else;
- objects that are array items are checked by one function per array (``_errors_message_items``),
  with the object's checks inline in the loop: no call per item;
- the secret test first looks for one character of the substring every key holds (the secret
  pattern's ``contains``), a search that rules out nearly every string at memory speed.

Every value from the spec enters the code through ``lit()`` (``repr``), never by formatting text,
and nested constraints get helper functions, so indentation does not grow with spec depth.
"""

from __future__ import annotations

import re
import string
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..spec import model as m
from ..spec.loader import NEWER_RULE
from ..spec.portability import portable
from .code import Code, ident, lit

RUNTIME_MARKER = "# --- runtime starts ---\n"


def _runtime_text() -> str:
    text = (Path(__file__).with_name("validator_runtime.py")).read_text(encoding="utf-8")
    return text.split(RUNTIME_MARKER, 1)[1]


@dataclass(frozen=True)
class _Mode:
    """How a failed constraint is written in one mode."""

    name: str  # "errors" or "valid"

    @property
    def collect(self) -> bool:
        return self.name == "errors"

    def func(self, obj: str, form: str = "one") -> str:
        return ident(f"_{self.name}", obj) if form == "one" else ident(f"_{self.name}", obj, form)


ERRORS, VALID = _Mode("errors"), _Mode("valid")


def _depth(offset: int) -> str:
    """Code for the nesting depth ``offset`` steps below the current one (valid mode)."""
    return f"depth + {offset}" if offset else "depth"


def _stem(*parts: str) -> str:
    """An identifier-safe stem for the constants and helpers of one member."""
    return re.sub(r"\W", "_", "_".join(parts)).strip("_") or "x"


def _sub(path: str, token: str) -> str:
    """Code for the path one step below the path ``path`` evaluates to."""
    if path.endswith(",)"):
        return f"{path[:-2]}, {token})"
    return f"{path} + ({token},)"


class _Known:
    """A field of a message whose value is known when the code is written (a limit, a name)."""

    def __init__(self, value: Any) -> None:
        self.value = value


def _message_code(template: str, fields: dict[str, Any]) -> str | None:
    """Code for ``template.format(**fields)`` as one concatenation: known fields are written into
    the text, and one field is computed, ``_show(...)`` (a string) or ``len(...)`` (a number).
    None when the template or its fields take more than that."""
    pieces: list[str] = []
    text = ""
    for literal, name, spec, conversion in string.Formatter().parse(template):
        text += literal
        if name is None:
            continue
        field = fields.get(name)
        if spec or conversion or field is None:
            return None
        if isinstance(field, _Known):
            text += format(field.value)
            continue
        if field.startswith("_show("):
            value = field
        elif field.startswith("len("):
            value = f"str({field})"
        else:
            return None
        if len(pieces) > 1 or len(pieces) == 1 and not text:
            return None
        if text:
            pieces.append(lit(text))
            text = ""
        pieces.append(value)
    if text or not pieces:
        pieces.append(lit(text))
    return " + ".join(pieces)


_TESTS = {
    "string": "isinstance({v}, str)",
    "number": "(type({v}) is float or type({v}) is int or _is_number({v}))",
    "integer": "(type({v}) is int or type({v}) is float or _is_number({v}))",
    "boolean": "({v} is True or {v} is False)",
    # Exactly the JSON types: a tuple, or a subclass of list or dict, is judged on the plain copy.
    "array": "type({v}) is list",
    "object": "type({v}) is dict",
}


def finding_kinds(spec: m.Spec) -> dict[str, tuple[str, str | None, str, str, bool]]:
    """Every kind of finding the module makes: kind -> (rule id, JSON Schema keyword, severity,
    message template, whether it is about a key). Most kinds are a rule; a few rules are also
    reported in another form, named ``rule:form``: a secret-shaped key (checked by the schema's
    ``propertyNames``), a newer value or type (with the keyword of the enum or type error it
    stands in for), and a newer model of a ``known`` check (with its own message)."""
    rules = spec.rules
    kinds = {rid: (rid, r.keyword, "error", r.message, r.at == "key") for rid, r in rules.items()}
    secret = rules["secret"]
    kinds["secret:key"] = ("secret", m.KEY_FORM_KEYWORD, "error", secret.key_message or secret.message, True)
    newer = rules.get(NEWER_RULE)
    if newer is not None:
        for form in ("enum", "type"):
            kinds[f"{NEWER_RULE}:{form}"] = (NEWER_RULE, rules[form].keyword, "error", newer.message, False)
    for _, check in spec.checks():
        kinds[check.id] = (check.id, check.keyword, check.level, check.message, False)
        if "newer_message" in check.params:
            kinds[f"{check.id}:newer"] = (check.id, check.keyword, check.level, check.params["newer_message"], False)
    return kinds


class _Emitter:
    def __init__(self, spec: m.Spec) -> None:
        self.spec = spec
        self.code = Code()
        self.constants: dict[str, str] = {}  # name -> what follows it: " = literal" or ": type = literal"
        self.findings = finding_kinds(spec)
        self.templates = {kind: row[3] for kind, row in self.findings.items()}
        self.pending: list[tuple[Any, ...]] = []  # functions requested and not written yet
        self.requested: set[tuple[str, str, str]] = set()
        self.lint_needed = self.lint_targets()
        self.warns = "None"  # what the function being written passes on as ``warns``
        secret = spec.patterns["secret"]
        self.secret_regex = re.compile(portable(secret.regex))
        literal = secret.contains  # a substring every key holds
        # A punctuation character of it is rare in text; its one-character search runs at memory
        # speed and rules out most strings before the substring itself is looked for.
        hint = next((ch for ch in literal if not ch.isalnum()), literal[-1:])
        self.secret_prefilter = [f"{lit(x)} in {{v}}" for x in dict.fromkeys((hint, literal)) if x]

    # -- constants ---------------------------------------------------------------------------
    def const(self, stem: str, value: Any, literal: str | None = None, annotation: str | None = None) -> str:
        """The name of a module constant holding ``value`` (one per distinct value); ``annotation``
        declares its type where a type checker cannot infer it (an empty dict)."""
        source = literal if literal is not None else lit(value)
        if annotation is not None:
            source = f": {annotation} = {source}"
        else:
            source = f" = {source}"
        for name, existing in self.constants.items():
            if existing == source:
                return name
        name = ident("", stem.upper())
        base, n = name, 2
        while name in self.constants:
            name, n = f"{base}_{n}", n + 1
        self.constants[name] = source
        return name

    def fail(self, mode: _Mode, rule: str, path: str, **fields: Any) -> None:
        """A failed constraint: return False, or add the error with its message."""
        if not mode.collect:
            self.code("return False")
            return
        message = _message_code(self.templates[rule], fields)
        if message is not None:
            self.code(f"out.append(({path}, {lit(rule)}, {message}))")
            return
        args = "".join(f", {k}={lit(v.value) if isinstance(v, _Known) else v}" for k, v in fields.items())
        self.code(f"_add(out, {path}, {lit(rule)}{args})")

    def phrase_text(self, types: tuple[str, ...]) -> str:
        words: list[str] = [self.spec.phrases["types"][t] for t in types]
        return words[0] if len(words) == 1 else ", ".join(words[:-1]) + self.spec.phrases["either"] + words[-1]

    def phrase_expected(self, types: tuple[str, ...]) -> str:
        return self.const("expected_" + "_".join(types), self.phrase_text(types))

    def secret_test(self, v: str) -> str:
        return " and ".join([p.format(v=v) for p in self.secret_prefilter] + [f"_SECRET_SEARCH({v}) is not None"])

    # -- functions to write --------------------------------------------------------------------
    def request(self, mode: _Mode, obj: str, form: str) -> str:
        """The name of the function checking ``obj`` in ``form`` ("one" or "items"), queued once."""
        key = (mode.name, obj, form)
        if key not in self.requested:
            self.requested.add(key)
            self.pending.append(("object", mode, self.spec.objects[obj], form))
        return mode.func(obj, form)

    def call_args(self, mode: _Mode, ref: str, value: str, path: str, depth: int, lintable: bool) -> str:
        if not mode.collect:
            return f"{value}, {_depth(depth)}"
        if ref in self.lint_needed:
            return f"{value}, {path}, out, {self.warns if lintable else 'None'}"
        return f"{value}, {path}, out"

    # -- values ------------------------------------------------------------------------------
    def value_checks(self, mode: _Mode, te: m.TypeExpr, v: str, path: str, depth: int,
                     owner: str, lintable: bool, field: m.Field | None = None) -> None:
        """Constraints of one alternative, once ``v`` is known to have its JSON type (``field``:
        the member it is the value of, whose values of a later API are named as such)."""
        c = self.code
        if te.type in ("number", "integer"):
            with c.block(f"if isinstance({v}, float) and not _isfinite({v}):"):
                self.fail(mode, "non-finite", path, value=f"_show({v})")
            with c.block("else:"):
                if te.type == "integer":
                    with c.block(f"if not isinstance({v}, int) and not {v}.is_integer():"):
                        self.fail(mode, "type", path, expected=_Known(self.phrase_text(("integer",))),
                                  value=f"_show({v})")
                self.enum_check(mode, te, v, path, owner)
                # An integer too long to write in decimal is not JSON: it fails any bound there
                # is, and is looked for where a bound is missing.
                for rule, bound, op in (("minimum", te.minimum, "<"), ("maximum", te.maximum, ">")):
                    if bound is None:
                        continue
                    with c.block(f"if {v} {op} {lit(bound)}:"):
                        if mode.collect:
                            with c.block(f"if _huge({v}):"):
                                self.fail(mode, "not-json", path, value=f"_show({v})")
                            with c.block("else:"):
                                self.fail(mode, rule, path, limit=_Known(bound), value=f"_show({v})")
                        else:
                            self.fail(mode, rule, path)
                if te.minimum is None or te.maximum is None:
                    with c.block(f"if type({v}) is int and {v}.bit_length() > 14000 and _huge({v}):"):
                        self.fail(mode, "not-json", path, value=f"_show({v})")
        elif te.type == "string":
            if field is not None and field.newer_values:
                self.enum_check(mode, te, v, path, owner, field.newer_values, field.name)
            else:
                self.enum_check(mode, te, v, path, owner)
            if te.min_length is not None:
                with c.block(f"if len({v}) < {lit(te.min_length)}:"):
                    self.fail(mode, "min-length", path, limit=_Known(te.min_length), value=f"_show({v})")
            pattern_guard = "if"
            if te.max_length is not None:
                with c.block(f"if len({v}) > {lit(te.max_length)}:"):
                    self.fail(mode, "max-length", path, limit=_Known(te.max_length), length=f"len({v})")
                pattern_guard = "elif"
            if te.pattern is not None:
                search = self.const(f"search_{te.pattern.name}", None,
                                    f"_re.compile({lit(portable(te.pattern.regex))}).search")
                with c.block(f"{pattern_guard} {search}({v}) is None:"):
                    self.fail(mode, "pattern", path, says=_Known(te.pattern.says), value=f"_show({v})")
            # An allowed value that is no secret leaves only the values outside the enum to test.
            test = self.secret_test(v)
            enum_safe = te.enum is not None and not any(
                isinstance(x, str) and self.secret_regex.search(x) for x in te.enum)
            if enum_safe and te.enum is not None:
                test = f"{v} not in {self.const(f'{owner}_values', frozenset(te.enum))} and {test}"
            if mode.collect or not enum_safe:
                with c.block(f"if {test}:"):
                    self.fail(mode, "secret", path, length=f"len({v})", fingerprint=f"_fingerprint({v})")
        elif te.type == "array":
            if te.min_items is not None:
                with c.block(f"if len({v}) < {lit(te.min_items)}:"):
                    self.fail(mode, "min-items", path, limit=_Known(te.min_items), count=f"len({v})")
            if te.max_items is not None:
                with c.block(f"if len({v}) > {lit(te.max_items)}:"):
                    self.fail(mode, "max-items", path, limit=_Known(te.max_items), count=f"len({v})")
            items = te.item_type
            if items.type == "ref":
                name = self.request(mode, items.target, "items")
                args = self.call_args(mode, items.target, v, path, depth + 1, lintable)
                c(f"{name}({args})" if mode.collect else f"if not {name}({args}): return False")
            elif items.type in ("array", "map"):
                helper = ident(f"_{mode.name}", owner, "item")
                if (mode.name, helper, "helper") not in self.requested:
                    self.requested.add((mode.name, helper, "helper"))
                    self.pending.append(("helper", mode, helper, items))
                if mode.collect:
                    with c.block(f"for index, item in enumerate({v}):"):
                        c(f"{helper}(item, {_sub(path, 'index')}, out)")
                else:
                    with c.block(f"for item in {v}:"):
                        c(f"if not {helper}(item, {_depth(depth + 1)}): return False")
            else:
                loop = f"for index, item in enumerate({v}):" if mode.collect else f"for item in {v}:"
                with c.block(loop):
                    self.one_value(mode, (items,), False, "item", _sub(path, "index"), depth + 1, owner, False)
        elif te.type == "map":
            keys, values = te.key_spec, te.value_type
            key_path = _sub(path, "key")
            width = len(str(keys.maximum))
            fast = f"len(key) < {lit(width)} or " if keys.minimum == 0 else ""
            with c.block(f"for key, item in {v}.items():"):
                with c.block("if not isinstance(key, str):"):
                    if mode.collect:
                        c(f"_non_string_key(key, {path}, out)")
                        c("continue")
                    else:
                        c(f"return _unless_int_keys({v})")
                ok = (f"key.isdigit() and key.isascii() and "
                      f"({fast}_digits_in_range(key, {lit(keys.minimum)}, {lit(keys.maximum)}))")
                with c.block(f"if not ({ok}):"):
                    self.fail(mode, "token-id", key_path, value="_show(key)",
                              limit_low=_Known(keys.minimum), limit=_Known(keys.maximum))
                    if mode.collect:
                        with c.block(f"if {self.secret_prefilter[0].format(v='key')}:"):
                            c(f"_secret_key(key, {path}, out)")
                self.one_value(mode, (values,), False, "item", key_path, depth + 1, owner, False)
        elif te.type == "json_object":
            if mode.collect:
                c(f"_scan({v}, {path}, out)")
            else:
                with c.block(f"if not _scan_ok({v}, {_depth(depth)}):"):
                    c("return False")
        elif te.type == "ref":
            name = self.request(mode, te.target, "one")
            args = self.call_args(mode, te.target, v, path, depth, lintable)
            c(f"{name}({args})" if mode.collect else f"if not {name}({args}): return False")

    @staticmethod
    def allowed_text(te: m.TypeExpr, nullable: bool = False) -> str:
        """The allowed values of an enum, as messages quote them."""
        shown = [f'"{x}"' if isinstance(x, str) else repr(x) for x in te.enum or ()]
        if nullable:
            shown.append("null")
        return ", ".join(shown)

    def allowed(self, te: m.TypeExpr, stem: str, nullable: bool = False) -> str:
        """The constant naming the allowed values of an enum."""
        return self.const(f"{stem}_allowed", self.allowed_text(te, nullable))

    def enum_check(self, mode: _Mode, te: m.TypeExpr, v: str, path: str, stem: str,
                   newer: tuple[m.Newer, ...] = (), field: str = "") -> None:
        """The enum of one alternative; a value of a later API (``newer``) is named as such."""
        if te.enum is None:
            return
        c = self.code
        values = self.const(f"{stem}_values", frozenset(te.enum))
        with c.block(f"if {v} not in {values}:"):
            if newer and mode.collect:
                phrase = self.spec.phrases["newer_value"]
                later = self.const(f"{stem}_newer", {n.what: (phrase.format(field=field, value=n.what), n.since)
                                                    for n in newer}, annotation="dict[str, tuple[str, str]]")
                with c.block(f"if {v} in {later}:"):
                    c(f"_add(out, {path}, {lit(NEWER_RULE + ':enum')}, what={later}[{v}][0], date={later}[{v}][1])")
                with c.block("else:"):
                    self.fail(mode, "enum", path, allowed=_Known(self.allowed_text(te)), value=f"_show({v})")
            else:
                self.fail(mode, "enum", path, allowed=_Known(self.allowed_text(te)), value=f"_show({v})")

    def one_value(self, mode: _Mode, variants: tuple[m.TypeExpr, ...], nullable: bool, v: str,
                  path: str, depth: int, owner: str, lintable: bool, keyword: str = "if",
                  missing: tuple[str, str] | None = None, field: m.Field | None = None) -> None:
        """Dispatch on the JSON type of ``v`` to the matching alternative, or report the type.

        ``keyword`` "elif" continues a chain the caller started (which has already let absence
        and null through); ``missing`` is (object path, member name) for a required member, whose
        absence is reported before its type is.
        """
        c = self.code
        chained = keyword == "elif"
        for te in variants:
            test = _TESTS[te.json_type].format(v=v)
            with c.block(f"{keyword} {test}:"):
                self.value_checks(mode, te, v, path, depth, owner, lintable, field)
            keyword = "elif"
        if nullable and not chained:
            with c.block(f"elif {v} is None:"):
                c("pass")
        if missing is not None and mode.collect:
            with c.block(f"elif {v} is _MISSING:"):
                self.fail(mode, "required", missing[0], name=_Known(missing[1]))
        if field is not None and mode.collect:
            for later in field.newer_types:  # a form of a later API (content as an array)
                what = self.spec.phrases["newer_type"].format(field=field.name, type=later.shown_as)
                with c.block(f"elif {_TESTS[later.what].format(v=v)}:"):
                    c(f"_newer({v}, {path}, out, {lit(NEWER_RULE + ':type')}, {lit(what)}, {lit(later.since)})")
        types = tuple(te.json_type for te in variants) + (("null",) if nullable else ())
        with c.block("else:"):
            if not mode.collect:
                c(f"return _unless_python({v})")
            elif len(variants) == 1 and variants[0].enum is not None:
                c(f"_wrong_type({v}, {path}, {self.allowed(variants[0], owner, nullable)}, out, 'enum')")
            else:
                c(f"_wrong_type({v}, {path}, {self.phrase_expected(types)}, out)")

    # -- objects -----------------------------------------------------------------------------
    @staticmethod
    def member_locals(obj: m.ObjectType) -> dict[str, str]:
        """A local variable per member, named after it."""
        names: dict[str, str] = {}
        for f in obj.fields:
            name = ident("v", re.sub(r"[^A-Za-z0-9_]", "_", f.name))
            base, n = name, 2
            while name in names.values():
                name, n = f"{base}_{n}", n + 1
            names[f.name] = name
        return names

    def object_function(self, mode: _Mode, obj: m.ObjectType, form: str) -> None:
        c = self.code
        items = form == "items"
        warns = mode.collect and obj.name in self.lint_needed
        self.warns = "warns" if warns else "None"
        first = "items" if items else "obj"
        params = (f"{first}: Any, path: _Path, out: _Found" + (", warns: _Found | None" if warns else "")
                  if mode.collect else f"{first}: Any, depth: int")
        result = "None" if mode.collect else "bool"
        what = obj.title.lower()
        how = "collect every error" if mode.collect else "stop at the first problem"
        doc = f"Check each {what} of an array ({how})." if items else f"Check one {what} ({how})."
        with c.block(f"def {mode.func(obj.name, form)}({params}) -> {result}:"):
            c(lit(doc))
            here = "path + (index,)" if items and mode.collect else "path"
            loop: AbstractContextManager[None]
            if not items:
                loop = nullcontext()
            elif mode.collect:
                loop = c.block("for index, obj in enumerate(items):")
            else:
                loop = c.block("for obj in items:")
            with loop:
                self.object_body(mode, obj, here, "continue" if items else "return", warns)
            if not mode.collect:
                c("return True")
        c.blank(2)

    def object_body(self, mode: _Mode, obj: m.ObjectType, here: str, leave: str, warns: bool) -> None:
        c = self.code
        with c.block("if type(obj) is not dict:"):
            if mode.collect:
                c(f"_wrong_type(obj, {here}, {self.phrase_expected(('object',))}, out)")
                c(leave)
            else:
                c("return _unless_python(obj)")
        own = [check for check in obj.checks if check.level == "warning"]
        if warns and own:
            # Before the members: lint() reported an object's own warnings before those of the
            # objects it holds, and the order of findings at one place is kept.
            with c.block("if warns is not None:"):
                for check in own:
                    self.warning(obj, check, here)
        names = self.member_locals(obj)
        required = [f.name for f in obj.fields if f.required]
        # Optional members, and names of a later API that a check's condition looks at (so the
        # check can stand aside for a body written for that API).
        optional = [f.name for f in obj.fields if not f.required] + self.condition_names(obj)
        for name in optional[len(obj.fields) - len(required):]:
            names[name] = ident("v", re.sub(r"[^A-Za-z0-9_]", "_", name), "later")
        for name in required:
            c(f"{names[name]} = obj.get({lit(name)}, _MISSING)")
        exact = " and ".join(["type(obj) is dict", f"len(obj) == {lit(len(required))}"]
                             + [f"{names[name]} is not _MISSING" for name in required])
        if optional:
            with c.block(f"if {exact}:"):
                c(" = ".join(names[name] for name in optional) + " = _MISSING")
            with c.block("else:"):
                self.unknown_keys(mode, obj, here)
                for name in optional:
                    c(f"{names[name]} = obj.get({lit(name)}, _MISSING)")
        else:
            with c.block(f"if not ({exact}):"):
                self.unknown_keys(mode, obj, here)
        for f in obj.fields:
            v = names[f.name]
            field_path = _sub(here, lit(f.name))
            owner = _stem(obj.name, f.name)
            if f.required:
                self.one_value(mode, f.variants, f.nullable, v, field_path, 1, owner, True,
                               missing=(here, f.name), field=f)
            else:
                skip = f"{v} is _MISSING" + (f" or {v} is None" if f.nullable else "")
                with c.block(f"if {skip}:"):
                    c("pass")
                self.one_value(mode, f.variants, f.nullable, v, field_path, 1, owner, True, keyword="elif",
                               field=f)
        checks = [check for check in obj.checks if check.level == "error"]
        compared = [f.name for f in obj.fields if any(f.name in self.compared(check.when) for check in checks)]
        for name in compared:  # each member compared with a string, tested for being one once
            v = names[name]
            c(f"{self.text_local(v)} = {v} if isinstance({v}, str) else None")
        for check in checks:
            self.error_check(mode, obj, check, here, names)

    @staticmethod
    def text_local(v: str) -> str:
        """The local holding member ``v`` when it is a string, and None otherwise."""
        return "t" + v[1:]

    def condition_names(self, obj: m.ObjectType) -> list[str]:
        """Names of a later API (not members) that the conditions of the object's error checks
        look at, in the order of the object's table of newer names."""
        fields = {f.name for f in obj.fields}
        seen = set().union(*(self.members(check.when) for check in obj.checks if check.level == "error"))
        return [n.what for n in obj.newer if n.what in seen and n.what not in fields]

    def members(self, cond: m.Condition | None) -> set[str]:
        """Every member a condition looks at."""
        if isinstance(cond, (m.AllOf, m.AnyOf)):
            return set().union(*(self.members(c) for c in cond.conditions))
        return {cond.field} if cond is not None else set()

    def compared(self, cond: m.Condition | None) -> set[str]:
        """The members a condition compares with a value."""
        if isinstance(cond, (m.Equals, m.Differs)):
            return {cond.field}
        if isinstance(cond, (m.AllOf, m.AnyOf)):
            return set().union(*(self.compared(c) for c in cond.conditions))
        return set()

    def unknown_keys(self, mode: _Mode, obj: m.ObjectType, here: str) -> None:
        c = self.code
        keys = self.const(f"{obj.name}_keys", frozenset(f.name for f in obj.fields))
        with c.block(f"if not {keys}.issuperset(obj):"):
            if mode.collect:
                reasons = {x.name: x.reason for x in obj.excluded}
                excluded = self.const(f"{obj.name}_excluded" if reasons else "none_excluded", reasons,
                                      annotation="dict[str, str]")
                later = {n.what: n.since for n in obj.newer}
                newer = self.const(f"{obj.name}_newer" if later else "none_newer", later,
                                   annotation="dict[str, str]")
                c(f"_extra_keys(obj, {here}, {keys}, {excluded}, {newer}, out)")
            else:
                c("return _unless_int_keys(obj)")

    def condition(self, cond: m.Condition | None, names: dict[str, str]) -> str:
        if cond is None:
            return "True"
        if isinstance(cond, m.Present):
            return f"{names[cond.field]} is not _MISSING"
        if isinstance(cond, m.Absent):
            return f"{names[cond.field]} is _MISSING"
        if isinstance(cond, (m.Equals, m.Differs)):
            v = names[cond.field]
            equals = f"{self.text_local(v)} == {lit(cond.value)}"
            if isinstance(cond, m.Equals):
                return f"({equals})"
            return f"({v} is not _MISSING and not {equals})"
        joiner = " and " if isinstance(cond, m.AllOf) else " or "
        return "(" + joiner.join(self.condition(c, names) for c in cond.conditions) + ")"

    def error_check(self, mode: _Mode, obj: m.ObjectType, check: m.Check, here: str,
                    names: dict[str, str]) -> None:
        c = self.code
        p = check.params
        rule = lit(check.id)

        def fail(path: str, **fields: Any) -> None:
            self.fail(mode, check.id, path, **fields)

        when = self.condition(check.when, names)
        if check.kind == "require":
            if check.keyword == "required":
                where = here
            else:  # the finding points at the member whose presence requires the other
                assert isinstance(check.when, (m.Present, m.Absent, m.Equals, m.Differs))
                where = _sub(here, lit(check.when.field))
            with c.block(f"if {names[p['field']]} is _MISSING and {when}:"):
                fail(where)
        elif check.kind == "forbid":
            with c.block(f"if {names[p['field']]} is not _MISSING and {when}:"):
                fail(_sub(here, lit(p["field"])))
        elif check.kind == "not_null":
            with c.block(f"if {names[p['field']]} is None and {when}:"):
                fail(_sub(here, lit(p["field"])))
        elif check.kind == "max_from_table":
            spec_table = self.spec.tables[p["table"]]
            table = self.const(f"{p['table']}_{p['column']}", spec_table.column(p["column"]))
            key, value = names[p["key"]], names[p["field"]]
            with c.block(f"if isinstance({key}, str) and {value} is not _MISSING:"):
                if spec_table.aliases is None:
                    c(f"row = {key} if {key} in {table} else None")
                else:  # a name that stands for a row (a fine-tuned model for its base model)
                    aliases = self.aliases(spec_table.aliases)
                    c(f"row = {key} if {key} in {table} else _row_key({key}, {table}, {aliases})")
                with c.block(f"if row is not None and {_TESTS['number'].format(v=value)} and {value} > {table}[row] "
                             f"and (_isfinite({value}) if isinstance({value}, float) else not _huge({value})):"):
                    fail(_sub(here, lit(p["field"])), value=f"_show({value})", limit=f"{table}[row]", key="row")
        elif check.kind == "member_of":
            field, among = tuple(p["field"]), tuple(p["among"])
            # _member_of judges only a string target and an array pool; test their first steps here.
            guard = (f"isinstance({names[field[0]]}, {'dict' if len(field) > 1 else 'str'}) "
                     f"and isinstance({names[among[0]]}, list)")
            args = f"obj, {lit(field)}, {lit(among)}"
            if mode.collect:
                with c.block(f"if {guard}:"):
                    c(f"_member_of({args}, {here}, {rule}, out)")
            else:
                with c.block(f"if {guard} and not _member_of({args}, (), {rule}, None):"):
                    c("return False")

    def aliases(self, pattern: m.Pattern) -> str:
        """The constant holding the search of a table's aliases pattern."""
        return self.const(f"search_{pattern.name}", None, f"_re.compile({lit(portable(pattern.regex))}).search")

    # -- warnings ------------------------------------------------------------------------------
    def lint_targets(self) -> set[str]:
        """Objects whose walk adds warnings: those with warnings, and their containers."""
        needed = {oid for oid, obj in self.spec.objects.items()
                  if any(ch.level == "warning" for ch in obj.checks)}
        changed = True
        while changed:
            changed = False
            for oid, obj in self.spec.objects.items():
                if oid not in needed and any(r in needed for r in self.refs(obj)):
                    needed.add(oid)
                    changed = True
        return needed

    @staticmethod
    def refs(obj: m.ObjectType) -> list[str]:
        """Objects a member holds directly, or as the items of an array."""
        out = []
        for f in obj.fields:
            for te in f.variants:
                if te.ref:
                    out.append(te.ref)
                elif te.items is not None and te.items.ref:
                    out.append(te.items.ref)
        return out

    def warning(self, obj: m.ObjectType, check: m.Check, here: str) -> None:
        c = self.code
        p = check.params
        rule = lit(check.id)
        if check.kind == "known":
            spec_table = self.spec.tables[p["table"]]
            keys = self.const(f"{p['table']}_keys", frozenset(k for k, _ in spec_table.rows))
            aliases = self.aliases(spec_table.aliases) if spec_table.aliases is not None else "None"
            c(f"_warn_known(obj, {here}, {lit(p['field'])}, {keys}, {aliases}, {lit(tuple(p.get('newer', ())))}, "
              f"{rule}, warns)")
        elif check.kind == "unique":
            c(f"_warn_unique(obj, {here}, {lit(p['field'])}, {lit(p['by'])}, {rule}, warns)")
        elif check.kind == "not_both_altered":
            defaults = tuple(obj.field(name).default for name in p["fields"])
            c(f"_warn_not_both_altered(obj, {here}, {lit(tuple(p['fields']))}, {lit(defaults)}, {rule}, warns)")
        elif check.kind == "recommend":
            c(f"_warn_recommend(obj, {here}, {lit(p['field'])}, {rule}, warns)")
        elif check.kind == "nested_equals":
            c(f"_warn_nested_equals(obj, {here}, {lit(p['field'])}, {lit(p['key'])}, {lit(p['expected'])}, {rule}, warns)")
        elif check.kind == "json_string":
            c(f"_warn_json_string(obj, {here}, {lit(p['field'])}, {rule}, warns)")
        elif check.kind == "context_length":
            table = self.spec.tables[p["table"]]
            limits = self.const(f"{p['table']}_{p['column']}", table.column(p["column"]))
            others = [col for col in table.columns if col != p["column"]]
            per = {key: tuple(values[table.columns.index(col)] for col in others) for key, values in table.rows}
            constants = self.const(f"{p['table']}_token_constants", per)
            aliases = self.aliases(table.aliases) if table.aliases is not None else "None"
            c(f"_warn_context_length(obj, {here}, {lit(p['field'])}, {lit(p['messages_field'])}, "
              f"{lit(p['model_field'])}, {lit(p['functions_field'])}, {limits}, {aliases}, {constants}, "
              f"{lit(p['tokens_per_reply'])}, {lit(p['encoding'])}, {rule}, {lit(p['prompt_message'])}, warns)")

    # -- helpers for nested containers -------------------------------------------------------------
    def helper_function(self, mode: _Mode, name: str, te: m.TypeExpr) -> None:
        c = self.code
        self.warns = "None"
        with c.block(f"def {name}(value: Any, path: _Path, out: _Found) -> None:" if mode.collect
                     else f"def {name}(value: Any, depth: int) -> bool:"):
            self.one_value(mode, (te,), False, "value", "path", 0, _stem(name), False)
            if not mode.collect:
                c("return True")
        c.blank(2)

    # -- module --------------------------------------------------------------------------------
    def functions(self) -> str:
        """Every function of the module: per mode, each object's, then what they ask for."""
        spec = self.spec
        self.code = Code()
        for mode in (ERRORS, VALID):
            for name in spec.objects:
                self.request(mode, name, "one")
            while self.pending:
                kind, mode_, *rest = self.pending.pop(0)
                if kind == "object":
                    self.object_function(mode_, *rest)
                else:
                    self.helper_function(mode_, *rest)
        return self.code.text()

    def module(self, spec_file: str) -> str:
        spec = self.spec
        functions = self.functions()

        rules: dict[str, tuple[str | None, str]] = {rid: (r.keyword, "error") for rid, r in spec.rules.items()}
        for _, check in spec.checks():
            rules[check.id] = (check.keyword, check.level)

        head = Code()
        head('"""Validator of a request body, generated from its reqspec spec (_SPEC_TITLE, _SPEC_FILE).', "",
             "Generated by `reqspec generate`: do not edit; edit the spec and regenerate.",
             "Standard library only: this file can be copied into a project on its own.", '"""')
        head.blank()
        head("from __future__ import annotations")
        runtime = _runtime_text()
        head(*runtime.rstrip("\n").split("\n"))
        head.blank(2)
        head("# Constants from the spec.")
        head(f"_SPEC_ID = {lit(spec.id)}")
        head(f"_SPEC_TITLE = {lit(spec.title)}")
        head(f"_SPEC_FILE = {lit(spec_file)}")
        head(f"_DOCS = {lit(spec.docs_url)}")
        head(f"_MAX_DEPTH = {lit(spec.max_depth)}")
        head(f"_SECRET_SEARCH = _re.compile({lit(portable(spec.patterns['secret'].regex))}).search")
        head(f"_SECRET_HINT = {lit(spec.patterns['secret'].contains)}")
        # The phrases messages are built from at run time (the type names are used here, above).
        texts = {name: text for name, text in spec.phrases.items() if isinstance(text, str)}
        head(f"_PHRASES: dict[str, str] = {lit(texts)}")
        head(f"_FINDINGS: dict[str, tuple[str, str | None, str, str, bool]] = {lit(self.findings)}")
        for name, source in self.constants.items():
            head(f"{name}{source}")
        head.blank(2)
        api = Code()
        root = spec.root
        errors_root, valid_root = ERRORS.func(root), VALID.func(root)
        lints = root in self.lint_needed
        api.blank(1)
        # Each entry point checks the body as given, and a plain copy when a value's own method
        # raises (a JSON type's subclass whose methods raise, or an object lying about its type).
        entry_points = [
            ("validate(body: object) -> list[Error]",
             "Every error in the body, in document order; an empty list when it is valid.", "_errors", ""),
            ("is_valid(body: object) -> bool",
             "True when validate() would find nothing; stops at the first error, builds nothing.",
             valid_root, ", 0"),
            ("lint(body: object) -> list[Error]", "Errors and warnings together, in document order.",
             "_errors", ", True"),
            ("lint_first(body: object, limit: int, skip: Collection[str] = ()) -> tuple[list[Error], int, int]",
             "At most ``limit`` findings of lint(), in document order, leaving out the rules in ``skip``, "
             "and how many more errors and warnings it found: a body with millions of findings costs no "
             "memory past the limit (the ones listed are the first the check meets).", "_first", ", limit, skip"),
        ]
        for signature, doc, function, args in entry_points:
            with api.block(f"def {signature}:"):
                api(lit(doc))
                with api.block("try:"):
                    api(f"return {function}(body{args})")
                with api.block("except Exception:  # checked again on a plain copy (see _retried)"):
                    api(f"return _retried({function}, body{args})")
            api.blank(2)
        with api.block("def check(body: object) -> None:"):
            api('"""Raise InvalidRequestError, holding every error, unless the body is valid."""')
            with api.block("if not is_valid(body):"):
                api("raise InvalidRequestError(validate(body))")
        api.blank(2)
        with api.block("def _errors(body: object, warnings: bool = False) -> list[Error]:"):
            api('"""The errors, and with ``warnings`` the warnings too, of one body."""',
                "out: _Found = []")
            if lints:
                api("warns: _Found | None = [] if warnings else None",
                    f"{errors_root}(body, (), out, warns)")
                with api.block("if warns:"):
                    api("out += warns")
            else:
                api(f"{errors_root}(body, (), out)")
            api("return _finish(body, out) if out else []")
        api.blank(2)
        with api.block("def _first(body: object, limit: int, skip: Collection[str]) -> tuple[list[Error], int, int]:"):
            api('"""lint_first() on the body as given."""',
                "out = _Capped(limit, skip)")
            if lints:
                api("warns = _Capped(limit, skip)", f"{errors_root}(body, (), out, warns)",
                    "return _cut(body, [*out, *warns], limit, [out.overflow, warns.overflow])")
            else:
                api(f"{errors_root}(body, (), out)", "return _cut(body, list(out), limit, [out.overflow])")
        api.blank(2)
        api("#: Every rule a finding can carry: rule id -> (JSON Schema keyword or None, severity).")
        api(f"RULES = {lit(rules)}")
        help_texts = {rid: r.help for rid, r in spec.rules.items()}
        help_texts.update({check.id: check.help for _, check in spec.checks()})
        api("#: What each rule means, for documentation and SARIF.")
        api(f"HELP = {lit(help_texts)}")
        api("#: Rules whose finding is about a key rather than its value (lint locates the key).")
        api(f"KEY_RULES = {lit(frozenset(rid for rid, r in spec.rules.items() if r.at == 'key'))}")
        api("#: Rules that count tokens: they load a tokenizer when a body first needs one.")
        api(f"TOKENIZER_RULES: frozenset[str] = {lit(frozenset(check.id for _, check in spec.checks() if check.kind == 'context_length'))}")
        api("#: Where the rules are documented, one anchor per rule id.")
        api("DOCS_URL = _DOCS")
        api.blank(2)
        api('__all__ = ["DOCS_URL", "Error", "HELP", "InvalidRequestError", "KEY_RULES", "RULES", "TOKENIZER_RULES", "check",')
        api('           "is_valid", "lint", "lint_first", "set_token_counter", "tokenizer_needed", "validate"]')
        source = head.text() + "\n\n" + functions + api.text()
        compile(source, "<generated validator>", "exec")
        return source


def render_validator(spec: m.Spec, spec_file: str) -> str:
    """The generated module's source for ``spec`` (``spec_file`` is named in its header)."""
    return _Emitter(spec).module(spec_file)
