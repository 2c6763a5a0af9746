"""``max_from_table``: a number is at most a table's value for the row another member names
(max_tokens at most the model's context length)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..emit.code import lit
from ..spec import model as m
from .base import Kind, SchemaContext, StrategyContext, ValidatorContext, param

if TYPE_CHECKING:
    from hypothesis import strategies as st


@dataclass(frozen=True)
class MaxFromTableParams:
    field: str = param("field")
    key: str = param("field")
    table: str = param("table")
    column: str = param("column")


class MaxFromTable(Kind[MaxFromTableParams]):
    name = "max_from_table"
    params = MaxFromTableParams
    levels = frozenset({"error"})
    keyword = "maximum"

    def json_schema(self, check: m.Check, ctx: SchemaContext) -> tuple[dict[str, list[str]], list[dict[str, Any]]]:
        p: MaxFromTableParams = check.params
        table = ctx.spec.tables[p.table]
        groups: dict[Any, list[str]] = {}
        for key, limit in table.column(p.column).items():
            groups.setdefault(limit, []).append(key)
        return {}, [{"if": {"required": [p.key], "properties": {p.key: ctx.row_keys(table, keys)}},
                     "then": {"properties": {p.field: {"maximum": limit}}}}
                    for limit, keys in groups.items()]

    def emit(self, check: m.Check, ctx: ValidatorContext) -> None:
        p: MaxFromTableParams = check.params
        spec_table = ctx.spec.tables[p.table]
        table = ctx.const(f"{p.table}_{p.column}", spec_table.column(p.column))
        key, value = ctx.member(p.key), ctx.member(p.field)
        with ctx.block(f"if isinstance({key}, str) and {value} is not MISSING:"):
            if spec_table.aliases is None:
                ctx.code(f"row = {key} if {key} in {table} else None")
            else:  # a name that stands for a row (a fine-tuned model for its base model)
                ctx.code(f"row = {key} if {key} in {table} else row_key({key}, {table}, {ctx.aliases(spec_table)})")
            with ctx.block(f"if row is not None and {ctx.is_number(value)} and {value} > {table}[row] "
                           f"and (isfinite({value}) if isinstance({value}, float) else not huge({value})):"):
                ctx.fail(check.id, ctx.sub(ctx.here, lit(p.field)), value=f"show({value}, _DATA)",
                         limit=f"{table}[row]", key="row")

    def satisfy(self, check: m.Check, objtype: m.ObjectType, obj: dict[str, Any], draw: st.DrawFn,
                ctx: StrategyContext) -> bool:
        p: MaxFromTableParams = check.params
        key = obj.get(p.key)
        spec_table = ctx.spec.tables[p.table]
        row = ctx.row_key(spec_table, key) if isinstance(key, str) else None
        limit = spec_table.column(p.column).get(row) if row is not None else None
        value = obj.get(p.field)
        if limit is not None and isinstance(value, (int, float)) and value > limit:
            obj[p.field] = limit
            return True
        return False

    def break_(self, check: m.Check, objtype: m.ObjectType, obj: dict[str, Any], draw: st.DrawFn,
               ctx: StrategyContext) -> tuple[Any, ...] | None:
        from hypothesis import strategies as st

        p: MaxFromTableParams = check.params
        spec_table = ctx.spec.tables[p.table]
        table = spec_table.column(p.column)
        key = draw(st.sampled_from(sorted(table)))
        obj[p.key] = draw(ctx.alias_of(spec_table, key)) if draw(st.booleans()) else key
        obj[p.field] = table[key] + draw(st.integers(1, 1000))
        return (p.field,)
