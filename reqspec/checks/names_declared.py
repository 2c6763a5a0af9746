"""``names_declared`` (warning): each name in the array ``field`` is a key of the object
``among`` (``required`` names declared ``properties``), when the object has ``among``."""

from __future__ import annotations

from dataclasses import dataclass

from ..emit.code import lit
from ..spec import model as m
from .base import Kind, ValidatorContext, param


@dataclass(frozen=True)
class NamesDeclaredParams:
    field: str = param("field")
    among: str = param("field")


class NamesDeclared(Kind[NamesDeclaredParams]):
    name = "names_declared"
    params = NamesDeclaredParams
    levels = frozenset({"warning"})

    def emit(self, check: m.Check, ctx: ValidatorContext) -> None:
        p: NamesDeclaredParams = check.params
        ctx.code(f"names_declared(obj, {ctx.here}, {lit(p.field)}, {lit(p.among)}, {lit(check.id)}, warns, _DATA)")
