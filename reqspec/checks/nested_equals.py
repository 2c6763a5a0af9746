"""``nested_equals`` (warning): a member of an object member has an expected value (a function's
parameters are of type object)."""

from __future__ import annotations

from dataclasses import dataclass

from ..emit.code import lit
from ..spec import model as m
from .base import Kind, ValidatorContext, param


@dataclass(frozen=True)
class NestedEqualsParams:
    field: str = param("field")
    key: str = param("str")
    expected: str = param("str")


class NestedEquals(Kind[NestedEqualsParams]):
    name = "nested_equals"
    params = NestedEqualsParams
    levels = frozenset({"warning"})

    def emit(self, check: m.Check, ctx: ValidatorContext) -> None:
        p: NestedEqualsParams = check.params
        ctx.code(f"nested_equals(obj, {ctx.here}, {lit(p.field)}, {lit(p.key)}, {lit(p.expected)}, "
                 f"{lit(check.id)}, warns, _DATA)")
