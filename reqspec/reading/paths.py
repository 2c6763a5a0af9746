"""Which files to read, and opening them without surprises.

Paths come from users and directory trees nobody vetted: they may be missing, unreadable, FIFOs
that would block forever, devices that never end (``/dev/zero``), or symbolic link loops. Every
such case becomes an ``unreadable`` problem; only regular files are ever read.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Iterator
from typing import BinaryIO

from .problems import ReadProblem

EXTENSIONS: dict[str, str] = {".json": "json", ".jsonl": "jsonl", ".yaml": "yaml", ".yml": "yaml"}

_REASONS = {
    errno.ENOENT: "no such file or directory",
    errno.EACCES: "permission denied",
    errno.EPERM: "permission denied",
    errno.ELOOP: "symbolic link loop (too many levels of symbolic links)",
    errno.EISDIR: "is a directory",
    errno.ENOTDIR: "a component of the path is not a directory",
    errno.ENAMETOOLONG: "file name too long",
}

_OPEN_FLAGS = (
    os.O_RDONLY
    | getattr(os, "O_NONBLOCK", 0)  # opening a FIFO must not wait for a writer
    | getattr(os, "O_CLOEXEC", 0)
    | getattr(os, "O_BINARY", 0)
)


def _text_path(path: str | bytes | os.PathLike[str] | os.PathLike[bytes]) -> str:
    return os.fsdecode(os.fspath(path))


def format_for(path: str | bytes | os.PathLike[str] | os.PathLike[bytes]) -> str | None:
    """The format named by a file's extension (case-insensitive), or None."""
    try:
        name = _text_path(path)
    except (TypeError, ValueError):
        return None
    return EXTENSIONS.get(os.path.splitext(name)[1].lower())


def unreadable(reason: str) -> ReadProblem:
    """The ``unreadable`` problem with a reason, at the start of the file."""
    return ReadProblem("unreadable", f"cannot read: {reason}", 1, 1)


def os_error_problem(error: OSError | ValueError) -> ReadProblem:
    """An ``unreadable`` problem naming why the operating system refused."""
    if isinstance(error, ValueError):
        return unreadable("the path contains a NUL character")
    reason = _REASONS.get(error.errno or 0) or error.strerror or type(error).__name__
    return unreadable(reason)


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "is a directory, not a file"
    if stat.S_ISFIFO(mode):
        return "is a FIFO (named pipe), not a regular file"
    if stat.S_ISCHR(mode):
        return "is a character device, not a regular file"
    if stat.S_ISBLK(mode):
        return "is a block device, not a regular file"
    if stat.S_ISSOCK(mode):
        return "is a socket, not a regular file"
    return "is not a regular file"


def open_regular(path: str | bytes | os.PathLike[str] | os.PathLike[bytes]) -> tuple[BinaryIO, int] | ReadProblem:
    """Open ``path`` for binary reading if it is a regular file; else say why not.

    The type is checked before opening (so a FIFO is never opened) and again on the open
    descriptor (so a file swapped in between is caught too).
    """
    try:
        before = os.stat(path)
    except (OSError, ValueError) as error:
        return os_error_problem(error)
    if not stat.S_ISREG(before.st_mode):
        return unreadable(_kind(before.st_mode))
    try:
        fd = os.open(path, _OPEN_FLAGS)
    except (OSError, ValueError) as error:
        return os_error_problem(error)
    try:
        after = os.fstat(fd)
        if not stat.S_ISREG(after.st_mode):
            os.close(fd)
            return unreadable(_kind(after.st_mode))
        if hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)
        return os.fdopen(fd, "rb"), after.st_size
    except OSError as error:
        try:
            os.close(fd)
        except OSError:
            pass
        return os_error_problem(error)


def open_source(path: str | bytes | os.PathLike[str] | os.PathLike[bytes]) -> tuple[BinaryIO, int] | ReadProblem:
    """``open_regular`` for a local path, ``open_url`` for a URL (``s3://…``, ``file://…``)."""
    if isinstance(path, str) and "://" in path:
        from .urls import is_url, open_url

        if is_url(path):
            return open_url(path)
    return open_regular(path)


def source_size(path: str) -> int | None:
    """The size in bytes of a local file or of the object at a URL; None when it cannot be told."""
    if "://" in path:
        from .urls import is_url, url_size

        if is_url(path):
            return url_size(path)
    try:
        return os.stat(path).st_size
    except (OSError, ValueError):
        return None


#: Folders a walk never enters: installed packages, which hold JSON of their own and no prompts.
SKIPPED_FOLDERS = frozenset({"node_modules", "__pycache__"})


def _is_hidden(name: str) -> bool:
    return name.startswith(".")


def iter_paths(paths: list[str]) -> Iterator[tuple[str, ReadProblem | None]]:
    """Expand the given paths into the files to read, in a stable order.

    A file given explicitly is yielded whatever its extension (reading it reports an unknown
    format). A directory is walked depth-first in sorted order, yielding files ending in .json,
    .jsonl, .yaml or .yml and skipping hidden files and folders; a directory reached twice (a
    symbolic link loop, or two links to one place) is walked once. A path that cannot be
    examined is yielded with an ``unreadable`` problem. A URL expands the same way (``urls``).
    """
    for given in paths:
        if isinstance(given, str) and "://" in given:
            from .urls import is_url, iter_url

            if is_url(given):
                yield from iter_url(given)
                continue
        try:
            path = _text_path(given)
        except (TypeError, ValueError):
            yield str(given), unreadable("not a usable path")
            continue
        try:
            info = os.stat(path)
        except (OSError, ValueError) as error:
            yield path, os_error_problem(error)
            continue
        if stat.S_ISDIR(info.st_mode):
            yield from _walk(path, info)
        else:
            yield path, None


def _listing(directory: str) -> list[os.DirEntry[str]] | ReadProblem:
    try:
        with os.scandir(directory) as entries:
            return sorted((entry for entry in entries if not _is_hidden(entry.name)), key=lambda entry: entry.name)
    except OSError as error:
        return os_error_problem(error)


def _walk(root: str, info: os.stat_result) -> Iterator[tuple[str, ReadProblem | None]]:
    """Depth-first sorted walk with an explicit stack (no recursion limit on deep trees)."""
    seen = {(info.st_dev, info.st_ino)}
    first = _listing(root)
    if isinstance(first, ReadProblem):
        yield root, first
        return
    stack: list[Iterator[os.DirEntry[str]]] = [iter(first)]
    while stack:
        entry = next(stack[-1], None)
        if entry is None:
            stack.pop()
            continue
        try:
            is_dir = entry.is_dir()
        except OSError as error:
            yield entry.path, os_error_problem(error)
            continue
        if is_dir:
            if entry.name in SKIPPED_FOLDERS:
                continue
            try:
                target = entry.stat()
            except OSError as error:
                yield entry.path, os_error_problem(error)
                continue
            identity = (target.st_dev, target.st_ino)
            if identity in seen:
                continue
            seen.add(identity)
            listing = _listing(entry.path)
            if isinstance(listing, ReadProblem):
                yield entry.path, listing
                continue
            stack.append(iter(listing))
        elif format_for(entry.name) is not None:
            yield entry.path, None
