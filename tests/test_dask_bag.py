"""``reqspec.dask.lint_bag``: a bag of bodies in, a bag of the JSON report's finding records out."""

from __future__ import annotations

import json
import re
import subprocess
import sys

import pytest

pytest.importorskip("distributed")

import dask.bag as db  # noqa: E402

import reqspec  # noqa: E402
import reqspec.dask  # noqa: E402

from .cli.helpers import reqspec as command  # noqa: E402
from .conftest import ROOT  # noqa: E402

GOOD = {"model": "gpt-4", "messages": [{"role": "user", "content": "hi"}]}
TEXTS = [
    json.dumps(GOOD),
    '{"model": "gpt-4", "messages": [{"role": "robot", "content": "hi"}], "temperature": 7}',
    '{"model": "gpt-4", "model": "gpt-4", "messages": [{"role": "user", "content": "x"}]}',
    '{"model": "gpt-4", "messages": [',
    '{"model": "gpt-4", "temperature": NaN, "messages": [{"role": "user", "content": "x"}]}',
]


def _without(record: dict, *keys: str) -> dict:
    return {k: v for k, v in record.items() if k not in keys}


def test_texts_get_the_records_the_json_report_gives_for_the_same_lines(tmp_path):
    jsonl = tmp_path / "bodies.jsonl"
    jsonl.write_text("\n".join(TEXTS) + "\n", encoding="utf-8")
    report = json.loads(command("lint", "--format", "json", str(jsonl)).out)["findings"]
    records = reqspec.dask.lint_bag(db.from_sequence(TEXTS, npartitions=1), name=str(jsonl)).compute(scheduler="sync")
    assert len(records) == len(report) >= 5
    for record, finding in zip(records, report):
        assert record["partition"] == 0 and record["line"] == 1
        assert _without(record, "partition", "line") == _without(finding, "line")
        assert finding["line"] == record["document"] + 1


def test_dicts_are_judged_as_validate_judges_them_with_no_position():
    bodies = [GOOD, {"model": "gpt-4", "messages": [], "n": 0}, {"model": "gpt-4", "messages": [GOOD["messages"][0]],
                                                                   "logit_bias": {"abc": 1}}]
    records = reqspec.dask.lint_bag(db.from_sequence(bodies, npartitions=1)).compute(scheduler="sync")
    expected = [(i, e.pointer, e.rule) for i, body in enumerate(bodies) for e in reqspec.lint(body)]
    assert [(r["document"], r["pointer"], r["rule"]) for r in records] == expected and expected
    assert all(r["line"] is None and r["column"] is None and r["file"] == "<bag>" for r in records)


def test_each_record_names_its_partition_and_its_index_in_it():
    bad = {"model": "gpt-4", "messages": []}
    bag = db.from_sequence([GOOD, bad, bad, GOOD, bad, "  \n", [1, 2]], npartitions=3)
    records = reqspec.dask.lint_bag(bag).compute(scheduler="sync")
    sizes = [len(part) for part in bag.map_partitions(lambda p: [list(p)]).compute(scheduler="sync")]
    assert sum(sizes) == 7 and len(sizes) == 3
    places = [(r["partition"], r["document"], r["rule"]) for r in records]
    flat = [(p, d) for p, size in enumerate(sizes) for d in range(size)]
    wanted = [(p, d, "min-items") for (p, d), item in zip(flat, bag.compute(scheduler="sync")) if item == bad]
    wanted.append((*flat[-1], "not-an-object"))  # the list; the blank text is no document
    assert places == wanted


def test_kind_body_pointer_select_and_ignore_apply_as_on_the_command_line():
    lines = [{"custom_id": "a", "method": "POST", "url": "/v1/chat/completions", "body": {"model": "gpt-4",
                                                                                      "messages": []}}]
    batch = reqspec.dask.lint_bag(db.from_sequence(lines)).compute(scheduler="sync")
    assert [(r["kind"], r["pointer"], r["rule"]) for r in batch] == [("batch", "/body/messages", "min-items")]
    logs = [{"request": {"body": {"model": "gpt-4", "messages": [], "temperature": 9}}}]
    inside = reqspec.dask.lint_bag(db.from_sequence(logs), kind="body", body_pointer="/request/body")
    assert sorted(r["pointer"] for r in inside.compute(scheduler="sync")) == ["/request/body/messages",
                                                                              "/request/body/temperature"]
    only = reqspec.dask.lint_bag(db.from_sequence(logs), body_pointer="/request/body", select=["maximum"])
    assert [r["rule"] for r in only.compute(scheduler="sync")] == ["maximum"]
    skipped = reqspec.dask.lint_bag(db.from_sequence(logs), body_pointer="/request/body", ignore=["maximum"])
    assert [r["rule"] for r in skipped.compute(scheduler="sync")] == ["min-items"]


def test_a_secret_is_redacted_in_every_record():
    key = "sk" + "-proj-" + "Ax9Q" * 8
    records = reqspec.dask.lint_bag(db.from_sequence([{"model": "gpt-4", "messages": [
        {"role": "user", "content": key}], key: 1}])).compute(scheduler="sync")
    assert records and key not in json.dumps(records) and {"secret", "unknown-field"} <= {r["rule"] for r in records}


def test_what_is_not_a_bag_or_not_a_setting_is_refused_at_once():
    with pytest.raises(TypeError, match="dask.bag.Bag"):
        reqspec.dask.lint_bag([GOOD])  # type: ignore[arg-type]
    bag = db.from_sequence([GOOD])
    with pytest.raises(ValueError, match="unknown rule id"):
        reqspec.dask.lint_bag(bag, select=["nosuch"])
    with pytest.raises(ValueError):
        reqspec.dask.lint_bag(bag, kind="nosuch")
    with pytest.raises(ValueError):
        reqspec.dask.lint_bag(bag, body_pointer="no-slash")


def test_the_documented_example_runs_on_a_cluster_of_processes():
    text = (ROOT / "docs" / "cluster.md").read_text(encoding="utf-8")
    example = re.search(r"```python\n(.*?)```", text, re.S).group(1)
    run = subprocess.run([sys.executable, "-c", example], cwd=ROOT, capture_output=True, text=True, timeout=180)
    assert run.returncode == 0, run.stderr[-2000:]
    counts = dict(eval(run.stdout.strip().splitlines()[-1]))  # noqa: S307 - the example's own printed list
    # The same errors as the command's on those files, but for the rules over a whole file.
    files = sorted(str(p) for folder in ("batch", "finetune") for p in (ROOT / "examples" / "prompts" / folder).glob("*.jsonl"))
    assert len(files) >= 3
    report = json.loads(command("lint", "--no-config", "--format", "json", *files).out)
    from reqspec.linter.stored import FILE_RULES

    expected: dict[str, int] = {}
    for finding in report["findings"]:
        if finding["severity"] == "error" and finding["rule"] not in FILE_RULES:
            expected[finding["rule"]] = expected.get(finding["rule"], 0) + 1
    assert counts == expected and counts
