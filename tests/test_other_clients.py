"""The schema means the same outside Python: ajv (JavaScript), draft-07 tools, OpenAPI 3.1.

The corpus holds the bundled examples, every golden rule body, bodies that tell the regex dialects
apart, and at least 1,000 valid and invalid bodies drawn from the spec's strategies. Every body
that breaks no semantic rule (those JSON Schema cannot express) must get the same verdict from
each validator as from reqspec.
"""

from __future__ import annotations

import fcntl
import json
import re
import shutil
import subprocess
from pathlib import Path

import fastjsonschema
import jsonschema
import pytest
import yaml
from hypothesis import HealthCheck, Phase, given, settings

import reqspec
from reqspec.spec.patterns import check_pattern
from reqspec.strategies import SpecStrategies

from .conftest import ROOT
from .oracle import FORMATS, semantic_findings
from .test_rule_messages import FIELD_RULE_BODIES

AJV_DIR = ROOT / "tests" / "ajv"
SCHEMAS = ROOT / "schema"


def _json_safe(body):
    try:
        return json.loads(json.dumps(body, allow_nan=False))
    except (TypeError, ValueError):
        return None


def _generated(spec, count: int) -> list:
    strategies = SpecStrategies(spec)
    drawn: list = []

    @settings(max_examples=count, database=None, deadline=None, phases=[Phase.generate],
              suppress_health_check=list(HealthCheck))
    @given(strategies.valid_bodies(), strategies.invalid_bodies())
    def collect(valid, invalid):
        drawn.append(valid)
        drawn.append(invalid[0])

    collect()
    return drawn


def _dialect_probes() -> list:
    """Bodies whose verdict depends on reading the patterns as ECMA-262 and not as Python."""
    def fn(name):
        return {"model": "gpt-4", "messages": [{"role": "user", "content": "Hi"}],
                "functions": [{"name": name, "description": "d"}], "function_call": "auto"}

    names = ["get_weather", "get_weather\n", "get_weather\r", "get\u2028weather", "na\u00efve", "caf\u00e9",
             "\u0663\u0664", "x" * 64, "x" * 65, "a b", "", "_-_", "\uff41"]
    bodies = [fn(n) for n in names]
    for key in ["50256", "\u0663", "00050256", "100257", "100258", "12\n", "-1", "1e3", "\uff11"]:
        bodies.append({"model": "gpt-4", "messages": [{"role": "user", "content": "Hi"}], "logit_bias": {key: 1}})
    return bodies


@pytest.fixture(scope="module")
def corpus(spec, tmp_path_factory) -> list:
    bodies = []
    for path in sorted((ROOT / "examples" / "prompts").rglob("*")):
        if path.suffix == ".json":
            bodies.append(json.loads(path.read_text()))
        elif path.suffix == ".jsonl":
            bodies += [json.loads(line) for line in path.read_text().splitlines() if line.strip()]
        elif path.suffix == ".yaml":
            bodies += list(yaml.safe_load_all(path.read_text()))
    for path in sorted((ROOT / "tests" / "parameters").rglob("*.json")):  # function parameters, clean and not
        held = json.loads(path.read_text())
        bodies.append(held if "model" in held else {"model": "gpt-4-32k", "messages": [{"role": "user", "content": "Hi"}],
                                                     "functions": [{"name": "f", "parameters": held}]})
    bodies += [make() for make in FIELD_RULE_BODIES.values()]
    bodies += [check.example.body for _, check in spec.checks()]
    bodies += _dialect_probes()
    bodies += _generated(spec, 600)
    safe = [b for b in map(_json_safe, bodies) if b is not None]
    comparable = [b for b in safe if not semantic_findings(b, spec)]
    assert len(comparable) >= 1000
    return comparable


