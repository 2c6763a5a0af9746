"""The reporters on hostile findings: whatever a file name, pointer or message holds, no format
writes a raw control character, a lone surrogate or a key, and the machine formats keep the exact
strings (as JSON escapes)."""

from __future__ import annotations

import io
import json
import os

import pytest

from reqspec.linter.engine import FileResult, LintRun, Settings
from reqspec.linter.findings import Finding
from reqspec.report import WRITERS
from reqspec.report.redact import clean, clean_path, redact
from reqspec.report.sarif import _uri

from .helpers import RAW_CONTROL, fake_key

KEY = fake_key("R")
# (Surrogates apart: a high one next to a low one would come back from JSON as one character.)
HOSTILE = ["\x1b[2J", "\x1b]0;title\x07", "\x9b31m", "\u202e", "\u2066", "\u2028", "\x85", "\x00", "\r\n", "\ud800",
           "é", "\udcff", "\U0001f600", "%0A", "::error::", ",", ":"]


def _run(findings: list[Finding]):  # type: ignore[no-untyped-def]
    import reqspec._validator as rules

    run = LintRun([], Settings(), rules)
    for finding in findings:
        run.summary.count(finding)
    return run, [FileResult(findings[0].file, findings)]


def _findings() -> list[Finding]:
    name = os.fsdecode(b"bad-\xff-") + "".join(HOSTILE) + KEY + ".json"
    return [Finding(name, 0, 1, 1, "/" + "".join(HOSTILE) + KEY, "unknown-field", "error",
                    "message " + "".join(HOSTILE) + " " + KEY + " " + "x_" + KEY[:20] + "...")]


@pytest.mark.parametrize("fmt", sorted(WRITERS))
def test_no_format_writes_a_control_character_a_surrogate_or_a_key(fmt: str) -> None:
    run, results = _run(_findings())
    out = io.StringIO()
    WRITERS[fmt](run, results, out, docs_url="https://example.invalid/rules")
    text = out.getvalue()
    text.encode("utf-8")  # strict: no surrogate left
    assert RAW_CONTROL.search(text.replace("\n", "")) is None
    assert KEY[:12] not in text and KEY[-12:] not in text
    if fmt in ("json", "sarif"):
        assert text.isascii()
        json.loads(text)
    if fmt in ("text", "github"):
        assert "bad-\\xff-" in text and "\\x1b[2J" in text


def test_the_json_report_keeps_the_exact_strings_but_keys() -> None:
    run, results = _run(_findings())
    out = io.StringIO()
    WRITERS["json"](run, results, out)
    [finding] = json.loads(out.getvalue())["findings"]
    assert finding["file"].startswith(os.fsdecode(b"bad-\xff-") + "".join(HOSTILE))
    assert "sk-[redacted]" in finding["file"] and "sk-[redacted]" in finding["pointer"]


def test_github_annotations_stay_one_line_and_keep_their_fields() -> None:
    run, results = _run(_findings())
    out = io.StringIO()
    WRITERS["github"](run, results, out)
    lines = out.getvalue().splitlines()
    assert len(lines) == 2  # the annotation and the summary
    first = lines[0]
    assert first.startswith("::error file=")
    properties = first[len("::error "):first.index("::", 2)]
    assert properties.count(",") == 3 and properties.endswith(",line=1,col=1,title=unknown-field (body)")


def test_sarif_uris_are_the_bytes_of_the_name() -> None:
    assert _uri(os.fsdecode(b"dir/bad-\xff.json")) == "dir/bad-%FF.json"
    assert _uri("dir/\ud800.json") == "dir/%ED%A0%80.json"
    assert _uri("a b/é.json") == "a%20b/%C3%A9.json"


@pytest.mark.parametrize("text, expected", [
    (KEY, "sk-[redacted]"), ("a " + KEY, "a sk-[redacted]"), ("\\x09" + KEY, "\\x09sk-[redacted]"),
    ("\\u001b" + KEY, "\\u001bsk-[redacted]"), ("\\n" + KEY, "\\nsk-[redacted]"), ("x_" + KEY, "x_sk-[redacted]"),
    ("x_" + KEY[:15] + "...", "x_sk-[redacted]..."), ("x_" + KEY[:15] + "…", "x_sk-[redacted]…"),
    ("task-manager", "task-manager"), ("risk-free", "risk-free"),
])
def test_redact(text: str, expected: str) -> None:
    assert redact(text) == expected


def test_clean_and_clean_path() -> None:
    assert clean("a\x1b[2Jb\u202ec\ud800") == "a\\x1b[2Jb\\u202ec\\ud800"
    assert clean_path(os.fsdecode(b"x\xff\xfe.json")) == "x\\xff\\xfe.json"
    assert clean_path("plain/é.json") == "plain/é.json"
