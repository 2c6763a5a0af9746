"""Hostile files through ``reqspec lint``: no traceback, the right exit code, a located finding (or
exit 0 where the input is legal), in bounded time and memory, and nothing raw on the terminal.

Each case is one file and the exact findings it must give: (line, column, pointer, rule), found
by position in the text the case writes, so a finding that moves or vanishes fails the case.
"""

from __future__ import annotations

import json
import os
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from .helpers import ROOT, assert_sane, findings, lint, position

sys.path.insert(0, str(ROOT / "fuzz"))
from fuzz_lint import check_one

N = 100_000  # nesting depth of the deep cases
VALID = '{"model": "gpt-4", "messages": [{"role": "user", "content": "Hi"}]}'
YAML_HEAD = "model: gpt-4\nmessages: [{role: user, content: Hi}]\n"


def body(**members: str) -> str:
    """The valid body with members replaced or appended: names go between quotes as they are (so
    they may hold JSON escapes or raw characters), values are JSON texts."""
    texts = {"model": '"gpt-4"', "messages": '[{"role": "user", "content": "Hi"}]', **members}
    return "{" + ", ".join(f'"{name}": {value}' for name, value in texts.items()) + "}"


def too_deep_at(text: str, limit: int = 128) -> tuple[int, int, str, str]:
    """Where the reader reports the first bracket nested deeper than ``limit`` (no brackets in strings)."""
    depth = 0
    for offset, char in enumerate(text):
        if char in "[{":
            depth += 1
            if depth > limit:
                return (*position(text, char, text.count(char, 0, offset)), "", "too-deep")
        elif char in "]}":
            depth -= 1
    raise AssertionError("not deep")


@dataclass
class Case:
    id: str
    name: str  # the file name
    data: bytes
    expected: list[tuple[int, int, str, str]] | None  # None: judged by ``rules`` only
    code: int = 1
    args: list[str] = field(default_factory=list)
    rules: set[str] | None = None  # when set: exactly these rules, positions not checked
    documents: int | None = None
    env: dict[str, str] = field(default_factory=dict)
    seconds: float = 30


def _text(data: bytes) -> str:
    return data.decode("utf-8", "replace")


def at(data: str | bytes, needle: str, pointer: str, rule: str, occurrence: int = 0) -> tuple[int, int, str, str]:
    text = data if isinstance(data, str) else _text(data)
    return (*position(text, needle, occurrence), pointer, rule)


CASES: list[Case] = []


def case(id: str, name: str, data: str | bytes, expected=None, **kw) -> None:  # type: ignore[no-untyped-def]
    raw = data.encode("utf-8") if isinstance(data, str) else data
    CASES.append(Case(id, name, raw, expected(raw) if callable(expected) else expected, **kw))


# -- nesting 100,000 deep --------------------------------------------------------------------------

case("deep-array-json", "deep.json", "[" * N + "]" * N, [(1, 129, "", "too-deep")])
case("deep-object-json", "deep.json", '{"a":' * N + "1" + "}" * N, [(1, 5 * 128 + 1, "", "too-deep")])
case("deep-unclosed-json", "deep.json", "[" * N, [(1, 129, "", "too-deep")])
case("deep-messages-json", "deep.json", '{"model": "gpt-4", "messages": ' + "[" * N + "]" * N + "}",
     lambda d: [too_deep_at(_text(d))])
case("deep-parameters-json", "deep.json",
     body(functions='[{"name": "f", "parameters": {"x": ' + "[" * N + "]" * N + "}}]"),
     lambda d: [too_deep_at(_text(d))])
case("deep-jsonl", "deep.jsonl",
     '{"a":' * N + "1" + "}" * N + "\n" + "[" * N + "]" * N + "\n" + VALID + "\n",
     [(1, 5 * 128 + 1, "", "too-deep"), (2, 129, "", "too-deep")], documents=3)
case("deep-flow-array-yaml", "deep.yaml", "[" * N + "]" * N, [(1, 129, "/0" * 128, "too-deep")])
case("deep-flow-object-yaml", "deep.yaml", "{a: " * N + "1" + "}" * N, [(1, 4 * 128 + 1, "/a" * 128, "too-deep")])
case("deep-flow-yaml-then-valid-document", "deep.yaml", "[" * N + "]" * N + "\n---\n" + YAML_HEAD,
     [(1, 129, "/0" * 128, "too-deep")], documents=2)
