"""Hypothesis strategies derived from a spec: valid bodies, and near misses aimed at one rule each.

Valid bodies are built by construction: each member is drawn from its own constraints (with the
exact boundaries drawn often), then every cross-field check of the object is satisfied by a
repair that follows from its kind (add the required member, drop the forbidden one, ...), so no
body is ever thrown away by a filter. Invalid bodies take a valid body and apply one or more
mutations, each breaking one declared constraint at one place.

Needs ``hypothesis`` (the ``strategies`` extra); nothing in the runtime package imports this module.
"""

from __future__ import annotations

import copy
import math
import re
from dataclasses import dataclass
from typing import Any, Callable, Iterator, assert_never

try:
    from hypothesis import strategies as st
except ImportError as missing:  # pragma: no cover - depends on what is installed
    raise ImportError("reqspec.strategies needs Hypothesis: pip install 'reqspec[strategies]'") from missing

from .checks import KINDS
from .runtime.values import same_key
from .spec import model as m
from .spec.type_loader import CONSTRAINT_RULES, FORMATS
from .spec.portability import literal_regex, portable, replace_group

_SINGLE_CLASS = re.compile(r"\^(\[[^\]\\]+\])\*\$")

#: Text that Python's re and ECMA-262 (with the u flag) both refuse as a regular expression.
NOT_REGEXES = ("(", "[b-a]", "*a", "a{2,1}", "(?<", "[", "a)")
#: Regular expressions for a string or key of format "regex": read alike by Python's re and by
#: ECMA-262 in "u" mode, as JSON Schema validators of both languages read them.
REGEXES = ("", "^[a-z]+$", "^[A-Z]{2}$", "[0-9]{3}-[0-9]{4}", "^(?:yes|no)$", "^\\S+@\\S+$", "a|b", "^x-")
#: Strings a pattern may refuse: a trailing newline, a space, non-ASCII, a tab, punctuation, a
#: fragment, nothing; a pattern mutation draws from those its own pattern refuses.
_PATTERN_MISSES = ("get_weather\n", "has space", "naïve", "tab\there", "xxx!", "a#b", "", "#x#y")


def pattern_misses(regex: str) -> list[str]:
    """The strings a pattern mutation may draw: those the pattern itself refuses (a value the
    pattern accepts would be a mutation that changes nothing)."""
    compiled = re.compile(portable(regex))
    return [s for s in _PATTERN_MISSES if compiled.search(s) is None]


#: An object with more optional members than this gets a few of them at a time.
FEW_OPTIONAL = 8

JSON_SCALARS = st.one_of(
    st.none(), st.booleans(), st.integers(min_value=-(2**53), max_value=2**53),
    st.floats(allow_nan=False, allow_infinity=False), st.text(max_size=20),
)


def _rarely(common: st.SearchStrategy[Any], edge: st.SearchStrategy[Any], odds: int = 8) -> st.SearchStrategy[Any]:
    """``edge`` one draw in ``odds``, ``common`` otherwise."""
    return st.integers(0, odds - 1).flatmap(lambda k: edge if k == 0 else common)


def json_values(max_leaves: int = 12) -> st.SearchStrategy[Any]:
    """Any JSON value (finite numbers, string keys), nested a few levels."""
    return st.recursive(
        JSON_SCALARS,
        lambda inner: st.one_of(st.lists(inner, max_size=4),
                                st.dictionaries(st.text(max_size=8), inner, max_size=4)),
        max_leaves=max_leaves,
    )


@dataclass(frozen=True)
class Mutation:
    """What a near miss broke: the rule aimed at, and where."""

    rule: str
    pointer: str


#: A part of a body not looked at yet: any JSON value. (Named, as ``object`` inside the class
#: below is its method.)
JsonValue = object

#: Where an object sits in a body: member names and array indexes, from the root.
BodyPath = tuple[str | int, ...]

#: A near miss: changes one object of a body in place and says what it broke, or returns None
#: when it found nothing to break there.
Mutate = Callable[[dict[str, Any], BodyPath, st.DrawFn], Mutation | None]


