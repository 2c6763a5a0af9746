"""The pre-commit hook, installed by pre-commit itself from a repository holding this checkout, in a
scratch repository of the kind users have: it lints prompt files and nothing else."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from .helpers import ROOT

HOOKS = ROOT / ".pre-commit-hooks.yaml"
#: What the hook's repository needs to build and install reqspec.
SOURCES = ("pyproject.toml", "README.md", ".pre-commit-hooks.yaml", "reqspec", "schema")


def _hook() -> dict:
    (hook,) = yaml.safe_load(HOOKS.read_text(encoding="utf-8"))
    return hook


@pytest.mark.parametrize("path, linted", [
    ("prompts/ok.json", True), ("prompts/agents/deep/x.yaml", True), ("app/prompt/a.jsonl", True),
    ("a/b/prompts/c.yml", True), ("support.prompt.json", True), ("x/y.prompt.yaml", True),
    ("z.prompt.jsonl", True), ("z.prompt.yml", True),
    (".pre-commit-config.yaml", False), ("package.json", False), (".github/workflows/ci.yml", False),
    ("prompts.json", False), ("myprompts/a.json", False), ("prompts/notes.md", False),
    ("docs/prompt-guide.yaml", False), ("tsconfig.json", False),
])
def test_the_hook_matches_prompt_files_only(path, linted):
    assert bool(re.search(_hook()["files"], path)) is linted


def _git(*args: str, cwd: Path) -> str:
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.com",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.com"}
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, text=True, env=env).stdout


def _hook_repository(folder: Path) -> str:
    """A git repository holding this checkout's sources; returns the commit to pin."""
    folder.mkdir()
    for name in SOURCES:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, folder / name, ignore=shutil.ignore_patterns("__pycache__", "_builtin"))
        else:
            shutil.copy2(source, folder / name)
    _git("init", "-q", cwd=folder)
    _git("add", "-A", cwd=folder)
    _git("commit", "-qm", "reqspec", cwd=folder)
    return _git("rev-parse", "HEAD", cwd=folder).strip()


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_pre_commit_in_a_fresh_repository_reports_only_the_bad_prompt(tmp_path):
    pytest.importorskip("pre_commit")
    rev = _hook_repository(tmp_path / "hook")
    user = tmp_path / "user"
    user.mkdir()
    _git("init", "-q", cwd=user)
    (user / ".pre-commit-config.yaml").write_text(
        f"repos:\n  - repo: {tmp_path / 'hook'}\n    rev: {rev}\n    hooks:\n      - id: reqspec-lint\n")
    (user / "package.json").write_text('{"name": "app", "version": "1.0.0", "scripts": {"test": "jest"}}\n')
    (user / ".github" / "workflows").mkdir(parents=True)
    (user / ".github" / "workflows" / "ci.yml").write_text("on: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n")
    (user / "prompts").mkdir()
    (user / "prompts" / "ok.json").write_text('{"model": "gpt-4", "messages": [{"role": "user", "content": "Hi"}]}\n')
    (user / "prompts" / "bad.yaml").write_text("model: gpt-4\nmessages: []\n")
    _git("add", "-A", cwd=user)
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "cache"), "NO_COLOR": "1"}

    def run() -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "pre_commit", "run", "--all-files", "--color", "never"],
                              cwd=user, capture_output=True, text=True, env=env, timeout=600)

    first = run()
    assert first.returncode == 1, first.stdout + first.stderr
    reported = [line for line in first.stdout.splitlines() if re.match(r"\S+:\d+:\d+: ", line)]
    assert reported == ["prompts/bad.yaml:2:11: error min-items [body] expected at least 1 item(s), got 0"], first.stdout
    assert "in 2 file(s)" in first.stdout

    (user / "prompts" / "bad.yaml").write_text("model: gpt-4\nmessages: [{role: user, content: Hi}]\n")
    _git("add", "-A", cwd=user)
    second = run()
    assert second.returncode == 0, second.stdout + second.stderr
