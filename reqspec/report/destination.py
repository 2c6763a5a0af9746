"""Where a report goes: standard output, or ``-o FILE`` written whole or not at all.

A report file is written to a temporary file beside it and renamed over it only when the run has
finished, so a run that fails, is interrupted or reads the same file never leaves a truncated
report or a truncated input. A device or FIFO named with ``-o`` (``/dev/stdout``, a pipe) is
written directly, since it cannot be replaced.

Standard output that closes early (``reqspec lint ... | head -1``) is no error: the rest of the
report is dropped, the run goes on to its end so the exit code still reflects every finding, and
nothing is printed about the closed pipe.
"""

from __future__ import annotations

import errno
import os
import stat
import sys
from typing import Protocol, TextIO


class TextSink(Protocol):
    """What a report writer needs of where it writes."""

    def write(self, text: str, /) -> int: ...

    def flush(self) -> None: ...

    def isatty(self) -> bool: ...


class DestinationError(Exception):
    """The report cannot be written where it was asked to go; the message says why."""


def _reason(error: OSError) -> str:
    return os.strerror(error.errno) if error.errno else type(error).__name__


class _Tolerant:
    """A text stream that stops writing, silently, once its reader has gone (a closed pipe)."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.closed_early = False

    def write(self, text: str) -> int:
        if not self.closed_early:
            try:
                return self.stream.write(text)
            except BrokenPipeError:
                self._gone()
            except OSError as error:
                raise DestinationError(f"cannot write the report: {_reason(error)}") from None
        return len(text)

    def flush(self) -> None:
        if not self.closed_early:
            try:
                self.stream.flush()
            except BrokenPipeError:
                self._gone()
            except OSError as error:
                raise DestinationError(f"cannot write the report: {_reason(error)}") from None

    def isatty(self) -> bool:
        try:
            return self.stream.isatty()
        except (OSError, ValueError):
            return False

    def _gone(self) -> None:
        self.closed_early = True
        # Whatever is still buffered would be flushed at exit and fail again, printing a warning:
        # point the descriptor at /dev/null so the interpreter's last flush succeeds quietly.
        try:
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, self.stream.fileno())
            os.close(devnull)
        except (OSError, ValueError):
            pass


def standard_output() -> _Tolerant:
    """Standard output, checked to be open (a closed descriptor is a usage problem)."""
    stream = sys.stdout
    try:
        if stream is None or stream.closed:
            raise OSError(errno.EBADF, "closed")
        os.fstat(stream.fileno())
    except (OSError, ValueError):
        raise DestinationError("standard output is closed: give -o FILE, or run with an open standard output") from None
    return _Tolerant(stream)


class ReportFile:
    """``-o FILE``: opened before the run (so a bad target is refused before any work), written
    to a temporary file beside FILE, and renamed over FILE by ``commit``."""

    def __init__(self, path: str) -> None:
        self.shown = path
        self.target = os.path.realpath(path)
        self.temporary: str | None = None
        self.stream: TextIO
        try:
            info: os.stat_result | None = os.stat(self.target)
        except FileNotFoundError:
            info = None
        except OSError as error:
            raise DestinationError(f"-o {path}: {_reason(error)}") from None
        if info is not None and stat.S_ISDIR(info.st_mode):
            raise DestinationError(f"-o {path}: is a folder; name a file")
        try:
            if info is not None and not stat.S_ISREG(info.st_mode):
                # A device or a pipe: nothing to replace, so write to it as it is.
                self.stream = open(self.target, "w", encoding="utf-8", newline="\n")
                return
            folder = os.path.dirname(self.target) or "."
            import tempfile  # only a run with -o needs it

            fd, self.temporary = tempfile.mkstemp(prefix=".reqspec-report-", suffix=".tmp", dir=folder)
            mode = stat.S_IMODE(info.st_mode) if info is not None else 0o666 & ~_umask()
            os.fchmod(fd, mode)
            self.stream = os.fdopen(fd, "w", encoding="utf-8", newline="\n")
        except OSError as error:
            raise DestinationError(f"-o {path}: {_reason(error)}") from None

    def write(self, text: str) -> int:
        try:
            return self.stream.write(text)
        except OSError as error:
            raise DestinationError(f"cannot write the report to {self.shown}: {_reason(error)}") from None

    def flush(self) -> None:
        try:
            self.stream.flush()
        except OSError as error:
            raise DestinationError(f"cannot write the report to {self.shown}: {_reason(error)}") from None

    def isatty(self) -> bool:
        return False

    def commit(self) -> None:
        """The run finished: put the report in place."""
        try:
            self.stream.close()
            if self.temporary is not None:
                os.replace(self.temporary, self.target)
                self.temporary = None
        except OSError as error:
            raise DestinationError(f"cannot write the report to {self.shown}: {_reason(error)}") from None
        finally:
            self.discard()

    def discard(self) -> None:
        """The run did not finish: leave FILE as it was."""
        try:
            self.stream.close()
        except OSError:
            pass
        if self.temporary is not None:
            try:
                os.unlink(self.temporary)
            except OSError:
                pass
            self.temporary = None


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
