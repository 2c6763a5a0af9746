"""SARIF 2.1.0, the format code-scanning services read; every rule carries its help text.

Results are written as they come, so memory stays flat however many a run finds; the log's
opening (the tool and its rules) is known before the run, and its closing parts come last.

Written as ASCII (see ``json_report``); artifact URIs percent-encode the file name's bytes.
"""

from __future__ import annotations

import json
import os
from typing import Any, Iterable

from .. import __version__
from ..linter.engine import FileResult, LintRun, all_rules
from .destination import TextSink
from .redact import redact

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
_LEVEL = {"error": "error", "warning": "warning", "note": "note"}


def _uri(file: str) -> str:
    from pathlib import PurePath  # imported by SARIF runs only: a lint run starts faster without them
    from urllib.parse import quote

    posix = PurePath(file).as_posix()
    try:
        raw = os.fsencode(posix)  # the bytes of a name that is not UTF-8
    except UnicodeError:
        raw = posix.encode("utf-8", "surrogatepass")
    return quote(raw, safe="/:")


def _rules(run: LintRun, docs_url: str) -> tuple[list[dict[str, Any]], dict[str, int]]:
    catalogue = all_rules(run.rules)
    ids = sorted(catalogue)
    rules = []
    for rid in ids:
        severity, help_text = catalogue[rid]
        rule: dict[str, Any] = {
            "id": rid, "name": rid,
            "shortDescription": {"text": help_text.split(". ")[0].rstrip(".") + "." if help_text else rid},
            "fullDescription": {"text": help_text or rid},
            "help": {"text": help_text or rid},
            "defaultConfiguration": {"level": _LEVEL[severity]},
        }
        if docs_url:
            rule["helpUri"] = f"{docs_url}#{rid}"
        rules.append(rule)
    return rules, {rid: i for i, rid in enumerate(ids)}


def write_sarif(run: LintRun, results: Iterable[FileResult], stream: TextSink, *, docs_url: str = "") -> None:
    rules, index = _rules(run, docs_url)
    tool = {"driver": {"name": "reqspec", "version": __version__,
                       "informationUri": docs_url or "https://github.com/reqspec/reqspec", "rules": rules}}
    # Columns count characters (code points), which SARIF readers assume to be UTF-16 units unless told.
    stream.write('{\n "$schema": ' + json.dumps(SCHEMA) + ',\n "version": "2.1.0",\n "runs": [\n  {\n   "tool": '
                 + json.dumps(tool, ensure_ascii=True) + ',\n   "columnKind": "unicodeCodePoints",\n   "results": [')
    separator = "\n    "
    for result in results:
        for f in result.findings:
            item = {
                "ruleId": f.rule, "ruleIndex": index.get(f.rule, 0), "level": _LEVEL[f.severity],
                "message": {"text": redact(f.message)},
                "locations": [{
                    "physicalLocation": {
                        "artifactLocation": {"uri": _uri(redact(f.file))},
                        "region": {"startLine": f.line, "startColumn": f.column},
                    },
                    "logicalLocations": [{"fullyQualifiedName": redact(f.pointer) or "/", "kind": "object"}],
                }],
                "properties": {"document": f.document, "kind": f.kind, "pointer": redact(f.pointer)},
            }
            stream.write(separator + json.dumps(item, ensure_ascii=True))
            separator = ",\n    "
    closing = "\n   ]" if separator != "\n    " else "]"
    # The run's summary, as the other formats end with it: known only now, so it comes last.
    summary = json.dumps({"summary": run.summary.as_dict()}, ensure_ascii=True)
    stream.write(closing + ',\n   "properties": ' + summary + "\n  }\n ]\n}\n")