case("deep-block-yaml", "deep.yaml", "".join("  " * i + "a:\n" for i in range(200)) + "  " * 200 + "1\n",
     [(129, 2 * 128 + 1, "/a" * 128, "too-deep")])
# A raised --max-depth (also settable in a pyproject.toml anyone can push) cannot undo the guard.
case("deep-json-max-depth-raised", "deep.json", "[" * N + "]" * N, [(1, 1001, "", "too-deep")],
     args=["--max-depth", "1000000"])
case("deep-yaml-max-depth-raised", "deep.yaml", "[" * N + "]" * N, [(1, 1001, "/0" * 1000, "too-deep")],
     args=["--max-depth", "1000000"])

# -- numbers ---------------------------------------------------------------------------------------

BIG = "9" * 5000
case("int-5000-digits-json", "n.json", body(max_tokens=BIG), lambda d: [at(d, BIG, "/max_tokens", "number-too-long")])
case("int-5000-digits-jsonl", "n.jsonl", body(max_tokens=BIG) + "\n",
     lambda d: [at(d, BIG, "/max_tokens", "number-too-long")])
case("int-5000-digits-yaml", "n.yaml", YAML_HEAD + f"max_tokens: {BIG}\n",
     lambda d: [at(d, BIG, "/max_tokens", "number-too-long")])
case("negative-int-5000-digits-in-parameters", "n.json",
     body(functions='[{"name": "f", "description": "d", "parameters": {"type": "object", "x": -' + BIG + "}}]"),
     lambda d: [at(d, "-" + BIG, "/functions/0/parameters/x", "number-too-long")])
case("hex-int-5000-digits-yaml", "n.yaml", YAML_HEAD + "max_tokens: 0x" + "f" * 5000 + "\n",
     lambda d: [at(d, "0xff", "/max_tokens", "number-too-long")])
case("octal-int-6000-digits-yaml", "n.yaml", YAML_HEAD + "max_tokens: 0o" + "7" * 6000 + "\n",
     lambda d: [at(d, "0o77", "/max_tokens", "number-too-long")])
case("int-4300-digits-is-legal-in-parameters", "n.json",
     body(functions='[{"name": "f", "description": "d", "parameters": {"type": "object", "properties": {}, "const": '
          + "9" * 4300 + "}}]"),
     [], code=0)
case("int-1000-digits-with-a-lowered-interpreter-limit-json", "n.json", body(max_tokens="9" * 1000),
     lambda d: [at(d, "9" * 1000, "/max_tokens", "number-too-long")], env={"PYTHONINTMAXSTRDIGITS": "640"})
case("int-1000-digits-with-a-lowered-interpreter-limit-yaml", "n.yaml", YAML_HEAD + "max_tokens: " + "9" * 1000 + "\n",
     lambda d: [at(d, "9" * 1000, "/max_tokens", "number-too-long")], env={"PYTHONINTMAXSTRDIGITS": "640"})
case("int-5000-digits-with-the-interpreter-limit-off", "n.json", body(max_tokens=BIG),
     lambda d: [at(d, BIG, "/max_tokens", "number-too-long")], env={"PYTHONINTMAXSTRDIGITS": "0"})
case("1e400-json", "n.json", body(temperature="1e400"), lambda d: [at(d, "1e400", "/temperature", "non-finite")])
case("1e400-yaml", "n.yaml", YAML_HEAD + "temperature: 1e400\n", lambda d: [at(d, "1e400", "/temperature", "non-finite")])
case("1e400-in-parameters", "n.json",
     body(functions='[{"name": "f", "description": "d", "parameters": {"type": "object", "properties": {}, "const": [-1e400]}}]'),
     lambda d: [at(d, "-1e400", "/functions/0/parameters/const/0", "non-finite")])
case("float-of-a-million-digits", "n.json", body(temperature="0." + "1" * 1_000_000), [], code=0)

# NaN and Infinity in every numeric field and inside free-form parameters.
NUMERIC = ["temperature", "top_p", "max_tokens", "presence_penalty", "frequency_penalty"]


def _non_finite_json(literal: str) -> str:
    members = {name: literal for name in NUMERIC}
    members["logit_bias"] = '{"50256": ' + literal + "}"
    members["functions"] = ('[{"name": "f", "description": "d", "parameters": {"type": "object", "x": '
                            + literal + ', "y": [' + literal + "]}}]")
    return body(**members)


