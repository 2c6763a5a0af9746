"""Derive, from the spec alone, a small body that breaks one field-constraint rule.

The docs show a failing body for every rule. Checks bring their own (``example.body`` in the
spec); the rules of a field's own constraints (``minimum``, ``pattern``, ...) apply to many fields,
so their bodies are derived: walk the model from the root, and wherever a field carries the
constraint, take the root object's example, place the objects on the way from their examples,
and break that one field. Every place gives a candidate; the docs pick among them (see
``markdown.failing_body``), so no list of fields is ever written by hand.
"""

from __future__ import annotations

import copy
import json
import re
from dataclasses import dataclass
from typing import Any, Callable, Iterator, assert_never

from ..spec import model as m
from ..spec.loader import NEWER_RULE
from ..spec.portability import portable
from ..spec.type_loader import CONSTRAINT_RULES


@dataclass(frozen=True)
class Step:
    """From an object to an object one of its fields holds (itself, or as the first item)."""

    field: str
    target: str
    in_array: bool


@dataclass(frozen=True)
class Site:
    """An object type as it is reached from the root: the steps to it, and the type."""

    steps: tuple[Step, ...]
    obj: m.ObjectType


@dataclass(frozen=True)
class Candidate:
    """A body that should break ``rule`` at ``field`` of the object at ``site``."""

    rule: str
    site: Site
    field: str
    body: Any

    @property
    def size(self) -> int:
        """How long the body is when written out, to prefer the smallest."""
        return len(json.dumps(self.body, default=repr, allow_nan=True))


def sites(spec: m.Spec) -> list[Site]:
    """Every object type reachable from the root, each by its shortest path (root first)."""
    found = [Site((), spec.root_object)]
    seen = {spec.root}
    index = 0
    while index < len(found):
        site = found[index]
        index += 1
        for f in site.obj.fields:
            for v in f.type.variants:
                step = _object_step(v, f.name)
                if step is not None and step.target not in seen:
                    seen.add(step.target)
                    found.append(Site(site.steps + (step,), spec.objects[step.target]))
    return found


def _object_step(v: m.Variant, name: str) -> Step | None:
    """The step to an object a member holds itself, or as the first item of an array."""
    if isinstance(v, m.Ref):
        return Step(name, v.target, False)
    if isinstance(v, m.Array):
        targets = [item.target for item in v.items.variants if isinstance(item, m.Ref)]
        if targets:
            return Step(name, targets[0], True)
    return None


def _c(v: m.Variant, constraint: str) -> Any:
    """A constraint of an alternative, None when its kind has no such constraint."""
    return getattr(v, constraint, None)


def example_for(v: m.Variant, example: Any) -> Any:
    """The field's example when it is of this alternative's JSON type (an any_of field has one
    example for all its alternatives)."""
    kinds = {"string": str, "array": list, "object": dict, "boolean": bool, "null": type(None)}
    kind = m.json_type(v)
    if kind is None:
        fits = example is not m.NO_DEFAULT
    elif kind in ("number", "integer"):
        fits = isinstance(example, (int, float)) and not isinstance(example, bool)
    else:
        fits = isinstance(example, kinds[kind])
    return example if fits else m.NO_DEFAULT


# -- valid values ---------------------------------------------------------------------------------
def sample_match(regex: str) -> str | None:
    """A short string the portable pattern matches, built from its parse tree (None if unsure)."""
    import re._parser as sre_parse  # type: ignore[import-not-found]

    def build(items: Any) -> str | None:
        out = []
        for op, arg in items:
            name = str(op)
            if name == "LITERAL":
                out.append(chr(arg))
            elif name == "NOT_LITERAL":
                out.append("a" if arg != ord("a") else "b")
            elif name == "IN":
                first = arg[0]
                if str(first[0]) == "NEGATE":  # the first letter or digit the class leaves out
                    def excluded(ch: str) -> bool:
                        code = ord(ch)
                        return any(code == a if str(o) == "LITERAL" else str(o) == "RANGE" and a[0] <= code <= a[1]
                                   for o, a in arg[1:])

                    allowed = [ch for ch in "abcdefghijklmnopqrstuvwxyz0123456789" if not excluded(ch)]
                    if not allowed:
                        return None
                    out.append(allowed[0])
                else:
                    out.append(chr(first[1]) if str(first[0]) == "LITERAL" else chr(first[1][0]))
            elif name in ("MAX_REPEAT", "MIN_REPEAT"):
                inner = build(arg[2])
                if inner is None:
                    return None
                out.append(inner * arg[0])
            elif name == "SUBPATTERN":
                inner = build(arg[-1])
                if inner is None:
                    return None
                out.append(inner)
            elif name == "BRANCH":
                options = [build(branch) for branch in arg[1]]
                usable = [o for o in options if o is not None]
                if not usable:
                    return None
                out.append(usable[0])
            elif name != "AT":
                return None
        return "".join(out)

    try:
        text = build(list(sre_parse.parse(regex)))
    except Exception:  # a pattern this builder does not know: no sample, and no failing body
        return None
    if text is None or re.search(portable(regex), text) is None:
        return None
    return text


