"""Machine output: one JSON object with the tool, every finding and the summary, nothing else.

Findings are written as they come, one per line, so memory stays flat however many a run finds
(a JSONL file of any length, or standard input); the summary, known only at the end, comes last.

Written as ASCII: every other character is a JSON escape, so the report decodes to the exact
strings (file names that are not UTF-8 and lone surrogates included) while the bytes written
hold no control character a terminal would act on.
"""

from __future__ import annotations

import json
from typing import Iterable

from .. import __version__
from ..linter.engine import FileResult, LintRun
from .destination import TextSink
from .redact import redact


def write_json(run: LintRun, results: Iterable[FileResult], stream: TextSink, *, docs_url: str = "") -> None:
    tool = {"name": "reqspec", "version": __version__}
    stream.write('{\n "tool": ' + json.dumps(tool) + ',\n "findings": [')
    separator = "\n  "
    for result in results:
        for f in result.findings:
            item = f.as_dict()
            for key in ("file", "pointer", "message"):
                item[key] = redact(str(item[key]))
            stream.write(separator + json.dumps(item, ensure_ascii=True))
            separator = ",\n  "
    closing = "\n ]" if separator != "\n  " else "]"
    stream.write(closing + ',\n "summary": ' + json.dumps(run.summary.as_dict()) + "\n}\n")
