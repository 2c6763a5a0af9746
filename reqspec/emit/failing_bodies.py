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
from typing import Any, Callable, Iterator

from ..spec import model as m
from ..spec.loader import NEWER_RULE
from ..spec.portability import portable


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
            for te in f.variants:
                step = _object_step(te, f.name)
                if step is not None and step.target not in seen:
                    seen.add(step.target)
                    found.append(Site(site.steps + (step,), spec.objects[step.target]))
    return found


def _object_step(te: m.TypeExpr, name: str) -> Step | None:
    if te.ref is not None:
        return Step(name, te.ref, False)
    if te.items is not None and te.items.ref is not None:
        return Step(name, te.items.ref, True)
    return None


def example_for(te: m.TypeExpr, example: Any) -> Any:
    """The field's example when it is of this alternative's JSON type (an any_of field has one
    example for all its alternatives)."""
    kinds = {"string": str, "array": list, "object": dict, "boolean": bool}
    if te.json_type in ("number", "integer"):
        fits = isinstance(example, (int, float)) and not isinstance(example, bool)
    else:
        fits = isinstance(example, kinds[te.json_type])
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


def valid_value(spec: m.Spec, te: m.TypeExpr, example: Any = m.NO_DEFAULT) -> Any:
    """A value that meets the alternative's own constraints: the example when there is one."""
    if example_for(te, example) is not m.NO_DEFAULT:
        return copy.deepcopy(example)
    if te.enum is not None:
        return te.enum[0]
    if te.type == "string":
        return _valid_text(te)
    if te.type in ("number", "integer"):
        return te.minimum if te.minimum is not None else te.maximum if te.maximum is not None else 0
    if te.type == "boolean":
        return False
    if te.type == "array" and te.items is not None:
        return [valid_value(spec, te.items) for _ in range(te.min_items or 0)]
    if te.type == "ref" and te.ref is not None:
        return valid_object(spec, spec.objects[te.ref])
    return {}


def _valid_text(te: m.TypeExpr) -> str:
    """A string of the pattern (if any), padded to the least length with a character it allows."""
    base = (sample_match(te.pattern.regex) if te.pattern is not None else "") or ""
    short = (te.min_length or 0) - len(base)
    if short <= 0:
        return base
    for pad in "a0_":
        text = base + pad * short
        if te.pattern is None or re.search(portable(te.pattern.regex), text) is not None:
            return text
    return base


def valid_object(spec: m.Spec, obj: m.ObjectType) -> dict[str, Any]:
    """The object's example, or its required fields filled from their examples."""
    if isinstance(obj.example, dict):
        return copy.deepcopy(obj.example)
    return {f.name: valid_value(spec, f.variants[0], f.example) for f in obj.fields if f.required}


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
Breaker = Callable[[m.Spec, m.TypeExpr, Any], list[Any]]


def _enum(spec: m.Spec, te: m.TypeExpr, example: Any) -> list[Any]:
    if te.enum is None:
        return []
    if te.type != "string":
        return [max(te.enum) + 1]
    tries = [v.upper() for v in te.enum] + [v.capitalize() for v in te.enum] + [v + "s" for v in te.enum]
    return [t for t in tries if t not in te.enum][:1]


def _minimum(spec: m.Spec, te: m.TypeExpr, example: Any) -> list[Any]:
    return [] if te.minimum is None else [te.minimum - 1]


def _maximum(spec: m.Spec, te: m.TypeExpr, example: Any) -> list[Any]:
    return [] if te.maximum is None else [te.maximum + 1]


def _base_text(spec: m.Spec, te: m.TypeExpr, example: Any) -> str:
    text = valid_value(spec, te, example)
    return text if isinstance(text, str) and text else "a"


def _min_length(spec: m.Spec, te: m.TypeExpr, example: Any) -> list[Any]:
    if not te.min_length:
        return []
    return [_base_text(spec, te, example)[: te.min_length - 1].ljust(te.min_length - 1, "a")]


