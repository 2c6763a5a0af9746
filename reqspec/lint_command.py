"""``reqspec lint``: turn options and [tool.reqspec] into settings, run, report, pick the exit code."""

from __future__ import annotations

import argparse
import os
import stat
import sys
import types
from typing import TYPE_CHECKING, Callable, Collection, TypeVar

from . import exit_codes
from .linter.config import ConfigError, LintConfig, load_config
from .linter.engine import EngineError, Settings, all_rules, lint_paths
from .linter.options import BY_KEY, shown
from .linter.placing import Placing
from .linter.stored import AUTO, first_kind
from .reading import PROBLEMS, Limits, format_for
from .report import WRITERS
from .report.destination import DestinationError, ReportFile, standard_output
from .report.redact import clean

if TYPE_CHECKING:
    from .linter.cluster import DaskEngine

T = TypeVar("T")


class UsageError(Exception):
    """A problem with how reqspec was called: exit 2 with this message."""


def _pick(option: T | None, configured: T | None, default: T) -> T:
    """The command-line option when given, else the [tool.reqspec] value, else the default:
    options win over the file, the file over the defaults."""
    if option is not None:
        return option
    return configured if configured is not None else default


def _rule_choice(name: str, group: Collection[str] | None, where: str, known_rules: set[str]) -> None:
    """Refuse a choice of rules (``select`` or ``ignore``, from ``where``) that names an unknown
    rule, silences what cannot be silenced, or selects nothing."""
    if group is None:
        return
    for rule in sorted(set(group) - known_rules):
        import difflib

        close = difflib.get_close_matches(rule, sorted(known_rules), n=1)
        hint = f' (did you mean "{close[0]}"?)' if close else ""
        raise UsageError(f"{where}: unknown rule id {shown(rule)}{hint}")
    reading = sorted(set(group) & set(PROBLEMS))
    if reading and name == "ignore":
        raise UsageError(f"{where}: {', '.join(reading)}: problems reading a file are always reported, "
                         "since nothing else in the file could be checked faithfully")
    if name == "select" and not group:
        raise UsageError(f"{where}: select names no rule: give at least one rule id, or leave select out to "
                         "run every rule")


def _settings(args: argparse.Namespace, config: LintConfig, known_rules: set[str], config_file: str | None = None) -> Settings:
    select: Collection[str] | None = _pick(args.select, config.get("select"), None)
    ignore: Collection[str] = _pick(args.ignore, config.get("ignore"), frozenset())
    sources = []
    for name, group, option in (("select", select, args.select), ("ignore", ignore, args.ignore)):
        where = f"--{name}" if option is not None else f"{config_file}: [tool.reqspec] {name}"
        _rule_choice(name, group, where, known_rules)
        sources.append(where)
    if select is not None and not set(select) - set(ignore):  # the run would check nothing and pass
        raise UsageError(f"{sources[0]} and {sources[1]} leave no rule to check: every rule selected is ignored; "
                         "drop a rule from ignore, or leave select out to run every rule")
    defaults = Limits()
    max_findings = _pick(args.max_findings, config.get("max-findings"), defaults.max_problems)
    limits = Limits(max_file_size=_pick(args.max_file_size, config.get("max-file-size"), defaults.max_file_size),
                    max_depth=_pick(args.max_depth, config.get("max-depth"), defaults.max_depth),
                    max_alias_nodes=defaults.max_alias_nodes, max_problems=max_findings)
    return Settings(
        select=frozenset(select) if select is not None else None, ignore=frozenset(ignore),
        fail_on=_pick(args.fail_on, config.get("fail-on"), "error"), limits=limits,
        max_findings=max_findings,
        stdin_format=args.stdin_format or format_for(args.stdin_filename) or "json",
        stdin_filename=args.stdin_filename,
        placing=Placing(args.kind, args.body_pointer, config.get("kind"), config.get("body-pointer"),
                        config.get("files", ()), str(config_file) if config_file else None),
    )


def _stdin_open() -> bool:
    try:
        os.fstat(sys.stdin.fileno())
    except (OSError, ValueError, AttributeError):
        return False
    return True


def _stdin_file() -> os.stat_result | None:
    """The regular file behind standard input (``< body.json``), if it is one."""
    try:
        info = os.fstat(sys.stdin.fileno())
    except (OSError, ValueError, AttributeError):
        return None
    return info if stat.S_ISREG(info.st_mode) else None


