"""Run the real command on hostile input under a memory limit and a timeout, and judge its output.

Every case goes through ``reqspec lint`` in a subprocess, as CI and users run it. The child gets an
address-space limit (``RLIMIT_AS``, 1 GiB by default) and a wall-clock timeout, so a case that
would exhaust memory fails as a crash and one that would hang fails as a timeout, instead of
taking the test run down with it.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import resource
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
GIB = 1 << 30

#: What must never reach a terminal raw: C0 controls but tab and line feed, DEL, C1 controls,
#: bidirectional marks, embeddings, overrides and isolates, line and paragraph separators, and
#: lone surrogates (also standing for bytes that are not UTF-8 after decoding with surrogateescape).
RAW_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029\ud800-\udfff]")


@dataclass
class Run:
    code: int
    out: str
    err: str
    seconds: float
    killed: bool = False

    def report(self) -> dict:
        """The JSON report (``--format json``)."""
        return json.loads(self.out)


def _limits(memory: int):  # type: ignore[no-untyped-def]
    def apply() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))

    return apply


def lint(*args: str | os.PathLike[str], cwd: Path | None = None, stdin: bytes | int | None = None,
         timeout: float = 60, memory: int = GIB, env: dict[str, str] | None = None,
         python: tuple[str, ...] = ("-m", "reqspec")) -> Run:
    """``reqspec lint ARGS`` under ``memory`` bytes of address space and ``timeout`` seconds.

    ``stdin`` is bytes to feed, a file descriptor to read from, or None (no input). A run that
    outlives the timeout is killed and returned with ``killed`` set and code -9.
    """
    full_env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "PYTHONINTMAXSTRDIGITS")}
    full_env.update(env or {})
    command = [sys.executable, *python, "lint", *map(os.fspath, args)]
    feed = stdin if isinstance(stdin, bytes) else None
    start = time.monotonic()
    process = subprocess.Popen(
        # Its own session (so a timeout ends everything it started), and the limits: preexec_fn
        # only calls setrlimit, which takes no lock another thread could hold across the fork.
        command, cwd=cwd or ROOT, env=full_env, preexec_fn=_limits(memory), start_new_session=True,  # noqa: PLW1509
        stdin=subprocess.PIPE if feed is not None else (stdin if isinstance(stdin, int) else subprocess.DEVNULL),
        stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )
    try:
        out, err = process.communicate(feed, timeout=timeout)
        killed = False
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        out, err = process.communicate()
        killed = True
    seconds = time.monotonic() - start
    return Run(process.returncode, out.decode("utf-8", "surrogateescape"), err.decode("utf-8", "surrogateescape"),
               seconds, killed)


def assert_sane(run: Run, codes: tuple[int, ...] = (0, 1), seconds: float = 30) -> None:
    """No traceback, no crash, an expected exit code, in bounded time, and nothing raw on a terminal."""
    assert not run.killed, f"still running after {run.seconds:.1f}s"
    assert "Traceback" not in run.err and "Traceback" not in run.out, run.err[-2000:]
    assert "internal error" not in run.err, run.err[-2000:]
    assert run.code in codes, (run.code, run.err[-2000:], run.out[-2000:])
    assert run.seconds < seconds, f"took {run.seconds:.1f}s"
    for stream in (run.out, run.err):
        bad = RAW_CONTROL.search(stream)
        assert bad is None, f"raw {bad.group()!r} in output: {stream[max(bad.start() - 60, 0):bad.end() + 60]!r}"


def findings(run: Run) -> list[tuple[int, int, str, str]]:
    """(line, column, pointer, rule) of each finding of a JSON report, in output order."""
    return [(f["line"], f["column"], f["pointer"], f["rule"]) for f in run.report()["findings"]]


def position(text: str, needle: str, occurrence: int = 0) -> tuple[int, int]:
    """1-based (line, column) of the ``occurrence``-th ``needle`` in ``text`` (columns in characters)."""
    offset = -1
    for _ in range(occurrence + 1):
        offset = text.index(needle, offset + 1)
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def fake_key(tag: str) -> str:
    """A key-shaped string made at run time, so the repository never holds one."""
    return "sk" + "-" + "proj-" + "".join(f"{tag}{i}Qz" for i in range(10))


def snapshot(root: Path) -> dict[str, tuple[str, int, int, int]]:
    """(sha256, size, mtime_ns, mode) of every regular file under ``root``, by relative path."""
    state = {}
    for path in sorted(root.rglob("*")):
        if path.is_symlink() or not path.is_file():
            continue
        info = path.stat()
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        state[str(path.relative_to(root))] = (digest, info.st_size, info.st_mtime_ns, info.st_mode)
    return state


def tokenizer_installed() -> bool:
    from reqspec.tokens import tokenizer_installed as installed

    return installed()
