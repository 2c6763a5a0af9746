"""The ``reqspec`` command: a thin shell over the library (argument parsing and exit codes only)."""

from __future__ import annotations

import argparse
import sys
from typing import NoReturn, Sequence

from . import __version__, exit_codes


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        from .report.redact import clean

        # One line, and where to read more; argparse quotes the value it refused, so a secret
        # pasted into an option is redacted here.
        self.exit(exit_codes.USAGE, f"{self.prog}: error: {clean(message)} (see {self.prog} --help)\n")


def _generate(args: argparse.Namespace) -> int:
    from .generate_command import run_generate

    return run_generate(args)


def _lint(args: argparse.Namespace) -> int:
    from .lint_command import run_lint

    return run_lint(args)


def _schema(args: argparse.Namespace) -> int:
    from .schema_command import run_schema

    return run_schema(args)


def build_parser() -> argparse.ArgumentParser:
    from .lint_command import add_arguments
    from .dialects import DIALECTS

    parser = _Parser(prog="reqspec", description="Validate, lint and document OpenAI chat completion request bodies.")
    parser.add_argument("--version", action="version", version=f"reqspec {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    lint = sub.add_parser("lint", help="lint stored request bodies (JSON, JSONL, YAML)",
                          description="Lint stored request bodies. PATH is a file, a folder (searched for "
                                      ".json, .jsonl, .yaml and .yml files) or - for standard input.")
    add_arguments(lint)
    lint.set_defaults(run=_lint)

    schema = sub.add_parser("schema", help="print the JSON Schema of the request body",
                            description="Print the JSON Schema of the request body (as bundled with reqspec).")
    schema.add_argument("--dialect", choices=DIALECTS, default=DIALECTS[0],
                        help=f"JSON Schema draft 2020-12, draft-07, or an OpenAPI 3.1 document (default: {DIALECTS[0]})")
    schema.add_argument("--kind", default="body", metavar="KIND",
                        help="the document: body (default), or another kind the spec describes (batch: a Batch API "
                             "line, finetune: a fine-tuning example), in 2020-12")
    schema.set_defaults(run=_schema)

    gen = sub.add_parser("generate", help="regenerate the JSON Schema, validator, docs and types from a spec",
                         description="Write the JSON Schemas, the validator, the docs and the types generated from a "
                                     "spec: in a source checkout, those of the built-in spec; with --out, a spec's "
                                     "files into one folder.")
    gen.add_argument("--check", action="store_true", help="write nothing; exit 1 naming each stale file")
    gen.add_argument("--spec", help="a spec of your own (default: the built-in request body spec)")
    gen.add_argument("--out", help="the folder to write into (needed with --spec, and in an installed reqspec)")
    gen.set_defaults(run=_generate)
    return parser


class Terminated(BaseException):
    """SIGTERM arrived (a CI runner cancelling the job): unwound like Ctrl-C, so what the run
    started (worker processes, a report's temporary file) is cleaned up on the way out."""


def _on_sigterm(signum: int, frame: object) -> None:
    raise Terminated


def main(argv: Sequence[str] | None = None) -> int:
    import signal

    parser = build_parser()
    args = parser.parse_args(argv)
    if signal.getsignal(signal.SIGTERM) == signal.SIG_DFL:
        signal.signal(signal.SIGTERM, _on_sigterm)
    try:
        return int(args.run(args))
    except KeyboardInterrupt:
        print("reqspec: interrupted", file=sys.stderr)
        return exit_codes.INTERRUPTED
    except Terminated:
        print("reqspec: terminated", file=sys.stderr)
        return exit_codes.TERMINATED
    except MemoryError:  # a limit of this machine, not a bug: said in one line
        print("reqspec: out of memory: the input needs more memory than this process may use; "
              "lint fewer or smaller files at once, or raise the limit", file=sys.stderr)
        return exit_codes.USAGE
    except Exception as exc:  # noqa: BLE001 - the promise is: no traceback unless asked
        if getattr(args, "traceback", False):
            import traceback

            traceback.print_exc()
        else:
            from .report.redact import clean

            detail = clean(f"{type(exc).__name__}: {exc}")
            print(f"reqspec: internal error (a bug in reqspec, please report it): {detail}"[:500]
                  + "\nrerun with --traceback to see where", file=sys.stderr)
        return exit_codes.INTERNAL


if __name__ == "__main__":
    sys.exit(main())
