"""``reqspec schema``: print the JSON Schema of the request body, as shipped."""

from __future__ import annotations

import argparse
import sys

from . import exit_codes
from .report.destination import DestinationError, standard_output
from .schemas import schema_text


def run_schema(args: argparse.Namespace) -> int:
    try:
        text = schema_text(args.dialect, args.kind)
    except (OSError, ValueError) as exc:
        print(f"reqspec schema: {exc}", file=sys.stderr)
        return exit_codes.USAGE
    try:
        out = standard_output()  # a reader that stops early (| head) is no error
        out.write(text)
        out.flush()
    except DestinationError as exc:
        print(f"reqspec schema: {exc}", file=sys.stderr)
        return exit_codes.USAGE
    return exit_codes.OK