def _reads(target: str, inputs: list[str], also: list[str | None]) -> bool:
    """Whether the run reads ``target``: one of the inputs, a file found in a given folder (or
    that a walk of one would find once written), the file behind standard input, the spec or the
    config file."""
    from pathlib import Path

    from .reading import iter_paths

    real = Path(os.path.realpath(target))
    try:
        existing: os.stat_result | None = os.stat(real)
    except (OSError, ValueError):
        existing = None
    if existing is not None:
        stdin = _stdin_file() if "-" in inputs else None
        if stdin is not None and os.path.samestat(stdin, existing):
            return True
        for path in also:
            try:
                if path is not None and os.path.samestat(os.stat(path), existing):
                    return True
            except (OSError, ValueError):
                continue
    lintable = format_for(real) is not None and not real.name.startswith(".")
    try:
        folder: os.stat_result | None = os.stat(real.parent)
    except (OSError, ValueError):
        folder = None
    for given in inputs:
        if given == "-":
            continue
        root = Path(os.path.realpath(given))
        if root == real:
            return True
        if (root.is_dir() and root in real.parents and lintable
                and not any(part.startswith(".") for part in real.relative_to(root).parts)):
            return True
        if lintable and folder is not None and root.is_dir() and _walk_reaches(given, folder):
            return True
        if existing is not None:
            for file, problem in iter_paths([given]):
                try:
                    if problem is None and os.path.samestat(os.stat(file), existing):
                        return True
                except (OSError, ValueError):
                    continue
    return False


def _walk_reaches(root: str, folder: os.stat_result) -> bool:
    """Whether walking ``root`` as lint does (following links, skipping hidden folders) enters
    ``folder``: a report written there would be linted by the next run over ``root``."""
    seen: set[tuple[int, int]] = set()
    for path, names, _ in os.walk(root, followlinks=True):
        try:
            here = os.stat(path)
        except OSError:
            names[:] = []
            continue
        if (here.st_dev, here.st_ino) in seen:
            names[:] = []
            continue
        seen.add((here.st_dev, here.st_ino))
        if os.path.samestat(here, folder):
            return True
        names[:] = [name for name in names if not name.startswith(".")]
    return False


def _ruleset(args: argparse.Namespace) -> types.ModuleType:
    from . import ruleset

    if not args.spec:
        return ruleset.builtin()
    from .spec.checker import SpecError

    try:
        return ruleset.from_spec(args.spec)
    except SpecError as exc:
        raise UsageError(f"bad spec: {exc}") from None
    except ImportError:
        raise UsageError("--spec needs PyYAML: pip install 'reqspec[yaml]'") from None


def _missing(paths: list[str]) -> list[tuple[str, str]]:
    """The paths that name nothing, with why: no file or folder, no object at a URL, a glob that
    matches none, a storage backend that is not installed."""
    from .reading.urls import is_url, missing

    found = []
    for path in paths:
        if path == "-":
            continue
        why = missing(path) if is_url(path) else None if os.path.lexists(path) else "no such file or folder"
        if why is not None:
            found.append((path, why))
    return found


def _engine(args: argparse.Namespace) -> DaskEngine | None:
    """The Dask cluster of ``--cluster``, reached (or made, for ``local:N``) before anything is
    linted, so a cluster that cannot be reached is one line and exit 2."""
    if args.cluster is None:
        return None
    from .linter.cluster import NEEDS_DASK, ClusterError, DaskEngine, dask_installed

    if not dask_installed():
        raise UsageError(NEEDS_DASK)
    if args.jobs is not None:
        raise UsageError("give -j (processes of this machine) or --cluster (a Dask cluster), not both")
    try:
        return DaskEngine.connect(args.cluster, args.cluster_timeout)
    except ClusterError as exc:
        raise UsageError(str(exc)) from None


