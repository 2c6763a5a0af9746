"""The options of ``reqspec lint --cluster``, read without importing what runs a cluster (the
command line is parsed on every run, most of which never use one)."""

from __future__ import annotations

import re

#: Seconds to wait for a scheduler (``--cluster-timeout``).
DEFAULT_TIMEOUT = 30.0

_LOCAL = re.compile(r"local:([0-9]{1,4})\Z")
_ADDRESS = re.compile(r"(tcp|tls|ws|wss|ucx|inproc)://[^\s/]+\Z")


def parse_address(value: object) -> str:
    """A scheduler address (``tcp://host:8786``) or ``local:N`` (N worker processes made here)."""
    from .options import BadValue

    accepts = "a scheduler address such as tcp://host:8786, or local:N for a cluster of N local processes"
    if not isinstance(value, str):
        raise BadValue(accepts)
    value = value.strip()
    local = _LOCAL.match(value)
    if local is not None:
        if not 1 <= int(local.group(1)) <= 1024:
            raise BadValue(accepts)
        return value
    if _ADDRESS.match(value) is None:
        raise BadValue(accepts)
    return value


def parse_timeout(value: object) -> float:
    """Seconds, above 0: ``30``, ``2.5`` or ``30s``."""
    from .options import BadValue

    accepts = "a number of seconds above 0, such as 30 or 2.5"
    text = value.strip().removesuffix("s") if isinstance(value, str) else value
    try:
        seconds = float(text) if isinstance(text, (str, int, float)) and not isinstance(text, bool) else -1.0
    except ValueError:
        seconds = -1.0
    if not 0 < seconds <= 86_400:
        raise BadValue(accepts)
    return seconds


