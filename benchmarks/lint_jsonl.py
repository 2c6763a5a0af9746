"""How fast `reqspec lint` goes through a large JSONL file, against parse + Rust check, and where
the time goes.

    python benchmarks/lint_jsonl.py [--bodies 50000] [--jobs 1] [--repeat 3]

Writes JSONL files of copies of the *typical* payload to a temporary folder and, for each, times
the whole command (wall clock, in a subprocess of this interpreter, median of --repeat runs; install
reqspec from a wheel to time it as users get it), then times each stage in one pass of the
command's code in-process: read (lines off disk), parse (JSON, strict, with the document each line
becomes), validate (errors), warnings (what lint() adds to validate()), locate (positions of the
findings) and report (findings made, counted and written as text). Variants:

- the typical payload (valid): the clean path;
- the same with two errors in every body (two logit_bias values that are not integers), so every
  body has findings to locate and report;
- a clean variant whose max_tokens comes close to the model's context length, so the
  context-length warning cannot be settled by counting bytes and needs the tokenizer.

The peer, timed in turns with the command on the clean file when jsonschema-rs is installed, is a
whole Python process that reads the file line by line with ``json.loads`` and checks each body with
jsonschema-rs ``is_valid`` against reqspec's JSON Schema: no strictness (duplicate keys, NaN and lone
surrogates pass), no position, no warning, no report.

With ``--instructions N`` the same commands are also counted in instructions, under valgrind's
callgrind when it is installed: each on N and on 3N bodies, the difference divided by 2N, so the
interpreter's start cancels out. Counts are the same from run to run where times on a shared
machine are not; they weigh each instruction alike (a cache miss costs nothing), so read them
beside the times, not instead of them.
"""

from __future__ import annotations

import argparse
import io
import json
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import types
from pathlib import Path

HERE = Path(__file__).resolve().parent

import reqspec  # noqa: E402
from reqspec.linter import Settings, lint_paths  # noqa: E402
from reqspec.reading import read_path  # noqa: E402
from reqspec.report import write_text  # noqa: E402


#: reqspec lint -j 1 of the clean file against the json.loads + jsonschema-rs loop: at most this.
TARGET_PEER = 1.0
#: The file whose every body has two errors against the clean file: at most this.
TARGET_FINDINGS = 2.0

CLEAN = "typical, clean"
FINDINGS = "typical, 2 errors per body"
PEER = "json.loads + jsonschema-rs is_valid loop"

PEER_LOOP = """
import json, sys
import jsonschema_rs
with open(sys.argv[1], encoding="utf-8") as schema:
    is_valid = jsonschema_rs.validator_for(json.load(schema)).is_valid
loads = json.loads
valid = 0
with open(sys.argv[2], "rb") as lines:
    for line in lines:
        if line.strip():
            valid += is_valid(loads(line))
print(valid)
"""


def make_file(folder: Path, name: str, body: dict, count: int) -> Path:
    line = json.dumps(body, separators=(",", ":")) + "\n"
    path = folder / name
    with open(path, "w", encoding="utf-8") as out:
        for _ in range(count):
            out.write(line)
    return path


def variants() -> list[tuple[str, dict]]:
    typical = json.loads((HERE / "payloads" / "typical.json").read_text(encoding="utf-8"))
    broken = json.loads(json.dumps(typical))
    first, second = list(broken["logit_bias"])[:2]
    broken["logit_bias"][first] += 0.5  # two values that are not integers: two errors
    broken["logit_bias"][second] -= 0.5
    near = json.loads(json.dumps(typical))
    near["max_tokens"] = 8000  # the byte count of the prompt no longer proves it fits in 8192
    return [(CLEAN, typical), (FINDINGS, broken), ("typical, clean, max_tokens 8000 (tokenizer needed)", near)]


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

    from reqspec import _validator

    lint_rows = _validator.LINT_ROWS["body"]

    def timed_first(body: object, limit: int, skip: object, size: int = -1) -> tuple:
        t0 = clock()
        reqspec.validate(body)
        t1 = clock()
        found = lint_rows(body, limit, skip, size)
        spent["validate"] += t1 - t0
        spent["lint"] += clock() - t1
        return found

    locate = Document.locate_all

    def timed_locate(self: Document, requests: list[tuple[str, bool]]) -> list[tuple[int, int]]:
        t0 = clock()
        where = locate(self, requests)
        spent["locate"] += clock() - t0
        return where

    rules = types.SimpleNamespace(**vars(_validator))
    rules.LINT_ROWS = {**_validator.LINT_ROWS, "body": timed_first}
    engine.read_path, Document.locate_all = timed_read_path, timed_locate  # type: ignore[assignment, method-assign]
    try:
        t0 = clock()
        run = lint_paths([str(path)], Settings(), rules)  # type: ignore[arg-type]
        write_text(run, run.results(), _Null())
        whole = clock() - t0 - spent["validate"]
    finally:
        engine.read_path, Document.locate_all = read_path, locate  # type: ignore[method-assign]
        reqspec.set_token_counter("auto")
    parsed, lint = spent["read+parse"], spent["lint"]
    return {"read": read, "parse": max(parsed - read, 0.0), "validate": spent["validate"],
            "warnings": max(lint - spent["validate"], 0.0), "locate": spent["locate"],
            "report": max(whole - parsed - lint - spent["locate"], 0.0)}


def whole_command(path: Path, jobs: int) -> list[str]:
    args = [sys.executable, "-m", "reqspec", "lint", "--no-config", str(path)]
    if jobs > 1:
        args[4:4] = ["-j", str(jobs)]
    return args


