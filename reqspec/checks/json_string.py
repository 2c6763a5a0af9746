"""``json_string`` (warning): a string holds a JSON text (a function call's arguments)."""

from __future__ import annotations

from dataclasses import dataclass

from ..emit.code import lit
from ..spec import model as m
from .base import Kind, ValidatorContext, param


@dataclass(frozen=True)
class JsonStringParams:
    field: str = param("field")


class JsonString(Kind[JsonStringParams]):
    name = "json_string"
    params = JsonStringParams
    levels = frozenset({"warning"})

    def emit(self, check: m.Check, ctx: ValidatorContext) -> None:
        p: JsonStringParams = check.params
        ctx.code(f"json_string(obj, {ctx.here}, {lit(p.field)}, {lit(check.id)}, warns, _DATA)")
