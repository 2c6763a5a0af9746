"""``typed_values`` (warning): in a JSON Schema, the value at ``value_field`` (``default``) and each
item of ``items_field`` (``enum``) have a JSON type that the schema's own ``type_field`` allows."""

from __future__ import annotations

from dataclasses import dataclass

from ..emit.code import lit
from ..spec import model as m
from .base import Kind, ValidatorContext, param


@dataclass(frozen=True)
class TypedValuesParams:
    type_field: str = param("field")
    value_field: str = param("field")
    items_field: str = param("field")


class TypedValues(Kind[TypedValuesParams]):
    name = "typed_values"
    params = TypedValuesParams
    levels = frozenset({"warning"})

    def emit(self, check: m.Check, ctx: ValidatorContext) -> None:
        p: TypedValuesParams = check.params
        words = ctx.const("type_words", dict(ctx.spec.phrases["types"]), annotation="dict[str, str]")
        ctx.code(f"typed_values(obj, {ctx.here}, {lit(p.type_field)}, {lit(p.value_field)}, {lit(p.items_field)}, "
                 f"{words}, {lit(check.id)}, warns, _DATA)")
