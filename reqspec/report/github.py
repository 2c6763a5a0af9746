"""GitHub Actions workflow commands, one annotation per finding.

https://docs.github.com/actions/using-workflows/workflow-commands-for-github-actions

Values are escaped as GitHub documents it (``%25``, ``%0D``, ``%0A``, and in properties ``%3A``
and ``%2C``), which GitHub decodes, so an annotation attaches to a file whose name holds a line
break or a colon. Other control characters, which GitHub would not decode, are written as
``clean`` writes them: escaped, never raw.
"""

from __future__ import annotations

from typing import Iterable

from ..linter.engine import FileResult, LintRun
from .destination import TextSink
from ..reading.problems import escape
from .redact import redact

_LEVEL = {"error": "error", "warning": "warning", "note": "notice"}


def _data(text: str) -> str:
    """Text with GitHub's escapes for ``%`` and line breaks, then everything else ``clean`` does."""
    text = redact(text).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return escape(text)


def _property(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def _file(path: str) -> str:
    """A file name as GitHub reads it back: bytes that are not UTF-8 shown as ``\\xNN``."""
    if not path.isprintable():
        path = "".join("\\x%02x" % (ord(c) - 0xDC00) if "\udc80" <= c <= "\udcff" else c for c in path)
    return _property(path)


def write_github(run: LintRun, results: Iterable[FileResult], stream: TextSink, *, docs_url: str = "") -> None:
    for result in results:
        for f in result.findings:
            title = f"{f.rule} ({f.kind})"
            props = f"file={_file(f.file)},line={f.line},col={f.column},title={_property(title)}"
            where = f" at {f.pointer}" if f.pointer else ""
            stream.write(f"::{_LEVEL[f.severity]} {props}::{_data(f.message + where)}\n")
    s = run.summary
    stream.write(f"{s.errors} error(s), {s.warnings} warning(s) in {s.files} file(s), {s.documents} document(s)"
                 f"{s.kinds_text()}\n")