def in_turns(commands: dict[str, list[str]], repeat: int) -> dict[str, float]:
    """Median wall seconds of each command, the commands taking turns run after run."""
    times: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(repeat):
        for name, args in commands.items():
            t0 = time.perf_counter()
            subprocess.run(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=tempfile.gettempdir())
            times[name].append(time.perf_counter() - t0)
    return {name: statistics.median(values) for name, values in times.items()}


def peer_command(folder: Path, path: Path) -> list[str] | None:
    import importlib.util

    if importlib.util.find_spec("jsonschema_rs") is None:
        print("  (jsonschema-rs is not installed: pip install 'reqspec[bench]' to time the peer)")
        return None
    schema = folder / "schema.json"
    schema.write_text(json.dumps(reqspec.json_schema()), encoding="utf-8")
    return [sys.executable, "-c", PEER_LOOP, str(schema), str(path)]


def instructions(args: list[str]) -> int | None:
    """Instructions the process runs, counted by callgrind; None without valgrind."""
    valgrind = shutil.which("valgrind")
    if valgrind is None:
        return None
    run = subprocess.run([valgrind, "--tool=callgrind", "--callgrind-out-file=/dev/null", *args],
                         stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, cwd=tempfile.gettempdir())
    found = re.search(r"Collected : (\d+)", run.stderr)
    return int(found.group(1)) if found else None


def per_body_instructions(bodies: int) -> dict[str, float] | None:
    """Instructions per body of the command on each variant, and of the peer on the clean one."""
    counts: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for label, body in variants()[:2]:
            commands = {}
            for count in (bodies, 3 * bodies):
                path = make_file(Path(tmp), f"{label[:7]}{count}.jsonl", body, count)
                commands.setdefault(f"{label}: reqspec lint -j 1", []).append(whole_command(path, 1))
                peer = peer_command(Path(tmp), path) if label == CLEAN else None
                if peer is not None:
                    commands.setdefault(f"{label}: {PEER}", []).append(peer)
            for name, (small, large) in commands.items():
                first, second = instructions(small), instructions(large)
                if first is None or second is None:
                    return None
                counts[name] = (second - first) / (2 * bodies)
    return counts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bodies", type=int, default=50_000)
    parser.add_argument("--jobs", type=int, default=1, help="also time the command with -j JOBS")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each whole command (median)")
    parser.add_argument("--instructions", type=int, default=0, metavar="N",
                        help="also count instructions per body under valgrind, on N and 3N bodies (1000 is plenty)")
    args = parser.parse_args()
    walls: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for label, body in variants():
            path = make_file(Path(tmp), f"{len(walls)}.jsonl", body, args.bodies)
            print(f"\n{label}: {args.bodies:,} bodies, {path.stat().st_size / 1e6:.1f} MB", flush=True)
            commands = {f"reqspec lint -j {jobs}": whole_command(path, jobs) for jobs in sorted({1, args.jobs})}
            peer = peer_command(Path(tmp), path) if label == CLEAN else None
            if peer is not None:
                commands[PEER] = peer
            for name, wall in in_turns(commands, args.repeat).items():
                walls[f"{label}: {name}"] = wall
                print(f"  {name} (whole process, median of {args.repeat}): "
                      f"{wall:.2f} s = {args.bodies / wall:,.0f} bodies/s", flush=True)
            parts = stages(path, tokenizer="tokenizer" in label)
            total = sum(parts.values())
            print(f"  in-process: {total:.2f} s = {args.bodies / total:,.0f} bodies/s")
            print("  stage      seconds   share   µs/body")
            for name, seconds in parts.items():
                print(f"  {name:9} {seconds:8.2f} {seconds / total:7.1%} {seconds / args.bodies * 1e6:9.2f}")
    print("\nTargets (same run):")
    clean = walls[f"{CLEAN}: reqspec lint -j 1"]
    if f"{CLEAN}: {PEER}" in walls:
        ratio = clean / walls[f"{CLEAN}: {PEER}"]
        print(f"  [{'met' if ratio <= TARGET_PEER else 'missed'}] reqspec lint -j 1 of the clean file: {ratio:.2f}× "
              f"the time of the {PEER} (target: at most {TARGET_PEER:.1f}×)")
    ratio = walls[f"{FINDINGS}: reqspec lint -j 1"] / clean
    print(f"  [{'met' if ratio <= TARGET_FINDINGS else 'missed'}] reqspec lint -j 1 of the file with 2 errors per "
          f"body: {ratio:.2f}× the clean file (target: at most {TARGET_FINDINGS:.1f}×)")
    if args.instructions:
        counted = per_body_instructions(args.instructions)
        if counted is None:
            print("\nInstructions: valgrind is not installed (or could not count); nothing counted.")
            return
        print(f"\nInstructions per body (callgrind, {args.instructions:,} and {3 * args.instructions:,} bodies):")
        for name, count in counted.items():
            print(f"  {name}: {count:,.0f}")
        mine = counted[f"{CLEAN}: reqspec lint -j 1"]
        if f"{CLEAN}: {PEER}" in counted:
            print(f"  reqspec lint of the clean file: {mine / counted[f'{CLEAN}: {PEER}']:.2f}× the instructions of the "
                  f"{PEER} (target, in time: at most {TARGET_PEER:.1f}×)")
        print(f"  the file with 2 errors per body: {counted[f'{FINDINGS}: reqspec lint -j 1'] / mine:.2f}× the "
              f"instructions of the clean file (target, in time: at most {TARGET_FINDINGS:.1f}×)")


if __name__ == "__main__":
    main()
