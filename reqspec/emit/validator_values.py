"""Write the checks of one value from its type: dispatch on the value's JSON type to the matching
alternative, then that alternative's constraints.

Each variant of the type model has its branch here (``match`` ending in ``assert_never``). Nesting
in the output is bounded: a loop's items or a map's values that hold containers get a function of
their own (a ``Helper``), so indentation never grows with the depth of the spec.
"""

from __future__ import annotations

from contextlib import AbstractContextManager, nullcontext
from typing import assert_never

from ..spec import model as m
from ..spec.loader import NEWER_RULE
from ..spec.type_loader import CONSTRAINT_RULES, FORMATS
from .code import ident, lit
from .validator_output import Helper, Known, Mode, Output, depth, stem, sub

#: Code testing that a value ``{v}`` has a JSON type, exactly: a tuple, or a subclass of list or
#: dict, is judged on the plain copy.
TESTS = {
    "string": "(type({v}) is str or isinstance({v}, str))",  # the exact type first: the usual case, quicker
    "number": "(type({v}) is float or type({v}) is int or is_number({v}))",
    "integer": "(type({v}) is int or type({v}) is float or is_number({v}))",
    "boolean": "({v} is True or {v} is False)",
    "array": "type({v}) is list",
    "object": "type({v}) is dict",
    "null": "{v} is None",
}


def key_kind(spec: m.Spec, rule: str) -> str:
    """The kind of finding of a map key breaking ``rule``: the rule itself when it is about keys
    (``token-id``), else its key form, ``rule:key`` (see ``finding_kinds``)."""
    return rule if spec.rules[rule].at == "key" else f"{rule}:key"


def holds_containers(kind: m.Type) -> bool:
    """Whether a value of ``kind`` is checked with a loop of its own (an array or a map): written
    in a helper when it is itself an array's item or a map's value."""
    return any(isinstance(v, (m.Array, m.Map)) for v in kind.variants)


def allowed_text(enum: tuple[object, ...], nullable: bool = False) -> str:
    """The allowed values of an enum, as messages quote them."""
    shown = [f'"{x}"' if isinstance(x, str) else repr(x) for x in enum]
    if nullable:
        shown.append("null")
    return ", ".join(shown)


