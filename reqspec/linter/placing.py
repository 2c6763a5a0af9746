"""Which settings place the bodies of a file: the kind of its documents and the body pointer, from
the command line, ``[tool.reqspec]`` and its ``[[tool.reqspec.files]]`` entries per glob, each with
where it came from (what ``reqspec lint --show-settings`` prints)."""

from __future__ import annotations

import os
import re
from typing import NamedTuple

from .stored import AUTO


class FileEntry(NamedTuple):
    """One ``[[tool.reqspec.files]]`` entry: the files its glob matches get its settings."""

    glob: str
    kind: str | None = None
    body_pointer: str | None = None

    def matches(self, relative: str) -> bool:
        return glob_regex(self.glob).fullmatch(relative) is not None


def glob_regex(glob: str) -> re.Pattern[str]:
    """A glob over ``/``-separated paths: ``*`` and ``?`` within one folder, ``**`` across any."""
    out, i = [], 0
    while i < len(glob):
        if glob.startswith("**/", i):
            out.append("(?:.*/)?")
            i += 3
        elif glob.startswith("**", i):
            out.append(".*")
            i += 2
        elif glob[i] == "*":
            out.append("[^/]*")
            i += 1
        elif glob[i] == "?":
            out.append("[^/]")
            i += 1
        else:
            out.append(re.escape(glob[i]))
            i += 1
    return re.compile("".join(out))


class Placement(NamedTuple):
    """How one file is read: the kind of its documents (or ``auto``), where the body is in each,
    and where each of the two came from (for ``--show-settings``)."""

    kind: str
    body_pointer: str
    origins: dict[str, str] = {}  # never changed: one empty default serves all


class Placing(NamedTuple):
    """The settings that place bodies in files: the command line's, the configuration's, and its
    entries per glob (matched against paths relative to the configuration's folder)."""

    kind: str | None = None  # from the command line
    body_pointer: str | None = None
    config_kind: str | None = None  # from [tool.reqspec]
    config_body_pointer: str | None = None
    files: tuple[FileEntry, ...] = ()
    config_file: str | None = None

    def for_file(self, path: str) -> Placement:
        entry = self._entry(path)
        where = f"{self.config_file} [tool.reqspec]"
        kind, kind_from = AUTO, "default"
        pointer, pointer_from = "", "default"
        if self.config_kind is not None:
            kind, kind_from = self.config_kind, where
        if self.config_body_pointer is not None:
            pointer, pointer_from = self.config_body_pointer, where
        if entry is not None:
            if entry.kind is not None:
                kind, kind_from = entry.kind, f"{self.config_file} [[tool.reqspec.files]] glob {entry.glob!r}"
            if entry.body_pointer is not None:
                pointer, pointer_from = entry.body_pointer, f"{self.config_file} [[tool.reqspec.files]] glob {entry.glob!r}"
        if self.kind is not None:
            kind, kind_from = self.kind, "--kind"
        if self.body_pointer is not None:
            pointer, pointer_from = self.body_pointer, "--body-pointer"
        return Placement(kind, pointer, {"kind": kind_from, "body-pointer": pointer_from})

    def _entry(self, path: str) -> FileEntry | None:
        if not self.files or path == "-":
            return None
        if "://" in path:  # a file:// URL is matched as its local path, any other URL as it is written
            from ..reading.urls import is_url, local_path

            if is_url(path):
                local = local_path(path)
                if local is None:
                    return next((entry for entry in self.files if entry.matches(path)), None)
                path = local
        relative = _as_posix(path)
        if self.config_file is not None:
            try:
                relative = _as_posix(os.path.relpath(os.path.abspath(path), os.path.dirname(self.config_file)))
            except ValueError:  # another drive
                pass
        for entry in self.files:  # the first that matches wins
            if entry.matches(relative):
                return entry
        return None


def _as_posix(path: str) -> str:
    """``pathlib.Path(path).as_posix()`` without pathlib: ``/`` between parts, no empty or ``.``
    part (pathlib's import costs a lint run's start more than the glob matching does)."""
    text = path.replace(os.sep, "/") if os.sep != "/" else path
    parts = [part for part in text.split("/") if part not in ("", ".")]
    joined = "/".join(parts)
    if text.startswith("/"):  # POSIX keeps two leading slashes, and makes more of them one
        return ("//" if text.startswith("//") and not text.startswith("///") else "/") + joined
    return joined or "."
