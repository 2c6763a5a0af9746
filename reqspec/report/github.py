"""GitHub Actions workflow commands, one annotation per finding.

https://docs.github.com/actions/using-workflows/workflow-commands-for-github-actions
"""

from __future__ import annotations

from typing import Iterable, TextIO

from ..linter.engine import FileResult, LintRun
from .redact import clean, clean_path

_LEVEL = {"error": "error", "warning": "warning", "note": "notice"}


def _data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def write_github(run: LintRun, results: Iterable[FileResult], stream: TextIO, *, docs_url: str = "") -> None:
    for result in results:
        for f in result.findings:
            props = (f"file={_property(clean_path(f.file))},line={f.line},col={f.column},"
                     f"title={_property(clean(f.rule))}")
            where = f" at {f.pointer}" if f.pointer else ""
            stream.write(f"::{_LEVEL[f.severity]} {props}::{_data(clean(f.message + where))}\n")
    s = run.summary
    stream.write(f"{s.errors} error(s), {s.warnings} warning(s) in {s.files} file(s), {s.documents} document(s)\n")
