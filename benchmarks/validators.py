"""reqspec against the other validators of this body, on the five payloads, in one run.

    python benchmarks/validators.py [--repeat 15] [--budget 0.02] [--wall]

Every contender gets an already-parsed body and is built once before timing:

- reqspec.validate (every error, with pointers and messages) and reqspec.is_valid (yes or no);
- jsonschema: a Draft202012Validator on schema/chat_completion_request.schema.json, both
  is_valid() and list(iter_errors()), its every-error counterpart of validate;
- fastjsonschema, compiled from the draft-07 copy of the schema (it reads no 2020-12), which
  stops at the first error (it raises);
- jsonschema-rs, a validator built once, is_valid();
- pydantic v2: a TypeAdapter over the TypedDicts of reqspec.types, validating in strict mode; it
  checks types, required members and enums only (no ranges, patterns or cross-member rules).

Timing: each contender runs for about --budget seconds per timeit run, the contenders take turns,
and the median of --repeat runs is kept. By default the clock is the CPU time of this process, so
other processes on a busy machine do not count; --wall uses the wall clock. The table gives the
median µs per call and each contender's time relative to reqspec.validate (a ratio above 1 means
slower than reqspec.validate); then the targets of the issue are checked on the same run.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
import timeit
from pathlib import Path
from typing import Any, Callable

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
import reqspec  # noqa: E402  (the installed package: install from a wheel to time it as users get it)

PAYLOADS = ("small", "typical", "functions", "large", "invalid")


def draft07(schema: Any) -> Any:
    """The 2020-12 schema as draft-07: $defs become definitions, dependentRequired dependencies."""
    if isinstance(schema, list):
        return [draft07(item) for item in schema]
    if not isinstance(schema, dict):
        return schema
    out: dict[str, Any] = {}
    for key, value in schema.items():
        if key == "$schema":
            out[key] = "http://json-schema.org/draft-07/schema#"
        elif key == "$defs":
            out["definitions"] = draft07(value)
        elif key == "$ref" and isinstance(value, str):
            out[key] = value.replace("#/$defs/", "#/definitions/")
        elif key == "dependentRequired":
            out["dependencies"] = draft07(value)
        else:
            out[key] = draft07(value)
    return out


def contenders() -> tuple[dict[str, Callable[[Any], Any]], list[str]]:
    """Name -> a function of a parsed body; and why any contender is missing."""
    schema = json.loads((ROOT / "schema" / "chat_completion_request.schema.json").read_text(encoding="utf-8"))
    found: dict[str, Callable[[Any], Any]] = {"reqspec.validate": reqspec.validate, "reqspec.is_valid": reqspec.is_valid}
    skipped = []
    try:
        import jsonschema

        judge = jsonschema.Draft202012Validator(schema)
        found["jsonschema is_valid"] = judge.is_valid
        found["jsonschema iter_errors"] = lambda body: list(judge.iter_errors(body))
    except ImportError:
        skipped.append("jsonschema: not installed (pip install 'reqspec[bench]')")
    try:
        import fastjsonschema

        copy07 = ROOT / "schema" / "chat_completion_request.draft07.schema.json"
        schema07 = json.loads(copy07.read_text(encoding="utf-8")) if copy07.is_file() else draft07(schema)
        compiled = fastjsonschema.compile(schema07)
        refused = fastjsonschema.JsonSchemaException

        def fast(body: Any) -> bool:
            try:
                compiled(body)
            except refused:
                return False
            return True

        found["fastjsonschema"] = fast
    except ImportError:
        skipped.append("fastjsonschema: not installed (pip install 'reqspec[bench]')")
    try:
        import jsonschema_rs

        found["jsonschema-rs is_valid"] = jsonschema_rs.validator_for(schema).is_valid
    except ImportError:
        skipped.append("jsonschema-rs: not installed (pip install 'reqspec[bench]')")
    try:
        import pydantic

        try:
            from reqspec.types import CreateChatCompletionRequest
        except ImportError:
            skipped.append("pydantic: reqspec.types (the generated TypedDicts) is not there")
        else:
            check = pydantic.TypeAdapter(pydantic_typeddict(CreateChatCompletionRequest)).validate_python
            wrong = pydantic.ValidationError

            def strict(body: Any) -> bool:
                try:
                    check(body, strict=True)
                except wrong:
                    return False
                return True

            found["pydantic strict TypedDict"] = strict
    except ImportError:
        skipped.append("pydantic: not installed (pip install 'reqspec[bench]')")
    return found, skipped


def pydantic_typeddict(root: Any) -> Any:
    """The TypedDicts of reqspec.types rebuilt on typing_extensions.TypedDict, which pydantic
    needs before Python 3.12; members, Required and NotRequired are kept as they are."""
    import functools
    import operator
    import types
    import typing

    import typing_extensions

    made: dict[Any, Any] = {}

    def rebuild(hint: Any) -> Any:
        if typing_extensions.is_typeddict(hint):
            if hint not in made:
                members = typing.get_type_hints(hint, include_extras=True)
                made[hint] = typing_extensions.TypedDict(hint.__name__, {k: rebuild(v) for k, v in members.items()},
                                                         total=hint.__total__)
            return made[hint]
        origin, args = typing.get_origin(hint), typing.get_args(hint)
        if origin is None or origin is typing.Literal:
            return hint
        inner = tuple(rebuild(a) for a in args)
        if origin is typing.Required:
            return typing_extensions.Required[inner[0]]
        if origin is typing.NotRequired:
            return typing_extensions.NotRequired[inner[0]]
        if origin in (typing.Union, types.UnionType):
            return functools.reduce(operator.or_, inner) if origin is types.UnionType else typing.Union[inner]
        return origin[inner]

    return rebuild(root)


def verdict(result: Any) -> str:
    if isinstance(result, bool):
        return "valid" if result else "invalid"
    return f"{len(result)} error(s)" if result else "valid"


def measure(functions: dict[str, Callable[[Any], Any]], bodies: dict[str, Any], repeat: int, budget: float,
            clock: Callable[[], float]) -> dict[tuple[str, str], float]:
    """Median µs per call of every (contender, payload); contenders take turns within a payload."""
    out = {}
    for payload, body in bodies.items():
        plans = []
        for name, function in functions.items():
            timer = timeit.Timer(lambda f=function, b=body: f(b), timer=clock)
            function(body)  # warm: first calls build caches
            number, taken = 1, timer.timeit(1)
            while taken < budget / 4 and number < 1 << 20:
                number *= 4
                taken = timer.timeit(number)
            number = max(1, int(number * budget / max(taken, 1e-9)))
            plans.append((name, timer, number, []))
        for _ in range(repeat):
            for name, timer, number, runs in plans:
                runs.append(timer.timeit(number) / number * 1e6)
        for name, _, _, runs in plans:
            out[name, payload] = statistics.median(runs)
    return out


def table(times: dict[tuple[str, str], float], names: list[str], payloads: list[str]) -> str:
    width = max(len(n) for n in names) + 2
    lines = [f"{'µs per call (× reqspec.validate)':{width}}" + "".join(f"{p:>20}" for p in payloads)]
    for name in names:
        row = f"{name:{width}}"
        for payload in payloads:
            value = times[name, payload]
            ratio = value / times["reqspec.validate", payload]
            row += f"{value:>11.2f} ({ratio:5.2f}×)"
        lines.append(row)
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=15, help="timeit runs per contender and payload (median)")
    parser.add_argument("--budget", type=float, default=0.02, help="seconds per timeit run")
    parser.add_argument("--wall", action="store_true", help="time with the wall clock, not CPU time")
    args = parser.parse_args()
    clock = time.perf_counter if args.wall else time.process_time
    bodies = {name: json.loads((HERE / "payloads" / f"{name}.json").read_text(encoding="utf-8")) for name in PAYLOADS}
    functions, skipped = contenders()
    for reason in skipped:
        print(f"skipped {reason}")
    print("verdicts:")
    for name, function in functions.items():
        print(f"  {name:28}" + "  ".join(f"{p}={verdict(function(b))}" for p, b in bodies.items()))
    times = measure(functions, bodies, args.repeat, args.budget, clock)
    print(f"\n{'CPU' if not args.wall else 'wall'} time, median of {args.repeat} runs of about {args.budget} s each\n")
    print(table(times, list(functions), list(bodies)))

    messages = len(bodies["large"]["messages"])
    per_message = times["reqspec.validate", "large"] / messages
    print(f"\nlarge has {messages} messages: reqspec.validate {per_message:.3f} µs per message")
    print("\nTargets (same run):")
    checks = []
    typical = times["reqspec.validate", "typical"]
    for other, floor in (("fastjsonschema", 5), ("jsonschema is_valid", 60)):
        if (other, "typical") in times:
            ratio = times[other, "typical"] / typical
            checks.append((f"validate on typical {ratio:.1f}× faster than {other} (≥ {floor}×)", ratio >= floor))
    if ("jsonschema-rs is_valid", "large") in times:
        ratio = times["reqspec.validate", "large"] / times["jsonschema-rs is_valid", "large"]
        checks.append((f"validate on large {ratio:.2f}× the time of jsonschema-rs is_valid (≤ 1.0×; "
                       f"{per_message:.3f} µs per message)", ratio <= 1.0))
    for payload in PAYLOADS:
        if ("jsonschema-rs is_valid", payload) in times:
            ratio = times["reqspec.is_valid", payload] / times["jsonschema-rs is_valid", payload]
            checks.append((f"is_valid on {payload} {ratio:.2f}× the time of jsonschema-rs is_valid (≤ 1.0×)",
                           ratio <= 1.0))
    for text, met in checks:
        print(f"  [{'met' if met else 'MISSED'}] {text}")


if __name__ == "__main__":
    main()