class ValueWriter:
    """Writes value checks into the module ``out`` for the function being written."""

    def __init__(self, out: Output) -> None:
        self.out = out
        self.spec = out.spec
        self.code = out.code
        self.warns = "None"  # what the function being written passes on as ``warns``
        self.owner = ""  # the object whose function (or helper) is being written
        self.budget = False  # whether the function being written has the budget of recursive objects
        self.found = "None"  # what it passes on as the list a watched field flags

    def value(self, mode: Mode, kind: m.Type, v: str, path: str, offset: int, place: str, *,
              chained: bool = False, missing: tuple[str, str] | None = None, member: str = "") -> None:
        """Dispatch on the JSON type of ``v`` (``offset`` levels below the function's depth) to the
        matching alternative, or report the type.

        ``chained`` continues an if-chain the caller started, which has already let absence and
        null through; ``missing`` is (object path, member name) for a required member, whose
        absence is reported before its type is; ``member`` names the member, for messages about a
        value or type of a later API.
        """
        c = self.code
        keyword = "elif" if chained else "if"
        anything = None
        for variant in kind.non_null:
            json_type = m.json_type(variant)
            if json_type is None:  # any value: the last branch, below
                anything = variant
                continue
            with c.block(f"{keyword} {TESTS[json_type].format(v=v)}:"):
                self.variant(mode, variant, v, path, offset, place, member)
            keyword = "elif"
        if kind.nullable and not chained:
            with c.block(f"{keyword} {v} is None:"):
                c("pass")
            keyword = "elif"
        if missing is not None and (mode.collect or anything is not None):
            with c.block(f"{keyword} {v} is MISSING:"):
                self.out.fail(mode, "required", missing[0], name=Known(missing[1]))
            keyword = "elif"
        if mode.collect:
            for later in kind.newer:  # a form of a later API (content as an array of parts)
                what = self.spec.phrases["newer_type"].format(field=member, type=later.shown_as)
                with c.block(f"{keyword} {TESTS[later.what].format(v=v)}:"):
                    c(f"newer({v}, {path}, out, {lit(NEWER_RULE + ':type')}, {lit(what)}, {lit(later.since)}, _DATA)")
                keyword = "elif"
        if anything is not None:
            if keyword == "if":
                self.variant(mode, anything, v, path, offset, place, member)
            else:
                with c.block("else:"):
                    self.variant(mode, anything, v, path, offset, place, member)
            return
        with c.block("else:"):
            if not mode.collect:
                c(f"return unless_python({v})")
                return
            if self.owner not in self.out.deep:
                self.wrong_type(kind, v, path, place)
                return
            # A container past the limit is too deep, whatever the type expected here.
            with c.block(f"if (type({v}) is list or type({v}) is dict) and {self.out.too_deep(mode, path, offset)}:"):
                self.out.fail(mode, "too-deep", path, limit=Known(self.spec.max_depth))
            with c.block("else:"):
                self.wrong_type(kind, v, path, place)

    def wrong_type(self, kind: m.Type, v: str, path: str, place: str) -> None:
        """The finding of a value of none of the JSON types ``kind`` allows."""
        variants = kind.non_null
        if len(variants) == 1 and isinstance(variants[0], (m.String, m.Number, m.Integer)) and variants[0].enum is not None:
            allowed = self.out.const(f"{place}_allowed", allowed_text(variants[0].enum, kind.nullable))
            self.code(f"wrong_type({v}, {path}, {allowed}, out, _DATA, 'enum')")
        else:
            self.code(f"wrong_type({v}, {path}, {self.out.expected(kind.json_types)}, out, _DATA)")

    def variant(self, mode: Mode, variant: m.Variant, v: str, path: str, offset: int, place: str,
                member: str) -> None:
        """The constraints of one alternative, once ``v`` is known to have its JSON type."""
        match variant:
            case m.String():
                self.string(mode, variant, v, path, place, member)
            case m.Number() | m.Integer():
                self.number(mode, variant, v, path, place)
            case m.Boolean() | m.Null():
                self.code("pass")
            case m.Array():
                self.array(mode, variant, v, path, offset, place, member)
            case m.Map():
                self.map(mode, variant, v, path, offset, place, member)
            case m.AnyValue():
                # A string (an enum's usual item) needs the walk only when it may hold a secret.
                worth = " and ".join(p.format(v=v) for p in self.out.secret_prefilter) or "True"
                if mode.collect:
                    with self.code.block(f"if type({v}) is not str or {worth}:"):
                        self.code(f"scan({v}, {path}, out, _DATA)")
                else:
                    with self.code.block(f"if (type({v}) is not str or {worth}) and not scan_ok({v}, {depth(offset)}, _DATA):"):
                        self.code("return False")
            case m.Ref(target=target):
                self.ref(mode, target, v, path, offset)
            case _:
                assert_never(variant)

    # -- scalars -----------------------------------------------------------------------------------
    def number(self, mode: Mode, variant: m.Number | m.Integer, v: str, path: str, place: str) -> None:
        c, out = self.code, self.out
        with c.block(f"if isinstance({v}, float) and not isfinite({v}):"):
            out.fail(mode, "non-finite", path, value=f"show({v}, _DATA)")
        with c.block("else:"):
            if isinstance(variant, m.Integer) and variant.enum is None:  # an enum of integers says it all
                with c.block(f"if not isinstance({v}, int) and not {v}.is_integer():"):
                    out.fail(mode, "type", path, expected=Known(self.spec.phrases["types"]["integer"]),
                             value=f"show({v}, _DATA)")
            if variant.enum is not None:
                values = out.const(f"{place}_values", frozenset(variant.enum))
                with c.block(f"if {v} not in {values}:"):
                    out.fail(mode, "enum", path, allowed=Known(allowed_text(variant.enum)), value=f"show({v}, _DATA)")
            # An integer too long to write in decimal is not JSON: it fails any bound there is,
            # and is looked for where a bound is missing.
            for rule, bound, op in (("minimum", variant.minimum, "<"), ("maximum", variant.maximum, ">"),
                                    (CONSTRAINT_RULES["exclusiveMinimum"], variant.exclusive_minimum, "<="),
                                    (CONSTRAINT_RULES["exclusiveMaximum"], variant.exclusive_maximum, ">=")):
                if bound is None:
                    continue
                with c.block(f"if {v} {op} {lit(bound)}:"):
                    if mode.collect:
                        with c.block(f"if huge({v}):"):
                            out.fail(mode, "not-json", path, value=f"show({v}, _DATA)")
                        with c.block("else:"):
                            out.fail(mode, rule, path, limit=Known(bound), value=f"show({v}, _DATA)")
                    else:
                        out.fail(mode, rule, path)
            if (variant.minimum, variant.exclusive_minimum) == (None, None) or (variant.maximum, variant.exclusive_maximum) == (None, None):
                with c.block(f"if type({v}) is int and {v}.bit_length() > 14000 and huge({v}):"):
                    out.fail(mode, "not-json", path, value=f"show({v}, _DATA)")

    def string(self, mode: Mode, variant: m.String, v: str, path: str, place: str, member: str) -> None:
        c, out = self.code, self.out
        if variant.enum is not None:
            self.enum(mode, variant, v, path, place, member)
        if variant.min_length is not None:
            with c.block(f"if len({v}) < {lit(variant.min_length)}:"):
                out.fail(mode, "min-length", path, limit=Known(variant.min_length), value=f"show({v}, _DATA)")
        pattern_guard = "if"
        if variant.max_length is not None:
            with c.block(f"if len({v}) > {lit(variant.max_length)}:"):
                out.fail(mode, "max-length", path, limit=Known(variant.max_length), length=f"len({v})")
            pattern_guard = "elif"
        if variant.pattern is not None:
            with c.block(f"{pattern_guard} {out.pattern_miss(variant.pattern, v)}:"):
                out.fail(mode, "pattern", path, says=Known(variant.pattern.says), value=f"show({v}, _DATA)")
        if variant.format is not None:  # a regular expression: compiled, never run
            with c.block(f"if regex_problem({v}) is not None:"):
                out.fail(mode, FORMATS[variant.format], path, value=f"show({v}, _DATA)", reason=f"regex_problem({v})")
        # An allowed value that is no secret leaves only the values outside the enum to test.
        test = out.secret_test(v)
        enum_safe = variant.enum is not None and not any(out.secret_regex.search(x) for x in variant.enum)
        if enum_safe and variant.enum is not None:
            test = f"{v} not in {out.const(f'{place}_values', frozenset(variant.enum))} and {test}"
        if mode.collect or not enum_safe:
            with c.block(f"if {test}:"):
                out.fail(mode, "secret", path, length=f"len({v})", fingerprint=f"fingerprint({v})")

    def enum(self, mode: Mode, variant: m.String, v: str, path: str, place: str, member: str) -> None:
        """A string enum; a value of a later API (``newer_values``) is named as such."""
        assert variant.enum is not None
        c, out = self.code, self.out
        values = out.const(f"{place}_values", frozenset(variant.enum))
        allowed = Known(allowed_text(variant.enum))
        with c.block(f"if {v} not in {values}:"):
            if not (variant.newer_values and mode.collect):
                out.fail(mode, "enum", path, allowed=allowed, value=f"show({v}, _DATA)")
                return
            phrase = self.spec.phrases["newer_value"]
            later = out.const(f"{place}_newer", {n.what: (phrase.format(field=member, value=n.what), n.since)
                                                 for n in variant.newer_values}, annotation="dict[str, tuple[str, str]]")
            with c.block(f"if {v} in {later}:"):
                c(f"add(out, {path}, {lit(NEWER_RULE + ':enum')}, _DATA, what={later}[{v}][0], date={later}[{v}][1])")
            with c.block("else:"):
                out.fail(mode, "enum", path, allowed=allowed, value=f"show({v}, _DATA)")

    # -- containers --------------------------------------------------------------------------------
    def limited(self, mode: Mode, path: str, offset: int) -> AbstractContextManager[None]:
        """Where an array or a map may lie past the depth limit (in an object held at any depth),
        the test of it: past the limit it is reported too deep, and its checks (written in the
        context returned) are skipped."""
        if self.owner not in self.out.deep:
            return nullcontext()
        with self.code.block(f"if {self.out.too_deep(mode, path, offset)}:"):
            self.out.fail(mode, "too-deep", path, limit=Known(self.spec.max_depth))
        return self.code.block("else:")

    def array(self, mode: Mode, variant: m.Array, v: str, path: str, offset: int, place: str, member: str) -> None:
        with self.limited(mode, path, offset):
            self.array_checks(mode, variant, v, path, offset, place, member)

    def array_checks(self, mode: Mode, variant: m.Array, v: str, path: str, offset: int, place: str, member: str) -> None:
        c, out = self.code, self.out
        if variant.min_items is not None:
            with c.block(f"if len({v}) < {lit(variant.min_items)}:"):
                out.fail(mode, "min-items", path, limit=Known(variant.min_items), count=f"len({v})")
        if variant.max_items is not None:
            with c.block(f"if len({v}) > {lit(variant.max_items)}:"):
                out.fail(mode, "max-items", path, limit=Known(variant.max_items), count=f"len({v})")
        if variant.unique_items:  # a repeat is reported at the later item
            if mode.collect:  # (an array of one item repeats nothing: no call)
                with c.block(f"for index, first in (repeats({v}) if len({v}) > 1 else ()):"):
                    out.fail(mode, CONSTRAINT_RULES["uniqueItems"], sub(path, "index"), value=f"show({v}[index], _DATA)",
                             first="first")
            else:
                with c.block(f"if len({v}) > 1 and repeats({v}):"):
                    c("return False")
        items = variant.items
        only = items.variants[0] if len(items.variants) == 1 and not items.newer else None
        if isinstance(only, m.Ref) and only.target not in out.recursive:
            # Objects as items: one function for the array, the object's checks inline in its loop.
            name = out.request(mode, only.target, "items")
            self.call(mode, only.target, name, v, path, offset + 1)
        elif holds_containers(items):
            helper = self.helper(mode, items, f"{place}_item", member)
            if mode.collect:
                with c.block(f"for index, item in enumerate({v}):"):
                    c(f"{helper}(item, {sub(path, 'index')}, out{self.passed(items, mode)})")
            else:
                with c.block(f"for item in {v}:"):
                    c(f"if not {helper}(item, {depth(offset + 1)}{self.passed(items, mode)}): return False")
        else:
            with c.block(f"for index, item in enumerate({v}):" if mode.collect else f"for item in {v}:"):
                self.value(mode, items, "item", sub(path, "index"), offset + 1, place, member=member)

    def map(self, mode: Mode, variant: m.Map, v: str, path: str, offset: int, place: str, member: str) -> None:
        with self.limited(mode, path, offset):
            self.map_checks(mode, variant, v, path, offset, place, member)

    def map_checks(self, mode: Mode, variant: m.Map, v: str, path: str, offset: int, place: str, member: str) -> None:
        c, out = self.code, self.out
        keys, key_path = variant.keys, sub(path, "key")
        with c.block(f"for key, item in {v}.items():"):
            with c.block("if not isinstance(key, str):"):
                if mode.collect:
                    c(f"non_string_key(key, {path}, out, _DATA)", "continue")
                else:
                    c(f"return unless_int_keys({v})")
            if keys.digits is not None and keys.rule is not None:
                low, high = keys.digits
                fast = f"len(key) < {lit(len(str(high)))} or " if low == 0 else ""
                ok = f"key.isdigit() and key.isascii() and ({fast}digits_in_range(key, {lit(low)}, {lit(high)}))"
                with c.block(f"if not ({ok}):"):
                    out.fail(mode, key_kind(self.spec, keys.rule), key_path, value="show(key, _DATA)", limit_low=Known(low), limit=Known(high))
                    if mode.collect:  # a digit key is no secret: only a key already refused may be one
                        with c.block(f"if {out.secret_prefilter[0].format(v='key')}:"):
                            c(f"secret_key(key, {path}, out, _DATA)")
            else:
                if keys.regex and keys.rule is not None:  # a regular expression: compiled, never run
                    with c.block("if regex_problem(key) is not None:"):
                        out.fail(mode, key_kind(self.spec, keys.rule), key_path, value="show(key, _DATA)",
                                 reason="regex_problem(key)")
                if mode.collect:
                    with c.block(f"if {out.secret_prefilter[0].format(v='key')}:"):
                        c(f"secret_key(key, {path}, out, _DATA)")
                else:
                    with c.block(f"if {out.secret_test('key')}:"):
                        c("return False")
            self.held(mode, variant.values, "item", key_path, offset + 1, f"{place}_value", member)

    def held(self, mode: Mode, kind: m.Type, v: str, path: str, offset: int, place: str, member: str) -> None:
        """A value held in a loop (a map's value, another key's value): inline, or through a
        helper when it would need a loop of its own."""
        if not holds_containers(kind):
            self.value(mode, kind, v, path, offset, place, member=member)
            return
        helper = self.helper(mode, kind, place, member)
        if mode.collect:
            self.code(f"{helper}({v}, {path}, out{self.passed(kind, mode)})")
        else:
            self.code(f"if not {helper}({v}, {depth(offset)}{self.passed(kind, mode)}): return False")

    def helper(self, mode: Mode, kind: m.Type, place: str, member: str) -> str:
        lints = mode.collect and self.warns != "None" and self.out.lints(kind)
        helper = Helper(mode, ident(f"_{mode.name}", stem(place)), kind, self.owner, member, lints,
                        self.out.budgets(kind), self.out.finds(kind))
        return self.out.request_helper(helper)

    def passed(self, kind: m.Type, mode: Mode) -> str:
        """The arguments of a helper of ``kind`` after the value and where it is."""
        lints = ", warns" if mode.collect and self.warns != "None" and self.out.lints(kind) else ""
        return lints + (", budget" if self.out.budgets(kind) else "") + (f", {self.found}" if self.out.finds(kind) else "")

    def write_helper(self, helper: Helper) -> None:
        c = self.code
        self.warns = "warns" if helper.lints else "None"
        self.owner = helper.owner
        self.budget = helper.budget
        self.found = "found" if helper.found else "None"
        extra = self.out.extra_params(helper.budget, helper.found)
        if helper.mode.collect:
            lints = ", warns: Found | None" if helper.lints else ""
            header = f"def {helper.name}(value: Any, path: Path, out: Found{lints}{extra}) -> None:"
        else:
            header = f"def {helper.name}(value: Any, depth: int{extra}) -> bool:"
        with c.block(header):
            self.value(helper.mode, helper.type, "value", "path", 0, helper.name.lstrip("_"), member=helper.member)
            if not helper.mode.collect:
                c("return True")
        c.blank(2)

    # -- objects -----------------------------------------------------------------------------------
    def ref(self, mode: Mode, target: str, v: str, path: str, offset: int) -> None:
        """An object: its function."""
        self.call(mode, target, self.out.request(mode, target, "one"), v, path, offset)

    def call(self, mode: Mode, target: str, name: str, v: str, path: str, offset: int) -> None:
        out = self.out
        extra = (", budget" if target in out.budget_needed else "") + (f", {self.found}" if target in out.found_needed else "")
        if not mode.collect:
            self.code(f"if not {name}({v}, {depth(offset)}{extra}): return False")
            return
        warns = self.warns if target in out.lint_needed else None
        line = f"{name}({v}, {path}, out{'' if warns is None else ', ' + warns}{extra})"
        if target not in out.recursive or self.owner in out.recursive:
            self.code(line)
            return
        # Entering recursive objects: a check that stops past the budget is reported here, once,
        # and the rest of the body is still checked.
        c = self.code
        w = warns or "None"
        plain = f"(len(out), {'0' if w == 'None' else f'len({w}) if {w} is not None else 0'}, budget[0], None)"
        c(f"marked = {plain} if type(out) is list else mark(out, {w}, budget)")
        with c.block("try:"):
            c(line)
        with c.block("except Oversized as stop:"):
            c(f"rewind(out, {warns or 'None'}, marked, budget)",
              f"stopped({v}, {path}, stop.path, out, _DATA)")
            if self.found not in ("found", "None"):  # the checks of the whole are not run on it
                c(f"{self.found}.clear()")