def _cycled(items: list[Any], n: int) -> list[Any]:
    """``n`` items made of copies of ``items`` in turn: a long list without drawing each item."""
    return [copy.deepcopy(items[i % len(items)]) for i in range(n)]


class SpecStrategies:
    """Strategies for one spec."""

    def __init__(self, spec: m.Spec) -> None:
        self.spec = spec
        self._secret = re.compile(portable(spec.patterns["secret"].regex))
        # Secret-shaped strings, drawn from the spec's own pattern (what a leaked key looks like).
        self._secrets = st.from_regex(self._secret, fullmatch=True).filter(lambda s: s[:1].isascii())
        self._mutations: dict[str, list[Mutate]] = {}
        self._objects: dict[str, st.SearchStrategy[dict[str, Any]]] = {}

    # -- scalars -------------------------------------------------------------------------------
    def _clean(self, s: str) -> bool:
        return self._secret.search(s) is None

    def string(self, v: m.String) -> st.SearchStrategy[str]:
        if v.enum is not None:
            return st.sampled_from(v.enum)
        if v.format is not None:  # "regex": regular expressions that Python and ECMA-262 both read
            return st.sampled_from(REGEXES)
        low = v.min_length or 0
        high = v.max_length
        if v.pattern is not None:
            regex = re.compile(portable(v.pattern.regex))
            single = _SINGLE_CLASS.fullmatch(v.pattern.regex)
            if single:
                # ^[class]*$: draw characters of the class; the boundaries come for free.
                klass = re.compile(single.group(1))
                alphabet = "".join(c for c in map(chr, range(32, 0x250)) if klass.fullmatch(c))
                size = high if high is not None else low + 30
                text = st.text(alphabet, min_size=low, max_size=size)
                edge = st.text(alphabet, min_size=size, max_size=size)
                return st.one_of(text, edge).filter(self._clean)
            base = st.from_regex(regex, fullmatch=True)
            cut = base.map(lambda s: s[:high] if high is not None else s)
            longest = base.filter(bool).map(lambda s: (s * (high or 1))[: high or len(s)])
            choice = st.one_of(cut, longest) if high is not None else cut
            return choice.filter(lambda s: len(s) >= low and regex.search(s) is not None and self._clean(s))
        text = st.text(min_size=low, max_size=high if high is not None else 30)
        bounds = []
        if high is not None:
            bounds.append(st.text(min_size=high, max_size=high))
        if low:
            bounds.append(st.text(min_size=low, max_size=low))
        return st.one_of(text, *bounds).filter(self._clean)

    def number(self, v: m.Number | m.Integer) -> st.SearchStrategy[Any]:
        if v.enum is not None:
            return st.sampled_from(v.enum)
        low, high = v.minimum, v.maximum
        above, below = v.exclusive_minimum, v.exclusive_maximum
        int_low = None if low is None else math.ceil(low)
        if above is not None:  # the least integer above the exclusive bound
            int_low = max(int_low, math.floor(above) + 1) if int_low is not None else math.floor(above) + 1
        int_high = None if high is None else math.floor(high)
        if below is not None:
            int_high = min(int_high, math.ceil(below) - 1) if int_high is not None else math.ceil(below) - 1
        ints = st.integers(min_value=int_low, max_value=int_high)
        edges = [st.just(x) for x in (low, high) if x is not None]
        if isinstance(v, m.Integer):
            as_float = ints.filter(lambda i: abs(i) < 2**53).map(float)
            return st.one_of(*edges, ints, as_float)
        floats = st.floats(min_value=low if above is None else above, max_value=high if below is None else below,
                           exclude_min=above is not None and low is None, exclude_max=below is not None and high is None,
                           allow_nan=False, allow_infinity=False)
        if above is not None or below is not None:
            floats = floats.filter(lambda x: (above is None or x > above) and (below is None or x < below))
        return st.one_of(*edges, ints, floats)

    def key(self, keys: m.Keys) -> st.SearchStrategy[str]:
        """A key a map allows: its digit range's edges and inner values, a regular expression, or
        any clean string."""
        if keys.regex:
            return st.sampled_from(REGEXES)
        if keys.digits is None:
            return st.text(max_size=8).filter(self._clean)
        low, high = keys.digits
        edges = st.sampled_from([str(low), str(high)])
        return st.one_of(edges, st.integers(low, high).map(str))

    # -- values ----------------------------------------------------------------------------------
    def value(self, v: m.Variant) -> st.SearchStrategy[Any]:
        match v:
            case m.String():
                return self.string(v)
            case m.Number() | m.Integer():
                return self.number(v)
            case m.Boolean():
                return st.booleans()
            case m.Null():
                return st.none()
            case m.Array(items, min_items, max_items, unique_items):
                low = min_items or 0
                high = max_items if max_items is not None else low + 3
                inner = self.of_type(items)
                if unique_items:  # items unequal as JSON values (1 and 1.0 are equal)
                    return st.lists(inner, min_size=low, max_size=min(high, low + 3), unique_by=same_key)
                sizes = [st.lists(inner, min_size=low, max_size=min(high, low + (2 if self._nests(items) else 3)))]
                if max_items is not None:
                    # The longest list, made of copies of a few drawn items (drawing 128 is slow), in
                    # one array of eight: often enough to be hit in every run, rarely enough that the
                    # oracle's time on huge bodies does not dominate.
                    few = st.lists(inner, min_size=1, max_size=3)
                    longest = few.map(lambda xs: _cycled(xs, high))
                    return _rarely(sizes[0], longest)
                return sizes[0]
            case m.Map(keys, values):
                return st.dictionaries(self.key(keys), self.of_type(values), max_size=3 if self._nests(values) else 5)
            case m.AnyValue(json_type=kind):
                objects = st.dictionaries(st.text(max_size=8).filter(self._clean),
                                          json_values(6).filter(self._deep_clean), max_size=4)
                return objects if kind == "object" else json_values(6).filter(self._deep_clean)
            case m.Ref(target):
                return self.object(self.spec.objects[target])
            case _:
                assert_never(v)

    def _nests(self, t: m.Type) -> bool:
        """Whether values of ``t`` can hold more of themselves (objects on a cycle): drawn fewer at
        a time, so a drawn tree stays small."""
        recursive = self.spec.recursive()
        return any(ref.target in recursive for ref in m.refs(t))

    def of_type(self, t: m.Type) -> st.SearchStrategy[Any]:
        """Any of a type's alternatives."""
        return st.one_of(*[self.value(v) for v in t.variants])

    def _deep_clean(self, value: Any) -> bool:
        if isinstance(value, str):
            return self._clean(value)
        if isinstance(value, list):
            return all(self._deep_clean(v) for v in value)
        if isinstance(value, dict):
            return all(self._deep_clean(v) for v in value.values())
        return True

    def field_value(self, f: m.Field) -> st.SearchStrategy[Any]:
        return self.of_type(f.type)

    def object(self, obj: m.ObjectType) -> st.SearchStrategy[dict[str, Any]]:
        """Valid objects of a type. The strategy is deferred: it is built when first drawn from, so
        objects that hold each other (a tree of nodes) refer to one another's strategies."""
        if obj.name not in self._objects:
            self._objects[obj.name] = st.deferred(lambda: self._make_object(obj))
        return self._objects[obj.name]

    def _make_object(self, obj: m.ObjectType) -> st.SearchStrategy[dict[str, Any]]:
        required = {f.name: self.field_value(f) for f in obj.fields if f.required}
        optional = {f.name: self.field_value(f) for f in obj.fields if not f.required}
        raw: st.SearchStrategy[dict[str, Any]]
        if len(optional) > FEW_OPTIONAL:
            # An object with many optional members (a JSON Schema's keywords) has a few of them,
            # the spec's first ones (the most used) the ones shrinking leads to.
            raw = st.fixed_dictionaries(required).flatmap(lambda drawn: st.lists(
                st.sampled_from(list(optional)), max_size=FEW_OPTIONAL // 2, unique=True).flatmap(
                lambda names: st.fixed_dictionaries({name: optional[name] for name in names}).map(
                    lambda chosen: {**drawn, **chosen})))
        else:
            raw = st.fixed_dictionaries(required, optional=optional)

        @st.composite
        def repaired(draw: st.DrawFn) -> dict[str, Any]:
            return self.repair(obj, draw(raw), draw)

        return repaired()

    # -- satisfying the checks ------------------------------------------------------------------------
    def holds(self, cond: m.Condition | None, obj: dict[str, Any]) -> bool:
        if cond is None:
            return True
        if isinstance(cond, m.Present):
            return cond.field in obj
        if isinstance(cond, m.Absent):
            return cond.field not in obj
        if isinstance(cond, m.Equals):
            return isinstance(obj.get(cond.field), str) and obj[cond.field] == cond.value
        if isinstance(cond, m.Differs):
            return cond.field in obj and not (isinstance(obj[cond.field], str) and obj[cond.field] == cond.value)
        if isinstance(cond, m.AllOf):
            return all(self.holds(c, obj) for c in cond.conditions)
        return any(self.holds(c, obj) for c in cond.conditions)

    def repair(self, objtype: m.ObjectType, obj: dict[str, Any], draw: st.DrawFn) -> dict[str, Any]:
        """Make every error-level check of the object hold, by construction."""
        for _ in range(4):
            changed = False
            for check in objtype.checks:
                if check.level != "error":
                    continue
                changed |= KINDS[check.kind].satisfy(check, objtype, obj, draw, self)
            if not changed:
                return obj
        return obj

    @staticmethod
    def row_key(table: m.Table, value: str) -> str | None:
        """The row ``value`` stands for: itself, or through the table's aliases pattern."""
        keys = {key for key, _ in table.rows}
        if value in keys:
            return value
        if table.aliases is not None:
            match = re.search(portable(table.aliases.regex), value)
            if match is not None and match.group(1) in keys:
                return match.group(1)
        return None

    def alias_of(self, table: m.Table, key: str) -> st.SearchStrategy[str]:
        """Names that stand for the row ``key`` (a fine-tuned model of a base model), or the key."""
        if table.aliases is None:
            return st.just(key)
        regex = portable(replace_group(table.aliases.regex, "(?:" + literal_regex(key) + ")"))
        return st.from_regex(regex, fullmatch=True).filter(self._clean)

    def non_null(self, f: m.Field) -> st.SearchStrategy[Any]:
        return st.one_of(*[self.value(v) for v in f.type.non_null])

    # -- bodies ------------------------------------------------------------------------------------
    def valid_bodies(self) -> st.SearchStrategy[dict[str, Any]]:
        return self.object(self.spec.root_object)

    def invalid_bodies(self, max_mutations: int = 3) -> st.SearchStrategy[tuple[Any, list[Mutation]]]:
        """(body, mutations): a valid body with 1 to ``max_mutations`` constraints broken."""

        @st.composite
        def mutated(draw: st.DrawFn) -> tuple[Any, list[Mutation]]:
            body = copy.deepcopy(draw(self.valid_bodies()))
            done: list[Mutation] = []
            wanted = draw(st.integers(1, max_mutations))
            for _ in range(4 * wanted):  # a mutation may find nothing to break where it was aimed
                if len(done) == wanted:
                    break
                sites = list(self.sites(self.spec.root_object, body, ()))
                objtype, obj, path = draw(st.sampled_from(sites))
                mutation = draw(st.sampled_from(self.mutations(objtype)))
                result = mutation(obj, path, draw)
                if result is not None:
                    done.append(result)
            if not done:  # every draw missed: a key the body does not define always breaks it
                root = self.spec.root_object
                known = {f.name for f in root.fields} | {x.name for x in root.excluded} | {n.what for n in root.newer}
                key = next(name for name in (f"x-unknown-{i}" for i in range(len(known) + 1)) if name not in known)
                body[key] = 1
                done.append(Mutation("unknown-field", self._ptr((key,))))
            return body, done

        return mutated()

    def sites(self, objtype: m.ObjectType, obj: JsonValue,
              path: BodyPath) -> Iterator[tuple[m.ObjectType, dict[str, Any], BodyPath]]:
        """Every object in the body with its type and path, so a mutation can aim anywhere."""
        if not isinstance(obj, dict):
            return
        yield objtype, obj, path
        for f in objtype.fields:
            if f.name in obj:
                yield from self._sites_in(f.type, obj[f.name], path + (f.name,))

    def _sites_in(self, t: m.Type, value: JsonValue,
                  path: BodyPath) -> Iterator[tuple[m.ObjectType, dict[str, Any], BodyPath]]:
        """The objects inside a value of type ``t``: itself, or held in arrays and maps."""
        for v in t.variants:
            match v:
                case m.Ref(target) if isinstance(value, dict):
                    yield from self.sites(self.spec.objects[target], value, path)
                    return
                case m.Array(items=items) if isinstance(value, list):
                    for i, item in enumerate(value):
                        yield from self._sites_in(items, item, path + (i,))
                    return
                case m.Map(values=values) if isinstance(value, dict):
                    for key, item in value.items():
                        yield from self._sites_in(values, item, path + (key,))
                    return

    # -- mutations ---------------------------------------------------------------------------------
    def mutations(self, objtype: m.ObjectType) -> list[Mutate]:
        """Mutations that apply to this object type, each breaking one declared constraint."""
        if objtype.name not in self._mutations:
            self._mutations[objtype.name] = self._make_mutations(objtype)
        return self._mutations[objtype.name]

    def _make_mutations(self, objtype: m.ObjectType) -> list[Mutate]:
        out: list[Mutate] = []
        for f in objtype.fields:
            if f.type.json_types or f.type.newer:  # a member of any type has no wrong type
                out.append(self._wrong_type(f))
            if f.required:
                out.append(self._drop(f))
            for v in f.type.variants:
                out.extend(self._break_value(f, v))
        if objtype.other_keys is None:  # an object that takes other keys has no unknown key
            out.append(self._unknown_key(objtype))
        for x in objtype.excluded:
            out.append(self._excluded(x))
        out.extend(self._newer(objtype))
        out.append(self._secret_in(objtype))
        out.append(self._non_finite(objtype))
        for check in objtype.checks:
            if check.level == "error":
                out.append(self._break_check(objtype, check))
        return out

    @staticmethod
    def _ptr(path: BodyPath) -> str:
        return "".join("/" + str(t).replace("~", "~0").replace("/", "~1") for t in path)

    @staticmethod
    def _wrong_value(t: m.Type) -> st.SearchStrategy[Any]:
        """Values of a JSON type that ``t`` does not allow."""
        allowed = set(t.json_types) | {n.what for n in t.newer}
        candidates = [("string", st.text(max_size=5)), ("number", st.floats(allow_nan=False, allow_infinity=False).filter(lambda x: not x.is_integer())),
                      ("integer", st.integers(-5, 5)), ("boolean", st.booleans()), ("null", st.none()),
                      ("array", st.lists(JSON_SCALARS, max_size=2)), ("object", st.dictionaries(st.text(max_size=3), JSON_SCALARS, max_size=2))]
        return st.one_of(*[s for name, s in candidates if name not in allowed and not (name == "integer" and "number" in allowed)])

    def _wrong_type(self, f: m.Field) -> Mutate:
        wrong = self._wrong_value(f.type)

        def mutate(obj: dict[str, Any], path: BodyPath, draw: st.DrawFn) -> Mutation:
            obj[f.name] = draw(wrong)
            return Mutation("type", self._ptr(path + (f.name,)))

        return mutate

    def _drop(self, f: m.Field) -> Mutate:
        def mutate(obj: dict[str, Any], path: BodyPath, draw: st.DrawFn) -> Mutation:
            obj.pop(f.name, None)
            return Mutation("required", self._ptr(path))

        return mutate

    def _break_value(self, f: m.Field, v: m.Variant) -> list[Mutate]:
        out: list[Mutate] = []

        def setter(rule: str, strategy: st.SearchStrategy[Any]) -> Mutate:
            def mutate(obj: dict[str, Any], path: BodyPath, draw: st.DrawFn) -> Mutation:
                obj[f.name] = draw(strategy)
                return Mutation(rule, self._ptr(path + (f.name,)))
            return mutate

        match v:
            case m.String(enum, min_length, max_length, pattern, newer_values, form):
                if form is not None:  # "regex": text that no dialect reads as a regular expression
                    out.append(setter(FORMATS[form], st.sampled_from(NOT_REGEXES)))
                if enum is not None:
                    later = {n.what for n in newer_values}
                    out.append(setter("enum", st.text(max_size=8).filter(lambda s: s not in enum and s not in later)))
                if min_length:
                    out.append(setter("min-length", st.just("")))
                if max_length is not None:
                    out.append(setter("max-length", st.just("a" * (max_length + 1))))
                if pattern is not None:
                    misses = pattern_misses(pattern.regex)
                    if misses:
                        out.append(setter("pattern", st.sampled_from(misses)))
            case m.Number(minimum=low, maximum=high, exclusive_minimum=above, exclusive_maximum=below) | \
                    m.Integer(minimum=low, maximum=high, exclusive_minimum=above, exclusive_maximum=below):
                if low is not None:
                    out.append(setter("minimum", st.sampled_from([low - 1, low - 0.5, low - 1e-9])))
                if high is not None:
                    out.append(setter("maximum", st.sampled_from([high + 1, high + 0.5, high + 1e-9])))
                if above is not None:  # the bound itself, and below it
                    out.append(setter(CONSTRAINT_RULES["exclusiveMinimum"], st.sampled_from([above, above - 1])))
                if below is not None:
                    out.append(setter(CONSTRAINT_RULES["exclusiveMaximum"], st.sampled_from([below, below + 1])))
            case m.Array(items, min_items, max_items, unique_items):
                if min_items:
                    out.append(setter("min-items", st.just([])))
                if max_items is not None:
                    few = st.lists(self.of_type(items), min_size=1, max_size=2)
                    too_many = max_items + 1
                    out.append(setter("max-items", few.map(lambda xs: _cycled(xs, too_many))))
                if unique_items and (max_items is None or max_items >= 2):
                    out.append(self._repeat(f, items))
            case m.Map(keys, values):
                if keys.regex and keys.rule is not None:  # a key that is no regular expression
                    out.append(setter(keys.rule, st.dictionaries(st.sampled_from(NOT_REGEXES), self.of_type(values),
                                                                 min_size=1, max_size=1)))
                if values.json_types:
                    out.append(self._wrong_map_value(f, keys, values))
                if keys.digits is not None and keys.rule is not None:
                    low, high = keys.digits
                    bad_keys = st.sampled_from(["abc", str(high + 1), "-1", "\u0663", "12\n", " 1", "1.0", ""])
                    out.append(setter(keys.rule, st.dictionaries(bad_keys, self.of_type(values), min_size=1, max_size=2)))
                tops = [x.maximum for x in values.variants if isinstance(x, (m.Number, m.Integer)) and x.maximum is not None]
                if tops:
                    out.append(setter("maximum", st.dictionaries(self.key(keys), st.just(tops[0] + 1),
                                                                 min_size=1, max_size=2)))
            case m.Boolean() | m.Null() | m.AnyValue() | m.Ref():
                pass
            case _:
                assert_never(v)
        return out

    def _repeat(self, f: m.Field, items: m.Type) -> Mutate:
        """An array that must hold no repeats, with one item again at its end (a repeat in a JSON
        Schema's required or type)."""
        def mutate(obj: dict[str, Any], path: BodyPath, draw: st.DrawFn) -> Mutation:
            drawn = draw(st.lists(self.of_type(items), min_size=1, max_size=2, unique_by=same_key))
            again = copy.deepcopy(drawn[draw(st.integers(0, len(drawn) - 1))])
            obj[f.name] = drawn + [again]
            return Mutation(CONSTRAINT_RULES["uniqueItems"], self._ptr(path + (f.name, len(drawn))))

        return mutate

    def _wrong_map_value(self, f: m.Field, keys: m.Keys, values: m.Type) -> Mutate:
        """A map with one value of a type its values may not have (a non-schema under properties)."""
        wrong = self._wrong_value(values)

        def mutate(obj: dict[str, Any], path: BodyPath, draw: st.DrawFn) -> Mutation:
            key = draw(self.key(keys))
            obj[f.name] = {key: draw(wrong)}
            return Mutation("type", self._ptr(path + (f.name, key)))

        return mutate

    def _unknown_key(self, objtype: m.ObjectType) -> Mutate:
        names = [f.name for f in objtype.fields] + [x.name for x in objtype.excluded]

        def mutate(obj: dict[str, Any], path: BodyPath, draw: st.DrawFn) -> Mutation | None:
            base = draw(st.sampled_from(names))
            key = draw(st.sampled_from([base[:-1], base + "s", base.upper(), "x-" + base, "a/b~c"]))
            if key in names or not key:
                return None
            obj[key] = draw(JSON_SCALARS)
            return Mutation("unknown-field", self._ptr(path + (key,)))

        return mutate

    def _newer(self, objtype: m.ObjectType) -> list[Mutate]:
        """Names, values and types of a later API, each in its place."""
        out: list[Mutate] = []
        if objtype.newer:
            names = [n.what for n in objtype.newer]

            def member(obj: dict[str, Any], path: BodyPath, draw: st.DrawFn) -> Mutation:
                name = draw(st.sampled_from(names))
                obj[name] = draw(JSON_SCALARS)
                return Mutation("newer-field", self._ptr(path + (name,)))

            out.append(member)
        for f in objtype.fields:
            newer_values = [n for v in f.type.variants if isinstance(v, m.String) for n in v.newer_values]
            if newer_values:
                values = [n.what for n in newer_values]

                def value(obj: dict[str, Any], path: BodyPath, draw: st.DrawFn, f: m.Field = f,
                          values: list[str] = values) -> Mutation:
                    obj[f.name] = draw(st.sampled_from(values))
                    return Mutation("newer-field", self._ptr(path + (f.name,)))

                out.append(value)
            if f.type.newer:
                forms = {"array": st.lists(JSON_SCALARS, max_size=2),
                         "object": st.dictionaries(st.text(max_size=3), JSON_SCALARS, max_size=2),
                         "string": st.text(max_size=3), "number": st.floats(-5, 5), "boolean": st.booleans()}
                later = [forms[n.what] for n in f.type.newer]

                def form(obj: dict[str, Any], path: BodyPath, draw: st.DrawFn, f: m.Field = f,
                         later: list[st.SearchStrategy[Any]] = later) -> Mutation:
                    obj[f.name] = draw(st.one_of(*later))
                    return Mutation("newer-field", self._ptr(path + (f.name,)))

                out.append(form)
        return out

    def _excluded(self, x: m.Excluded) -> Mutate:
        def mutate(obj: dict[str, Any], path: BodyPath, draw: st.DrawFn) -> Mutation:
            obj[x.name] = draw(JSON_SCALARS)
            return Mutation("excluded-field", self._ptr(path + (x.name,)))

        return mutate

    def _secret_in(self, objtype: m.ObjectType) -> Mutate:
        strings = [f.name for f in objtype.fields if any(isinstance(v, m.String) for v in f.type.variants)]

        def mutate(obj: dict[str, Any], path: BodyPath, draw: st.DrawFn) -> Mutation | None:
            if not strings:
                return None
            name = draw(st.sampled_from(strings))
            key = draw(self._secrets)
            obj[name] = draw(st.sampled_from(["", "my key is ", "x "])) + key.lstrip()
            return Mutation("secret", self._ptr(path + (name,)))

        return mutate

    def _non_finite(self, objtype: m.ObjectType) -> Mutate:
        numbers = [f.name for f in objtype.fields if any(isinstance(v, (m.Number, m.Integer)) for v in f.type.variants)]

        def mutate(obj: dict[str, Any], path: BodyPath, draw: st.DrawFn) -> Mutation | None:
            if not numbers:
                return None
            name = draw(st.sampled_from(numbers))
            obj[name] = draw(st.sampled_from([float("nan"), float("inf"), float("-inf")]))
            return Mutation("non-finite", self._ptr(path + (name,)))

        return mutate

    def make_hold(self, objtype: m.ObjectType, cond: m.Condition | None, obj: dict[str, Any],
                  draw: st.DrawFn) -> None:
        """Change ``obj`` so that ``cond`` holds (a check's condition, before it is broken)."""
        if cond is None or self.holds(cond, obj):
            return
        if isinstance(cond, m.Present):
            obj[cond.field] = draw(self.non_null(objtype.field(cond.field)))
        elif isinstance(cond, m.Absent):
            obj.pop(cond.field, None)
        elif isinstance(cond, m.Equals):
            obj[cond.field] = cond.value
        elif isinstance(cond, m.Differs):
            f = objtype.field(cond.field)
            choices = [x for v in f.type.variants if isinstance(v, m.String) and v.enum for x in v.enum if x != cond.value]
            obj[cond.field] = draw(st.sampled_from(choices)) if choices else cond.value + "x"
        elif isinstance(cond, m.AllOf):
            for c in cond.conditions:
                self.make_hold(objtype, c, obj, draw)
        else:
            self.make_hold(objtype, draw(st.sampled_from(cond.conditions)), obj, draw)

    def _break_check(self, objtype: m.ObjectType, check: m.Check) -> Mutate:
        kind = KINDS[check.kind]

        def mutate(obj: dict[str, Any], path: BodyPath, draw: st.DrawFn) -> Mutation | None:
            at = kind.break_(check, objtype, obj, draw, self)
            return None if at is None else Mutation(check.id, self._ptr(path + at))

        return mutate


