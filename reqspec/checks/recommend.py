"""``recommend`` (warning): an optional member that an object should still have (a function's
description)."""

from __future__ import annotations

from dataclasses import dataclass

from ..emit.code import lit
from ..spec import model as m
from .base import Kind, ValidatorContext, param


@dataclass(frozen=True)
class RecommendParams:
    field: str = param("field")


class Recommend(Kind[RecommendParams]):
    name = "recommend"
    params = RecommendParams
    levels = frozenset({"warning"})

    def emit(self, check: m.Check, ctx: ValidatorContext) -> None:
        p: RecommendParams = check.params
        ctx.code(f"recommend(obj, {ctx.here}, {lit(p.field)}, {lit(check.id)}, warns, _DATA)")
