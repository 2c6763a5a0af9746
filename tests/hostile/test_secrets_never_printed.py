"""Secrets are never printed: bodies holding fake keys (made at run time) in every place a key can
hide, in JSON, JSONL and YAML, under file and folder names that are keys, in all four formats, on
standard output, standard error and in ``-o`` files. No key appears, nor any 12-character part of one.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

import reqspec

from .helpers import assert_sane, fake_key, lint

TAGS = [chr(c) for c in range(ord("A"), ord("Z") + 1)] + [chr(c) for c in range(ord("a"), ord("z") + 1)] + list("0123456789")
KEYS = {tag: fake_key(tag) for tag in TAGS}


def _leaks(text: str) -> list[str]:
    found = []
    for tag, key in KEYS.items():
        for start in range(len(key) - 11):
            if key[start : start + 12] in text:
                found.append(f"{tag}: {key[start : start + 12]!r} at {text.index(key[start : start + 12])}")
                break
    return found


def _body(k) -> dict:  # type: ignore[no-untyped-def]
    """A body with a key in every kind of place; ``k(tag)`` gives the key for a tag."""
    return {
        "model": k("A"),
        "messages": [
            {"role": "user", "content": "my key is " + k("B")},
            {"role": k("C"), "content": "x=" + k("D"), "name": k("E")},
            {"role": "assistant", "content": None,
             "function_call": {"name": k("F"), "arguments": '{"api_key": "' + k("G") + '", '}},
            {"role": "user", "content": "\t" + k("H") + " \x1b" + k("I") + " \u202e" + k("J")},
            {"role": "user", "content": "glued_" + k("K")},
            # Glued to a word, a key is no secret by the spec's pattern, yet it must not be shown
            # whole in a message, nor cut short by one.
            {"role": "glued_" + k("0"), "content": "x", "name": "n_" + k("1")},
            {"role": "x" * 30 + "_" + k("2"), "content": "x"},
        ],
        k("L"): 1,
        "\t" + k("M"): {"nested": [k("N")], k("O"): 2},
        "apiKey": k("P"),
        "n": k("Q"),
        "functions": [
            {"name": k("R"), "description": k("S"), "parameters": {"type": k("T"), k("U"): [k("V")]}},
            {"name": k("R"), "parameters": {"type": "object"}},
        ],
        "function_call": {"name": k("W")},
        "stop": [k("X"), "x" * 20 + "_" + k("Y")],
        "logit_bias": {k("Z"): 1, "50256": k("a")},
        "user": k("b"),
        "temperature": k("c"),
        "top_p": "t_" + k("3"),
        "presence_penalty": "\n" + k("4"),
        "max_tokens": [k("d")],
    }


def _write_all(root: Path) -> None:
    body = _body(lambda tag: KEYS[tag])
    (root / "body.json").write_text(json.dumps(body), encoding="utf-8")
    (root / "body.jsonl").write_text(json.dumps(body) + "\n" + json.dumps(body, ensure_ascii=False) + "\n", encoding="utf-8")
    (root / "body.yaml").write_text(yaml.safe_dump(body, allow_unicode=True), encoding="utf-8")
    # Keys the readers meet: duplicate keys, anchors, aliases and tags named like keys, syntax errors
    # next to them, and file and folder names that are keys.
    e, f = KEYS["e"], KEYS["f"]
    (root / "dup.json").write_text(f'{{"{e}": 1, "{e}": 2, "\\t{f}": 3, "\\t{f}": 4}}')
    (root / "dup.yaml").write_text(f"{KEYS['g']}: 1\n{KEYS['g']}: 2\n\"\\t{KEYS['h']}\": 1\n\"\\t{KEYS['h']}\": 2\n")
    (root / "alias.yaml").write_text(f"a: *{KEYS['i']}\nb: !{KEYS['j']} x\nc: &{KEYS['k']} [*{KEYS['k']}]\n")
    (root / "syntax.yaml").write_text(f"model: '{KEYS['l']}\n")
    (root / "syntax.json").write_text(f'{{"model": "{KEYS["m"]}" "x"}}')
    (root / f"{KEYS['n']}.json").write_text("{")
    folder = root / KEYS["o"]
    folder.mkdir()
    (folder / "x.jsonl").write_text(json.dumps({"model": KEYS["p"]}) + "\n" + "{" + KEYS["q"] + "\n")
    (root / "excerpt.json").write_text(json.dumps({"model": "gpt-4", "messages": [{"role": "x" * 30 + " " + KEYS["r"]}]}))


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("secrets")
    _write_all(root)
    return root


@pytest.mark.parametrize("fmt", ["text", "json", "github", "sarif"])
def test_no_output_format_prints_a_key(folder: Path, fmt: str, tmp_path: Path) -> None:
    run = lint("--format", fmt, folder, cwd=folder)
    assert_sane(run, (1,))
    assert "secret" in run.out
    assert _leaks(run.out) == [] and _leaks(run.err) == []
    report = tmp_path / f"report.{fmt}"
    written = lint("--format", fmt, "-o", report, folder, cwd=folder)
    assert_sane(written, (1,))
    assert written.out == "" and _leaks(report.read_text(encoding="utf-8")) == []


def test_standard_input_under_a_key_name(folder: Path) -> None:
    data = (folder / "body.yaml").read_bytes()
    run = lint("--stdin-format", "yaml", "--stdin-filename", KEYS["s"] + ".yaml", "-", cwd=folder, stdin=data)
    assert_sane(run, (1,))
    assert _leaks(run.out) == [] and _leaks(run.err) == []


def test_usage_errors_do_not_print_a_key(folder: Path) -> None:
    for args in (["missing-" + KEYS["t"] + ".json"], ["--select", KEYS["u"], "."], ["-o", KEYS["v"] + "/x.json", "."]):
        run = lint(*args, cwd=folder)
        assert run.code in (2, 3) and "Traceback" not in run.err
        assert _leaks(run.out) == [] and _leaks(run.err) == []


def test_the_api_never_puts_a_key_in_a_message() -> None:
    body = _body(lambda tag: KEYS[tag])
    errors = reqspec.lint(body)
    assert {e.rule for e in errors} >= {"secret", "unknown-field", "excluded-field", "token-id"}
    assert _leaks("\n".join(e.message for e in errors)) == []
    assert _leaks(str(reqspec.InvalidRequestError(errors))) == []
