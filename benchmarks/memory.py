"""Peak memory of `reqspec lint` on a large JSONL file: it is streamed, never read whole.

    python benchmarks/memory.py [--size 1G] [--payload typical|clean] [--jobs 1]

Writes a JSONL file of --size bytes of copies of a payload to a temporary folder (typical with
two errors in every body, so findings stream out too; clean: the typical payload, valid), runs the command on it
with its report going to /dev/null, and samples the resident memory of the process and of the
workers it starts (-j) every 20 ms. Reports the peak of the command's process, the peak of the
whole process tree, the time taken and the bodies per second.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def size(text: str) -> int:
    units = {"k": 1 << 10, "m": 1 << 20, "g": 1 << 30}
    text = text.strip().lower().removesuffix("b")
    return int(float(text[:-1]) * units[text[-1]]) if text[-1:] in units else int(text)


def write_file(path: Path, body: dict, target: int) -> int:
    line = (json.dumps(body, separators=(",", ":")) + "\n").encode("utf-8")
    count = max(1, target // len(line))
    block = line * 1000
    with open(path, "wb") as out:
        for _ in range(count // 1000):
            out.write(block)
        out.write(line * (count % 1000))
    return count


def rss_kib(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def children(pid: int) -> list[int]:
    try:
        with open(f"/proc/{pid}/task/{pid}/children", encoding="ascii") as listing:
            return [int(child) for child in listing.read().split()]
    except OSError:
        return []


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", default="1G", help="size of the JSONL file (for example 1G, 200M)")
    parser.add_argument("--payload", choices=["typical", "clean"], default="typical")
    parser.add_argument("--jobs", type=int, default=1)
    args = parser.parse_args()
    if not Path("/proc/self/status").exists():
        sys.exit("this benchmark reads /proc (Linux)")
    body = json.loads((HERE / "payloads" / "typical.json").read_text(encoding="utf-8"))
    if args.payload == "typical":  # two logit_bias values that are not integers: two findings a body
        first, second = list(body["logit_bias"])[:2]
        body["logit_bias"][first] += 0.5
        body["logit_bias"][second] -= 0.5
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bodies.jsonl"
        count = write_file(path, body, size(args.size))
        print(f"{path.stat().st_size / (1 << 20):,.0f} MiB, {count:,} bodies ({args.payload}), -j {args.jobs}",
              flush=True)
        command = [sys.executable, "-m", "reqspec", "lint", "-j", str(args.jobs), str(path)]
        t0 = time.perf_counter()
        process = subprocess.Popen(command, cwd=tmp, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        own = tree = 0
        while process.poll() is None:
            main_rss = rss_kib(process.pid)
            own = max(own, main_rss)
            tree = max(tree, main_rss + sum(rss_kib(child) for child in children(process.pid)))
            time.sleep(0.02)
        elapsed = time.perf_counter() - t0
    print(f"exit code {process.returncode}, {elapsed:.1f} s = {count / elapsed:,.0f} bodies/s")
    print(f"peak resident memory: the command {own / 1024:.0f} MiB; with its workers {tree / 1024:.0f} MiB "
          f"(target: under 200 MiB)")


if __name__ == "__main__":
    main()
