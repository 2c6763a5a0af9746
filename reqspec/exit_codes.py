"""The exit codes of the ``reqspec`` command, said once for every subcommand.

A CI job reads only the exit code, so a run that meets several outcomes reports the gravest:
a bug in reqspec (3) over a usage problem (2) over findings (1) over a clean run (0). Signals end
a run with the shell's conventional 128 + N.
"""

from __future__ import annotations

import signal

OK = 0
FINDINGS = 1
USAGE = 2
INTERNAL = 3
INTERRUPTED = 128 + signal.SIGINT  # 130: Ctrl-C
TERMINATED = 128 + signal.SIGTERM  # 143: SIGTERM, as a CI runner cancelling a job sends

#: Gravest last: the order ``worst`` ranks codes in.
_RANK = (OK, FINDINGS, USAGE, INTERNAL)


def worst(*codes: int) -> int:
    """The gravest of ``codes``: 3 over 2 over 1 over 0 (any other code, a signal's, wins)."""
    return max(codes, key=lambda code: _RANK.index(code) if code in _RANK else len(_RANK))