def as_python(value: Any, draw: st.DrawFn) -> Any:
    """``value`` as Python code might hold it before ``json`` writes it: some lists as tuples and
    some decimal-string keys as integers (``{50256: -100}``), forms the json module sends as the
    same JSON text, so a validator must judge both alike."""
    if isinstance(value, list):
        items = [as_python(item, draw) for item in value]
        return tuple(items) if draw(st.booleans()) else items
    if isinstance(value, dict):
        out: dict[Any, Any] = {}
        for key, item in value.items():
            plain = isinstance(key, str) and key.isascii() and key.lstrip("-").isdigit() and str(int(key)) == key
            if plain and int(key) not in out and draw(st.booleans()):
                out[int(key)] = as_python(item, draw)
            else:
                out[key] = as_python(item, draw)
        return out
    return value


def python_forms(bodies: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    """Bodies from ``bodies`` rewritten by ``as_python``."""

    @st.composite
    def rewritten(draw: st.DrawFn) -> Any:
        return as_python(draw(bodies), draw)

    return rewritten()


def builtin() -> SpecStrategies:
    """The strategies of the built-in spec (the chat completion body): ``builtin().valid_bodies()``
    and ``builtin().invalid_bodies()`` for property tests of a client. Reads the spec bundled with
    reqspec, so it needs PyYAML too."""
    from .bundled import spec_path
    from .spec.loader import load_spec

    path = spec_path()
    if path is None:
        raise FileNotFoundError("this installation of reqspec has no bundled spec")
    return SpecStrategies(load_spec(path))
