"""Lint on a Dask cluster: the same report as one process, whatever the cluster does.

Every test runs on a real ``LocalCluster`` (two worker processes, or threads where the files live
in fsspec's memory filesystem, which worker processes do not share), so what is proven is what a
user gets: tasks pickled to other processes, results streamed back in order, a worker killed
mid-run and its tasks run again.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import sys
import time

import pytest

pytest.importorskip("distributed")
pytest.importorskip("fsspec")

import fsspec  # noqa: E402
from distributed import Client, LocalCluster  # noqa: E402

from reqspec.linter import parallel  # noqa: E402
from reqspec.linter.cluster import DaskEngine  # noqa: E402
from reqspec.linter.engine import Settings, lint_paths  # noqa: E402

from .cli.helpers import reqspec  # noqa: E402
from .conftest import ROOT  # noqa: E402

EXAMPLES = ROOT / "examples" / "prompts"
FORMATS = ("text", "json", "github", "sarif")


def _cluster(processes: bool = True) -> tuple[LocalCluster, Client]:
    cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=processes, dashboard_address=":0",
                           silence_logs=50)
    return cluster, Client(cluster)


@pytest.fixture(scope="module")
def cluster():
    """A LocalCluster of two worker processes, shared by the tests that leave it whole."""
    made, client = _cluster()
    yield made, client
    client.close()
    made.close()


def _findings(run) -> tuple[list, dict]:
    found = [(r.file, [f.as_dict() for f in r.findings]) for r in run.results()]
    return found, run.summary.as_dict() | {"rules": sorted(run.summary.rules_seen)}


def _one_process(paths) -> tuple[list, dict]:
    return _findings(lint_paths([str(p) for p in paths], Settings()))


def _on(client, paths, **settings) -> tuple[list, dict]:
    engine = DaskEngine(client, None, client.scheduler.address)
    return _findings(lint_paths([str(p) for p in paths], Settings(**settings), engine=engine))


def _jsonl(path, count: int) -> None:
    """``count`` small bodies, some with errors, warnings, duplicate keys and broken lines."""
    with open(path, "w", encoding="utf-8") as out:
        for i in range(count):
            body = {"model": "gpt-3.5-turbo", "messages": [{"role": "user", "content": f"question {i}"}]}
            if i % 997 == 0:
                body["temperature"] = 5
            if i % 1999 == 0:
                body["messages"][0]["role"] = "robot"
            if i % 4999 == 0:
                body["top_p"] = 0.5
            line = json.dumps(body)
            if i % 9973 == 0:
                line = line[:-2]  # cut short: a located syntax error
            out.write(line + "\n")


def _own(err: str) -> list[str]:
    """reqspec's own lines on standard error (a slow machine may add Dask's warnings about itself)."""
    return [line for line in err.splitlines() if line.startswith("reqspec lint:")]


def test_the_bundled_examples_give_the_same_report_in_every_format(cluster):
    address = cluster[1].scheduler.address
    for fmt in FORMATS:
        alone = reqspec("lint", "--format", fmt, str(EXAMPLES))
        shared = reqspec("lint", "--cluster", address, "--format", fmt, str(EXAMPLES))
        assert (shared.code, shared.out, _own(shared.err)) == (alone.code, alone.out, _own(alone.err)), fmt
    assert alone.code == 1 and alone.out


def test_local_n_makes_a_cluster_for_the_run_and_closes_it():
    alone = reqspec("lint", "--format", "json", str(EXAMPLES))
    shared = reqspec("lint", "--cluster", "local:2", "--format", "json", str(EXAMPLES), timeout=120)
    assert (shared.code, shared.out) == (alone.code, alone.out)
    assert _own(shared.err) == _own(alone.err)


def test_a_100000_line_jsonl_is_split_across_the_workers(cluster, tmp_path):
    from distributed import get_task_stream

    big = tmp_path / "store.jsonl"
    _jsonl(big, 100_000)
    alone = _one_process([big])
    with get_task_stream(client=cluster[1]) as stream:
        shared = _on(cluster[1], [big])
    assert shared == alone
    assert alone[1]["documents"] == 100_000 and alone[1]["errors"] > 100
    ranges = [task for task in stream.data if task["key"].startswith("on_worker")]
    assert len(ranges) >= 4 and len({task["worker"] for task in ranges}) == 2


def _renamed(found: list, old: str, new: str) -> list:
    return [(file.replace(old, new), [dict(f, file=f["file"].replace(old, new)) for f in rows]) for file, rows in found]


def test_file_urls_give_the_same_report_as_one_process(cluster, tmp_path):
    folder = tmp_path / "prompts"
    (folder / "deep").mkdir(parents=True)
    (folder / ".hidden").mkdir()
    (folder / "a.json").write_text('{"model": "gpt-4", "messages": []}', encoding="utf-8")
    (folder / "b.yaml").write_text("model: gpt-4\nmessages:\n  - role: robot\n    content: hi\n", encoding="utf-8")
    (folder / "deep" / "c.jsonl").write_text('{"model": "gpt-4", "messages": [{"role": "user", "content": "x"}]}\n'
                                             '{"model": "gpt-4", "temperature": 9}\n', encoding="utf-8")
    (folder / ".hidden" / "skipped.json").write_text("{}", encoding="utf-8")
    (folder / "notes.txt").write_text("not a prompt", encoding="utf-8")
    url = folder.as_uri()
    alone = _one_process([url])
    assert alone == _on(cluster[1], [url])
    assert [file for file, _ in alone[0]] == [f"{url}/a.json", f"{url}/b.yaml", f"{url}/deep/c.jsonl"]
    # The same files, in the same order, with the same findings, as the local path gives.
    local = _one_process([folder])
    assert _renamed(alone[0], url, str(folder)) == local[0] and alone[1] == local[1]
    command = reqspec("lint", "--cluster", cluster[1].scheduler.address, "--format", "json", url)
    assert command.code == 1 and command.out == reqspec("lint", "--format", "json", url).out


def test_memory_urls_on_a_threads_cluster():
    """fsspec's memory filesystem lives in one process: a cluster of threads shares it."""
    memory = fsspec.filesystem("memory")
    memory.pipe("/reqspec-test/prompts/a.json", b'{"model": "gpt-4", "messages": []}')
    memory.pipe("/reqspec-test/prompts/sub/b.jsonl",
                b'{"model": "gpt-4", "messages": [{"role": "user", "content": "x"}]}\n{"model": 5}\n')
    memory.pipe("/reqspec-test/prompts/readme.md", b"# not a prompt")
    try:
        made, client = _cluster(processes=False)
        try:
            alone = _one_process(["memory://reqspec-test/prompts"])
            assert alone == _on(client, ["memory://reqspec-test/prompts"])
            assert [file for file, _ in alone[0]] == ["memory://reqspec-test/prompts/a.json",
                                                      "memory://reqspec-test/prompts/sub/b.jsonl"]
            assert alone[1]["errors"] >= 3
            globbed = _on(client, ["memory://reqspec-test/prompts/**/*.jsonl"])
            assert [file for file, _ in globbed[0]] == ["memory:///reqspec-test/prompts/sub/b.jsonl"]
        finally:
            client.close()
            made.close()
    finally:
        memory.rm("/reqspec-test", recursive=True)


