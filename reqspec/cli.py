"""The ``reqspec`` command: a thin shell over the library (argument parsing and exit codes only)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import NoReturn, Sequence

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message}\n")


def _generate(args: argparse.Namespace) -> int:
    from . import generate
    from .spec.loader import SpecError

    try:
        if args.spec:
            from .spec.loader import load_spec

            spec_path = Path(args.spec)
            spec = load_spec(spec_path)
            out_dir = Path(args.out or ".")
            outcomes = generate.run(generate.user_artifacts(spec, spec_path, out_dir), spec, check=args.check)
        else:
            if args.out:
                print("reqspec generate: --out goes with --spec", file=sys.stderr)
                return EXIT_USAGE
            if not generate.BUILTIN_SPEC.is_file():
                print(f"reqspec generate: no spec at {generate.BUILTIN_SPEC} (run from a source checkout, or pass --spec)",
                      file=sys.stderr)
                return EXIT_USAGE
            outcomes = generate.generate_builtin(check=args.check)
    except SpecError as exc:
        print(f"reqspec generate: {exc}", file=sys.stderr)
        return EXIT_FINDINGS
    except ImportError as exc:
        print(f"reqspec generate: needs PyYAML to read the spec ({exc}); pip install 'reqspec[yaml]'",
              file=sys.stderr)
        return EXIT_USAGE
    stale = [o for o in outcomes if o.changed]
    if args.check:
        for o in stale:
            print(f"stale: {o.path} (run: python -m reqspec generate)", file=sys.stderr)
        if not stale:
            print(f"{len(outcomes)} generated file(s) up to date")
        return EXIT_FINDINGS if stale else EXIT_OK
    for o in outcomes:
        print(f"{'wrote' if o.changed else 'unchanged'}: {o.path}")
    return EXIT_OK


def _rule_list(text: str) -> frozenset[str]:
    return frozenset(part.strip() for part in text.split(",") if part.strip())


def _size(text: str) -> int:
    units = {"k": 1024, "m": 1024**2, "g": 1024**3}
    text = text.strip().lower().removesuffix("b").removesuffix("i")
    factor = units.get(text[-1:], 1)
    number = text[:-1] if text[-1:] in units else text
    try:
        value = int(float(number) * factor)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a size: {text!r} (for example 50M)") from None
    if value < 1:
        raise argparse.ArgumentTypeError("a size must be positive")
    return value


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError("must be 1 or more")
    return value


def _lint(args: argparse.Namespace) -> int:
    from .lint_command import run_lint

    return run_lint(args)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="reqspec", description="Validate, lint and document OpenAI chat completion request bodies.")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    gen = sub.add_parser("generate", help="regenerate the JSON Schema, validator, docs and types from a spec")
    gen.add_argument("--check", action="store_true", help="write nothing; exit 1 naming each stale file")
    gen.add_argument("--spec", help="a spec of your own (default: the built-in request body spec)")
    gen.add_argument("--out", help="with --spec: the folder to write into (default: .)")
    gen.set_defaults(run=_generate)

    lint = sub.add_parser("lint", help="lint stored request bodies (JSON, JSONL, YAML)",
                          description="Lint stored request bodies. PATH is a file, a folder (searched for "
                                      ".json, .jsonl, .yaml and .yml files) or - for standard input.")
    lint.add_argument("paths", nargs="+", metavar="PATH")
    lint.add_argument("--format", choices=["text", "json", "github", "sarif"], help="output format (default: text)")
    lint.add_argument("-o", "--output", metavar="FILE", help="write the report to FILE instead of standard output")
    lint.add_argument("--fail-on", choices=["error", "warning"], help="exit 1 on findings at or above this level (default: error)")
    lint.add_argument("--select", type=_rule_list, metavar="RULE,...", help="run only these rules")
    lint.add_argument("--ignore", type=_rule_list, metavar="RULE,...", help="skip these rules")
    lint.add_argument("--stdin-format", choices=["json", "jsonl", "yaml"], default="json", help="format of - (default: json)")
    lint.add_argument("--stdin-filename", default="<stdin>", metavar="NAME", help="file name to report for -")
    lint.add_argument("--max-file-size", type=_size, metavar="SIZE", help="largest JSON or YAML file, or JSONL line (default: 50M)")
    lint.add_argument("--max-depth", type=_positive, metavar="N", help="deepest nesting read (default: 128)")
    lint.add_argument("--max-findings", type=_positive, metavar="N", help="findings listed per document (default: 100)")
    lint.add_argument("--spec", metavar="SPEC.yaml", help="lint against a spec of your own")
    lint.add_argument("-j", "--jobs", type=_positive, default=1, metavar="N",
                      help="lint in N processes; large JSONL files are split by lines (default: 1, same output)")
    lint.add_argument("--no-config", action="store_true", help="ignore [tool.reqspec] in pyproject.toml")
    lint.add_argument("--traceback", action="store_true", help="on an internal error, show the traceback")
    lint.set_defaults(run=_lint)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.run(args))
    except KeyboardInterrupt:
        print("reqspec: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return EXIT_OK
    except Exception as exc:  # noqa: BLE001 - the promise is: no traceback unless asked
        if getattr(args, "traceback", False):
            import traceback

            traceback.print_exc()
        else:
            from .report.redact import clean

            detail = clean(f"{type(exc).__name__}: {exc}")
            print(f"reqspec: internal error (a bug in reqspec, please report it): {detail}"[:500]
                  + "\nrerun with --traceback to see where", file=sys.stderr)
        return EXIT_INTERNAL


if __name__ == "__main__":
    sys.exit(main())
