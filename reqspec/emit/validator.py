"""Emit the pure-Python validator module from the spec model.

The output is straight-line code specialised to the spec: one small function per object type and
mode, no interpreter walking the spec at run time. Three modes share one walk of the model:

- ``errors``: collect every error as (path, rule, message); paths are tuples, turned into JSON
  Pointers only after an error is found;
- ``valid``: return False at the first problem, building nothing;
- ``lint``: the warning checks, run after ``errors`` by ``lint()``.

Every value from the spec enters the code through ``lit()`` (``repr``), never by formatting text,
and nested constraints get helper functions, so indentation does not grow with spec depth.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..spec import model as m
from ..spec.patterns import portable
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

    def fail(self, code: Code, rule: str, path: str, **fields: str) -> None:
        if self.collect:
            args = "".join(f", {k}={v}" for k, v in fields.items())
            code(f"_add(out, {path}, {lit(rule)}{args})")
        else:
            code("return False")

    def func(self, obj: str) -> str:
        return ident(f"_{self.name}", obj)

    def call(self, obj: str, value: str, path: str, depth: int) -> str:
        """A statement that checks a nested object (``depth`` steps below the current object)."""
        if self.collect:
            return f"{self.func(obj)}({value}, {path}, out)"
        return f"if not {self.func(obj)}({value}, {_depth(depth)}): return False"

    def signature(self, name: str, first: str = "value") -> str:
        return f"def {name}({first}, path, out):" if self.collect else f"def {name}({first}, depth):"


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

_TESTS = {
    "string": "isinstance({v}, str)",
    "number": "(type({v}) is float or type({v}) is int or _is_number({v}))",
    "integer": "(type({v}) is int or type({v}) is float or _is_number({v}))",
    "boolean": "({v} is True or {v} is False)",
    "array": "isinstance({v}, list)",
    "object": "isinstance({v}, dict)",
}


class _Emitter:
    def __init__(self, spec: m.Spec) -> None:
        self.spec = spec
        self.code = Code()
        self.constants: dict[str, str] = {}  # name -> literal source
        self.helpers: list[tuple[_Mode, str, m.TypeExpr, int]] = []

    # -- constants ---------------------------------------------------------------------------
    def const(self, stem: str, value: Any, literal: str | None = None) -> str:
        source = literal if literal is not None else lit(value)
        for name, existing in self.constants.items():
            if existing == source:
                return name
        name = ident("", stem.upper())
        base, n = name, 2
        while name in self.constants:
            name, n = f"{base}_{n}", n + 1
        self.constants[name] = source
        return name

    def phrase_expected(self, types: tuple[str, ...]) -> str:
        words = [self.spec.phrases["types"][t] for t in types]
        text = words[0] if len(words) == 1 else ", ".join(words[:-1]) + self.spec.phrases["either"] + words[-1]
        return self.const("expected_" + "_".join(types), text)

    # -- values ------------------------------------------------------------------------------
    def value_checks(self, mode: _Mode, te: m.TypeExpr, v: str, path: str, depth: int,
                     owner: str) -> None:
        """Constraints of one alternative, once ``v`` is known to have its JSON type."""
        c = self.code
        if te.type in ("number", "integer"):
            with c.block(f"if isinstance({v}, float) and not _isfinite({v}):"):
                mode.fail(c, "non-finite", path, value=f"_show({v})")
            with c.block("else:"):
                if te.type == "integer":
                    with c.block(f"if not isinstance({v}, int) and not {v}.is_integer():"):
                        mode.fail(c, "type", path, expected=self.phrase_expected(("integer",)),
                                  value=f"_show({v})")
                self.enum_check(mode, te, v, path, owner)
                if te.minimum is not None:
                    with c.block(f"if {v} < {lit(te.minimum)}:"):
                        mode.fail(c, "minimum", path, limit=lit(te.minimum), value=f"_show({v})")
                if te.maximum is not None:
                    with c.block(f"if {v} > {lit(te.maximum)}:"):
                        mode.fail(c, "maximum", path, limit=lit(te.maximum), value=f"_show({v})")
        elif te.type == "string":
            self.enum_check(mode, te, v, path, owner)
            if te.min_length is not None:
                with c.block(f"if len({v}) < {lit(te.min_length)}:"):
                    mode.fail(c, "min-length", path, limit=lit(te.min_length), value=f"_show({v})")
            pattern_guard = "if"
            if te.max_length is not None:
                with c.block(f"if len({v}) > {lit(te.max_length)}:"):
                    mode.fail(c, "max-length", path, limit=lit(te.max_length), length=f"len({v})")
                pattern_guard = "elif"
            if te.pattern is not None:
                search = self.const(f"search_{te.pattern.name}", None,
                                    f"_re.compile({lit(portable(te.pattern.regex))}).search")
                says = self.const(f"says_{te.pattern.name}", te.pattern.says)
                with c.block(f"{pattern_guard} {search}({v}) is None:"):
                    mode.fail(c, "pattern", path, says=says, value=f"_show({v})")
            with c.block(f"if 'sk-' in {v} and _SECRET_SEARCH({v}) is not None:"):
                if mode.collect:
                    c(f"_add(out, {path}, 'secret', length=len({v}), fingerprint=_fingerprint({v}))")
                else:
                    c("return False")
        elif te.type == "array":
            if te.min_items is not None:
                with c.block(f"if len({v}) < {lit(te.min_items)}:"):
                    mode.fail(c, "min-items", path, limit=lit(te.min_items), count=f"len({v})")
            if te.max_items is not None:
                with c.block(f"if len({v}) > {lit(te.max_items)}:"):
                    mode.fail(c, "max-items", path, limit=lit(te.max_items), count=f"len({v})")
            item_path = _sub(path, "index")
            self.nested(mode, te.items, v, item_path, depth + 1, owner, "for index, item in enumerate({v}):", "item")
        elif te.type == "map":
            keys = te.keys
            key_path = _sub(path, "key")
            width = len(str(keys.maximum))
            fast = f"len(key) < {lit(width)} or " if keys.minimum == 0 else ""
            with c.block(f"for key, item in {v}.items():"):
                with c.block("if not isinstance(key, str):"):
                    if mode.collect:
                        c(f"_add(out, {path}, 'not-json', value=_PHRASES['non_string_key'].format(value=_show(key)))")
                        c("continue")
                    else:
                        c("return False")
                ok = (f"key.isdigit() and key.isascii() and "
                      f"({fast}_digits_in_range(key, {lit(keys.minimum)}, {lit(keys.maximum)}))")
                with c.block(f"if not ({ok}):"):
                    mode.fail(c, "token-id", key_path, value="_show(key)",
                              limit_low=lit(keys.minimum), limit=lit(keys.maximum))
                self.one_value(mode, (te.values,), False, "item", key_path, depth + 1, owner)
        elif te.type == "json_object":
            if mode.collect:
                c(f"_scan({v}, {path}, out)")
            else:
                with c.block(f"if not _scan_ok({v}, {_depth(depth)}):"):
                    c("return False")
        elif te.type == "ref":
            c(mode.call(te.ref, v, path, depth))

    def allowed(self, te: m.TypeExpr, stem: str, nullable: bool = False) -> str:
        """The constant naming the allowed values of an enum, as messages quote them."""
        shown = [f'"{x}"' if isinstance(x, str) else repr(x) for x in te.enum]
        if nullable:
            shown.append("null")
        return self.const(f"{stem}_allowed", ", ".join(shown))

    def enum_check(self, mode: _Mode, te: m.TypeExpr, v: str, path: str, stem: str) -> None:
        if te.enum is None:
            return
        values = self.const(f"{stem}_values", frozenset(te.enum))
        with self.code.block(f"if {v} not in {values}:"):
            mode.fail(self.code, "enum", path, allowed=self.allowed(te, stem), value=f"_show({v})")

    def nested(self, mode: _Mode, te: m.TypeExpr, v: str, path: str, depth: int, owner: str,
               loop: str, var: str) -> None:
        """Items of an array: a ref or a scalar is checked inline; a container gets a helper."""
        c = self.code
        with c.block(loop.format(v=v)):
            if te.type in ("array", "map"):
                name = ident(f"_{mode.name}", owner, "item")
                self.helpers.append((mode, name, te, depth))
                c(f"{name}({var}, {path}, out)" if mode.collect else f"if not {name}({var}, {_depth(depth)}): return False")
            else:
                self.one_value(mode, (te,), False, var, path, depth, owner)

    def one_value(self, mode: _Mode, variants: tuple[m.TypeExpr, ...], nullable: bool, v: str,
                  path: str, depth: int, owner: str) -> None:
        """Dispatch on the JSON type of ``v`` to the matching alternative, or report the type."""
        c = self.code
        keyword = "if"
        for te in variants:
            test = _TESTS[te.json_type].format(v=v)
            with c.block(f"{keyword} {test}:"):
                self.value_checks(mode, te, v, path, depth, owner)
            keyword = "elif"
        if nullable:
            with c.block(f"elif {v} is None:"):
                c("pass")
        types = tuple(te.json_type for te in variants) + (("null",) if nullable else ())
        with c.block("else:"):
            if not mode.collect:
                c("return False")
            elif len(variants) == 1 and variants[0].enum is not None:
                c(f"_wrong_type({v}, {path}, {self.allowed(variants[0], owner, nullable)}, out, 'enum')")
            else:
                c(f"_wrong_type({v}, {path}, {self.phrase_expected(types)}, out)")

    # -- objects -----------------------------------------------------------------------------
    def object_function(self, mode: _Mode, obj: m.ObjectType) -> None:
        c = self.code
        keys = self.const(f"{obj.name}_keys", frozenset(f.name for f in obj.fields))
        excluded = self.const(f"{obj.name}_excluded", {x.name: x.reason for x in obj.excluded})
        name = mode.func(obj.name)
        with c.block(mode.signature(name, "obj")):
            c(f'"""Check one {obj.title.lower()} ({"collect every error" if mode.collect else "stop at the first problem"})."""')
            with c.block("if not isinstance(obj, dict):"):
                if mode.collect:
                    c(f"_wrong_type(obj, path, {self.phrase_expected(('object',))}, out)")
                    c("return")
                else:
                    c("return False")
            with c.block(f"if not {keys}.issuperset(obj):"):
                if mode.collect:
                    c(f"_extra_keys(obj, path, {keys}, {excluded}, out)")
                else:
                    c("return False")
            depth = 1  # a member sits one step below its object
            for f in obj.fields:
                c(f"value = obj.get({lit(f.name)}, _MISSING)")
                field_path = f"path + ({lit(f.name)},)"
                if f.required:
                    with c.block("if value is _MISSING:"):
                        mode.fail(c, "required", "path", name=lit(f.name))
                    with c.block("else:"):
                        self.one_value(mode, f.variants, f.nullable, "value", field_path, depth, _stem(obj.name, f.name))
                else:
                    with c.block("if value is not _MISSING:"):
                        self.one_value(mode, f.variants, f.nullable, "value", field_path, depth, _stem(obj.name, f.name))
            for check in obj.checks:
                if check.level == "error":
                    self.error_check(mode, obj, check)
            if not mode.collect:
                c("return True")
        c.blank(2)

    def condition(self, cond: m.Condition | None) -> str:
        if cond is None:
            return "True"
        if isinstance(cond, m.Present):
            return f"{lit(cond.field)} in obj"
        if isinstance(cond, m.Absent):
            return f"{lit(cond.field)} not in obj"
        if isinstance(cond, m.Equals):
            return f"_equals(obj, {lit(cond.field)}, {lit(cond.value)})"
        if isinstance(cond, m.Differs):
            return f"({lit(cond.field)} in obj and not _equals(obj, {lit(cond.field)}, {lit(cond.value)}))"
        joiner = " and " if isinstance(cond, m.AllOf) else " or "
        return "(" + joiner.join(self.condition(c) for c in cond.conditions) + ")"

    def error_check(self, mode: _Mode, obj: m.ObjectType, check: m.Check) -> None:
        c = self.code
        p = check.params
        rule = lit(check.id)
        fail = (lambda path, **kw: mode.fail(c, check.id, path, **kw))
        if check.kind == "require":
            where = "path" if check.keyword == "required" else f"path + ({lit(check.when.field)},)"
            with c.block(f"if {lit(p['field'])} not in obj and {self.condition(check.when)}:"):
                fail(where)
        elif check.kind == "forbid":
            with c.block(f"if {lit(p['field'])} in obj and {self.condition(check.when)}:"):
                fail(f"path + ({lit(p['field'])},)")
        elif check.kind == "not_null":
            with c.block(f"if obj.get({lit(p['field'])}, _MISSING) is None and {self.condition(check.when)}:"):
                fail(f"path + ({lit(p['field'])},)")
        elif check.kind == "max_from_table":
            table = self.const(f"{p['table']}_{p['column']}", self.spec.tables[p["table"]].column(p["column"]))
            c(f"limit = _table_limit(obj, {lit(p['key'])}, {table})")
            c(f"value = obj.get({lit(p['field'])})")
            with c.block("if limit is not None and _is_number(value) and value > limit "
                         "and (not isinstance(value, float) or _isfinite(value)):"):
                fail(f"path + ({lit(p['field'])},)", value="_show(value)", limit="limit",
                     key=f"obj[{lit(p['key'])}]")
        elif check.kind == "member_of":
            args = f"obj, {lit(tuple(p['field']))}, {lit(tuple(p['among']))}"
            if mode.collect:
                c(f"_member_of({args}, path, {rule}, out)")
            else:
                with c.block(f"if not _member_of({args}, (), {rule}, None):"):
                    c("return False")

    # -- warnings ------------------------------------------------------------------------------
    def lint_targets(self) -> set[str]:
        """Objects whose lint function is needed: those with warnings, and their containers."""
        needed = {oid for oid, obj in self.spec.objects.items()
                  if any(ch.level == "warning" for ch in obj.checks)}
        changed = True
        while changed:
            changed = False
            for oid, obj in self.spec.objects.items():
                if oid not in needed and any(r in needed for r, _ in self.refs(obj)):
                    needed.add(oid)
                    changed = True
        return needed

    def refs(self, obj: m.ObjectType) -> list[tuple[str, tuple[str, m.Field]]]:
        out = []
        for f in obj.fields:
            for te in f.variants:
                if te.ref:
                    out.append((te.ref, ("one", f)))
                elif te.items is not None and te.items.ref:
                    out.append((te.items.ref, ("many", f)))
        return out

    def lint_function(self, obj: m.ObjectType, needed: set[str]) -> None:
        c = self.code
        with c.block(f"def {ident('_lint', obj.name)}(obj, path, out):"):
            c(f'"""Warnings of one {obj.title.lower()}, and of the objects it holds."""')
            with c.block("if not isinstance(obj, dict):"):
                c("return")
            for check in obj.checks:
                if check.level == "warning":
                    self.warning(obj, check)
            for ref, (how, f) in self.refs(obj):
                if ref not in needed:
                    continue
                c(f"value = obj.get({lit(f.name)})")
                if how == "one":
                    with c.block("if isinstance(value, dict):"):
                        c(f"{ident('_lint', ref)}(value, path + ({lit(f.name)},), out)")
                else:
                    with c.block("if isinstance(value, list):"):
                        with c.block("for index, item in enumerate(value):"):
                            c(f"{ident('_lint', ref)}(item, path + ({lit(f.name)}, index), out)")
        c.blank(2)

    def warning(self, obj: m.ObjectType, check: m.Check) -> None:
        c = self.code
        p = check.params
        rule = lit(check.id)
        if check.kind == "known":
            keys = self.const(f"{p['table']}_keys", frozenset(k for k, _ in self.spec.tables[p["table"]].rows))
            c(f"_warn_known(obj, path, {lit(p['field'])}, {keys}, {rule}, out)")
        elif check.kind == "unique":
            c(f"_warn_unique(obj, path, {lit(p['field'])}, {lit(p['by'])}, {rule}, out)")
        elif check.kind == "not_both_altered":
            defaults = tuple(obj.field(name).default for name in p["fields"])
            c(f"_warn_not_both_altered(obj, path, {lit(tuple(p['fields']))}, {lit(defaults)}, {rule}, out)")
        elif check.kind == "recommend":
            c(f"_warn_recommend(obj, path, {lit(p['field'])}, {rule}, out)")
        elif check.kind == "nested_equals":
            c(f"_warn_nested_equals(obj, path, {lit(p['field'])}, {lit(p['key'])}, {lit(p['expected'])}, {rule}, out)")
        elif check.kind == "json_string":
            c(f"_warn_json_string(obj, path, {lit(p['field'])}, {rule}, out)")
        elif check.kind == "context_length":
            table = self.spec.tables[p["table"]]
            limits = self.const(f"{p['table']}_{p['column']}", table.column(p["column"]))
            others = [col for col in table.columns if col != p["column"]]
            per = {key: tuple(values[table.columns.index(col)] for col in others) for key, values in table.rows}
            constants = self.const(f"{p['table']}_token_constants", per)
            c(f"_warn_context_length(obj, path, {lit(p['field'])}, {lit(p['messages_field'])}, "
              f"{lit(p['model_field'])}, {lit(p['functions_field'])}, {limits}, {constants}, "
              f"{lit(p['tokens_per_reply'])}, {rule}, {lit(p['prompt_message'])}, out)")

    # -- helpers for nested containers -------------------------------------------------------------
    def helper_functions(self) -> None:
        done = 0
        while done < len(self.helpers):
            mode, name, te, depth = self.helpers[done]
            done += 1
            c = self.code
            with c.block(mode.signature(name)):
                self.one_value(mode, (te,), False, "value", "path", 0, _stem(name))
                if not mode.collect:
                    c("return True")
            c.blank(2)

    # -- module --------------------------------------------------------------------------------
    def module(self, spec_file: str) -> str:
        spec = self.spec
        body = Code()
        self.code = body
        for mode in (ERRORS, VALID):
            for obj in spec.objects.values():
                self.object_function(mode, obj)
        needed = self.lint_targets()
        for obj in spec.objects.values():
            if obj.name in needed:
                self.lint_function(obj, needed)
        self.helper_functions()
        functions = body.text()

        rules: dict[str, tuple[Any, str, str]] = {
            rid: (r.keyword, "error", r.message) for rid, r in spec.rules.items()}
        for _, check in spec.checks():
            rules[check.id] = (check.keyword, check.level, check.message)

        head = Code()
        head(f'"""Validator of the {spec.title}.', "",
             f"Generated by `reqspec generate` from {spec_file}: do not edit; edit the spec and regenerate.",
             "Standard library only: this file can be copied into a project on its own.", '"""')
        head.blank()
        head("from __future__ import annotations")
        runtime = _runtime_text()
        head(*runtime.rstrip("\n").split("\n"))
        head.blank(2)
        head("# Constants from the spec.")
        head(f"_SPEC_ID = {lit(spec.id)}")
        head(f"_DOCS = {lit(spec.docs_url)}")
        head(f"_MAX_DEPTH = {lit(spec.max_depth)}")
        head(f"_SECRET_SEARCH = _re.compile({lit(portable(spec.patterns['secret'].regex))}).search")
        head(f"_PHRASES = {lit(dict(spec.phrases))}")
        head(f"_RULES = {lit(rules)}")
        for name, source in self.constants.items():
            head(f"{name} = {source}")
        head.blank(2)
        api = Code()
        root = spec.root
        lint_root = ident("_lint", root) if root in needed else None
        api.blank(1)
        with api.block("def validate(body: object) -> list[Error]:"):
            api('"""Every error in the body, in document order; an empty list when it is valid."""',
                "out: list = []",
                f"{ERRORS.func(root)}(body, (), out)",
                "return _finish(body, out) if out else []")
        api.blank(2)
        with api.block("def is_valid(body: object) -> bool:"):
            api('"""True when validate() would find nothing; stops at the first error, builds nothing."""',
                f"return {VALID.func(root)}(body, 0)")
        api.blank(2)
        with api.block("def check(body: object) -> None:"):
            api('"""Raise InvalidRequestError, holding every error, unless the body is valid."""')
            with api.block(f"if not {VALID.func(root)}(body, 0):"):
                api("raise InvalidRequestError(validate(body))")
        api.blank(2)
        with api.block("def lint(body: object) -> list[Error]:"):
            api('"""Errors and warnings together, in document order."""',
                "out: list = []",
                f"{ERRORS.func(root)}(body, (), out)")
            if lint_root:
                api(f"{lint_root}(body, (), out)")
            api("return _finish(body, out) if out else []")
        api.blank(2)
        api("#: Every rule a finding can carry: rule id -> (JSON Schema keyword or None, severity).")
        api("RULES = {rule: (keyword, severity) for rule, (keyword, severity, _) in _RULES.items()}")
        help_texts = {rid: r.help for rid, r in spec.rules.items()}
        help_texts.update({check.id: check.help for _, check in spec.checks()})
        api("#: What each rule means, for documentation and SARIF.")
        api(f"HELP = {lit(help_texts)}")
        api("#: Rules whose finding is about a key rather than its value (lint locates the key).")
        api(f"KEY_RULES = {lit(frozenset(rid for rid, r in spec.rules.items() if r.at == 'key'))}")
        api("#: Where the rules are documented, one anchor per rule id.")
        api("DOCS_URL = _DOCS")
        api.blank(2)
        api('__all__ = ["DOCS_URL", "Error", "HELP", "InvalidRequestError", "KEY_RULES", "RULES", "check", "is_valid",')
        api('           "lint", "set_token_counter", "tokenizer_needed", "validate"]')
        source = head.text() + "\n\n" + functions + api.text()
        compile(source, "<generated validator>", "exec")
        return source


def render_validator(spec: m.Spec, spec_file: str) -> str:
    """The generated module's source for ``spec`` (``spec_file`` is named in its header)."""
    return _Emitter(spec).module(spec_file)