POINTERS = [f"/{name}" for name in NUMERIC] + ["/logit_bias/50256", "/functions/0/parameters/x",
                                                 "/functions/0/parameters/y/0"]


def _literals(text: str, literal: str) -> list[tuple[int, int, str, str]]:
    """Where each value ``literal`` stands (after ': ' or '['), with the pointers in order."""
    starts = [m.start() for m in re.finditer(r"(?<=[ \[])" + re.escape(literal) + r"(?![A-Za-z])", text)]
    assert len(starts) == len(POINTERS)
    return [(text.count("\n", 0, s) + 1, s - (text.rfind("\n", 0, s) + 1) + 1, p, "non-finite")
            for s, p in zip(starts, POINTERS)]


for literal in ("NaN", "Infinity", "-Infinity"):
    text = _non_finite_json(literal)
    expected = _literals(text, literal)
    case(f"{literal}-everywhere-json", "n.json", text, expected)
    case(f"{literal}-everywhere-jsonl", "n.jsonl", "\n" + text + "\n", [(line + 1, c, p, r) for line, c, p, r in expected])
for literal in (".nan", ".NaN", ".inf", "-.inf", "+.Inf", ".INF"):
    text = (YAML_HEAD + "".join(f"{name}: {literal}\n" for name in NUMERIC) + f"logit_bias: {{'50256': {literal}}}\n"
            + f"functions:\n- name: f\n  description: d\n  parameters: {{type: object, x: {literal}, y: [{literal}]}}\n")
    case(f"{literal}-everywhere-yaml", "n.yaml", text, _literals(text, literal))

# -- duplicate keys --------------------------------------------------------------------------------

DUP = '{"model": "gpt-4", "messages": [{"role": "user", "content": "a", "role": "system"}], "model": "gpt-4"}'
case("duplicate-keys-json", "d.json", DUP,
     lambda d: [at(d, '"role"', "/messages/0/role", "duplicate-key", 1), at(d, '"model"', "/model", "duplicate-key", 1)])
case("duplicate-keys-jsonl", "d.jsonl", VALID + "\n" + DUP + "\n",
     lambda d: [at(d, '"role"', "/messages/0/role", "duplicate-key", 2), at(d, '"model"', "/model", "duplicate-key", 2)])
case("duplicate-keys-in-parameters-json", "d.json",
     body(functions='[{"name": "f", "description": "d", "parameters": {"type": "object", "type": "object", "properties": {}}}]'),
     lambda d: [at(d, '"type"', "/functions/0/parameters/type", "duplicate-key", 1)])
case("duplicate-keys-yaml", "d.yaml", "model: gpt-4\nmessages:\n- {role: user, content: a, role: system}\nmodel: gpt-4\n",
     lambda d: [at(d, "role: system", "/messages/0/role", "duplicate-key"), (4, 1, "/model", "duplicate-key")])

# -- encodings -------------------------------------------------------------------------------------

for ext in ("json", "jsonl", "yaml"):
    case(f"invalid-utf8-{ext}", f"e.{ext}", b'{"model": "gpt-4\xff"}\n', [(1, 17, "", "invalid-utf8")])
    case(f"overlong-slash-{ext}", f"e.{ext}", b'{"model": "\xc0\xaf"}\n', [(1, 12, "", "invalid-utf8")])
    case(f"overlong-three-bytes-{ext}", f"e.{ext}", b'{"model": "\xe0\x80\xaf"}\n', [(1, 12, "", "invalid-utf8")])
    case(f"encoded-surrogate-{ext}", f"e.{ext}", b'{"model": "\xed\xa0\x80"}\n', [(1, 12, "", "invalid-utf8")])
    case(f"utf16-le-bom-{ext}", f"e.{ext}", (VALID + "\n").encode("utf-16"), [(1, 1, "", "invalid-utf8")])
    case(f"utf16-be-bom-{ext}", f"e.{ext}", b"\xfe\xff" + (VALID + "\n").encode("utf-16-be"), [(1, 1, "", "invalid-utf8")])
    case(f"utf16-le-no-bom-{ext}", f"e.{ext}", (VALID + "\n").encode("utf-16-le"), [(1, 2, "", "invalid-utf8")])
    case(f"utf32-bom-{ext}", f"e.{ext}", (VALID + "\n").encode("utf-32"), [(1, 1, "", "invalid-utf8")])
