"""The README's commands work as written: every block marked runnable is run, and the output shown
after it is what it prints.

Markers (HTML comments, invisible on GitHub) sit on the line before a code block:
``<!-- test: run, exit N -->`` runs a shell block in the repository, ``<!-- test: run in a copy,
exit N -->`` in a fresh copy of it (for blocks that install or write files), ``<!-- test: python -->``
runs a Python block, and ``<!-- test: output -->`` marks a text block as what the block before it
prints. Commands run with this interpreter's scripts first on PATH, as inside the virtual
environment the quick start makes.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from .conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")
_BLOCK = re.compile(r"<!-- test: (?P<marker>[^>]*?) -->\n```(?P<lang>\w*)\n(?P<body>.*?)\n```", re.S)
_COPY_IGNORE = shutil.ignore_patterns(".git", ".venv", "__pycache__", ".pytest_cache", ".hypothesis", "node_modules",
                                      "*.egg-info", "build", "dist", ".mypy_cache")


@dataclass
class Block:
    marker: str
    lang: str
    body: str
    line: int
    output: str | None = None

    @property
    def expected_exit(self) -> int:
        match = re.search(r"exit (\d+)", self.marker)
        return int(match.group(1)) if match else 0

    def __str__(self) -> str:
        return f"README.md:{self.line} ({self.marker})"


def blocks() -> list[Block]:
    found: list[Block] = []
    for match in _BLOCK.finditer(README):
        block = Block(match["marker"], match["lang"], match["body"], README.count("\n", 0, match.start()) + 2)
        if block.marker == "output":
            assert found, "an output block follows the block it shows"
            found[-1].output = block.body + "\n"
        else:
            found.append(block)
    return found


RUNNABLE = blocks()


def test_the_readme_marks_its_main_commands_as_runnable():
    markers = [b.marker for b in RUNNABLE]
    assert "run in a copy, exit 1" in markers  # the quick start: install and lint the examples
    assert sum(b.output is not None for b in RUNNABLE) >= 2
    assert any("reqspec lint examples/prompts" in b.body for b in RUNNABLE)


def _environment() -> dict[str, str]:
    scripts = str(Path(sys.executable).parent)
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR")}
    env["PATH"] = scripts + os.pathsep + env.get("PATH", "")
    return env


@pytest.mark.parametrize("block", RUNNABLE, ids=str)
def test_a_runnable_block_works_as_written(block: Block, tmp_path: Path):
    env = _environment()
    if block.lang == "python":
        command = [sys.executable, "-c", block.body]
        cwd = tmp_path
    else:
        assert block.lang == "sh", block
        command = ["bash", "-e", "-o", "pipefail", "-c", block.body]
        cwd = ROOT
        if "in a copy" in block.marker:
            cwd = tmp_path / "clone"
            shutil.copytree(ROOT, cwd, ignore=_COPY_IGNORE)
    run = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, timeout=900)
    assert run.returncode == block.expected_exit, f"{block}\n{run.stdout[-3000:]}\n{run.stderr[-3000:]}"
    if block.output is not None:
        printed = run.stdout
        if "in a copy" in block.marker:  # pip prints its own progress before the command's output
            printed = printed[printed.find(block.output.splitlines()[0]):]
        assert printed == block.output, block
