"""Run the real command in a subprocess, as CI and users do."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


@dataclass
class Result:
    code: int
    out: str
    err: str


def reqspec(*args: str, cwd: Path | None = None, stdin: bytes | None = None, env: dict | None = None,
            timeout: float = 60) -> Result:
    full_env = dict(os.environ)
    full_env.pop("NO_COLOR", None)
    full_env.update(env or {})
    run = subprocess.run([sys.executable, "-m", "reqspec", *args], cwd=cwd or ROOT, input=stdin,
                         capture_output=True, timeout=timeout, env=full_env)
    return Result(run.returncode, run.stdout.decode("utf-8", "replace"), run.stderr.decode("utf-8", "replace"))


def fake_key(tag: str = "A") -> str:
    """A key-shaped string made at run time, so the repository never holds one."""
    return "sk" + "-proj-" + (tag + "x9Q") * 8
