"""A client with mistakes the types catch: ``mypy --strict`` reports each line marked
``# expect-error`` and no other."""

from __future__ import annotations

from reqspec.types import ChatCompletionRequestMessage, CreateChatCompletionRequest

unknown_role: ChatCompletionRequestMessage = {"role": "robot", "content": "Hi"}  # expect-error
no_content: ChatCompletionRequestMessage = {"role": "user"}  # expect-error
no_messages: CreateChatCompletionRequest = {"model": "gpt-4"}  # expect-error
excluded_n: CreateChatCompletionRequest = {"model": "gpt-4", "messages": [], "n": 2}  # expect-error
quoted_number: CreateChatCompletionRequest = {"model": "gpt-4", "messages": [], "temperature": "0.7"}  # expect-error
bad_choice: CreateChatCompletionRequest = {"model": "gpt-4", "messages": [], "function_call": "always"}  # expect-error
float_tokens: CreateChatCompletionRequest = {"model": "gpt-4", "messages": [], "max_tokens": 1.5}  # expect-error
bias_by_int: CreateChatCompletionRequest = {"model": "gpt-4", "messages": [], "logit_bias": {50256: -100}}  # expect-error
fine: CreateChatCompletionRequest = {"model": "gpt-4", "messages": [{"role": "user", "content": "Hi"}]}