def valid_value(spec: m.Spec, v: m.Variant, example: Any = m.NO_DEFAULT, depth: int = 0) -> Any:
    """A value that meets the alternative's own constraints: the example when there is one."""
    if example_for(v, example) is not m.NO_DEFAULT:
        return copy.deepcopy(example)
    match v:
        case m.String(enum=enum) | m.Number(enum=enum) | m.Integer(enum=enum) if enum is not None:
            return enum[0]
        case m.String():
            return _valid_text(v)
        case m.Number(minimum=low, maximum=high) | m.Integer(minimum=low, maximum=high):
            if low is None and v.exclusive_minimum is not None:
                low = v.exclusive_minimum + 1
            return low if low is not None else high if high is not None else 0
        case m.Boolean():
            return False
        case m.Null():
            return None
        case m.Array(items=items, min_items=low):
            return [valid_value(spec, items.variants[0], depth=depth + 1) for _ in range(low or 0)]
        case m.Ref(target):
            return valid_object(spec, spec.objects[target], depth + 1)
        case m.Map() | m.AnyValue():
            return {}
        case _:
            assert_never(v)


def _valid_text(v: m.String) -> str:
    """A string of the pattern (if any), padded to the least length with a character it allows."""
    base = (sample_match(v.pattern.regex) if v.pattern is not None else "") or ""
    short = (v.min_length or 0) - len(base)
    if short <= 0:
        return base
    for pad in "a0_":
        text = base + pad * short
        if v.pattern is None or re.search(portable(v.pattern.regex), text) is not None:
            return text
    return base


def valid_object(spec: m.Spec, obj: m.ObjectType, depth: int = 0) -> dict[str, Any]:
    """The object's example, or its required fields filled from their examples (a required member
    that leads back up a cycle is filled once, then left out: the loader has made sure a finite
    value exists, through another alternative)."""
    if isinstance(obj.example, dict):
        return copy.deepcopy(obj.example)
    out = {}
    for f in obj.fields:
        if f.required:
            variants = [v for v in f.type.variants if not (isinstance(v, m.Ref) and depth > 8)]
            out[f.name] = valid_value(spec, (variants or list(f.type.variants))[0], f.example, depth)
    return out


def _setter(key: str, value: Any) -> Callable[[dict[str, Any]], None]:
    def change(target: dict[str, Any]) -> None:
        target[key] = copy.deepcopy(value)
    return change


def _remover(key: str) -> Callable[[dict[str, Any]], None]:
    def change(target: dict[str, Any]) -> None:
        target.pop(key, None)
    return change


def place(spec: m.Spec, site: Site) -> tuple[dict[str, Any], dict[str, Any]]:
    """The root example with the objects on the way to ``site`` present: (body, the object)."""
    body = valid_object(spec, spec.root_object)
    current = body
    for step in site.steps:
        target = spec.objects[step.target]
        held = current.get(step.field)
        if not step.in_array:
            if not isinstance(held, dict):
                current[step.field] = held = valid_object(spec, target)
        else:
            if not isinstance(held, list) or not held or not isinstance(held[0], dict):
                current[step.field] = held = [valid_object(spec, target)]
            held = held[0]
        current = held
    return body, current


# -- breaking one constraint ----------------------------------------------------------------------
#: Each rule a field's own constraint can break, and how to break it in one alternative ``te`` of
#: a field whose example is ``example``: the broken values to try (none when ``te`` lacks it).
Breaker = Callable[[m.Spec, m.Variant, Any], list[Any]]


def _enum(spec: m.Spec, v: m.Variant, example: Any) -> list[Any]:
    enum = _c(v, "enum")
    if enum is None:
        return []
    if not isinstance(v, m.String):
        return [max(enum) + 1]
    tries = [x.upper() for x in enum] + [x.capitalize() for x in enum] + [x + "s" for x in enum]
    return [t for t in tries if t not in enum][:1]


