"""What a process that uses reqspec pays to start, with and without bytecode caches.

    python benchmarks/startup.py [--runs 20] [--files 1000] [--jobs 2]

Each figure is the median wall time of --runs whole processes, measured in turns with a bare
interpreter (``python -c pass``) so the difference is what reqspec adds:

- ``import reqspec`` and a first ``reqspec.validate({})``;
- ``reqspec lint`` of one small file;
- ``reqspec lint`` of a folder of --files small files, with -j 1 and -j JOBS.

The package is copied to a temporary folder and run from there (first on PYTHONPATH), once with
its modules compiled ahead (bytecode caches, as an installed package has them) and once from
source with PYTHONDONTWRITEBYTECODE=1 (each process compiles every module again, as in a checkout
where writing bytecode is turned off). check-jsonschema (a peer: 238 ms for one small file and 475
ms for 1,000 on a 2-core build machine) is timed on the same files when installed (--peer); the
command targets are then also given scaled by its speed here against that machine.
"""

from __future__ import annotations

import argparse
import compileall
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
#: check-jsonschema on a 2-core build machine: one small file, 1,000 small files (ms).
PEER = {"one file": 238, "many files": 475}


def timed(args: list[str], env: dict[str, str], cwd: Path) -> float:
    t0 = time.perf_counter()
    subprocess.run(args, env=env, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - t0


def medians(commands: dict[str, list[str]], env: dict[str, str], cwd: Path, runs: int) -> dict[str, float]:
    """Median ms of each command; the commands take turns, run after run."""
    times: dict[str, list[float]] = {name: [] for name in commands}
    for name, args in commands.items():  # one untimed run each: the file cache is warm for all
        timed(args, env, cwd)
    for _ in range(runs):
        for name, args in commands.items():
            times[name].append(timed(args, env, cwd))
    return {name: statistics.median(values) * 1000 for name, values in times.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--files", type=int, default=1000)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--peer", help="the check-jsonschema command (default: the one on PATH)")
    args = parser.parse_args()
    python = sys.executable
    small = json.loads((HERE / "payloads" / "small.json").read_text(encoding="utf-8"))
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        package = work / "site"
        shutil.copytree(ROOT / "reqspec", package / "reqspec", ignore=shutil.ignore_patterns("__pycache__"))
        folder = work / "prompts"
        folder.mkdir()
        for i in range(args.files):
            (folder / f"prompt{i:05d}.json").write_text(json.dumps(small, indent=1), encoding="utf-8")
        one = folder / "prompt00000.json"
        commands = {
            "bare interpreter": [python, "-c", "pass"],
            "import reqspec + first validate": [python, "-c", "import reqspec; reqspec.validate({})"],
            "reqspec lint, 1 small file": [python, "-m", "reqspec", "lint", str(one)],
            f"reqspec lint, {args.files} small files": [python, "-m", "reqspec", "lint", str(folder)],
            f"reqspec lint -j {args.jobs}, {args.files} small files": [python, "-m", "reqspec", "lint", "-j",
                                                                       str(args.jobs), str(folder)],
        }
        checker = args.peer or shutil.which("check-jsonschema")
        if checker:
            schema = str(ROOT / "schema" / "chat_completion_request.schema.json")
            commands["check-jsonschema, 1 small file"] = [checker, "--schemafile", schema, str(one)]
            commands[f"check-jsonschema, {args.files} small files"] = [checker, "--schemafile", schema,
                                                                      *map(str, sorted(folder.iterdir()))]
        base = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONPYCACHEPREFIX")}
        base["PYTHONPATH"] = str(package)
        results = {}
        for label in ("with bytecode caches", "without bytecode caches (PYTHONDONTWRITEBYTECODE=1)"):
            env = dict(base)
            if label.startswith("with "):
                compileall.compile_dir(str(package), quiet=1)
                env.pop("PYTHONDONTWRITEBYTECODE", None)
            else:
                for cache in package.rglob("__pycache__"):
                    shutil.rmtree(cache)
                env["PYTHONDONTWRITEBYTECODE"] = "1"
            results[label] = medians(commands, env, work, args.runs)
        print(f"median wall time of {args.runs} processes, ms (added to a bare interpreter)\n")
        width = max(len(name) for name in commands) + 2
        print(f"{'':{width}}" + "".join(f"{label.split(' (')[0]:>28}" for label in results))
        for name in commands:
            row = f"{name:{width}}"
            for times in results.values():
                bare = times["bare interpreter"]
                extra = "" if name == "bare interpreter" else f" (+{times[name] - bare:.1f})"
                row += f"{times[name]:>16.1f}{extra:>12}"
            print(row)
        if not checker:
            print(f"\ncheck-jsonschema is not installed; on the reference machine it takes {PEER['one file']} ms "
                  f"for one small file and {PEER['many files']} ms for 1,000")
        cached = results["with bytecode caches"]
        print("\nTargets (with bytecode caches, as installed):")
        added = cached["import reqspec + first validate"] - cached["bare interpreter"]
        one_file = cached["reqspec lint, 1 small file"]
        many = cached[f"reqspec lint, {args.files} small files"]
        scale = {}
        if checker:  # how much slower this machine runs the peer than the reference machine did
            scale = {"one": cached["check-jsonschema, 1 small file"] / PEER["one file"],
                     "many": cached[f"check-jsonschema, {args.files} small files"] / PEER["many files"]}
            print(f"  (check-jsonschema runs {scale['one']:.1f}× and {scale['many']:.1f}× slower here than on the "
                  "reference machine; the figures in brackets are scaled by that)")

        def shown(ms: float, key: str) -> str:
            return f"{ms:.1f} ms" + (f" [{ms / scale[key]:.1f} ms scaled]" if scale else "")

        for text, met in (
            (f"import reqspec + first validate adds {added:.1f} ms (≤ 20)", added <= 20),
            (f"reqspec lint of 1 small file: {shown(one_file, 'one')} (≤ 80)",
             one_file / scale.get("one", 1) <= 80),
            (f"reqspec lint of {args.files} small files: {shown(many, 'many')} (≤ 150 for 1,000)",
             many / scale.get("many", 1) <= 150),
        ):
            print(f"  [{'met' if met else 'MISSED'}] {text}")
        jobs = cached[f"reqspec lint -j {args.jobs}, {args.files} small files"]
        print(f"  -j {args.jobs} on {args.files} files: {many / jobs:.2f}× the speed of -j 1")


if __name__ == "__main__":
    main()
