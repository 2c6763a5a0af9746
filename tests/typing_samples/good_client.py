"""A client that builds request bodies as the types allow: ``mypy --strict`` accepts it."""

from __future__ import annotations

from reqspec.types import (
    ChatCompletionFunctions,
    ChatCompletionRequestMessage,
    CreateChatCompletionRequest,
)


def weather_function() -> ChatCompletionFunctions:
    return {
        "name": "get_current_weather",
        "description": "Get the current weather in a given location",
        "parameters": {"type": "object", "properties": {"location": {"type": "string"}}},
    }


def conversation(question: str) -> list[ChatCompletionRequestMessage]:
    return [
        {"role": "system", "content": "You are a helpful assistant."},
        {"role": "user", "content": question},
        {"role": "assistant", "content": None,
         "function_call": {"name": "get_current_weather", "arguments": '{"location": "Boston, MA"}'}},
        {"role": "function", "name": "get_current_weather", "content": '{"temperature": 20}'},
    ]


def request(question: str) -> CreateChatCompletionRequest:
    body: CreateChatCompletionRequest = {
        "model": "gpt-4",
        "messages": conversation(question),
        "functions": [weather_function()],
        "function_call": {"name": "get_current_weather"},
        "temperature": 0.5,
        "max_tokens": None,
        "stop": ["\n\nUser:"],
        "logit_bias": {"50256": -100},
        "stream": False,
        "user": "user-1234",
    }
    body["function_call"] = "auto"
    body["stop"] = "\n"
    return body


def model_of(body: CreateChatCompletionRequest) -> str:
    return body["model"]