def _minimum(spec: m.Spec, v: m.Variant, example: Any) -> list[Any]:
    return [] if _c(v, "minimum") is None else [_c(v, "minimum") - 1]


def _maximum(spec: m.Spec, v: m.Variant, example: Any) -> list[Any]:
    return [] if _c(v, "maximum") is None else [_c(v, "maximum") + 1]


def _base_text(spec: m.Spec, v: m.Variant, example: Any) -> str:
    text = valid_value(spec, v, example)
    return text if isinstance(text, str) and text else "a"


def _min_length(spec: m.Spec, v: m.Variant, example: Any) -> list[Any]:
    low = _c(v, "min_length")
    if not low:
        return []
    return [_base_text(spec, v, example)[: low - 1].ljust(low - 1, "a")]


def _max_length(spec: m.Spec, v: m.Variant, example: Any) -> list[Any]:
    high = _c(v, "max_length")
    if high is None:
        return []
    base = _base_text(spec, v, example)
    return [(base * (high // len(base) + 1))[: high + 1]]


def _pattern(spec: m.Spec, v: m.Variant, example: Any) -> list[Any]:
    """The valid text with one character replaced (a separator first, as people mistype it)."""
    if not isinstance(v, m.String) or v.pattern is None:
        return []
    search = re.compile(portable(v.pattern.regex)).search
    base = _base_text(spec, v, example)
    spots = [i for i, ch in enumerate(base) if not ch.isalnum()] + [len(base) // 2]
    out = []
    for spot in spots:
        for ch in (" ", "!", "."):
            text = base[:spot] + ch + base[spot + 1:]
            if search(text) is None and len(text) >= (v.min_length or 0):
                out.append(text)
                break
    return out[:1]


def _min_items(spec: m.Spec, v: m.Variant, example: Any) -> list[Any]:
    if not isinstance(v, m.Array) or not v.min_items:
        return []
    items = valid_value(spec, v, example) if isinstance(example, list) else []
    return [items[: v.min_items - 1]]


def _max_items(spec: m.Spec, v: m.Variant, example: Any) -> list[Any]:
    if not isinstance(v, m.Array) or v.max_items is None:
        return []
    item = example[0] if isinstance(example, list) and example else valid_value(spec, v.items.variants[0])
    return [[copy.deepcopy(item) for _ in range(v.max_items + 1)]]


def key_rule(spec: m.Spec, v: m.Variant, example: Any) -> list[Any]:
    """A key past the range of a map's digit keys, or a key that is no regular expression (the
    rule its keys declare)."""
    if not isinstance(v, m.Map) or (v.keys.digits is None and not v.keys.regex):
        return []
    value = next(iter(example.values())) if isinstance(example, dict) and example else valid_value(spec, v.values.variants[0])
    key = str(v.keys.digits[1] + 1) if v.keys.digits is not None else BROKEN_REGEX
    return [{key: value}]


#: A regular expression that does not compile (a class left open), as people mistype one.
BROKEN_REGEX = "[a-z"


def _regex(spec: m.Spec, v: m.Variant, example: Any) -> list[Any]:
    return [BROKEN_REGEX] if isinstance(v, m.String) and v.format is not None else []


def _unique_items(spec: m.Spec, v: m.Variant, example: Any) -> list[Any]:
    """The valid items with the first one repeated at the end."""
    if not isinstance(v, m.Array) or not v.unique_items:
        return []
    items = valid_value(spec, v, example)
    if not isinstance(items, list) or not items:
        items = [valid_value(spec, v.items.non_null[0])]
    return [[*items, copy.deepcopy(items[0])]]


def _exclusive_minimum(spec: m.Spec, v: m.Variant, example: Any) -> list[Any]:
    return [] if _c(v, "exclusive_minimum") is None else [_c(v, "exclusive_minimum")]


def _exclusive_maximum(spec: m.Spec, v: m.Variant, example: Any) -> list[Any]:
    return [] if _c(v, "exclusive_maximum") is None else [_c(v, "exclusive_maximum")]


def _non_finite(spec: m.Spec, v: m.Variant, example: Any) -> list[Any]:
    return [float("nan")] if isinstance(v, (m.Number, m.Integer)) and v.enum is None else []


def _secret(spec: m.Spec, v: m.Variant, example: Any) -> list[Any]:
    if not isinstance(v, m.String) or v.enum is not None or v.pattern is not None:
        return []
    key = sample_match(spec.patterns["secret"].regex)
    return [] if key is None else [key]


def _not_json(spec: m.Spec, v: m.Variant, example: Any) -> list[Any]:
    """The example with its first list of strings or numbers written as a Python set, a common
    slip in Python code (a tuple is fine: the json module writes it as an array)."""
    if not isinstance(v, (m.Array, m.AnyValue)):
        return []

    def as_set(items: list[Any]) -> Any:
        plain = items and all(isinstance(item, (str, int, float)) for item in items)
        return set(items) if plain and len(set(items)) == len(items) else None

    changed = _change_first_list(valid_value(spec, v, example), as_set)
    return [] if changed is None else [changed]


def _change_first_list(value: Any, change: Callable[[list[Any]], Any]) -> Any:
    """A copy of ``value`` with its first list (depth first) that ``change`` takes replaced by what
    it makes of it; None when no list is taken."""
    if isinstance(value, list):
        changed = change(value)
        if changed is not None:
            return changed
        for index, item in enumerate(value):
            inner = _change_first_list(item, change)
            if inner is not None:
                return [*value[:index], inner, *value[index + 1:]]
        return None
    if isinstance(value, dict):
        for key, item in value.items():
            changed = _change_first_list(item, change)
            if changed is not None:
                return {**value, key: changed}
    return None


def _too_deep(spec: m.Spec, v: m.Variant, example: Any) -> list[Any]:
    """The example with its first list wrapped in as many more lists as the depth limit."""
    if not isinstance(v, m.AnyValue):
        return []

    def bury(items: list[Any]) -> list[Any]:
        for _ in range(spec.max_depth):
            items = [items]
        return items

    changed = _change_first_list(valid_value(spec, v, example), bury)
    return [bury([])] if changed is None else [changed]


def _type(spec: m.Spec, v: m.Variant, example: Any) -> list[Any]:
    return []  # broken per field, not per alternative (see wrong_type)


BREAKERS: dict[str, Breaker] = {
    "type": _type, "enum": _enum, "minimum": _minimum, "maximum": _maximum,
    "min-length": _min_length, "max-length": _max_length, "pattern": _pattern,
    "min-items": _min_items, "max-items": _max_items,
    "non-finite": _non_finite, "secret": _secret, "not-json": _not_json, "too-deep": _too_deep,
    CONSTRAINT_RULES["format"]: _regex, CONSTRAINT_RULES["uniqueItems"]: _unique_items,
    CONSTRAINT_RULES["exclusiveMinimum"]: _exclusive_minimum, CONSTRAINT_RULES["exclusiveMaximum"]: _exclusive_maximum,
}


def breaker(spec: m.Spec, rule: str) -> Breaker | None:
    """How to break ``rule`` in one alternative: a constraint's own breaker, or a map key rule."""
    if rule in BREAKERS:
        return BREAKERS[rule]
    if rule in key_rules(spec):
        return lambda spec, v, example: key_rule(spec, v, example) if isinstance(v, m.Map) and v.keys.rule == rule else []
    return None


def key_rules(spec: m.Spec) -> set[str]:
    """The rules that maps' keys declare."""
    found: set[str] = set()

    def visit(t: m.Type) -> None:
        for v in t.variants:
            if isinstance(v, m.Map) and v.keys.rule is not None:
                found.add(v.keys.rule)
            for child in m.children(v):
                visit(child)

    for obj in spec.objects.values():
        for f in obj.fields:
            visit(f.type)
    return found


def wrong_type(f: m.Field) -> Any:
    """A value of a JSON type the field does not take: its example quoted as text, if it can."""
    allowed = set(f.type.json_types)
    if "number" in allowed:
        allowed.add("integer")
    example = f.example if f.example is not m.NO_DEFAULT else 1
    tries = [("string", json.dumps(example)), ("integer", 1), ("boolean", True), ("array", [example]),
             ("object", {}), ("null", None)]
    return next(value for kind, value in tries if kind not in allowed)


Wrap = Callable[[Any], Any]


def _same(value: Any) -> Any:
    return value


def _in_list(wrap: Wrap) -> Wrap:
    return lambda value: [wrap(value)]


def _in_map(key: str, wrap: Wrap) -> Wrap:
    return lambda value: {key: wrap(value)}


def _nested(v: m.Variant, example: Any) -> Iterator[tuple[m.Variant, Any, Wrap]]:
    """The alternative and the values inside it (items, map values), each with how to put a
    value back at its place in the field."""
    yield v, example, _same
    match v:
        case m.Array(items=items):
            first = example[0] if isinstance(example, list) and example else m.NO_DEFAULT
            for item in items.variants:
                if not isinstance(item, m.Ref):
                    for inner, inner_example, wrap in _nested(item, example_for(item, first)):
                        yield inner, inner_example, _in_list(wrap)
        case m.Map(keys=keys, values=values):
            first = next(iter(example.values())) if isinstance(example, dict) and example else m.NO_DEFAULT
            key = str(keys.digits[0]) if keys.digits is not None else "key"
            for value in values.variants:
                for inner, inner_example, wrap in _nested(value, example_for(value, first)):
                    yield inner, inner_example, _in_map(key, wrap)
        case m.String() | m.Number() | m.Integer() | m.Boolean() | m.Null() | m.AnyValue() | m.Ref():
            pass
        case _:
            assert_never(v)


Change = Callable[[dict[str, Any]], None]


def _changes(spec: m.Spec, rule: str, obj: m.ObjectType) -> Iterator[tuple[str, Change]]:
    """Each way to break ``rule`` in an object of this type: the key, and the change."""
    if rule == "required":
        for f in obj.fields:
            if f.required:
                yield f.name, _remover(f.name)
    elif rule == "unknown-field" and obj.other_keys is None:  # an object taking other keys has no unknown one
        known = {f.name for f in obj.fields} | {x.name for x in obj.excluded}
        for f in obj.fields:
            typo = f.name[:-2] + f.name[-1] if len(f.name) > 2 else f.name + f.name[-1]
            if typo not in known:
                value = f.example if f.example is not m.NO_DEFAULT else valid_value(spec, f.type.variants[0])
                yield typo, _setter(typo, value)
    elif rule == "excluded-field":
        for x in obj.excluded:
            yield x.name, _setter(x.name, 1)
    elif rule == NEWER_RULE:  # a member of a later API (an empty list stands for its value)
        for n in obj.newer:
            yield n.what, _setter(n.what, [])
        for f in obj.fields:
            for v in f.type.variants:
                for later in _c(v, "newer_values") or ():
                    yield f.name, _setter(f.name, later.what)
    elif rule == "type":
        for f in obj.fields:
            if f.type.json_types:  # a member of any type has no wrong one
                yield f.name, _setter(f.name, wrong_type(f))
    elif (breaks := breaker(spec, rule)) is not None:
        for f in obj.fields:
            for v in f.type.variants:
                for inner, inner_example, wrap in _nested(v, example_for(v, f.example)):
                    for broken in breaks(spec, inner, inner_example):
                        yield f.name, _setter(f.name, wrap(broken))


def candidates(spec: m.Spec, rule: str) -> list[Candidate]:
    """Every body the walk derives for ``rule``, in walk order (root fields first)."""
    out: list[Candidate] = []
    for site in sites(spec):
        for field, change in _changes(spec, rule, site.obj):
            body, target = place(spec, site)
            change(target)
            out.append(Candidate(rule, site, field, body))
    return out


#: Rules that only a declared constraint can break, so the docs can list the fields that have it
#: (and the rules that maps' keys declare).
DECLARED = frozenset({"enum", "minimum", "maximum", "min-length", "max-length", "pattern",
                      "min-items", "max-items", "required", "excluded-field"})


def carriers(spec: m.Spec, rule: str) -> list[tuple[m.ObjectType, str]]:
    """The fields (or excluded keys) of every object that carry the constraint ``rule`` checks;
    empty for rules that apply to every value (``type``, ``secret``, ...)."""
    if rule not in DECLARED and rule not in key_rules(spec):
        return []
    out: list[tuple[m.ObjectType, str]] = []
    for obj in spec.objects.values():
        if rule == "excluded-field":
            out.extend((obj, x.name) for x in obj.excluded)
            continue
        for f in obj.fields:
            if rule == "required":
                carries = f.required
            else:
                breaks = breaker(spec, rule)
                carries = breaks is not None and any(breaks(spec, inner, example)
                                                     for v in f.type.variants
                                                     for inner, example, _ in _nested(v, example_for(v, f.example)))
            if carries:
                out.append((obj, f.name))
    return out
