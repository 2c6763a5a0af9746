"""``undeclared_keys`` (warning): for an object that allows keys it does not declare (a JSON
Schema allows any keyword), each such key, at the key, with the closest declared name suggested."""

from __future__ import annotations

from dataclasses import dataclass

from ..emit.code import lit
from ..spec import model as m
from .base import Kind, ValidatorContext


@dataclass(frozen=True)
class UndeclaredKeysParams:
    pass


class UndeclaredKeys(Kind[UndeclaredKeysParams]):
    name = "undeclared_keys"
    params = UndeclaredKeysParams
    levels = frozenset({"warning"})
    at_key = True

    def emit(self, check: m.Check, ctx: ValidatorContext) -> None:
        known = ctx.const(f"{ctx.obj.name}_keys", frozenset(f.name for f in ctx.obj.fields))
        ctx.code(f"undeclared_keys(obj, {ctx.here}, {known}, {lit(check.id)}, warns, _DATA)")
