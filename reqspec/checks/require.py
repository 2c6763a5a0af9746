"""``require``: a member is required when a condition holds (a function message needs ``name``)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..emit.code import lit
from ..spec import model as m
from .base import Kind, SchemaContext, StrategyContext, ValidatorContext, param

if TYPE_CHECKING:
    from hypothesis import strategies as st


@dataclass(frozen=True)
class RequireParams:
    field: str = param("field")


class Require(Kind[RequireParams]):
    name = "require"
    params = RequireParams
    levels = frozenset({"error"})
    keyword = "required"
    takes_when = True

    def keyword_for(self, when: m.Condition | None) -> str | None:
        # "present: X requires Y" is JSON Schema's dependentRequired, reported at X.
        return "dependentRequired" if isinstance(when, m.Present) else "required"

    def json_schema(self, check: m.Check, ctx: SchemaContext) -> tuple[dict[str, list[str]], list[dict[str, Any]]]:
        p: RequireParams = check.params
        if isinstance(check.when, m.Present):
            return {check.when.field: [p.field]}, []
        return {}, [{"if": ctx.condition(check.when), "then": {"required": [p.field]}}]

    def emit(self, check: m.Check, ctx: ValidatorContext) -> None:
        p: RequireParams = check.params
        if isinstance(check.when, m.Present):  # at the member whose presence requires the other
            where = ctx.sub(ctx.here, lit(check.when.field))
        else:
            where = ctx.here
        with ctx.block(f"if {ctx.member(p.field)} is MISSING and {ctx.condition(check.when)}:"):
            ctx.fail(check.id, where)

    def satisfy(self, check: m.Check, objtype: m.ObjectType, obj: dict[str, Any], draw: st.DrawFn,
                ctx: StrategyContext) -> bool:
        p: RequireParams = check.params
        if p.field not in obj and ctx.holds(check.when, obj):
            obj[p.field] = draw(ctx.non_null(objtype.field(p.field)))
            return True
        return False

    def break_(self, check: m.Check, objtype: m.ObjectType, obj: dict[str, Any], draw: st.DrawFn,
               ctx: StrategyContext) -> tuple[Any, ...] | None:
        p: RequireParams = check.params
        ctx.make_hold(objtype, check.when, obj, draw)
        obj.pop(p.field, None)
        return (check.when.field,) if isinstance(check.when, m.Present) else ()
