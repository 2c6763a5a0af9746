"""What Dask costs: `reqspec lint --cluster local:N` against `-j N` on one large JSONL file.

    python benchmarks/cluster.py [--size 1G] [--workers 2] [--repeat 5]

Writes a JSONL file of --size bytes of copies of the *typical* payload to a temporary folder
(valid, so the clean path is timed), then times the whole command, in turns, with
`-j N` and with `--cluster local:N` (a LocalCluster of N worker processes that the command makes
and closes: its start is part of the time), each with its report going to /dev/null: wall clock,
in a subprocess of this interpreter, median of --repeat runs. Install reqspec from a wheel (with
the dask extra) to time it as users get it. Prints both, and the engine's overhead, met when
the cluster takes at most 1.15x the processes. Both reports are compared first: they must match.
Needs the dask extra (`pip install 'reqspec[dask]'`).
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
TARGET = 1.15


def size(text: str) -> int:
    units = {"k": 1 << 10, "m": 1 << 20, "g": 1 << 30}
    text = text.strip().lower().removesuffix("b")
    return int(float(text[:-1]) * units[text[-1]]) if text[-1:] in units else int(text)


def write_file(path: Path, target: int) -> int:
    body = json.loads((HERE / "payloads" / "typical.json").read_text(encoding="utf-8"))
    line = (json.dumps(body, separators=(",", ":")) + "\n").encode("utf-8")
    count = max(1, target // len(line))
    block = line * 1000
    with open(path, "wb") as out:
        for _ in range(count // 1000):
            out.write(block)
        out.write(line * (count % 1000))
    return count


def command(engine: list[str], path: Path) -> list[str]:
    return [sys.executable, "-m", "reqspec", "lint", "--no-config", *engine, str(path)]


def timed(engine: list[str], path: Path) -> float:
    started = time.perf_counter()
    done = subprocess.run(command(engine, path), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=path.parent)
    took = time.perf_counter() - started
    if done.returncode != 0:
        sys.exit(f"{' '.join(engine)} failed ({done.returncode}): {done.stderr.decode()[-500:]}")
    return took


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", default="1G", help="size of the JSONL file (for example 1G, 200M)")
    parser.add_argument("--workers", type=int, default=2, help="processes: -j N and local:N (default 2)")
    parser.add_argument("--repeat", type=int, default=5, help="runs of each command (default 5)")
    args = parser.parse_args()
    engines = {f"-j {args.workers}": ["-j", str(args.workers)],
               f"--cluster local:{args.workers}": ["--cluster", f"local:{args.workers}"]}
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bodies.jsonl"
        count = write_file(path, size(args.size))
        print(f"{path.stat().st_size / (1 << 20):,.0f} MiB, {count:,} typical bodies", flush=True)
        reports = {name: subprocess.run(command([*flags, "--format", "json"], path), capture_output=True,
                                        cwd=folder).stdout
                   for name, flags in engines.items()}
        if len(set(reports.values())) != 1:
            sys.exit("the two reports differ")
        runs: dict[str, list[float]] = {name: [] for name in engines}
        for _ in range(args.repeat):  # in turns, so a slow spell of the machine falls on both
            for name, flags in engines.items():
                runs[name].append(timed(flags, path))
    medians = {name: statistics.median(times) for name, times in runs.items()}
    for name, took in medians.items():
        spread = ", ".join(f"{t:.1f}" for t in runs[name])
        print(f"{name:>22}: {took:6.1f} s median ({spread}) = {count / took:,.0f} bodies/s")
    ratio = medians[f"--cluster local:{args.workers}"] / medians[f"-j {args.workers}"]
    verdict = "met" if ratio <= TARGET else "missed"
    print(f"cluster / processes: {ratio:.3f} (overhead {100 * (ratio - 1):+.1f}%; target: at most "
          f"{100 * (TARGET - 1):.0f}%): {verdict}")


if __name__ == "__main__":
    main()
