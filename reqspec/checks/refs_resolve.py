"""``refs_resolve``: every ``$ref`` inside a JSON Schema the body holds (a function's parameters)
points inside that schema. JSON Schema cannot say so of a schema it validates: it is semantic.

Which keywords hold schemas is read from the spec's model of a schema: each member of the object
the field holds whose type leads back to that object (``not``: one schema; ``properties``: a map
of them; ``allOf``: an array)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..emit.code import lit
from ..spec import model as m
from .base import Kind, StrategyContext, ValidatorContext, param

if TYPE_CHECKING:
    from hypothesis import strategies as st

#: How a member holds schemas (see ``reqspec.runtime.json_schemas``).
ONE, MAP, ARRAY = 1, 2, 3


@dataclass(frozen=True)
class RefsResolveParams:
    field: str = param("field")  # the member holding the schema
    ref_key: str = param("str")  # the keyword of a reference
    anchor_keys: tuple[str, ...] = param("strs")  # keywords naming a schema for "#name"
    remote: str = param("str")  # why a reference to another document does not resolve
    missing: str = param("str")  # why a pointer to nothing does not resolve
    no_anchor: str = param("str")  # why an unknown anchor name does not resolve


def schema_positions(spec: m.Spec, holder: m.ObjectType, field: str) -> tuple[str, dict[str, int]]:
    """The object the member ``field`` holds, and for each of that object's members how it holds
    more of them: one, a map of them, an array of them."""
    targets = [ref.target for ref in m.refs(holder.field(field).type)]
    target = targets[0]
    positions: dict[str, int] = {}
    for member in spec.objects[target].fields:
        for variant in member.type.variants:
            match variant:
                case m.Ref(target=name) if name == target:
                    positions[member.name] = ONE
                case m.Map(values=values) if any(isinstance(v, m.Ref) and v.target == target for v in values.variants):
                    positions[member.name] = MAP
                case m.Array(items=items) if any(isinstance(v, m.Ref) and v.target == target for v in items.variants):
                    positions[member.name] = ARRAY
    return target, positions


def _schemas(root: Any, positions: dict[str, int], where: tuple[Any, ...] = ()) -> list[tuple[dict[str, Any], tuple[Any, ...]]]:
    """Every schema object at a schema position of ``root``, with its path, ``root`` first."""
    found, stack = [], [(root, where)]
    while stack:
        node, at = stack.pop()
        if not isinstance(node, dict):
            continue
        found.append((node, at))
        for key, value in node.items():
            form = positions.get(key)
            if form == ONE:
                stack.append((value, at + (key,)))
            elif form == MAP and isinstance(value, dict):
                stack.extend((child, at + (key, name)) for name, child in value.items())
            elif form == ARRAY and isinstance(value, list):
                stack.extend((child, at + (key, i)) for i, child in enumerate(value))
    return found


class RefsResolve(Kind[RefsResolveParams]):
    name = "refs_resolve"
    params = RefsResolveParams
    levels = frozenset({"error"})

    def flags(self, check: m.Check) -> tuple[str, frozenset[str]] | None:
        p: RefsResolveParams = check.params
        return p.field, frozenset({p.ref_key})

    def emit(self, check: m.Check, ctx: ValidatorContext) -> None:
        p: RefsResolveParams = check.params
        _, positions = schema_positions(ctx.spec, ctx.obj, p.field)
        table = ctx.const(f"{ctx.obj.name}_{p.field}_schema_positions", positions, annotation="dict[str, int]")
        anchors = ctx.const(f"{ctx.obj.name}_{p.field}_anchor_keys", frozenset(p.anchor_keys))
        rest = (f"{lit(p.field)}, {lit(p.ref_key)}, {anchors}, {table}, {lit((p.remote, p.missing, p.no_anchor))}, "
                f"{lit(check.id)}")
        # Only a schema that holds a reference is walked: its code flagged one on the way.
        guard = f"{ctx.flagged(p.field)} and type({ctx.member(p.field)}) is dict"
        if ctx.collect:
            with ctx.block(f"if {guard}:"):
                ctx.code(f"refs_resolve(obj, {ctx.here}, {rest}, out, _DATA)")
        else:
            with ctx.block(f"if {guard} and not refs_resolve(obj, (), {rest}, None, _DATA):"):
                ctx.code("return False")

    def satisfy(self, check: m.Check, objtype: m.ObjectType, obj: dict[str, Any], draw: st.DrawFn,
                ctx: StrategyContext) -> bool:
        from ..runtime.json_schemas import _unresolved

        p: RefsResolveParams = check.params
        root = obj.get(p.field)
        if not isinstance(root, dict):
            return False
        _, positions = schema_positions(ctx.spec, objtype, p.field)
        schemas = _schemas(root, positions)
        anchors = {s[k] for s, _ in schemas for k in p.anchor_keys if isinstance(s.get(k), str)}
        changed = False
        for schema, _ in schemas:
            ref = schema.get(p.ref_key)
            if isinstance(ref, str) and _unresolved(ref, root, anchors, ("x", "x", "x")) is not None:
                schema[p.ref_key] = "#"
                changed = True
        return changed

    def break_(self, check: m.Check, objtype: m.ObjectType, obj: dict[str, Any], draw: st.DrawFn,
               ctx: StrategyContext) -> tuple[Any, ...] | None:
        from hypothesis import strategies as st

        p: RefsResolveParams = check.params
        root = obj.get(p.field)
        if not isinstance(root, dict):
            return None
        _, positions = schema_positions(ctx.spec, objtype, p.field)
        schemas = _schemas(root, positions)
        schema, where = schemas[draw(st.integers(0, len(schemas) - 1))]
        name = "missing_" + draw(st.text("abc", min_size=4, max_size=4))
        maps = sorted(key for key, form in positions.items() if form == MAP)
        # A pointer to nothing, an anchor no schema has, another document.
        schema[p.ref_key] = draw(st.sampled_from([f"#/{key}/{name}" for key in maps]
                                                 + [f"#{name}", f"https://example.com/{name}.json"]))
        return (p.field, *where, p.ref_key)