def run_lint(args: argparse.Namespace) -> int:
    """Lint, report and return the exit code (3 over 2 over 1 over 0)."""
    try:
        if args.paths.count("-") > 1:
            raise UsageError("- (standard input) can be given once")
        if "-" in args.paths and not _stdin_open():
            raise UsageError("- reads standard input, which is closed: give the body on standard input, or a file")
        config: LintConfig = {}
        config_file: str | None = None
        if not args.no_config:
            try:
                config, config_file = load_config(os.getcwd())
            except ConfigError as exc:
                raise UsageError(str(exc)) from None
        rules = _ruleset(args)
        settings = _settings(args, config, set(all_rules(rules)), config_file)
        placing = settings.placing
        sources = [("--kind", placing.kind), (f"{config_file}: [tool.reqspec] kind", placing.config_kind)]
        sources += [(f"{config_file}: [[tool.reqspec.files]] entry {i + 1}: kind", entry.kind)
                    for i, entry in enumerate(placing.files)]
        for where, kind in sources:
            if kind not in (None, AUTO) and kind not in rules.LINT_FIRST:
                raise UsageError(f"{where}: the spec describes no {kind} documents; kinds: "
                                 f"{', '.join((AUTO, *rules.LINT_FIRST))}")
        if args.body_pointer is not None and args.kind not in (None, AUTO, "body"):
            raise UsageError(f"--body-pointer places a request body inside each document; a {args.kind} document "
                             "is an envelope of its own, with no body pointer")
        if args.show_settings:
            _show_settings(args.paths, settings, rules, args.format or config.get("format", "text"))
            missing_paths = _missing(args.paths)
            for path, why in missing_paths:
                print(f"reqspec lint: {why}: {clean(path)}", file=sys.stderr)
            return exit_codes.USAGE if missing_paths else exit_codes.OK
        fmt = args.format or config.get("format", "text")
        jobs = _pick(args.jobs, config.get("jobs"), 1)
        from .reading.urls import NEEDS_FSSPEC, fsspec_installed, is_url

        if any(is_url(path) for path in args.paths) and not fsspec_installed():
            raise UsageError(NEEDS_FSSPEC)
        missing = _missing(args.paths)
        report_file = None
        if args.output is not None:
            if _reads(args.output, list(args.paths), [args.spec, str(config_file) if config_file else None]):
                raise UsageError(f"-o {args.output} is a file this run reads (an input, standard input, the spec "
                                 "or the config, or a file inside a folder being linted); reqspec never writes "
                                 "to its inputs")
            report_file = ReportFile(args.output)
        stream = report_file if report_file is not None else standard_output()
        engine: DaskEngine | None = None
        try:
            engine = _engine(args)
            # The validator loads a tokenizer when a body first needs one; a run that skips every
            # rule counting tokens turns it off, so it never loads.
            counter = any(settings.wants(rule) for rule in rules.TOKENIZER_RULES)
            if not counter:
                rules.set_token_counter(None)
            run = lint_paths(list(args.paths), settings, rules, jobs=jobs, spec=args.spec or None,
                             token_counter=counter, engine=engine)
            try:
                WRITERS[fmt](run, run.results(), stream, docs_url=rules.DOCS_URL)
            finally:
                run.close()
            stream.flush()
            if report_file is not None:
                report_file.commit()
                s = run.summary  # the report went to a file: say where, and what it holds
                print(f"reqspec lint: wrote {clean(args.output)}: {s.errors} error(s), {s.warnings} warning(s) in "
                      f"{s.files} file(s), {s.documents} document(s)", file=sys.stderr)
        finally:
            if report_file is not None:
                report_file.discard()
            if engine is not None:
                engine.shut()
    except (UsageError, DestinationError, EngineError) as exc:
        print(f"reqspec lint: {clean(str(exc))}", file=sys.stderr)
        return exit_codes.USAGE
    code = exit_codes.FINDINGS if run.failed() else exit_codes.OK
    for path, why in missing:
        print(f"reqspec lint: {why}: {clean(path)}", file=sys.stderr)
        code = exit_codes.worst(code, exit_codes.USAGE)
    if run.needs_yaml:
        print("reqspec lint: YAML files need PyYAML, which is not installed: pip install 'reqspec[yaml]'",
              file=sys.stderr)
        code = exit_codes.worst(code, exit_codes.USAGE)
    if run.summary.files == 0:
        given = ", ".join(clean(path) for path in args.paths)
        print(f"reqspec lint: no file to lint in {given} (folders are searched for .json, .jsonl, .yaml and "
              ".yml files)", file=sys.stderr)
        code = exit_codes.worst(code, exit_codes.USAGE)
    needed = rules.tokenizer_needed() + run.tokenizer_needed
    if needed:
        named = " and ".join(sorted(rules.TOKENIZER_RULES))
        print(f"reqspec lint: note: the {named} warning was skipped for "
              f"{needed} body(ies): it needs a tokenizer, which the tokens extra installs "
              "(pip install 'reqspec[tokens]')", file=sys.stderr)
    return code


