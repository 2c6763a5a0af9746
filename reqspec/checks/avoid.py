"""``avoid`` (warning): a member that does not do what its writer expects (``nullable`` in a JSON
Schema), reported at its key."""

from __future__ import annotations

from dataclasses import dataclass

from ..emit.code import lit
from ..spec import model as m
from .base import Kind, ValidatorContext, param


@dataclass(frozen=True)
class AvoidParams:
    field: str = param("field")


class Avoid(Kind[AvoidParams]):
    name = "avoid"
    params = AvoidParams
    levels = frozenset({"warning"})
    at_key = True

    def emit(self, check: m.Check, ctx: ValidatorContext) -> None:
        p: AvoidParams = check.params
        ctx.code(f"avoid(obj, {ctx.here}, {lit(p.field)}, {lit(check.id)}, warns, _DATA)")