@pytest.fixture(scope="module")
def corpus_file(corpus, tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("corpus") / "bodies.jsonl"
    path.write_text("".join(json.dumps(b, ensure_ascii=False) + "\n" for b in corpus), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def ajv() -> Path:
    if shutil.which("node") is None or shutil.which("npm") is None:
        pytest.skip("Node.js and npm are not installed: the ajv agreement test needs them")
    lock = AJV_DIR / ".install.lock"
    with open(lock, "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)  # test workers share one install
        if not (AJV_DIR / "node_modules" / "ajv" / "package.json").is_file():
            run = subprocess.run(["npm", "ci", "--no-audit", "--no-fund"], cwd=AJV_DIR,
                                 capture_output=True, text=True, timeout=600)
            assert run.returncode == 0, run.stderr
    return AJV_DIR / "check.mjs"


def _ajv_verdicts(ajv: Path, schema: Path, corpus_file: Path, dialect: str) -> list[bool]:
    run = subprocess.run(["node", str(ajv), str(schema), str(corpus_file), dialect],
                         capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    return [line == "1" for line in run.stdout.split()]


def _disagreements(corpus, verdicts):
    return [(body, verdict) for body, verdict in zip(corpus, verdicts) if verdict != reqspec.is_valid(body)]


def test_ajv_2020_agrees_with_reqspec(ajv, corpus, corpus_file):
    verdicts = _ajv_verdicts(ajv, SCHEMAS / "chat_completion_request.schema.json", corpus_file, "2020")
    assert len(verdicts) == len(corpus)
    assert _disagreements(corpus, verdicts) == []
    assert 0 < sum(verdicts) < len(verdicts)  # both verdicts occur


def test_ajv_draft07_agrees_with_reqspec(ajv, corpus, corpus_file):
    verdicts = _ajv_verdicts(ajv, SCHEMAS / "chat_completion_request.draft07.schema.json", corpus_file, "07")
    assert _disagreements(corpus, verdicts) == []


def test_fastjsonschema_on_the_draft07_copy_agrees_with_reqspec(corpus):
    schema = json.loads((SCHEMAS / "chat_completion_request.draft07.schema.json").read_text())
    assert schema["$schema"] == "http://json-schema.org/draft-07/schema#"
    jsonschema.Draft7Validator.check_schema(schema)
    check = fastjsonschema.compile(schema)

    def verdict(body):
        try:
            check(body)
        except fastjsonschema.JsonSchemaException:
            return False
        return True

    assert _disagreements(corpus, [verdict(b) for b in corpus]) == []


def test_openapi_document_is_valid_openapi_3_1():
    from openapi_spec_validator.schemas import schema_v31

    document = json.loads((SCHEMAS / "chat_completion_request.openapi.json").read_text())
    assert document["openapi"] == "3.1.0"
    assert list(jsonschema.Draft202012Validator(dict(schema_v31)).iter_errors(document)) == []
    assert "CreateChatCompletionRequest" in document["components"]["schemas"]
    for schema in document["components"]["schemas"].values():
        jsonschema.Draft202012Validator.check_schema(schema)


def test_openapi_component_judges_bodies_like_reqspec(corpus):
    document = json.loads((SCHEMAS / "chat_completion_request.openapi.json").read_text())
    (operation,) = document["paths"]["/v1/chat/completions"].values()
    body_ref = operation["requestBody"]["content"]["application/json"]["schema"]["$ref"]
    root = {"$ref": body_ref, "components": document["components"]}
    judge = jsonschema.Draft202012Validator(root, format_checker=FORMATS)
    assert _disagreements(corpus[:400], [judge.is_valid(b) for b in corpus[:400]]) == []


def _patterns(node):
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "pattern" and isinstance(value, str):
                yield value
            else:
                yield from _patterns(value)
    elif isinstance(node, list):
        for item in node:
            yield from _patterns(item)


@pytest.mark.parametrize("name", ["chat_completion_request.schema.json", "chat_completion_request.draft07.schema.json",
                                  "chat_completion_request.openapi.json"])
def test_every_pattern_is_in_the_portable_subset(name):
    patterns = set(_patterns(json.loads((SCHEMAS / name).read_text())))
    assert patterns
    for pattern in patterns:
        check_pattern(pattern.replace("$(?!\\n)", "$"))
        assert "\\d" not in pattern and "\\w" not in pattern and not re.search(r"(?<!\\)\.", pattern)
