"""``member_of``: a string names one of the strings found elsewhere in the body (function_call
names a declared function). JSON Schema cannot compare parts of a value: it is semantic."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..emit.code import lit
from ..spec import model as m
from .base import Kind, StrategyContext, ValidatorContext, param

if TYPE_CHECKING:
    from hypothesis import strategies as st


@dataclass(frozen=True)
class MemberOfParams:
    field: tuple[str, ...] = param("path")
    among: tuple[str, ...] = param("path")


class MemberOf(Kind[MemberOfParams]):
    name = "member_of"
    params = MemberOfParams
    levels = frozenset({"error"})

    def emit(self, check: m.Check, ctx: ValidatorContext) -> None:
        p: MemberOfParams = check.params
        # member_of() judges only a string target and an array pool; test their first steps here.
        guard = (f"isinstance({ctx.member(p.field[0])}, {'dict' if len(p.field) > 1 else 'str'}) "
                 f"and isinstance({ctx.member(p.among[0])}, list)")
        args = f"obj, {lit(p.field)}, {lit(p.among)}"
        if ctx.collect:
            with ctx.block(f"if {guard}:"):
                ctx.code(f"member_of({args}, {ctx.here}, {lit(check.id)}, out, _DATA)")
        else:
            with ctx.block(f"if {guard} and not member_of({args}, (), {lit(check.id)}, None, _DATA):"):
                ctx.code("return False")

    def satisfy(self, check: m.Check, objtype: m.ObjectType, obj: dict[str, Any], draw: st.DrawFn,
                ctx: StrategyContext) -> bool:
        from hypothesis import strategies as st

        p: MemberOfParams = check.params
        target: object = obj
        for step in p.field[:-1]:
            target = target.get(step) if isinstance(target, dict) else None
        pool = obj.get(p.among[0])
        if not isinstance(target, dict) or not isinstance(target.get(p.field[-1]), str) or not isinstance(pool, list):
            return False
        names = []
        for item in pool:
            for step in p.among[1:]:
                item = item.get(step) if isinstance(item, dict) else None
            if isinstance(item, str):
                names.append(item)
        if target[p.field[-1]] in names:
            return False
        if names:
            target[p.field[-1]] = draw(st.sampled_from(names))
        else:
            del obj[p.field[0]]
        return True

    def break_(self, check: m.Check, objtype: m.ObjectType, obj: dict[str, Any], draw: st.DrawFn,
               ctx: StrategyContext) -> tuple[Any, ...] | None:
        from hypothesis import strategies as st

        p: MemberOfParams = check.params
        if not isinstance(obj.get(p.among[0]), list):
            obj[p.among[0]] = draw(ctx.non_null(objtype.field(p.among[0])))
        target: Any = obj
        for step in p.field[:-1]:
            target = target.setdefault(step, {}) if isinstance(target, dict) else None
        if not isinstance(target, dict):
            return None
        target[p.field[-1]] = "undeclared_" + draw(st.text("abc", min_size=1, max_size=4))
        return tuple(p.field)
