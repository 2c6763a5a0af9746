"""What a process that uses reqspec pays to start, with and without bytecode caches.

    python benchmarks/startup.py [--runs 20] [--files 1000] [--jobs 2]

Each figure is the median wall time of --runs whole processes, measured in turns with a bare
interpreter (``python -c pass``) so the difference is what reqspec adds:

- ``import reqspec`` and a first ``reqspec.validate({})``;
- ``reqspec lint`` of one small file;
- ``reqspec lint`` of a folder of --files small files, with -j 1 and -j JOBS.

The installed package is copied to a temporary folder and run from there (first on PYTHONPATH), once with
its modules compiled ahead (bytecode caches, as an installed package has them) and once from
source with PYTHONDONTWRITEBYTECODE=1 (each process compiles every module again, as in a checkout
where writing bytecode is turned off). The imports of fastjsonschema, jsonschema-rs and jsonschema,
and check-jsonschema (a peer command) on the same files, are timed in the same turns when they are
installed (--peer names another check-jsonschema). Targets, as ratios of one run: the import and a
first validate within 1.5× a bare interpreter start; the command on one small file within 0.2× the
time of check-jsonschema on it.
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


def installed() -> Path:
    """The reqspec package this interpreter imports (a wheel's, as users get it)."""
    import importlib.util

    found = importlib.util.find_spec("reqspec")
    if found is None or found.origin is None:
        sys.exit("reqspec is not installed: pip install it (from a wheel, to time it as users get it)")
    return Path(found.origin).parent


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
        shutil.copytree(installed(), package / "reqspec", ignore=shutil.ignore_patterns("__pycache__"))
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
        import importlib.util

        for module in ("fastjsonschema", "jsonschema_rs", "jsonschema"):  # peers' imports, for scale
            if importlib.util.find_spec(module) is not None:
                commands[f"import {module}"] = [python, "-c", f"import {module}"]
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
            print("\ncheck-jsonschema is not installed (pip install 'reqspec[bench]'): the command is not compared")
        cached = results["with bytecode caches"]
        print("\nTargets (with bytecode caches, as installed):")
        bare = cached["bare interpreter"]
        imported = cached["import reqspec + first validate"] / bare
        peers = ", ".join(f"{name.removeprefix('import ')} {cached[name] / bare:.1f}×" for name in cached
                          if name.startswith("import ") and "reqspec" not in name)
        checks = [(f"import reqspec + first validate: {imported:.2f}× a bare interpreter start (≤ 1.5×"
                   + (f"; {peers}" if peers else "") + ")", imported <= 1.5)]
        one_file = cached["reqspec lint, 1 small file"]
        if checker:
            ratio = one_file / cached["check-jsonschema, 1 small file"]
            checks.append((f"reqspec lint of 1 small file: {one_file:.1f} ms, {ratio:.2f}× check-jsonschema "
                           f"({cached['check-jsonschema, 1 small file']:.1f} ms; ≤ 0.2×)", ratio <= 0.2))
            many = cached[f"reqspec lint, {args.files} small files"]
            ratio = many / cached[f"check-jsonschema, {args.files} small files"]
            print(f"  reqspec lint of {args.files} small files: {many:.1f} ms, {ratio:.2f}× check-jsonschema")
        for text, met in checks:
            print(f"  [{'met' if met else 'MISSED'}] {text}")
        many = cached[f"reqspec lint, {args.files} small files"]
        jobs = cached[f"reqspec lint -j {args.jobs}, {args.files} small files"]
        print(f"  -j {args.jobs} on {args.files} files: {many / jobs:.2f}× the speed of -j 1")


if __name__ == "__main__":
    main()