LONE = body(user='"x\\ud800"', **{"\\udc00k": "1"})
case("lone-surrogate-escapes-json", "s.json", LONE,
     lambda d: [at(d, "\\ud800", "/user", "lone-surrogate"), at(d, "\\udc00", "/\udc00k", "lone-surrogate"),
                at(d, '"\\udc00k"', "/\udc00k", "unknown-field")])
case("lone-surrogate-escapes-jsonl", "s.jsonl", body(user='"\\uDBFF"') + "\n",
     lambda d: [at(d, "\\uDBFF", "/user", "lone-surrogate")])
case("lone-surrogate-escape-yaml", "s.yaml", YAML_HEAD + 'user: "\\ud800"\n', None, rules={"yaml-syntax"})
case("paired-surrogate-escapes-are-legal", "s.json", body(user='"\\ud83d\\ude00 \\\\ud800"'), [], code=0)

# -- control characters, ANSI escapes and bidi overrides -------------------------------------------

ANSI = body(model='"gpt-4\\u001b[2J\\u001b]0;title\\u0007"', user='"\\u009b31m\\u202e\\u2066\\u0000\\u2028"',
            **{"\\u001b[31mkey\\u202e": "1"})
case("ansi-and-bidi-escapes-json", "c.json", ANSI,
     lambda d: [at(d, '"gpt-4', "/model", "unknown-model"), at(d, '"\\u001b[31m', "/\x1b[31mkey\u202e", "unknown-field")])
case("ansi-and-bidi-escapes-yaml", "c.yaml",
     'model: "gpt-4\\e[2J"\nmessages: [{role: "\\e]0;t\\a", content: "\\x9b\\u202e\\L\\P\\0"}]\n"\\e[31mkey\\u202e": 1\n',
     lambda d: [at(d, '"gpt-4', "/model", "unknown-model"), at(d, '"\\e]0', "/messages/0/role", "enum"),
                (3, 1, "/\x1b[31mkey\u202e", "unknown-field")])
case("raw-bidi-override-json", "c.json", body(user='"\u202e\u2067evil"', **{"\u202ekey": "1"}),
     lambda d: [at(d, '"\u202ekey"', "/\u202ekey", "unknown-field")])
case("raw-bidi-override-yaml", "c.yaml", YAML_HEAD + "\u202ekey: \u202evalue\n", [(3, 1, "/\u202ekey", "unknown-field")])
case("raw-escape-in-json-string", "c.json", '{"model": "\x1b[2J"}', [(1, 12, "", "invalid-json")])
case("raw-escape-in-yaml", "c.yaml", "model: \x1b[2J\n", [(1, 8, "", "yaml-syntax")])
case("raw-c1-csi-in-yaml", "c.yaml", "model: \x9b2J\n", [(1, 8, "", "yaml-syntax")])

# -- empty ---------------------------------------------------------------------------------------

for ext in ("json", "jsonl", "yaml"):
    case(f"empty-{ext}", f"empty.{ext}", b"", [(1, 1, "", "empty-file")])
    blank = b" \r\n\n  \n" if ext == "yaml" else b" \t\r\n\n  \n"  # a tab cannot start a YAML token
    case(f"whitespace-only-{ext}", f"ws.{ext}", blank, [(1, 1, "", "empty-file")])
    case(f"bom-only-{ext}", f"bom.{ext}", b"\xef\xbb\xbf", [(1, 1, "", "empty-file")])
case("comments-only-yaml", "c.yaml", "# nothing\n\n# here\n", [(1, 1, "", "empty-file")])

# -- size ----------------------------------------------------------------------------------------

MB50 = 50 * 1024 * 1024
STRING_50MB = body(user='"' + "a" * MB50 + '"')
case("50mb-string-over-the-default-limit", "big.json", STRING_50MB, [(1, 1, "", "file-too-large")])
case("50mb-string-within-a-raised-limit", "big.json", STRING_50MB, [], code=0,
     args=["--max-file-size", "60M", "--ignore", "context-length"])
case("50mb-line-in-jsonl", "big.jsonl", STRING_50MB + "\n" + VALID + "\n", [(1, 1, "", "file-too-large")], documents=2)
case("50mb-string-yaml-within-a-raised-limit", "big.yaml", YAML_HEAD + "user: " + "a" * MB50 + "\n", [], code=0,
     args=["--max-file-size", "60M", "--ignore", "context-length"])
MILLION = "[" + ",".join(["1"] * 1_000_000) + "]"
case("million-element-array-in-parameters", "m.json",
     body(functions='[{"name": "f", "description": "d", "parameters": {"type": "object", "properties": {}, "const": '
          + MILLION + "}}]"),
     [], code=0)