def _show_settings(paths: list[str], settings: Settings, rules: types.ModuleType, fmt: str) -> None:
    """Each file the paths name, with its kind (what ``auto`` decides for it) and body pointer,
    and where each came from: as lines of text, or with ``--format json`` a JSON array."""
    import json

    from .reading import iter_paths

    rows = []
    files = [path for path, problem in iter_paths([p for p in paths if p != "-"]) if problem is None]
    files += ["-"] if "-" in paths else []
    for path in files:
        placed = settings.placing.for_file(path)
        decided = placed.kind
        if decided == AUTO:
            decided = first_kind(path, settings.limits, rules.DOCUMENT_KINDS) if path != "-" else "body"
        rows.append({"file": path, "kind": placed.kind, "decided": decided, "kind_from": placed.origins["kind"],
                     "body_pointer": placed.body_pointer, "body_pointer_from": placed.origins["body-pointer"],
                     "body_pointer_used": decided == "body"})
    if fmt == "json":
        from .report.redact import redact

        print(redact(json.dumps(rows, indent=1, ensure_ascii=True)))
        return
    for row in rows:
        kind = row["kind"] if row["kind"] != AUTO else f"auto: {row['decided']}, from its first document"
        unused = "" if row["body_pointer_used"] or not row["body_pointer"] else f", not used: a {row['decided']} file holds no body pointer"
        print(f"{clean(str(row['file']))}: kind = {kind} ({clean(str(row['kind_from']))}); "
              f"body-pointer = {clean(repr(row['body_pointer']))} ({clean(str(row['body_pointer_from']))}{unused})")


def add_arguments(lint: argparse.ArgumentParser) -> None:
    """The options of ``reqspec lint``; the settings also found in [tool.reqspec] come from one table."""
    lint.add_argument("paths", nargs="+", metavar="PATH")
    for key in ("format", "fail-on", "select", "ignore"):
        _setting(lint, key)
    lint.add_argument("-o", "--output", metavar="FILE",
                      help="write the report to FILE (in place once the run ends) instead of standard output")
    lint.add_argument("--stdin-format", choices=["json", "jsonl", "yaml"],
                      help="format of - (default: from --stdin-filename's extension, else json)")
    lint.add_argument("--stdin-filename", default="<stdin>", metavar="NAME", help="file name to report for -")
    for key in ("max-file-size", "max-depth", "max-findings"):
        _setting(lint, key)
    lint.add_argument("--spec", metavar="SPEC.yaml", help="lint against a spec of your own")
    _setting(lint, "jobs", "-j")
    from .linter.cluster_options import DEFAULT_TIMEOUT, parse_address, parse_timeout

    lint.add_argument("--cluster", type=_parsed(parse_address, "cluster"), metavar="ADDRESS",
                      help="lint on a Dask cluster: a scheduler address (tcp://host:8786), or local:N for N "
                           "processes here; PATHs may be URLs (s3://, gs://, memory://, file://); needs "
                           "reqspec[dask] (same output as -j 1)")
    lint.add_argument("--cluster-timeout", type=_parsed(parse_timeout, "cluster-timeout"), metavar="SECONDS",
                      default=DEFAULT_TIMEOUT,
                      help=f"seconds to wait for the cluster's scheduler (default: {DEFAULT_TIMEOUT:g})")
    for key in ("kind", "body-pointer"):
        _setting(lint, key)
    lint.add_argument("--show-settings", action="store_true",
                      help="print the settings that apply to each file (and where each comes from), and lint nothing")
    lint.add_argument("--no-config", action="store_true", help="ignore [tool.reqspec] in pyproject.toml")
    lint.add_argument("--traceback", action="store_true", help="on an internal error, show the traceback")


def _parsed(parser: Callable[[object], object], key: str) -> Callable[[str], object]:
    """An option's parser as argparse calls it: a refused value says what the option accepts."""
    from .linter.options import BadValue

    def parse(text: str) -> object:
        try:
            return parser(text)
        except BadValue as exc:
            raise argparse.ArgumentTypeError(f"expected {exc}") from None

    parse.__name__ = key  # argparse names the option's type in its message
    return parse


def _setting(parser: argparse.ArgumentParser, key: str, short: str | None = None) -> None:
    setting = BY_KEY[key]
    flags = [short, f"--{key}"] if short else [f"--{key}"]
    parser.add_argument(*flags, type=_parsed(setting.parse, key), metavar=setting.metavar or "|".join(setting.choices or ()),
                        dest=key.replace("-", "_"), help=setting.help)
