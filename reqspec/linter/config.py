"""Settings from ``[tool.reqspec]`` of the nearest ``pyproject.toml``.

Command-line options win over the file; the file wins over the defaults. Unknown keys and wrong
types are usage errors, reported with the file's name.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import TypedDict, cast, get_origin

# The table as checked by ``load_config``: every key optional, each with its one type (the keys
# have dashes, as TOML users write them, hence the functional form).
LintConfig = TypedDict("LintConfig", {
    "select": list[str], "ignore": list[str], "fail-on": str, "max-file-size": int, "max-depth": int,
    "max-findings": int, "format": str,
}, total=False)

#: Each key's type as ``load_config`` checks it (``list`` for ``list[str]``).
KEYS: dict[str, type] = {key: cast(type, get_origin(kind) or kind) for key, kind in LintConfig.__annotations__.items()}


class ConfigError(ValueError):
    """The [tool.reqspec] table is malformed; the message names the file and key."""


def find_pyproject(start: Path) -> Path | None:
    for folder in (start, *start.parents):
        candidate = folder / "pyproject.toml"
        if candidate.is_file():
            return candidate
    return None


def load_config(start: Path) -> tuple[LintConfig, Path | None]:
    """The [tool.reqspec] settings nearest to ``start``, and the file they came from."""
    path = find_pyproject(start.resolve())
    if path is None:
        return {}, None
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read: {exc}") from None
    table = data.get("tool", {}).get("reqspec", {})
    if not isinstance(table, dict):
        raise ConfigError(f"{path}: [tool.reqspec] must be a table")
    for key, value in table.items():
        if key not in KEYS:
            raise ConfigError(f"{path}: unknown key {key!r} in [tool.reqspec]; known: {', '.join(KEYS)}")
        if not isinstance(value, KEYS[key]) or isinstance(value, bool):
            raise ConfigError(f"{path}: [tool.reqspec] {key} must be a {KEYS[key].__name__}")
        if isinstance(value, list) and not all(isinstance(v, str) for v in value):
            raise ConfigError(f"{path}: [tool.reqspec] {key} must be a list of rule ids")
    # Every key and value type was checked above, which the checker cannot follow.
    return cast(LintConfig, table), path