def test_a_worker_killed_mid_run_changes_nothing_in_the_report(tmp_path, monkeypatch):
    monkeypatch.setattr(parallel, "SPLIT_BYTES", 64 << 10)  # many ranges: work left when the kill comes
    monkeypatch.setattr(parallel, "RANGE_BYTES", 128 << 10)
    big = tmp_path / "store.jsonl"
    _jsonl(big, 60_000)
    alone = _one_process([big])
    made, client = _cluster()
    try:
        engine = DaskEngine(client, None, client.scheduler.address)
        run = lint_paths([str(big)], Settings(), engine=engine)
        found = []
        pids = client.run(os.getpid)
        killed = False
        for result in run.results():
            rows = []
            for finding in result.findings:
                rows.append(finding.as_dict())
                if not killed and finding.line > 1000:  # the first range is back; most are still to come
                    os.kill(next(iter(pids.values())), signal.SIGKILL)
                    killed = True
            found.append((result.file, rows))
        assert killed
        assert (found, run.summary.as_dict() | {"rules": sorted(run.summary.rules_seen)}) == alone
    finally:
        client.close()
        made.close()


def test_the_client_holds_a_bounded_window_of_results(cluster, tmp_path, monkeypatch):
    """Results are streamed in order: never more than twice the workers' tasks are in flight."""
    monkeypatch.setattr(parallel, "BATCH_FILES", 1)
    for i in range(40):
        (tmp_path / f"{i:02}.json").write_text('{"model": "gpt-4", "messages": []}', encoding="utf-8")
    engine = DaskEngine(cluster[1], None, cluster[1].scheduler.address)
    live = [0]
    most = [0]
    submit = engine.submit

    class Counted:
        def __init__(self, pending):
            self.pending = pending
            live[0] += 1
            most[0] = max(most[0], live[0])

        def get(self):
            live[0] -= 1
            return self.pending.get()

    monkeypatch.setattr(engine, "submit", lambda task, *args: Counted(submit(task, *args)))
    found, summary = _findings(lint_paths([str(tmp_path)], Settings(), engine=engine))
    assert summary["files"] == 40 and summary["errors"] == 40
    assert 2 <= most[0] <= 2 * engine.workers


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_a_scheduler_that_cannot_be_reached_is_one_line_within_the_timeout():
    started = time.monotonic()
    result = reqspec("lint", "--cluster", f"tcp://127.0.0.1:{_free_port()}", "--cluster-timeout", "2",
                     str(EXAMPLES), timeout=60)
    took = time.monotonic() - started
    assert result.code == 2 and result.out == ""
    lines = result.err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("reqspec lint: cannot reach the Dask scheduler at tcp://127.0.0.1:")
    assert "within 2 s" in lines[0] and took < 20


