"""SARIF 2.1.0, the format code-scanning services read; every rule carries its help text.

Written as ASCII (see ``json_report``); artifact URIs percent-encode the file name's bytes.
"""

from __future__ import annotations

import json
import os
from pathlib import PurePath
from typing import Iterable, TextIO
from urllib.parse import quote

from .. import __version__
from ..linter.engine import FileResult, LintRun, all_rules
from .redact import redact

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
_LEVEL = {"error": "error", "warning": "warning", "note": "note"}


def _uri(file: str) -> str:
    posix = PurePath(file).as_posix()
    try:
        raw = os.fsencode(posix)  # the bytes of a name that is not UTF-8
    except UnicodeError:
        raw = posix.encode("utf-8", "surrogatepass")
    return quote(raw, safe="/:")


def write_sarif(run: LintRun, results: Iterable[FileResult], stream: TextIO, *, docs_url: str = "") -> None:
    catalogue = all_rules(run.rules)
    ids = sorted(catalogue)
    index = {rid: i for i, rid in enumerate(ids)}
    rules = []
    for rid in ids:
        severity, help_text = catalogue[rid]
        rule = {
            "id": rid, "name": rid,
            "shortDescription": {"text": help_text.split(". ")[0].rstrip(".") + "." if help_text else rid},
            "fullDescription": {"text": help_text or rid},
            "help": {"text": help_text or rid},
            "defaultConfiguration": {"level": _LEVEL[severity]},
        }
        if docs_url:
            rule["helpUri"] = f"{docs_url}#{rid}"
        rules.append(rule)
    out = []
    for result in results:
        for f in result.findings:
            out.append({
                "ruleId": f.rule, "ruleIndex": index.get(f.rule, 0), "level": _LEVEL[f.severity],
                "message": {"text": redact(f.message)},
                "locations": [{
                    "physicalLocation": {
                        "artifactLocation": {"uri": _uri(redact(f.file))},
                        "region": {"startLine": f.line, "startColumn": f.column},
                    },
                    "logicalLocations": [{"fullyQualifiedName": redact(f.pointer) or "/", "kind": "object"}],
                }],
                "properties": {"document": f.document, "pointer": redact(f.pointer)},
            })
    log = {
        "$schema": SCHEMA, "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": "reqspec", "version": __version__,
                                "informationUri": docs_url or "https://github.com/reqspec/reqspec",
                                "rules": rules}},
            "results": out,
        }],
    }
    json.dump(log, stream, ensure_ascii=True, indent=1)
    stream.write("\n")
