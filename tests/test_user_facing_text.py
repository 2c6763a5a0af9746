"""What a user reads says where a rule comes from in a user's words: OpenAI's API reference,
gpt-turbo's documentation, the endpoint's error text. The word "seed" appears only as the name of
the newer API field ``seed``."""

from __future__ import annotations

import re
import subprocess
import sys

from reqspec.reading import PROBLEMS

from .conftest import ROOT

_CODE_OR_QUOTED = re.compile(r"`[^`\n]*`|\"seed\"|'seed'")
_WORD = re.compile(r"\bseed\b", re.I)


def _strings(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [text for item in value.values() for text in _strings(item)]
    if isinstance(value, (list, tuple)):
        return [text for item in value for text in _strings(item)]
    return []


def _spec_texts(spec) -> list[str]:
    texts = []
    for rule in spec.rules.values():
        texts += [rule.message, rule.help, rule.fix, rule.key_message]
    for _, check in spec.checks():
        texts += [check.message, check.help, *_strings(check.params)]
        if check.example is not None:
            texts.append(check.example.fix)
    for obj in spec.objects.values():
        texts += [obj.title, obj.description] + [x.reason for x in obj.excluded]
        texts += [f.description + " " + f.default_text for f in obj.fields]
    texts += [source.title for source in spec.sources.values()]
    texts += _strings(spec.phrases) + [spec.title, spec.description]
    return texts


def _help_texts() -> list[str]:
    out = []
    for args in ([], ["lint"], ["schema"], ["generate"]):
        run = subprocess.run([sys.executable, "-m", "reqspec", *args, "--help"], capture_output=True, text=True,
                             cwd=ROOT, timeout=60)
        out.append(run.stdout + run.stderr)
    return out


def mentions(text: str) -> list[str]:
    return _WORD.findall(_CODE_OR_QUOTED.sub("", text))


def test_the_scan_finds_the_word_and_spares_the_field_name():
    assert mentions("the seed recommends") == ["seed"]
    assert mentions('the field "seed" and `seed`, and seed: 3') == ["seed"]
    assert mentions("`seed` | 2023-11-06") == []


def test_no_rule_text_help_or_fix_speaks_of_the_seed(spec):
    found = [text for text in _spec_texts(spec) + list(PROBLEMS.values()) if mentions(text)]
    assert found == []


def test_no_help_of_the_command_speaks_of_the_seed():
    assert [text for text in _help_texts() if mentions(text)] == []


def test_no_generated_doc_nor_the_readme_speaks_of_the_seed():
    pages = [*sorted((ROOT / "docs").glob("*.md")), ROOT / "README.md", ROOT / "benchmarks" / "README.md"]
    found = {page.name: mentions(page.read_text(encoding="utf-8")) for page in pages}
    assert {name: words for name, words in found.items() if words} == {}


def test_the_spec_file_speaks_of_gpt_turbo_not_of_a_seed():
    text = (ROOT / "schema" / "chat_completion_request.yaml").read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if mentions(line) and not line.strip().startswith("seed:")]
    assert lines == []
