"""Lint stored request bodies: read files, run the rules, locate findings, and summarise.

The command line (``reqspec lint``) is a thin shell over ``lint_paths``; the reporters in
``reqspec.report`` turn its findings into text, JSON, GitHub annotations or SARIF.
"""

from .engine import LintRun, Settings, lint_paths
from .findings import Finding, Summary

__all__ = ["Finding", "LintRun", "Settings", "Summary", "lint_paths"]
