"""``known`` (warning): a string is a key of a table, or of one of its rows through the table's
aliases (a known model, or a fine-tuned one of a known base); a near miss gets a suggestion, and
a name starting like one of ``newer`` is said to be newer than the spec."""

from __future__ import annotations

from dataclasses import dataclass

from ..emit.code import lit
from ..spec import model as m
from .base import Kind, ValidatorContext, param


@dataclass(frozen=True)
class KnownParams:
    field: str = param("field")
    table: str = param("table")
    newer: tuple[str, ...] = param("strs", ())
    newer_message: str = param("template", "")


class Known(Kind[KnownParams]):
    name = "known"
    params = KnownParams
    levels = frozenset({"warning"})
    forms = {"newer": "newer_message"}

    def emit(self, check: m.Check, ctx: ValidatorContext) -> None:
        p: KnownParams = check.params
        table = ctx.spec.tables[p.table]
        keys = ctx.const(f"{p.table}_keys", frozenset(k for k, _ in table.rows))
        ctx.code(f"known(obj, {ctx.here}, {lit(p.field)}, {keys}, {ctx.aliases(table)}, {lit(p.newer)}, "
                 f"{lit(check.id)}, warns, _DATA)")