@pytest.mark.parametrize("value", ["nowhere", "local:0", "http://host:1", "tcp://"])
def test_a_cluster_address_of_the_wrong_shape_is_refused(value):
    result = reqspec("lint", "--cluster", value, str(EXAMPLES))
    assert result.code == 2 and "--cluster" in result.err and "local:N" in result.err


def test_cluster_and_jobs_together_are_refused():
    result = reqspec("lint", "--cluster", "local:2", "-j", "2", str(EXAMPLES))
    assert result.code == 2 and "not both" in result.err


def _without(*modules: str) -> list[str]:
    """A Python that cannot import ``modules``, running ``reqspec``."""
    blocked = "; ".join(f"sys.modules[{name!r}] = None" for name in modules)
    return [sys.executable, "-c", f"import sys; {blocked}; from reqspec.cli import main; sys.exit(main(sys.argv[1:]))"]


def test_without_the_extra_cluster_says_what_to_install():
    import subprocess

    run = subprocess.run([*_without("distributed", "dask"), "lint", "--cluster", "local:2", str(EXAMPLES)],
                         capture_output=True, text=True, timeout=60)
    assert run.returncode == 2 and run.stdout == ""
    assert run.stderr.strip() == "reqspec lint: --cluster needs Dask, which is not installed: pip install 'reqspec[dask]'"
    url = subprocess.run([*_without("fsspec"), "lint", "memory://prompts/a.json"], capture_output=True, text=True,
                         timeout=60)
    assert url.returncode == 2 and url.stdout == ""
    assert url.stderr.strip() == ("reqspec lint: reading URLs needs fsspec, which is not installed: "
                                  "pip install 'reqspec[dask]'")


def test_an_unreadable_url_is_a_located_error_like_a_missing_file(tmp_path):
    result = reqspec("lint", "memory://nowhere/a.json", "s3-like://bucket/b.json", str(EXAMPLES / "evals"))
    assert result.code == 2
    assert "memory://nowhere/a.json:1:1: error unreadable [body] cannot read: no such file or directory" in result.out
    assert "s3-like://bucket/b.json:1:1: error unreadable [body] cannot read:" in result.out
    assert "reqspec lint: no such file or folder: memory://nowhere/a.json" in result.err
    assert "reqspec lint: cannot read (" in result.err and "s3-like://bucket/b.json" in result.err
    assert "evals" in result.out  # the other paths are still linted


