"""``nested_needs`` (warning): an object held by a member, whose ``key`` is ``value``, has the
member ``needs`` (an object schema has properties)."""

from __future__ import annotations

from dataclasses import dataclass

from ..emit.code import lit
from ..spec import model as m
from .base import Kind, ValidatorContext, param


@dataclass(frozen=True)
class NestedNeedsParams:
    field: str = param("field")
    key: str = param("str")
    value: str = param("str")
    needs: str = param("str")


class NestedNeeds(Kind[NestedNeedsParams]):
    name = "nested_needs"
    params = NestedNeedsParams
    levels = frozenset({"warning"})

    def emit(self, check: m.Check, ctx: ValidatorContext) -> None:
        p: NestedNeedsParams = check.params
        ctx.code(f"nested_needs(obj, {ctx.here}, {lit(p.field)}, {lit(p.key)}, {lit(p.value)}, {lit(p.needs)}, "
                 f"{lit(check.id)}, warns, _DATA)")
