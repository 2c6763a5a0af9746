"""Nothing lost: the linter never writes to what it reads. Content hashes, sizes, modes and
modification times of every input stay the same after any run: clean, failing, refused, or killed
by the time or memory limit halfway through."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from .helpers import GIB, assert_sane, lint, snapshot

VALID = '{"model": "gpt-4", "messages": [{"role": "user", "content": "Hi"}]}'


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    root = tmp_path / "prompts"
    (root / "nested" / "deeper").mkdir(parents=True)
    (root / "a.json").write_text(VALID)
    (root / "b.jsonl").write_text(VALID + "\n{\n" + VALID.replace("gpt-4", "x") + "\n")
    (root / "c.yaml").write_text("model: gpt-4\nmessages: [{role: user, content: Hi}]\nx: &a [*a]\n")
    (root / "nested" / "d.json").write_text('{"model": NaN, "model": 1}')
    (root / "nested" / "deeper" / "e.yml").write_text("!!python/object/apply:os.system [touch PWNED]\n")
    (root / "nested" / "f.json").write_bytes(b"\xff\xfe" + VALID.encode("utf-16-le"))
    (root / "nested" / "notes.txt").write_text("not linted")
    (root / "big.jsonl").write_text((VALID + "\n") * 5_000)
    (root / "large.json").write_text('{"model": "gpt-4", "messages": [{"role": "user", "content": "'
                                     + "a " * (1 << 17) + '"}]}')
    return root


RUNS = {
    "text": ([], {}),
    "json": (["--format", "json"], {}),
    "sarif": (["--format", "sarif"], {}),
    "github": (["--format", "github"], {}),
    "to a file": (["--format", "json", "-o", "{out}"], {}),
    "tiny size limit": (["--max-file-size", "10"], {}),
    # "-" with a pipe nobody closes: every file is read, then the run waits until it is killed.
    "killed by the timeout": (["-"], {"timeout": 3, "stdin": True}),
    "killed by the memory limit": ([], {"memory": 64 << 20}),
}


@pytest.mark.parametrize("label", sorted(RUNS))
def test_inputs_are_unchanged_by_any_run(tree: Path, tmp_path: Path, label: str) -> None:
    before = snapshot(tree)
    options, limits = RUNS[label]
    out = tmp_path / "report.json"
    args = [str(out) if option == "{out}" else option for option in options]
    reading, writing = os.pipe() if limits.get("stdin") else (None, None)
    try:
        run = lint(*args, tree, cwd=tree.parent, timeout=limits.get("timeout", 120), memory=limits.get("memory", GIB),
                   stdin=reading)
    finally:
        for fd in (reading, writing):
            if fd is not None:
                os.close(fd)
    assert snapshot(tree) == before
    assert not (tree.parent / "PWNED").exists() and not (tree / "PWNED").exists()
    if label == "killed by the timeout":
        assert (run.code, run.killed) == (-9, True)
    elif label == "killed by the memory limit":
        assert run.code != 0
    else:
        assert_sane(run, (1,))
    if label == "to a file":
        assert json.loads(out.read_text())["summary"]["files"] == 8


def test_explicit_files_are_unchanged(tree: Path) -> None:
    before = snapshot(tree)
    run = lint(tree / "a.json", tree / "nested" / "d.json", tree / "nested" / "notes.txt", cwd=tree)
    assert_sane(run, (1,))
    assert snapshot(tree) == before


@pytest.mark.parametrize("target", ["a.json", "nested/d.json", "new-report.json", "nested/new.yaml", "link.json"])
def test_a_report_never_replaces_or_joins_the_inputs(tree: Path, target: str) -> None:
    """``-o`` onto an input, or onto a new file the walk of a given folder would read, is refused."""
    (tree / "link.json").symlink_to(tree / "a.json")
    before = snapshot(tree)
    run = lint("--format", "json", "-o", tree / target, tree, cwd=tree.parent)
    assert_sane(run, (2,))
    assert "never writes to its inputs" in run.err
    assert snapshot(tree) == before
    assert not (tree / "new-report.json").exists() and not (tree / "nested" / "new.yaml").exists()


def test_a_report_may_go_next_to_the_inputs_where_it_is_not_read(tree: Path) -> None:
    before = snapshot(tree)
    for target in ("nested/.hidden/report.json",):
        (tree / target).parent.mkdir(parents=True, exist_ok=True)
        run = lint("--format", "json", "-o", tree / target, tree, cwd=tree.parent)
        assert_sane(run, (1,))
        assert json.loads((tree / target).read_text())["summary"]["files"] == 8
        (tree / target).unlink()
    assert snapshot(tree) == before