def _max_length(spec: m.Spec, te: m.TypeExpr, example: Any) -> list[Any]:
    if te.max_length is None:
        return []
    base = _base_text(spec, te, example)
    return [(base * (te.max_length // len(base) + 1))[: te.max_length + 1]]


def _pattern(spec: m.Spec, te: m.TypeExpr, example: Any) -> list[Any]:
    """The valid text with one character replaced (a separator first, as people mistype it)."""
    if te.pattern is None:
        return []
    search = re.compile(portable(te.pattern.regex)).search
    base = _base_text(spec, te, example)
    spots = [i for i, ch in enumerate(base) if not ch.isalnum()] + [len(base) // 2]
    out = []
    for spot in spots:
        for ch in (" ", "!", "."):
            text = base[:spot] + ch + base[spot + 1:]
            if search(text) is None and len(text) >= (te.min_length or 0):
                out.append(text)
                break
    return out[:1]


def _min_items(spec: m.Spec, te: m.TypeExpr, example: Any) -> list[Any]:
    if not te.min_items:
        return []
    items = valid_value(spec, te, example) if isinstance(example, list) else []
    return [items[: te.min_items - 1]]


def _max_items(spec: m.Spec, te: m.TypeExpr, example: Any) -> list[Any]:
    if te.max_items is None or te.items is None:
        return []
    item = example[0] if isinstance(example, list) and example else valid_value(spec, te.items)
    return [[copy.deepcopy(item) for _ in range(te.max_items + 1)]]


def _token_id(spec: m.Spec, te: m.TypeExpr, example: Any) -> list[Any]:
    if te.keys is None or te.values is None:
        return []
    value = next(iter(example.values())) if isinstance(example, dict) and example else valid_value(spec, te.values)
    return [{str(te.keys.maximum + 1): value}]


def _non_finite(spec: m.Spec, te: m.TypeExpr, example: Any) -> list[Any]:
    return [float("nan")] if te.type in ("number", "integer") and te.enum is None else []


def _secret(spec: m.Spec, te: m.TypeExpr, example: Any) -> list[Any]:
    if te.type != "string" or te.enum is not None or te.pattern is not None:
        return []
    key = sample_match(spec.patterns["secret"].regex)
    return [] if key is None else [key]


def _not_json(spec: m.Spec, te: m.TypeExpr, example: Any) -> list[Any]:
    """The example with its first list of strings or numbers written as a Python set, a common
    slip in Python code (a tuple is fine: the json module writes it as an array)."""
    if te.type not in ("array", "json_object"):
        return []

    def as_set(items: list[Any]) -> Any:
        plain = items and all(isinstance(item, (str, int, float)) for item in items)
        return set(items) if plain and len(set(items)) == len(items) else None

    changed = _change_first_list(valid_value(spec, te, example), as_set)
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


def _too_deep(spec: m.Spec, te: m.TypeExpr, example: Any) -> list[Any]:
    """The example with its first list wrapped in as many more lists as the depth limit."""
    if te.type != "json_object":
        return []

    def bury(items: list[Any]) -> list[Any]:
        for _ in range(spec.max_depth):
            items = [items]
        return items

    changed = _change_first_list(valid_value(spec, te, example), bury)
    return [] if changed is None else [changed]


def _type(spec: m.Spec, te: m.TypeExpr, example: Any) -> list[Any]:
    return []  # broken per field, not per alternative (see wrong_type)


BREAKERS: dict[str, Breaker] = {
    "type": _type, "enum": _enum, "minimum": _minimum, "maximum": _maximum,
    "min-length": _min_length, "max-length": _max_length, "pattern": _pattern,
    "min-items": _min_items, "max-items": _max_items, "token-id": _token_id,
    "non-finite": _non_finite, "secret": _secret, "not-json": _not_json, "too-deep": _too_deep,
}


def wrong_type(f: m.Field) -> Any:
    """A value of a JSON type the field does not take: its example quoted as text, if it can."""
    allowed = set(f.json_types)
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


def _nested(te: m.TypeExpr, example: Any) -> Iterator[tuple[m.TypeExpr, Any, Wrap]]:
    """The alternative and the values inside it (items, map values), each with how to put a
    value back at its place in the field."""
    yield te, example, _same
    if te.items is not None and te.items.ref is None:
        first = example[0] if isinstance(example, list) and example else m.NO_DEFAULT
        for inner, inner_example, wrap in _nested(te.items, example_for(te.items, first)):
            yield inner, inner_example, _in_list(wrap)
    if te.values is not None and te.keys is not None:
        first = next(iter(example.values())) if isinstance(example, dict) and example else m.NO_DEFAULT
        for inner, inner_example, wrap in _nested(te.values, example_for(te.values, first)):
            yield inner, inner_example, _in_map(str(te.keys.minimum), wrap)


Change = Callable[[dict[str, Any]], None]


def _changes(spec: m.Spec, rule: str, obj: m.ObjectType) -> Iterator[tuple[str, Change]]:
    """Each way to break ``rule`` in an object of this type: the key, and the change."""
    if rule == "required":
        for f in obj.fields:
            if f.required:
                yield f.name, _remover(f.name)
    elif rule == "unknown-field":
        known = {f.name for f in obj.fields} | {x.name for x in obj.excluded}
        for f in obj.fields:
            typo = f.name[:-2] + f.name[-1] if len(f.name) > 2 else f.name + f.name[-1]
            if typo not in known:
                value = f.example if f.example is not m.NO_DEFAULT else valid_value(spec, f.variants[0])
                yield typo, _setter(typo, value)
    elif rule == "excluded-field":
        for x in obj.excluded:
            yield x.name, _setter(x.name, 1)
    elif rule == NEWER_RULE:  # a member of a later API (an empty list stands for its value)
        for n in obj.newer:
            yield n.what, _setter(n.what, [])
        for f in obj.fields:
            for later in f.newer_values:
                yield f.name, _setter(f.name, later.what)
    elif rule == "type":
        for f in obj.fields:
            yield f.name, _setter(f.name, wrong_type(f))
    elif rule in BREAKERS:
        for f in obj.fields:
            for te in f.variants:
                for inner, inner_example, wrap in _nested(te, example_for(te, f.example)):
                    for broken in BREAKERS[rule](spec, inner, inner_example):
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


#: Rules that only a declared constraint can break, so the docs can list the fields that have it.
DECLARED = frozenset({"enum", "minimum", "maximum", "min-length", "max-length", "pattern",
                      "min-items", "max-items", "token-id", "required", "excluded-field"})


def carriers(spec: m.Spec, rule: str) -> list[tuple[m.ObjectType, str]]:
    """The fields (or excluded keys) of every object that carry the constraint ``rule`` checks;
    empty for rules that apply to every value (``type``, ``secret``, ...)."""
    if rule not in DECLARED:
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
                carries = any(BREAKERS[rule](spec, inner, example)
                              for te in f.variants
                              for inner, example, _ in _nested(te, example_for(te, f.example)))
            if carries:
                out.append((obj, f.name))
    return out
