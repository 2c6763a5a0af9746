"""``reqspec lint``: turn options and [tool.reqspec] into settings, run, report, pick the exit code."""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
import types
from pathlib import Path
from typing import Collection, Iterator, TextIO, TypeVar

from .cli import EXIT_FINDINGS, EXIT_OK, EXIT_USAGE
from .linter.config import ConfigError, LintConfig, load_config
from .linter.engine import Settings, all_rules, lint_paths
from .reading import Limits
from .report import WRITERS
from .report.redact import clean

T = TypeVar("T")


class UsageError(Exception):
    """A problem with how reqspec was called: exit 2 with this message."""


def _pick(option: T | None, configured: T | None, default: T) -> T:
    """The command-line option when given, else the [tool.reqspec] value, else the default:
    options win over the file, the file over the defaults."""
    if option is not None:
        return option
    return configured if configured is not None else default


def _settings(args: argparse.Namespace, config: LintConfig, known_rules: set[str]) -> Settings:
    select: Collection[str] | None = _pick(args.select, config.get("select"), None)
    ignore: Collection[str] = _pick(args.ignore, config.get("ignore"), frozenset())
    for group in (select or (), ignore):
        unknown = sorted(set(group) - known_rules)
        if unknown:
            raise UsageError(f"unknown rule id(s): {', '.join(unknown)}")
    fail_on: str = _pick(args.fail_on, config.get("fail-on"), "error")
    if fail_on not in ("error", "warning"):
        raise UsageError(f"fail-on must be error or warning, not {fail_on!r}")
    defaults = Limits()
    limits = Limits(max_file_size=int(_pick(args.max_file_size, config.get("max-file-size"), defaults.max_file_size)),
                    max_depth=int(_pick(args.max_depth, config.get("max-depth"), defaults.max_depth)),
                    max_alias_nodes=defaults.max_alias_nodes)
    if limits.max_file_size < 1 or limits.max_depth < 1:
        raise UsageError("limits must be positive")
    return Settings(
        select=frozenset(select) if select is not None else None, ignore=frozenset(ignore),
        fail_on=str(fail_on), limits=limits,
        max_findings=int(_pick(args.max_findings, config.get("max-findings"), 100)),
        stdin_format=args.stdin_format, stdin_filename=args.stdin_filename,
    )


def _is_input(target: Path, inputs: list[str]) -> bool:
    """Whether linting ``inputs`` reads ``target``: it is one of them, a file found in one of the
    given folders (through links too), or a new file that the walk of a given folder would find."""
    from .reading import format_for, iter_paths

    try:
        existing = os.stat(target)
    except (OSError, ValueError):
        existing = None
    for given in inputs:
        if given == "-":
            continue
        root = Path(given).resolve()
        if root == target:
            return True
        if (root.is_dir() and root in target.parents and format_for(target) is not None
                and not any(part.startswith(".") for part in target.relative_to(root).parts)):
            return True
        if existing is not None:
            for file, problem in iter_paths([given]):
                try:
                    if problem is None and os.path.samestat(os.stat(file), existing):
                        return True
                except (OSError, ValueError):
                    continue
    return False


@contextlib.contextmanager
def _output(path: str | None, inputs: list[str]) -> Iterator[TextIO]:
    if path is None:
        yield sys.stdout
        return
    target = Path(path).resolve()
    if _is_input(target, inputs):
        raise UsageError(f"-o {path} is (or, inside a folder being linted, would be) one of the files being linted;"
                         " reqspec never writes to its inputs")
    with open(target, "w", encoding="utf-8", newline="\n") as stream:
        yield stream


def _ruleset(args: argparse.Namespace) -> types.ModuleType:
    from . import ruleset

    if not args.spec:
        return ruleset.builtin()
    from .spec.loader import SpecError

    try:
        return ruleset.from_spec(args.spec)
    except SpecError as exc:
        raise UsageError(f"bad spec: {exc}") from None
    except ImportError:
        raise UsageError("--spec needs PyYAML: pip install 'reqspec[yaml]'") from None


def run_lint(args: argparse.Namespace) -> int:
    try:
        for path in args.paths:
            if path != "-" and not os.path.lexists(path):
                raise UsageError(f"no such file or folder: {path}")
        if args.paths.count("-") > 1:
            raise UsageError("- (standard input) can be given once")
        config: LintConfig = {}
        if not args.no_config:
            try:
                config, _ = load_config(Path.cwd())
            except ConfigError as exc:
                raise UsageError(str(exc)) from None
        rules = _ruleset(args)
        settings = _settings(args, config, set(all_rules(rules)))
        fmt = args.format or config.get("format", "text")
        if fmt not in WRITERS:
            raise UsageError(f"unknown format {fmt!r}")
        from .tokens import LazyCounter, tokenizer_installed

        counter = settings.wants("context-length") and tokenizer_installed()
        if counter:
            rules.set_token_counter(LazyCounter())
        run = lint_paths(list(args.paths), settings, rules, jobs=getattr(args, "jobs", 1) or 1,
                         spec=args.spec or None, token_counter=counter)
        with _output(args.output, list(args.paths)) as stream:
            WRITERS[fmt](run, run.results(), stream, docs_url=rules.DOCS_URL)
            stream.flush()
    except UsageError as exc:
        print(f"reqspec lint: {clean(str(exc))}", file=sys.stderr)
        return EXIT_USAGE
    needed = rules.tokenizer_needed() + run.tokenizer_needed
    if needed:
        print("reqspec lint: note: the context-length warning was skipped for "
              f"{needed} body(ies): it needs a tokenizer (pip install 'reqspec[tokens]')",
              file=sys.stderr)
    return EXIT_FINDINGS if run.failed() else EXIT_OK
