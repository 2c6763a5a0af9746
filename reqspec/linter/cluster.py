"""Lint on a Dask cluster (``reqspec lint --cluster ADDRESS``): the work ``-j`` shares among the
processes of one machine (batches of files, byte ranges of large JSONL files) runs as Dask tasks,
and the results come back in order, one window of tasks at a time, as with ``-j``.

Dask (``dask[distributed]``, the ``dask`` extra) is imported only here, and this module only when a
cluster is asked for. A worker builds its ruleset once per run and keeps it; tasks on one worker
process run one at a time (a threads cluster shares one process), since the ruleset counts what
its checks skipped. Dask runs a task again elsewhere when its worker dies, so the report stays
complete; what Dask cannot recover from (a scheduler gone, a task that killed every worker it
ran on) ends the run with ``ClusterError``.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from types import ModuleType
from typing import Any, Callable

from .cluster_options import _LOCAL, DEFAULT_TIMEOUT
from .engine import EngineError, LintRun, Settings

#: What to install for ``--cluster`` and ``reqspec.dask``.
NEEDS_DASK = "--cluster needs Dask, which is not installed: pip install 'reqspec[dask]'"
#: For ``local:N``: a worker's lint task has the CPU to itself, save for what keeps the cluster
#: alive. Dask's statistical profiler (which samples the running task every 10 ms) is off, and
#: the event loop's health checks run seconds apart, not milliseconds: each wakes the worker's
#: event loop thread, which takes the interpreter from the task's thread. The tasks are alike and
#: few are queued (twice the workers), so the scheduler does not weigh stealing them either.
QUIET_WORKERS = {
    "distributed.worker.profile.enabled": False,
    "distributed.scheduler.work-stealing": False,
    "distributed.admin.tick.interval": "1s",
    "distributed.admin.system-monitor.interval": "2s",
    "distributed.worker.memory.monitor-interval": "1s",
}


class ClusterError(EngineError):
    """The cluster cannot be reached or lost the run: one line to say so, exit 2."""


def dask_installed() -> bool:
    import importlib.util

    return importlib.util.find_spec("distributed") is not None and importlib.util.find_spec("dask") is not None


@dataclass(frozen=True)
class Setup:
    """What a worker needs to lint as the client would: the settings, the spec's text (None: the
    built-in one; a remote worker may not see the client's file) and whether to count tokens.
    ``key`` tells one run from another on a long-lived worker."""

    key: str
    settings: Settings
    spec_text: str | None
    spec_name: str
    token_counter: bool


_LOCK = threading.Lock()
_HELD = [""]  # the key of the run whose LintRun this worker process holds
_SPECS: dict[str, ModuleType] = {}  # spec text -> its ruleset, built once per worker


def on_worker(setup: Setup, task: Callable[..., Any], *args: Any) -> Any:
    """Run one task of a run on a Dask worker: ``lint_files`` or ``lint_range`` of ``parallel``."""
    from . import parallel

    with _LOCK:
        if _HELD[0] != setup.key:
            rules = _rules(setup)
            rules.set_token_counter("auto" if setup.token_counter else None)
            parallel._WORKER["run"] = LintRun([], setup.settings, rules)
            _HELD[0] = setup.key
        return task(*args)


def _rules(setup: Setup) -> ModuleType:
    from .. import ruleset

    if setup.spec_text is None:
        return ruleset.builtin()
    built = _SPECS.get(setup.spec_text)
    if built is None:
        from ..spec.loader import load_spec_text

        built = ruleset.from_model(load_spec_text(setup.spec_text, setup.spec_name), setup.spec_name)
        _SPECS[setup.spec_text] = built
    return built


class _Pending:
    """A task's result as ``Parallel`` waits for it; cluster failures become ``ClusterError``."""

    __slots__ = ("future", "address")

    def __init__(self, future: Any, address: str) -> None:
        self.future = future
        self.address = address

    def get(self) -> Any:
        try:
            return self.future.result()
        except Exception as error:
            if _is_cluster_failure(error):
                raise ClusterError(f"the Dask cluster at {self.address} lost the run "
                                   f"({type(error).__name__}: {_first_line(error)})") from None
            raise
        finally:
            self.future.release()


