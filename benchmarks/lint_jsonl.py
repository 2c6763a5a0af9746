"""How fast `reqspec lint` goes through a large JSONL file, and where the time goes.

    python benchmarks/lint_jsonl.py [--bodies 100000] [--jobs 1]

Writes a JSONL file of copies of the *typical* payload to a temporary folder, times the whole
command (wall clock, in a subprocess), then times each stage in-process: read (lines off disk),
parse (JSON, strict), validate (errors), warnings (lint minus validate), locate (positions of the
findings) and report (text output). Two variants: the typical payload as shipped (its logit_bias
holds two non-integer values, so every body has two findings to locate and report) and a clean
variant (those values rounded), which is the clean path.
"""

from __future__ import annotations

import argparse
import io
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

import reqspec  # noqa: E402
from reqspec.linter import Settings, lint_paths  # noqa: E402
from reqspec.reading import read_path  # noqa: E402
from reqspec.report import write_text  # noqa: E402


def make_file(folder: Path, name: str, body: dict, count: int) -> Path:
    line = json.dumps(body, separators=(",", ":")) + "\n"
    path = folder / name
    with open(path, "w", encoding="utf-8") as out:
        for _ in range(count):
            out.write(line)
    return path


def stages(path: Path) -> dict[str, float]:
    t0 = time.perf_counter()
    with open(path, "rb") as f:
        for _ in f:
            pass
    read = time.perf_counter() - t0

    t0 = time.perf_counter()
    docs = list(read_path(path))
    parse = time.perf_counter() - t0 - read

    bodies = [d.value for d in docs]
    t0 = time.perf_counter()
    found = [reqspec.validate(b) for b in bodies]
    validate = time.perf_counter() - t0

    t0 = time.perf_counter()
    for b in bodies:
        reqspec.lint(b)
    warnings = time.perf_counter() - t0 - validate

    t0 = time.perf_counter()
    for doc, errors in zip(docs, found):
        for e in errors:
            doc.locate(e.pointer, key=e.rule in reqspec.KEY_RULES)
    locate = time.perf_counter() - t0

    run = lint_paths([str(path)], Settings())
    results = list(run.results())
    t0 = time.perf_counter()
    write_text(run, results, io.StringIO())
    report = time.perf_counter() - t0
    return {"read": read, "parse": parse, "validate": validate, "warnings": warnings,
            "locate": locate, "report": report}


def whole_command(path: Path, jobs: int) -> float:
    args = [sys.executable, "-m", "reqspec", "lint", str(path)]
    if jobs > 1:
        args[4:4] = ["-j", str(jobs)]
    t0 = time.perf_counter()
    subprocess.run(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=HERE.parent)
    return time.perf_counter() - t0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bodies", type=int, default=100_000)
    parser.add_argument("--jobs", type=int, default=1)
    args = parser.parse_args()
    typical = json.loads((HERE / "payloads" / "typical.json").read_text())
    clean = json.loads(json.dumps(typical))
    clean["logit_bias"] = {k: round(v) for k, v in clean["logit_bias"].items()}
    with tempfile.TemporaryDirectory() as tmp:
        for label, body in (("typical (2 findings per body)", typical), ("typical, clean", clean)):
            path = make_file(Path(tmp), "bodies.jsonl", body, args.bodies)
            wall = whole_command(path, args.jobs)
            parts = stages(path)
            total = sum(parts.values())
            print(f"\n{label}: {args.bodies:,} bodies, {path.stat().st_size / 1e6:.1f} MB")
            print(f"  reqspec lint (whole command, -j {args.jobs}): {wall:.2f} s = {args.bodies / wall:,.0f} bodies/s")
            print("  stage      seconds   share   µs/body")
            for name, seconds in parts.items():
                print(f"  {name:9} {seconds:8.2f} {seconds / total:7.1%} {seconds / args.bodies * 1e6:9.2f}")


if __name__ == "__main__":
    main()