def test_neither_dask_nor_fsspec_is_imported_by_validate_or_plain_lint():
    import subprocess

    code = ("import sys, reqspec; reqspec.validate({}); from reqspec.cli import main\n"
            "try:\n    main(['lint', '-j', '2', sys.argv[1]])\nexcept SystemExit:\n    pass\n"
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('dask', 'distributed', 'fsspec')))")
    run = subprocess.run([sys.executable, "-c", code, str(EXAMPLES)], capture_output=True, text=True, timeout=60)
    assert run.stdout.strip().splitlines()[-1] == "[]", run.stderr


def test_file_entries_of_the_config_apply_to_file_urls_as_to_their_paths(tmp_path):
    (tmp_path / "pyproject.toml").write_text('[[tool.reqspec.files]]\nglob = "logs/*.jsonl"\n'
                                             'body-pointer = "/request/body"\n', encoding="utf-8")
    (tmp_path / "logs").mkdir()
    log = tmp_path / "logs" / "a.jsonl"
    log.write_text('{"request": {"body": {"model": "gpt-4", "messages": []}}}\n', encoding="utf-8")
    by_path = reqspec("lint", "--format", "json", "logs/a.jsonl", cwd=tmp_path)
    by_url = reqspec("lint", "--format", "json", log.as_uri(), cwd=tmp_path)
    findings = json.loads(by_url.out)["findings"]
    assert [f["pointer"] for f in findings] == ["/request/body/messages"]
    assert [dict(f, file="") for f in findings] == [dict(f, file="") for f in json.loads(by_path.out)["findings"]]


def test_a_spec_of_ones_own_travels_to_the_workers(cluster, tmp_path):
    """The workers get the spec's text with the run: they need not see the client's file."""
    spec = tmp_path / "elsewhere" / "embedding_request.yaml"
    spec.parent.mkdir()
    spec.write_bytes((ROOT / "tests" / "specs" / "embedding_request.yaml").read_bytes())
    bodies = str(ROOT / "tests" / "specs" / "embedding_bodies")
    alone = reqspec("lint", "--no-config", "--spec", str(spec), "--format", "json", bodies)
    shared = reqspec("lint", "--no-config", "--spec", str(spec), "--cluster", cluster[1].scheduler.address,
                     "--format", "json", bodies)
    assert alone.code == 1 and (shared.code, shared.out, _own(shared.err)) == (alone.code, alone.out, _own(alone.err))


def test_a_url_glob_matches_no_hidden_name_as_a_shell_glob(tmp_path):
    (tmp_path / "p" / ".hidden").mkdir(parents=True)
    (tmp_path / "p" / "sub").mkdir()
    for name in ("p/a.json", "p/.hidden/h.json", "p/sub/b.json", "p/sub/.c.json"):
        (tmp_path / name).write_text('{"model": "gpt-4", "messages": []}', encoding="utf-8")
    url = (tmp_path / "p").as_uri()
    found = [file for file, _ in _one_process([url + "/**/*.json"])[0]]
    assert [file.rsplit("/p/", 1)[1] for file in found] == ["a.json", "sub/b.json"]
    named = [file for file, _ in _one_process([url + "/.hidden/*.json"])[0]]
    assert [file.rsplit("/p/", 1)[1] for file in named] == [".hidden/h.json"]


def test_a_file_url_is_walked_as_its_local_path_loops_and_odd_names_included(tmp_path):
    folder = tmp_path / "p"
    (folder / "sub").mkdir(parents=True)
    (folder / "sub" / "back").symlink_to(folder)  # a loop: walked once, as a local path is
    (folder / "a%20b c.json").write_text('{"model": "gpt-4", "messages": []}', encoding="utf-8")
    url = folder.as_uri()
    found = _one_process([url])
    local = _one_process([folder])
    assert [file for file, _ in found[0]] == [url + "/a%2520b%20c.json"]
    assert found[1] == local[1] and found[1]["errors"] == 1  # read, not unreadable: the name came back whole
