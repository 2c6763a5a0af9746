"""Files named by URL (``s3://bucket/prompts/``, ``gs://…``, ``memory://…``, ``file://…``), read
through fsspec, with the same rules as local paths.

A folder is walked in the order a local walk gives (depth-first, sorted by name, hidden files and
folders and installed-package folders skipped, only .json, .jsonl, .yaml and .yml files); a URL
with ``*``, ``?`` or ``[`` is a glob, expanded in sorted order. Whatever goes wrong (a missing
object, a refused credential, a backend that is not installed) is an ``unreadable`` problem that
names the reason, never an exception.

fsspec is imported only when a URL is met, so plain local runs never pay for it. A ``file://``
URL is the local path it names: opened, walked and globbed by the same code as one (symbolic link
loops, FIFOs and permissions included), and never reaches fsspec.
"""

from __future__ import annotations

import errno
import io
import re
from collections.abc import Iterator
from typing import Any, BinaryIO

from .problems import ReadProblem, excerpt

#: What the text says when fsspec is missing (the extra that brings it).
NEEDS_FSSPEC = "reading URLs needs fsspec, which is not installed: pip install 'reqspec[dask]'"

_URL = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*://")
_GLOB = re.compile(r"[*?\[]")
#: Bytes read from object storage at a time (lines are then cut from this buffer).
_BUFFER = 1 << 20


def is_url(path: object) -> bool:
    """Whether ``path`` is a URL (``scheme://…``), to be read through fsspec."""
    return isinstance(path, str) and _URL.match(path) is not None


def local_path(url: str) -> str | None:
    """The local path a ``file://`` URL names, or None for any other URL."""
    if not url.lower().startswith("file://"):
        return None
    from urllib.parse import unquote

    rest = url[len("file://"):]
    if rest.startswith("localhost/"):
        rest = rest[len("localhost"):]
    return unquote(rest)


def file_url(local: str) -> str:
    """The ``file://`` URL of a local path, quoted so that ``local_path`` gives the path back."""
    from urllib.parse import quote

    return "file://" + quote(local, safe="/")


def fsspec_installed() -> bool:
    import importlib.util

    return importlib.util.find_spec("fsspec") is not None


#: The errno a backend's OSError stands for when it carries none (fsspec raises them bare).
_ERRNO = {FileNotFoundError: errno.ENOENT, IsADirectoryError: errno.EISDIR, PermissionError: errno.EACCES,
          NotADirectoryError: errno.ENOTDIR}


def _problem(error: BaseException) -> ReadProblem:
    """What went wrong reaching a URL, in one line (the message is redacted when printed)."""
    from .paths import os_error_problem, unreadable

    code = getattr(error, "errno", None) or next((n for kind, n in _ERRNO.items() if isinstance(error, kind)), None)
    if isinstance(error, OSError) and code is not None:
        return os_error_problem(OSError(code, ""))  # the reasons a local path gets
    if isinstance(error, ImportError):  # a backend that is not installed ("Install s3fs to access S3")
        if error.name == "fsspec":
            return unreadable(NEEDS_FSSPEC)
        return unreadable(excerpt(str(error) or f"{error.name} is not installed"))
    text = str(error).splitlines()[0] if str(error) else ""
    return unreadable(excerpt(f"{type(error).__name__}: {text}" if text else type(error).__name__))


def _filesystem(url: str) -> tuple[Any, str]:
    """fsspec's filesystem for ``url`` and the path on it (fsspec is untyped: Any)."""
    import importlib

    core: Any = importlib.import_module("fsspec.core")
    fs, path = core.url_to_fs(url)
    return fs, str(path)


class _Raw(io.RawIOBase):
    """An fsspec file as a raw stream, so ``io.BufferedReader`` gives it ``readline(size)``."""

    def __init__(self, file: Any) -> None:
        super().__init__()
        self.file = file

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        data = self.file.read(len(buffer))
        buffer[:len(data)] = data
        return len(data)

    def seek(self, offset: int, whence: int = 0) -> int:
        return int(self.file.seek(offset, whence))

    def tell(self) -> int:
        return int(self.file.tell())

    def close(self) -> None:
        try:
            self.file.close()
        finally:
            super().close()


def open_url(url: str) -> tuple[BinaryIO, int] | ReadProblem:
    """Open the object at ``url`` for binary reading, with its size; else say why not."""
    local = local_path(url)
    if local is not None:
        from .paths import open_regular

        return open_regular(local)
    try:
        fs, path = _filesystem(url)
        info = fs.info(path)
        if info.get("type") == "directory":
            from .paths import unreadable

            return unreadable("is a directory, not a file")
        file = fs.open(path, "rb")
    except Exception as error:  # any failure of a backend is a located problem
        return _problem(error)
    size = int(info.get("size") or 0)
    if isinstance(file, io.BytesIO):
        return file, size
    return io.BufferedReader(_Raw(file), _BUFFER), size


