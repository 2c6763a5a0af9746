"""``context_length`` (warning): the prompt's estimated tokens (the OpenAI Cookbook's count, with
the table's per-message and per-name constants) and max_tokens fit the model's context length."""

from __future__ import annotations

from dataclasses import dataclass

from ..emit.code import lit
from ..spec import model as m
from .base import Kind, ValidatorContext, param


@dataclass(frozen=True)
class ContextLengthParams:
    field: str = param("field")
    messages_field: str = param("field")
    model_field: str = param("field")
    functions_field: str = param("field")
    table: str = param("table")
    column: str = param("column")
    per_message: str = param("column")  # tokens each message adds
    per_name: str = param("column")  # tokens a message's name adds
    name_key: str = param("str")  # the member of a message that is its name
    tokens_per_reply: int = param("int")
    encoding: str = param("str")  # tiktoken's name of the models' tokenizer
    prompt_message: str = param("template")  # when the prompt alone is over the length


class ContextLength(Kind[ContextLengthParams]):
    name = "context_length"
    params = ContextLengthParams
    levels = frozenset({"warning"})
    forms = {"prompt": "prompt_message"}
    counts_tokens = True

    def emit(self, check: m.Check, ctx: ValidatorContext) -> None:
        p: ContextLengthParams = check.params
        table = ctx.spec.tables[p.table]
        limits = ctx.const(f"{p.table}_{p.column}", table.column(p.column))
        per_message, per_name = table.column(p.per_message), table.column(p.per_name)
        constants = ctx.const(f"{p.table}_token_constants", {key: (per_message[key], per_name[key]) for key, _ in table.rows})
        ctx.code(f"context_length(obj, {ctx.here}, {lit(p.field)}, {lit(p.messages_field)}, {lit(p.model_field)}, "
                 f"{lit(p.functions_field)}, {limits}, {ctx.aliases(table)}, {constants}, {lit(p.tokens_per_reply)}, "
                 f"{lit(p.name_key)}, {lit(p.encoding)}, {lit(check.id)}, warns, _DATA)")
