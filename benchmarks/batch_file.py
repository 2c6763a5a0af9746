"""A Batch API input file lints as fast as a JSONL file of the same bodies, in one run.

    python benchmarks/batch_file.py [--bodies 50000] [--repeat 3] [--jobs 1]

Writes two JSONL files of copies of the *typical* payload (valid: the clean path is timed) to a temporary
folder: the bare bodies, and the same bodies as Batch API lines (``custom_id``, ``method``,
``url``, ``body``), each with its own id. Times the whole command on each (wall clock, in a
subprocess of this interpreter, median of --repeat runs; install reqspec from a wheel to time it
as users get it) and prints the ratio, met when the Batch file takes at most 1.2× the bare one.
The uniqueness check keeps one line number per id.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def typical() -> dict:
    body = json.loads((HERE / "payloads" / "typical.json").read_text(encoding="utf-8"))
    return body


def timed(path: Path, jobs: int, repeat: int) -> float:
    runs = []
    for _ in range(repeat):
        started = time.perf_counter()
        # Run in the file's folder: from a checkout, ``-m reqspec`` would import its reqspec/, not the installed one.
        done = subprocess.run([sys.executable, "-m", "reqspec", "lint", "--no-config", "-j", str(jobs), str(path)], cwd=path.parent,
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        runs.append(time.perf_counter() - started)
        assert done.returncode == 0, done.stderr.decode()[-500:]
    return statistics.median(runs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--bodies", type=int, default=50_000, help="requests in each file (default 50000)")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each command (default 3)")
    parser.add_argument("--jobs", type=int, default=1, help="processes (default 1)")
    args = parser.parse_args()
    body = typical()
    with tempfile.TemporaryDirectory() as folder:
        bare, batch = Path(folder) / "bare.jsonl", Path(folder) / "batch.jsonl"
        line = json.dumps(body)
        bare.write_text((line + "\n") * args.bodies, encoding="utf-8")
        with batch.open("w", encoding="utf-8") as out:
            for i in range(args.bodies):
                out.write(f'{{"custom_id": "request-{i}", "method": "POST", "url": "/v1/chat/completions", "body": {line}}}\n')
        seconds = {name: timed(path, args.jobs, args.repeat) for name, path in (("bare", bare), ("batch", batch))}
    for name, took in seconds.items():
        print(f"  reqspec lint -j {args.jobs}, {args.bodies:,} {name} lines: {took:.2f} s ({args.bodies / took:,.0f} bodies/s)")
    ratio = seconds["batch"] / seconds["bare"]
    print("Targets (same run):")
    print(f"  [{'met' if ratio <= 1.2 else 'missed'}] the Batch file takes {ratio:.2f}x the bare bodies (at most 1.2x)")


if __name__ == "__main__":
    main()