case("million-element-array-in-stop", "m.json", body(stop="[" + ",".join(['"x"'] * 1_000_000) + "]"),
     lambda d: [(1, position(_text(d), '"stop": ')[1] + 8, "/stop", "max-items")])
# 100,000 findings in one document: every one is built, the first 100 are listed, the rest counted.
case("100k-wrong-items-in-messages", "m.json", '{"model": "gpt-4", "messages": [' + ",".join(["1"] * 100_000) + "]}",
     None, rules={"type", "more-findings"})
case("200k-element-array-yaml", "m.yaml", YAML_HEAD + "functions: [{name: f, description: d, parameters: {type: object, properties: {}, const: ["
     + ",".join(["1"] * 200_000) + "]}}]\n", [], code=0)

# -- YAML: aliases, tags, YAML 1.1 scalars -------------------------------------------------------

LAUGHS = "a: &a [x,x,x,x,x,x,x,x,x,x]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [{','.join(['*' + chr(97 + i)] * 10)}]\n" for i in range(9))
case("billion-laughs", "l.yaml", LAUGHS, None, rules={"yaml-alias-budget"})
case("quadratic-aliases", "l.yaml", "a: &a [" + ",".join(["x"] * 50_000) + "]\nb: [" + ",".join(["*a"] * 100) + "]\n",
     None, rules={"yaml-alias-budget"})
case("self-referencing-flow-alias", "l.yaml", "a: &a [*a]\n", [(1, 8, "/a/0", "yaml-alias-budget")])
case("self-referencing-root-alias", "l.yaml", "&a {b: *a}\n", [(1, 8, "/b", "yaml-alias-budget")])
case("self-referencing-block-alias", "l.yaml", "a: &a\n  b: *a\n", [(2, 6, "/a/b", "yaml-alias-budget")])
case("alias-to-nothing", "l.yaml", "a: *nowhere\n", [(1, 4, "/a", "yaml-syntax")])
case("merge-key-is-just-a-key", "l.yaml", YAML_HEAD + "defaults: &d {user: x}\n<<: *d\n",
     [(3, 1, "/defaults", "unknown-field"), (4, 1, "/<<", "unknown-field")])
PY_TAGS = [
    "!!python/object:os.system [echo]", "!!python/object/apply:os.system [touch CANARY]",
    "!!python/object/new:os.system [touch CANARY]", "!!python/name:os.system", "!!python/module:os",
    "!!python/tuple [1, 2]", "!!python/list [1]", "!!python/dict {a: 1}", "!!python/str x", "!!python/unicode x",
    "!!python/bytes eA==", "!!python/int 1", "!!python/long 1", "!!python/float 1.0", "!!python/complex 1+2j",
    "!!python/none ''", "!!python/bool true", "!!binary eA==", "!!timestamp 2001-12-14", "!!set {a, b}",
    "!!omap [a: 1]", "!!pairs [a: 1]", "!custom x", "!<tag:yaml.org,2002:python/object/apply:os.system> [touch CANARY]",
    "!!python/object:collections.OrderedDict {}",
]
TAGGED = "\n---\n".join(f"model: {tag}" for tag in PY_TAGS) + (
    "\n---\n!!python/object/apply:os.system [touch CANARY]\n"
    "...\n%TAG !p! tag:yaml.org,2002:python/\n---\nmodel: !p!object/apply:os.system [touch CANARY]\n")
case("python-and-other-tags-construct-nothing", "t.yaml", TAGGED,
     [(1 + 2 * i, 8, "/model", "yaml-tag") for i in range(len(PY_TAGS))]
     + [(2 * len(PY_TAGS) + 1, 1, "", "yaml-tag"), (2 * len(PY_TAGS) + 5, 8, "/model", "yaml-tag")],
     documents=len(PY_TAGS) + 2)
SEXAGESIMAL = "190:20:30:" + ":".join(["59"] * 5000)
case("sexagesimal-numbers-are-strings", "x.yaml",
     YAML_HEAD + f"user: {SEXAGESIMAL}\nstop: [1:30, 190:20:30, 0o17:1]\n", [], code=0)
case("sexagesimal-where-an-integer-belongs", "x.yaml", YAML_HEAD + "max_tokens: 190:20:30\n",
     [(3, 13, "/max_tokens", "type")])
