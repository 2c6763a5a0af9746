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


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="reqspec", description="Validate, lint and document OpenAI chat completion request bodies.")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    gen = sub.add_parser("generate", help="regenerate the JSON Schema, validator, docs and types from a spec")
    gen.add_argument("--check", action="store_true", help="write nothing; exit 1 naming each stale file")
    gen.add_argument("--spec", help="a spec of your own (default: the built-in request body spec)")
    gen.add_argument("--out", help="with --spec: the folder to write into (default: .)")
    gen.set_defaults(run=_generate)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    return int(args.run(args))


if __name__ == "__main__":
    sys.exit(main())
