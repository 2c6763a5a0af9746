"""Machine output: one JSON object with every finding and the summary, nothing else on stdout.

Written as ASCII: every other character is a JSON escape, so the report decodes to the exact
strings (file names that are not UTF-8 and lone surrogates included) while the bytes written
hold no control character a terminal would act on.
"""

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
    json.dump({"findings": findings, "summary": run.summary.as_dict()}, stream, ensure_ascii=True, indent=1)
    stream.write("\n")