case("yaml-1-1-booleans-are-strings", "x.yaml", YAML_HEAD + "user: no\nstop: [yes, on, off, y]\n", [], code=0)


def _together(item: Case) -> bool:
    """Whether a case is judged from the one run over all small cases (it needs no options of its
    own, no count of documents, and is small and quick)."""
    return (len(item.data) < 1_000_000 and not item.args and not item.env and item.documents is None
            and "k-" not in item.id)


def _file_name(number: int, item: Case) -> str:
    return f"{number:03d}-{item.id}.{item.name.rsplit('.', 1)[1]}"


@pytest.fixture(scope="module")
def zoo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Every small case in one folder, and files whose names hold control characters or bytes
    that are not UTF-8."""
    root = tmp_path_factory.mktemp("zoo")
    for number, item in enumerate(CASES):
        if _together(item):
            (root / _file_name(number, item)).write_bytes(item.data)
    (root / "name-\x1b[2J\u202e\x9b.json").write_text(VALID.replace("gpt-4", "x"), encoding="utf-8")
    (root / os.fsdecode(b"name-not-utf8-\xff.json")).write_text("[", encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def together(zoo: Path) -> dict[str, list[dict]]:
    """One JSON run over the zoo: its findings by file name, in output order."""
    run = lint("--format", "json", zoo, cwd=zoo, timeout=300)
    assert_sane(run, (1,), 120)
    assert run.report()["summary"]["files"] == len(list(zoo.iterdir()))  # every case was read
    by_file: dict[str, list[dict]] = {}
    for finding in run.report()["findings"]:
        by_file.setdefault(os.path.basename(finding["file"]), []).append(finding)
    assert not (zoo / "CANARY").exists()
    return by_file


@pytest.mark.parametrize("number", range(len(CASES)), ids=[c.id for c in CASES])
def test_hostile_file(tmp_path: Path, number: int, request: pytest.FixtureRequest) -> None:
    item = CASES[number]
    if _together(item):
        found = request.getfixturevalue("together").get(_file_name(number, item), [])
        got = [(f["line"], f["column"], f["pointer"], f["rule"]) for f in found]
        assert any(f["severity"] == "error" for f in found) == (item.code == 1)
    else:
        path = tmp_path / item.name
        path.write_bytes(item.data)
        run = lint("--format", "json", *item.args, path, cwd=tmp_path, env=item.env, timeout=120)
        assert_sane(run, (item.code,), item.seconds)
        got = findings(run)
        if item.documents is not None:
            assert run.report()["summary"]["documents"] == item.documents
        assert not (tmp_path / "CANARY").exists()
    if item.rules is not None:
        assert {rule for _, _, _, rule in got} == item.rules, got[:10]
    if item.expected is not None:
        assert got == item.expected
    if _together(item):
        # The same bytes through the API: read_bytes and lint keep every promise in-process too.
        check_one(item.data, item.name.rsplit(".", 1)[1], small=False)
        assert not Path("CANARY").exists()


@pytest.mark.parametrize("fmt", ["text", "github", "sarif"])
def test_every_case_together_in_every_format(zoo: Path, fmt: str) -> None:
    """One run over all of them: every format writes every finding, and nothing raw reaches the
    terminal (file names with ANSI escapes and bytes that are not UTF-8 included). The JSON
    format's run is the one the cases are judged from."""
    run = lint("--format", fmt, zoo, cwd=zoo, timeout=120)
    assert_sane(run, (1,), 60)
    if fmt == "sarif":
        assert run.out.isascii()
        json.loads(run.out)
    if fmt == "text":
        assert "name-\\x1b[2J\\u202e\\x9b.json:1:" in run.out
        assert "name-not-utf8-\\xff.json:1:" in run.out


@pytest.mark.parametrize("fmt", ["text", "github", "json", "sarif"])
def test_output_is_safe_with_a_strict_stdout_encoding(zoo: Path, fmt: str) -> None:
    """With UTF-8 and strict errors on stdout (common outside the C locale), nothing fails to encode:
    not a file name that is not UTF-8, nor a lone surrogate in a pointer."""
    names = [path for path in zoo.iterdir() if "name-" in path.name or "surrogate" in path.name or "ansi" in path.name]
    assert len(names) >= 5
    run = lint("--format", fmt, *names, cwd=zoo, env={"PYTHONIOENCODING": "utf-8:strict"})
    assert_sane(run, (1,), 60)
    if fmt == "json":
        assert run.out.isascii()
