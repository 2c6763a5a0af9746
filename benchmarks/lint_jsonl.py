"""How fast `reqspec lint` goes through a large JSONL file, and where the time goes.

    python benchmarks/lint_jsonl.py [--bodies 100000] [--jobs 1] [--repeat 3]

Writes JSONL files of copies of the *typical* payload to a temporary folder and, for each, times
the whole command (wall clock, in a subprocess, median of --repeat runs), then times each stage
in one pass of the command's code in-process: read (lines off disk), parse (JSON, strict, with the
document each line becomes), validate (errors), warnings (what lint() adds to validate()), locate
(positions of the findings) and report (findings made, counted and written as text). Variants:

- the typical payload as shipped: its logit_bias holds two non-integer values, so every body has
  two findings to locate and report;
- a clean variant (those values rounded): the clean path;
- a clean variant whose max_tokens comes close to the model's context length, so the
  context-length warning cannot be settled by counting bytes and needs the tokenizer.
"""

from __future__ import annotations

import argparse
import io
import json
import statistics
import subprocess
import sys
import tempfile
import time
import types
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

import reqspec  # noqa: E402
from reqspec.linter import Settings, lint_paths  # noqa: E402
from reqspec.reading import read_path  # noqa: E402
from reqspec.report import write_text  # noqa: E402


#: Bodies a second that one process lints from a clean JSONL file (warnings needing no tokenizer).
TARGET_RATE = 60_000


def make_file(folder: Path, name: str, body: dict, count: int) -> Path:
    line = json.dumps(body, separators=(",", ":")) + "\n"
    path = folder / name
    with open(path, "w", encoding="utf-8") as out:
        for _ in range(count):
            out.write(line)
    return path


def variants() -> list[tuple[str, dict]]:
    typical = json.loads((HERE / "payloads" / "typical.json").read_text(encoding="utf-8"))
    clean = json.loads(json.dumps(typical))
    clean["logit_bias"] = {k: round(v) for k, v in clean["logit_bias"].items()}
    near = json.loads(json.dumps(clean))
    near["max_tokens"] = 8000  # the byte count of the prompt no longer proves it fits in 8192
    return [("typical as shipped (2 findings per body)", typical), ("typical, clean", clean),
            ("typical, clean, max_tokens 8000 (tokenizer needed)", near)]


class _Null(io.TextIOBase):
    def write(self, text: str) -> int:
        return len(text)


def stages(path: Path, tokenizer: bool) -> dict[str, float]:
    """Seconds per stage over the whole file, in one pass of the command's own code.

    The engine runs as the command runs it, with the text report written to nowhere; reading and
    parsing, lint() and locate() are timed as it calls them (validate() is timed too, on the side,
    to split lint() into errors and warnings, and left out of the total); what remains of the
    total is the engine and the report: findings made, counted, formatted and written.
    """
    from reqspec.linter import engine
    from reqspec.reading import Document

    reqspec.set_token_counter("auto" if tokenizer else None)
    clock = time.perf_counter
    t0 = clock()
    with open(path, "rb") as f:
        for _ in f:
            pass
    read = clock() - t0

    spent = {"read+parse": 0.0, "validate": 0.0, "lint": 0.0, "locate": 0.0}

    def timed_read_path(*args: object, **kwargs: object):  # type: ignore[no-untyped-def]
        documents = iter(read_path(*args, **kwargs))  # type: ignore[arg-type]
        while True:
            t0 = clock()
            doc = next(documents, None)
            spent["read+parse"] += clock() - t0
            if doc is None:
                return
            yield doc

    def timed_lint(body: object) -> list:
        t0 = clock()
        reqspec.validate(body)
        t1 = clock()
        found = reqspec.lint(body)
        spent["validate"] += t1 - t0
        spent["lint"] += clock() - t1
        return found

    locate = Document.locate

    def timed_locate(self: Document, pointer: str = "", *, key: bool = False) -> tuple[int, int]:
        t0 = clock()
        where = locate(self, pointer, key=key)
        spent["locate"] += clock() - t0
        return where

    from reqspec import _validator

    rules = types.SimpleNamespace(**vars(_validator))
    rules.lint = timed_lint
    engine.read_path, Document.locate = timed_read_path, timed_locate  # type: ignore[assignment, method-assign]
    try:
        t0 = clock()
        run = lint_paths([str(path)], Settings(), rules)  # type: ignore[arg-type]
        write_text(run, run.results(), _Null())
        whole = clock() - t0 - spent["validate"]
    finally:
        engine.read_path, Document.locate = read_path, locate  # type: ignore[method-assign]
        reqspec.set_token_counter("auto")
    parsed, lint = spent["read+parse"], spent["lint"]
    return {"read": read, "parse": max(parsed - read, 0.0), "validate": spent["validate"],
            "warnings": max(lint - spent["validate"], 0.0), "locate": spent["locate"],
            "report": max(whole - parsed - lint - spent["locate"], 0.0)}


def whole_command(path: Path, jobs: int, repeat: int) -> float:
    args = [sys.executable, "-m", "reqspec", "lint", str(path)]
    if jobs > 1:
        args[4:4] = ["-j", str(jobs)]
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        subprocess.run(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=HERE.parent)
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bodies", type=int, default=100_000)
    parser.add_argument("--jobs", type=int, default=1, help="also time the command with -j JOBS")
    parser.add_argument("--repeat", type=int, default=3, help="runs of the whole command (median)")
    args = parser.parse_args()
    rates: dict[tuple[str, int], float] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for label, body in variants():
            path = make_file(Path(tmp), "bodies.jsonl", body, args.bodies)
            print(f"\n{label}: {args.bodies:,} bodies, {path.stat().st_size / 1e6:.1f} MB", flush=True)
            for jobs in sorted({1, args.jobs}):
                wall = whole_command(path, jobs, args.repeat)
                rates[label, jobs] = args.bodies / wall
                print(f"  reqspec lint -j {jobs} (whole command, median of {args.repeat}): "
                      f"{wall:.2f} s = {args.bodies / wall:,.0f} bodies/s", flush=True)
            parts = stages(path, tokenizer="tokenizer" in label)
            total = sum(parts.values())
            print(f"  in-process: {total:.2f} s = {args.bodies / total:,.0f} bodies/s")
            print("  stage      seconds   share   µs/body")
            for name, seconds in parts.items():
                print(f"  {name:9} {seconds:8.2f} {seconds / total:7.1%} {seconds / args.bodies * 1e6:9.2f}")
    print("\nTargets (same run):")
    for label, jobs in sorted(rates):
        if "clean" in label and "tokenizer" not in label:
            rate = rates[label, jobs]
            print(f"  [{'met' if rate >= TARGET_RATE else 'missed'}] reqspec lint -j {jobs} of the clean file: "
                  f"{rate:,.0f} bodies/s (target: at least {TARGET_RATE:,}, with every warning that needs no tokenizer)")


if __name__ == "__main__":
    main()
