"""Human output: ``file:line:col: severity rule message``, grouped by file, then a summary.

Colour on a terminal and off when the output is piped or written to a file; ``NO_COLOR`` turns it
off (https://no-color.org) and ``FORCE_COLOR`` on (https://force-color.org), NO_COLOR winning when
both are set. Everything taken from input goes through ``clean``: the only escape sequences
written are the colours.
"""

from __future__ import annotations

import os
from typing import Iterable

from ..linter.engine import FileResult, LintRun
from .destination import TextSink
from .redact import clean, clean_path

_COLOURS = {"error": "\033[31m", "warning": "\033[33m", "note": "\033[36m"}
_BOLD, _RESET = "\033[1m", "\033[0m"


def use_colour(stream: TextSink) -> bool:
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


def write_text(run: LintRun, results: Iterable[FileResult], stream: TextSink, *, docs_url: str = "") -> None:
    colour = use_colour(stream)
    bold, reset = (_BOLD, _RESET) if colour else ("", "")  # around each finding's place
    printed_files = 0
    rules_seen: list[str] = []
    shown_rules: dict[str, str] = {}  # rule id -> as written: a few ids, each cleaned once
    for result in results:
        if not result.findings:
            continue
        if printed_files:
            stream.write("\n")
        printed_files += 1
        shown_file, file_name = "", None
        for f in result.findings:
            severity = f"{_COLOURS[f.severity]}{f.severity}{_RESET}" if colour else f.severity
            if f.file != file_name:  # a JSONL file's findings share one name: clean it once
                shown_file, file_name = clean_path(f.file), f.file
            rule = shown_rules.get(f.rule)
            if rule is None:
                rule = shown_rules[f.rule] = clean(f.rule)
                rules_seen.append(f.rule)
            stream.write(f"{bold}{shown_file}:{f.line}:{f.column}:{reset} {severity} {rule} [{f.kind}] {clean(f.message)}\n")
    s = run.summary
    if printed_files:
        stream.write("\n")
    stream.write(f"{s.errors} error(s), {s.warnings} warning(s) in {s.files} file(s), {s.documents} document(s)"
                 f"{s.kinds_text()}\n")
    if rules_seen and docs_url:
        stream.write(f"What each rule means, and how to fix it: {docs_url}#<rule>\n")
