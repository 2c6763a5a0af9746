"""``example_tokens`` (warning): the estimated tokens of a whole document (a fine-tuning example's
messages and functions, counted as the OpenAI Cookbook counts a prompt) stay within a limit."""

from __future__ import annotations

from dataclasses import dataclass

from ..emit.code import lit
from ..spec import model as m
from .base import Kind, ValidatorContext, param


@dataclass(frozen=True)
class ExampleTokensParams:
    messages_field: str = param("field")
    functions_field: str = param("field")
    limit: int = param("int")  # tokens at most
    per_message: int = param("int")  # tokens each message adds
    per_name: int = param("int")  # tokens a message's name adds
    name_key: str = param("str")  # the member of a message that is its name
    tokens_per_reply: int = param("int")
    encoding: str = param("str")  # tiktoken's name of the tokenizer


class ExampleTokens(Kind[ExampleTokensParams]):
    name = "example_tokens"
    params = ExampleTokensParams
    levels = frozenset({"warning"})
    counts_tokens = True

    def emit(self, check: m.Check, ctx: ValidatorContext) -> None:
        p: ExampleTokensParams = check.params
        ctx.code(f"example_tokens(obj, {ctx.here}, {lit(p.messages_field)}, {lit(p.functions_field)}, {lit(p.limit)}, "
                 f"{lit(p.per_message)}, {lit(p.per_name)}, {lit(p.tokens_per_reply)}, {lit(p.name_key)}, "
                 f"{lit(p.encoding)}, {lit(check.id)}, warns, _DATA)")