def _first_line(error: BaseException) -> str:
    text = str(error).strip()
    return text.splitlines()[0][:200] if text else "no detail"


def _is_cluster_failure(error: BaseException) -> bool:
    """Whether an error comes from the cluster, not from the task: a worker killed too often, a
    connection lost, a task cancelled by the scheduler."""
    from concurrent.futures import CancelledError

    distributed = _distributed()
    return isinstance(error, (distributed.KilledWorker, distributed.comm.core.CommClosedError, CancelledError,
                              OSError, TimeoutError))


def _distributed() -> Any:
    """The ``distributed`` package (untyped: its calls are checked by the tests, not by mypy)."""
    import importlib

    importlib.import_module("distributed.comm.core")
    return importlib.import_module("distributed")


class DaskEngine:
    """A connection to a Dask cluster, or a local one made for the run (``local:N``)."""

    stays_small = False

    def __init__(self, client: Any, cluster: Any, address: str) -> None:
        self.client = client
        self.cluster = cluster  # the LocalCluster made for this run, closed with it
        self.address = address
        self.setup: Setup | None = None
        workers = sum(client.nthreads().values())
        self.workers = max(1, workers)

    @classmethod
    def connect(cls, address: str, timeout: float = DEFAULT_TIMEOUT) -> DaskEngine:
        """Reach the scheduler at ``address`` (or start ``local:N``) within ``timeout`` seconds;
        raise ClusterError with one line that says why not, ImportError without Dask."""
        import logging

        distributed = _distributed()
        local = _LOCAL.match(address)
        if local is not None:
            workers = int(local.group(1))
            import dask.config

            try:
                with dask.config.set(QUIET_WORKERS):  # the workers take the config they are made with
                    cluster = distributed.LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                                                       dashboard_address=":0", silence_logs=logging.ERROR)
            except Exception as error:  # processes that cannot start: say so, in one line
                raise ClusterError(f"cannot start a local Dask cluster of {workers} worker process(es) "
                                   f"({type(error).__name__}: {_first_line(error)})") from None
            return cls(distributed.Client(cluster, timeout=timeout), cluster, address)
        try:
            client = distributed.Client(address, timeout=timeout)
        except (OSError, TimeoutError) as error:
            raise ClusterError(f"cannot reach the Dask scheduler at {address} within {timeout:g} s "
                               f"({_first_line(error)})") from None
        if not client.nthreads():
            try:
                client.wait_for_workers(1, timeout=timeout)
            except (OSError, TimeoutError):
                client.close()
                raise ClusterError(f"the Dask scheduler at {address} has no worker (waited {timeout:g} s)") from None
        return cls(client, None, address)

    def start(self, run: LintRun) -> None:
        """What every task of the run carries: the settings, and the spec's text for the workers
        (which may not see the client's files)."""
        import uuid

        spec_text = None
        if run.spec is not None:
            from pathlib import Path

            spec_text = Path(run.spec).read_text(encoding="utf-8")
        name = run.spec.replace("\\", "/").rsplit("/", 1)[-1] if run.spec else ""
        self.setup = Setup(uuid.uuid4().hex, run.settings, spec_text, name, run.token_counter)

    def submit(self, task: Callable[..., Any], *args: Any) -> _Pending:
        assert self.setup is not None
        try:
            future = self.client.submit(on_worker, self.setup, task, *args, pure=False)
        except (OSError, TimeoutError) as error:
            raise ClusterError(f"the Dask cluster at {self.address} lost the run ({_first_line(error)})") from None
        return _Pending(future, self.address)

    def finish(self) -> None:
        """Nothing to do between runs: the connection is closed with ``shut``."""

    def close(self) -> None:
        """The run stopped early: its futures go with the window that held them, and the
        scheduler drops what no client waits for; the connection stays for ``shut``."""

    def shut(self) -> None:
        """Close the connection, and the local cluster made for the run."""
        for closing in (self.client, self.cluster):
            if closing is not None:
                try:
                    closing.close()
                except Exception:  # closing a cluster that is gone must not hide the report
                    pass
