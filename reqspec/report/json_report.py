"""Machine output: one JSON object with every finding and the summary, nothing else on stdout."""

from __future__ import annotations

import json
from typing import Iterable, TextIO

from ..linter.engine import FileResult, LintRun
from .redact import redact


def write_json(run: LintRun, results: Iterable[FileResult], stream: TextIO, *, docs_url: str = "") -> None:
    findings = []
    for result in results:
        for f in result.findings:
            item = f.as_dict()
            for key in ("file", "pointer", "message"):
                item[key] = redact(str(item[key]))
            findings.append(item)
    json.dump({"findings": findings, "summary": run.summary.as_dict()}, stream, ensure_ascii=False, indent=1)
    stream.write("\n")
