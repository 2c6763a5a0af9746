"""What checking function parameters as a JSON Schema costs, on the *functions* payload, in one run.

    python benchmarks/parameters_cost.py [--repeat 25] [--number 300]

Contenders, each given the already-parsed body:

- the validator as it was before parameters were checked as a JSON Schema
  (``benchmarks/baseline/validator_before_parameters.py``, standalone), ``validate``;
- reqspec's current ``validate`` and ``is_valid``;
- jsonschema-rs ``is_valid`` on the emitted JSON Schema (when installed: the ``bench`` extra).

The contenders take turns, ``--number`` calls a turn, ``--repeat`` turns each; the median and the
minimum of the turns are printed, in µs per call, and the targets are checked on the medians:
``validate`` within 1.5× of its time before, ``is_valid`` within 2× of jsonschema-rs.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import statistics
import sys
import timeit
from pathlib import Path
from typing import Any, Callable

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
import reqspec  # noqa: E402  (the installed package: install from a wheel to time it as users get it)


def baseline() -> Any:
    path = HERE / "baseline" / "validator_before_parameters.py"
    spec = importlib.util.spec_from_file_location("validator_before_parameters", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=25, help="turns per contender (default 25)")
    parser.add_argument("--number", type=int, default=300, help="calls per turn (default 300)")
    parser.add_argument("--payload", default="functions", help="payload of benchmarks/payloads (default functions)")
    args = parser.parse_args()
    body = json.loads((HERE / "payloads" / f"{args.payload}.json").read_text(encoding="utf-8"))
    before = baseline()
    contenders: dict[str, Callable[[], Any]] = {
        "validate, before": lambda: before.validate(body),
        "reqspec.validate": lambda: reqspec.validate(body),
        "reqspec.is_valid": lambda: reqspec.is_valid(body),
    }
    try:
        import jsonschema_rs
    except ImportError:
        print("jsonschema-rs is not installed (pip install -e '.[bench]'): its figure is left out")
    else:
        rs = jsonschema_rs.validator_for(reqspec.json_schema())
        contenders["jsonschema-rs is_valid"] = lambda: rs.is_valid(body)
    turns: dict[str, list[float]] = {name: [] for name in contenders}
    for _ in range(args.repeat):
        for name, call in contenders.items():
            turns[name].append(timeit.timeit(call, number=args.number) / args.number * 1e6)
    median = {name: statistics.median(times) for name, times in turns.items()}
    print(f"payload: {args.payload}; µs per call, median (minimum) of {args.repeat} turns of {args.number}")
    for name, times in turns.items():
        print(f"  {name:<24} {median[name]:8.2f} ({min(times):.2f})")
    print("Targets (same run):")
    ratio = median["reqspec.validate"] / median["validate, before"]
    print(f"  [{'met' if ratio <= 1.5 else 'missed'}] validate: {ratio:.2f}x its time before parameters were checked (at most 1.5x)")
    if "jsonschema-rs is_valid" in median:
        ratio = median["reqspec.is_valid"] / median["jsonschema-rs is_valid"]
        print(f"  [{'met' if ratio <= 2.0 else 'missed'}] is_valid: {ratio:.2f}x jsonschema-rs is_valid (at most 2x)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
