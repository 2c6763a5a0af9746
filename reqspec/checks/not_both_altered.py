"""``not_both_altered`` (warning): of two numbers with defaults, at most one is changed from its
default (temperature and top_p)."""

from __future__ import annotations

from dataclasses import dataclass

from ..emit.code import lit
from ..spec import model as m
from .base import Kind, ValidatorContext, param


@dataclass(frozen=True)
class NotBothAlteredParams:
    fields: tuple[str, ...] = param("fields")


class NotBothAltered(Kind[NotBothAlteredParams]):
    name = "not_both_altered"
    params = NotBothAlteredParams
    levels = frozenset({"warning"})

    def emit(self, check: m.Check, ctx: ValidatorContext) -> None:
        p: NotBothAlteredParams = check.params
        defaults = tuple(ctx.obj.field(name).default for name in p.fields)
        present = " and ".join(f"{lit(name)} in obj" for name in p.fields)
        with ctx.block(f"if {present}:  # a member left out is at its default: nothing to call"):
            ctx.code(f"not_both_altered(obj, {ctx.here}, {lit(tuple(p.fields))}, {lit(defaults)}, {lit(check.id)}, warns, _DATA)")
