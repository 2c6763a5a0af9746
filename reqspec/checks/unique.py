"""``unique`` (warning): the items of an array differ by one member (two functions named alike)."""

from __future__ import annotations

from dataclasses import dataclass

from ..emit.code import lit
from ..spec import model as m
from .base import Kind, ValidatorContext, param


@dataclass(frozen=True)
class UniqueParams:
    field: str = param("field")
    by: str = param("str")


class Unique(Kind[UniqueParams]):
    name = "unique"
    params = UniqueParams
    levels = frozenset({"warning"})

    def emit(self, check: m.Check, ctx: ValidatorContext) -> None:
        p: UniqueParams = check.params
        with ctx.block(f"if {lit(p.field)} in obj:"):
            ctx.code(f"unique(obj, {ctx.here}, {lit(p.field)}, {lit(p.by)}, {lit(check.id)}, warns, _DATA)")