#: Sizes a folder's listing gave, asked for once each (planning a run), so a store of many objects
#: costs one listing, not a request per object.
_LISTED: dict[str, int] = {}


def url_size(url: str) -> int | None:
    """The size in bytes of the object at ``url``, or None when it cannot be told."""
    listed = _LISTED.pop(url, None)
    if listed is not None:
        return listed
    local = local_path(url)
    try:
        if local is not None:
            import os

            return os.stat(local).st_size
        fs, path = _filesystem(url)
        return int(fs.size(path))
    except Exception:
        return None


def missing(url: str) -> str | None:
    """Why ``url`` names nothing to read (no object or folder there, a glob that matches none, a
    backend that cannot be reached or is not installed), or None when it names something."""
    local = local_path(url)
    if local is not None:
        import glob
        import os

        if _GLOB.search(local):
            return None if glob.glob(local, recursive=True) else "no file matches this glob"
        return None if os.path.lexists(local) else "no such file or folder"
    try:
        fs, path = _filesystem(url)
        if _GLOB.search(path):
            return None if fs.glob(path) else "no file matches this glob"
        return None if fs.exists(path) else "no such file or folder"
    except Exception as error:
        return f"cannot read ({_problem(error).message.removeprefix('cannot read: ')})"


def iter_url(url: str) -> Iterator[tuple[str, ReadProblem | None]]:
    """The files a URL names, as ``iter_paths`` expands a local path: a file as it is, a folder
    walked, a glob expanded; each with the problem that keeps it from being read, if any."""
    local = local_path(url)
    if local is not None:
        yield from _iter_local(url, local)
        return
    try:
        fs, path = _filesystem(url)
    except Exception as error:
        yield url, _problem(error)
        return
    try:
        if _GLOB.search(path):
            literal = set(path.split("/"))  # as a shell glob: a wildcard matches no hidden name
            matches = sorted(match for match in fs.glob(path)
                             if not any(part.startswith(".") and part not in literal for part in match.split("/")))
            if not matches:
                from .paths import unreadable

                yield url, unreadable("no file matches this glob")
                return
            for match in matches:
                yield from _expand(fs, match, named=False)
            return
        if not fs.exists(path):
            from .paths import unreadable

            yield url, unreadable("no such file or directory")
            return
    except Exception as error:
        yield url, _problem(error)
        return
    yield from _expand(fs, path, named=True, given=url)


def _iter_local(url: str, local: str) -> Iterator[tuple[str, ReadProblem | None]]:
    """A ``file://`` URL expanded by ``iter_paths`` (a glob first by ``glob``, which, as a shell,
    matches no hidden name), each file named as a URL: under the folder as the user spelt it."""
    import glob

    from .paths import iter_paths, unreadable

    if _GLOB.search(local):
        matches = sorted(glob.glob(local, recursive=True))
        if not matches:
            yield url, unreadable("no file matches this glob")
            return
        for match in matches:
            for path, problem in iter_paths([match]):
                yield file_url(path), problem
        return
    from urllib.parse import quote

    prefix = url if url.endswith("/") else url + "/"
    root = local.rstrip("/")
    for path, problem in iter_paths([local]):
        if path == local:
            yield url, problem
        else:
            yield prefix + quote(path[len(root):].lstrip("/"), safe="/"), problem


def _expand(fs: Any, path: str, named: bool, given: str | None = None) -> Iterator[tuple[str, ReadProblem | None]]:
    """A file (yielded whatever its extension when named outright) or a folder's files."""
    from .paths import SKIPPED_FOLDERS, format_for

    shown = given if given is not None else fs.unstrip_protocol(path)
    try:
        is_dir = fs.isdir(path)
    except Exception as error:
        yield shown, _problem(error)
        return
    if not is_dir:
        if named or format_for(path) is not None:
            yield shown, None
        return
    try:
        found = fs.find(path, withdirs=False, detail=True)
    except Exception as error:
        yield shown, _problem(error)
        return
    root = path.rstrip("/")
    keep = []
    for file, info in found.items():
        parts = file[len(root):].strip("/").split("/")
        if any(part.startswith(".") for part in parts) or any(part in SKIPPED_FOLDERS for part in parts[:-1]):
            continue
        if format_for(parts[-1]) is not None:
            keep.append((parts, file))
    keep.sort(key=lambda item: item[0])  # component by component: the order of a depth-first sorted walk
    prefix = given.rstrip("/") + "/" if given is not None else None  # names as the user spelt the folder
    for parts, file in keep:
        url = prefix + "/".join(parts) if prefix is not None else fs.unstrip_protocol(file)
        size = found[file].get("size")
        if isinstance(size, int):
            _LISTED[url] = size
        yield url, None
