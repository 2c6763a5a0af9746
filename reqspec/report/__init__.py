"""Turn lint findings into the four output formats.

Each reporter takes the run (findings per file, then the summary) and a text stream. Every string
that reaches the output goes through ``redact`` first, so no format can print a secret, even one
held in a key or a file name.
"""

from .github import write_github
from .json_report import write_json
from .sarif import write_sarif
from .text import write_text

WRITERS = {"text": write_text, "json": write_json, "github": write_github, "sarif": write_sarif}

__all__ = ["WRITERS", "write_github", "write_json", "write_sarif", "write_text"]
