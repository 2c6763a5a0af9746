"""Settings from ``[tool.reqspec]`` of the nearest ``pyproject.toml``.

Command-line options win over the file; the file wins over the defaults. Each key takes what
its option takes (``options.SETTINGS``); an unknown key or a value a key does not accept is a
usage error naming the file, the key and what it accepts.
"""

from __future__ import annotations

import os
from typing import Any, TypedDict, cast

from .options import BY_KEY, BadValue, shown

# The table as ``load_config`` returns it: every key optional, each value parsed (the keys have
# dashes, as TOML users write them, hence the functional form).
LintConfig = TypedDict("LintConfig", {
    "select": frozenset[str], "ignore": frozenset[str], "fail-on": str, "max-file-size": int,
    "max-depth": int, "max-findings": int, "format": str, "jobs": int, "kind": str, "body-pointer": str,
    "files": tuple[Any, ...],
}, total=False)
#: The keys of a ``[[tool.reqspec.files]]`` entry beside its glob.
FILE_KEYS = ("kind", "body-pointer")

#: A pyproject.toml larger than this is refused unread: real ones are a few kilobytes.
MAX_CONFIG_BYTES = 1 << 20


class ConfigError(ValueError):
    """The [tool.reqspec] table is malformed; the message names the file and key."""


def find_pyproject(start: str) -> str | None:
    """The pyproject.toml of ``start`` or of the nearest folder above it (paths as strings: pathlib
    costs a lint run's start more than finding the file does)."""
    folder = start
    while True:
        candidate = os.path.join(folder, "pyproject.toml")
        if os.path.isfile(candidate):  # a folder we may not look into counts as none: keep climbing
            return candidate
        parent = os.path.dirname(folder)
        if parent == folder:
            return None
        folder = parent


def _read(path: str) -> str:
    """The file's text, refusing a file too large to be a project file before reading it."""
    try:
        with open(path, "rb") as stream:
            if os.fstat(stream.fileno()).st_size > MAX_CONFIG_BYTES:
                raise ConfigError(f"{path}: larger than {MAX_CONFIG_BYTES // 1024} KiB; is it really a pyproject.toml?")
            data = stream.read(MAX_CONFIG_BYTES + 1)
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read: {exc.strerror or type(exc).__name__}") from None
    if len(data) > MAX_CONFIG_BYTES:
        raise ConfigError(f"{path}: larger than {MAX_CONFIG_BYTES // 1024} KiB; is it really a pyproject.toml?")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise ConfigError(f"{path}: cannot read: not UTF-8") from None


def load_config(start: str) -> tuple[LintConfig, str | None]:
    """The [tool.reqspec] settings nearest to the folder ``start``, parsed, and the file they came from."""
    path = find_pyproject(os.path.realpath(start))
    if path is None:
        return {}, None
    import tomllib  # only a run that finds a pyproject.toml reads TOML

    try:
        data = tomllib.loads(_read(path))
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML: {exc}") from None
    tool = data.get("tool", {})
    table = tool.get("reqspec", {}) if isinstance(tool, dict) else None
    if not isinstance(table, dict):
        raise ConfigError(f"{path}: [tool.reqspec] must be a table")
    parsed: dict[str, Any] = {}
    for key, value in table.items():
        if key == "files":
            parsed[key] = _files(path, value)
            continue
        setting = BY_KEY.get(key)
        if setting is None:
            raise ConfigError(f"{path}: unknown key {shown(key)} in [tool.reqspec]; known: {', '.join([*BY_KEY, 'files'])}")
        try:
            parsed[key] = setting.parse(value)
        except BadValue as exc:
            raise ConfigError(f"{path}: [tool.reqspec] {key}: expected {exc}, got {shown(value)}") from None
    return cast(LintConfig, parsed), path


def _files(path: str, value: object) -> tuple[Any, ...]:
    """The ``[[tool.reqspec.files]]`` entries: each a glob and the settings of the files it matches."""
    from .placing import FileEntry

    if not isinstance(value, list) or not all(isinstance(item, dict) for item in value):
        raise ConfigError(f"{path}: [[tool.reqspec.files]] must be an array of tables, each with a glob")
    entries = []
    for index, item in enumerate(value):
        where = f"{path}: [[tool.reqspec.files]] entry {index + 1}"
        glob = item.get("glob")
        if not isinstance(glob, str) or not glob:
            raise ConfigError(f"{where}: expected a glob, such as \"evals/**/*.jsonl\"")
        settings: dict[str, Any] = {}
        for key, raw in item.items():
            if key == "glob":
                continue
            if key not in FILE_KEYS:
                raise ConfigError(f"{where}: unknown key {shown(key)}; known: glob, {', '.join(FILE_KEYS)}")
            try:
                settings[key.replace("-", "_")] = BY_KEY[key].parse(raw)
            except BadValue as exc:
                raise ConfigError(f"{where}: {key}: expected {exc}, got {shown(raw)}") from None
        entries.append(FileEntry(glob, **settings))
    return tuple(entries)
