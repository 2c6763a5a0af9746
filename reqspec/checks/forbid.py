"""``forbid``: a member is not allowed when a condition holds (function_call on a user message)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..emit.code import lit
from ..spec import model as m
from .base import Kind, SchemaContext, StrategyContext, ValidatorContext, param

if TYPE_CHECKING:
    from hypothesis import strategies as st


@dataclass(frozen=True)
class ForbidParams:
    field: str = param("field")


class Forbid(Kind[ForbidParams]):
    name = "forbid"
    params = ForbidParams
    levels = frozenset({"error"})
    keyword = "not"
    takes_when = True

    def json_schema(self, check: m.Check, ctx: SchemaContext) -> tuple[dict[str, list[str]], list[dict[str, Any]]]:
        p: ForbidParams = check.params
        return {}, [{"if": ctx.condition(check.when), "then": {"properties": {p.field: {"not": {}}}}}]

    def emit(self, check: m.Check, ctx: ValidatorContext) -> None:
        p: ForbidParams = check.params
        with ctx.block(f"if {ctx.member(p.field)} is not MISSING and {ctx.condition(check.when)}:"):
            ctx.fail(check.id, ctx.sub(ctx.here, lit(p.field)))

    def satisfy(self, check: m.Check, objtype: m.ObjectType, obj: dict[str, Any], draw: st.DrawFn,
                ctx: StrategyContext) -> bool:
        p: ForbidParams = check.params
        if p.field in obj and ctx.holds(check.when, obj):
            del obj[p.field]
            return True
        return False

    def break_(self, check: m.Check, objtype: m.ObjectType, obj: dict[str, Any], draw: st.DrawFn,
               ctx: StrategyContext) -> tuple[Any, ...] | None:
        p: ForbidParams = check.params
        ctx.make_hold(objtype, check.when, obj, draw)
        obj[p.field] = draw(ctx.non_null(objtype.field(p.field)))
        return (p.field,)
