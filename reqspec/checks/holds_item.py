"""``holds_item``: an array member holds at least one object whose ``key`` is ``value`` (a
fine-tuning example has an assistant message); JSON Schema's ``contains``."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..emit.code import lit
from ..spec import model as m
from .base import Kind, SchemaContext, StrategyContext, ValidatorContext, param

if TYPE_CHECKING:
    from hypothesis import strategies as st


@dataclass(frozen=True)
class HoldsItemParams:
    field: str = param("field")  # an array of objects
    key: str = param("str")
    value: str = param("str")


class HoldsItem(Kind[HoldsItemParams]):
    name = "holds_item"
    params = HoldsItemParams
    levels = frozenset({"error"})
    keyword = "contains"

    def json_schema(self, check: m.Check, ctx: SchemaContext) -> tuple[dict[str, list[str]], list[dict[str, Any]]]:
        p: HoldsItemParams = check.params
        item = {"type": "object", "properties": {p.key: {"const": p.value}}, "required": [p.key]}
        return {}, [{"properties": {p.field: {"contains": item}}}]

    def emit(self, check: m.Check, ctx: ValidatorContext) -> None:
        p: HoldsItemParams = check.params
        v = ctx.member(p.field)
        with ctx.block(f"if type({v}) is list and not holds_item({v}, {lit(p.key)}, {lit(p.value)}):"):
            ctx.fail(check.id, ctx.sub(ctx.here, lit(p.field)))

    def satisfy(self, check: m.Check, objtype: m.ObjectType, obj: dict[str, Any], draw: st.DrawFn,
                ctx: StrategyContext) -> bool:
        p: HoldsItemParams = check.params
        items = obj.get(p.field)
        if not isinstance(items, list) or any(isinstance(i, dict) and i.get(p.key) == p.value for i in items):
            return False
        target = _item_object(ctx.spec, objtype.field(p.field))
        item = dict(draw(ctx.object(target)))
        item[p.key] = p.value
        items.append(ctx.repair(target, item, draw))
        return True

    def break_(self, check: m.Check, objtype: m.ObjectType, obj: dict[str, Any], draw: st.DrawFn,
               ctx: StrategyContext) -> tuple[Any, ...] | None:
        p: HoldsItemParams = check.params
        items = obj.get(p.field)
        if not isinstance(items, list):
            return None
        obj[p.field] = [i for i in items if not (isinstance(i, dict) and i.get(p.key) == p.value)]
        return (p.field,)


def _item_object(spec: m.Spec, f: m.Field) -> m.ObjectType:
    """The object an array member's items are."""
    for variant in f.type.variants:
        if isinstance(variant, m.Array):
            for item in variant.items.variants:
                if isinstance(item, m.Ref):
                    return spec.objects[item.target]
    raise LookupError(f"{f.name} is not an array of objects")
