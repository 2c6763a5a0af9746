"""The promises, attacked: no input is lost, no secret echoed, time linear in the input, memory
bounded, signals end a run cleanly, and exit 3 only for a bug. Each case runs the real command
under a memory limit and a timeout (see helpers)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import reqspec

from .helpers import GIB, ROOT, assert_sane, fake_key, findings, lint, snapshot

VALID = '{"model": "gpt-4", "messages": [{"role": "user", "content": "Hi"}]}'
KEY = fake_key("P")


def peak_rss(*args: str | os.PathLike[str], cwd: Path) -> tuple[int, int]:
    """(exit code, peak resident memory in MB) of ``reqspec lint ARGS``, measured by a fresh
    interpreter that waits for it (so no earlier child counts)."""
    probe = ("import resource, subprocess, sys\n"
             "r = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)\n"
             "print(r.returncode, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024)\n")
    run = subprocess.run([sys.executable, "-c", probe, sys.executable, "-m", "reqspec", "lint", *map(os.fspath, args)],
                         cwd=cwd, capture_output=True, text=True, timeout=300)
    code, megabytes = run.stdout.split()
    return int(code), int(megabytes)


# -- 1. data loss: -o never replaces what the run reads ---------------------------------------------------

def test_a_report_onto_the_file_behind_standard_input_is_refused_and_the_body_kept(tmp_path: Path) -> None:
    body = tmp_path / "body.json"
    body.write_text(VALID)
    with open(body, "rb") as stdin:
        run = lint("-o", body, "-", cwd=tmp_path, stdin=stdin.fileno())
    assert_sane(run, (2,))
    assert body.read_text() == VALID and "never writes to its inputs" in run.err


def test_a_report_onto_the_spec_or_the_config_is_refused(tmp_path: Path) -> None:
    spec = tmp_path / "spec.yaml"
    spec.write_text((ROOT / "tests" / "specs" / "embedding_request.yaml").read_text())
    (tmp_path / "pyproject.toml").write_text("[tool.reqspec]\nmax-findings = 5\n")
    (tmp_path / "b.json").write_text('{"model": "x", "input": "y"}')
    before = snapshot(tmp_path)
    for args in (["--spec", spec, "-o", spec, "b.json"], ["-o", tmp_path / "pyproject.toml", "b.json"]):
        run = lint(*args, cwd=tmp_path)
        assert_sane(run, (2,))
        assert "never writes to its inputs" in run.err
    assert snapshot(tmp_path) == before


def test_a_report_into_a_folder_reached_through_a_link_in_a_linted_folder_is_refused(tmp_path: Path) -> None:
    prompts, elsewhere = tmp_path / "prompts", tmp_path / "elsewhere"
    prompts.mkdir()
    elsewhere.mkdir()
    (prompts / "a.json").write_text(VALID)
    (prompts / "more").symlink_to(elsewhere)
    run = lint("--format", "json", "-o", elsewhere / "report.json", prompts, cwd=tmp_path)
    assert_sane(run, (2,))
    assert not (elsewhere / "report.json").exists()


def test_a_report_is_put_in_place_only_when_the_run_ends(tmp_path: Path) -> None:
    """Killed halfway, the run leaves the previous report as it was, and no temporary file.

    The bodies come through a pipe left open, so the run is surely halfway (waiting for more)
    when it is stopped, however fast it lints what it was given."""
    report = tmp_path / "out" / "report.json"
    report.parent.mkdir()
    report.write_text("the previous report\n")
    process = subprocess.Popen([sys.executable, "-m", "reqspec", "lint", "--format", "json", "-o", report,
                                "--stdin-format", "jsonl", "-"],
                               cwd=tmp_path, stdin=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)
    assert process.stdin is not None
    process.stdin.write(((VALID + "\n") * 10_000).encode())
    process.stdin.flush()
    time.sleep(1.5)
    process.send_signal(signal.SIGTERM)
    _, err = process.communicate(timeout=30)
    assert process.returncode == 143, err
    assert report.read_text() == "the previous report\n"
    assert os.listdir(report.parent) == ["report.json"]


# -- 2. no secret echoed by a usage message -----------------------------------------------------------------

@pytest.mark.parametrize("option", ["--format", "-j", "--max-depth", "--fail-on", "--stdin-format", "--max-file-size",
                                    "--max-findings", "--select", "--ignore", "--api-key"])
def test_a_usage_error_never_echoes_a_secret(tmp_path: Path, option: str) -> None:
    (tmp_path / "ok.json").write_text(VALID)
    args = [f"{option}={KEY}"] if option == "--api-key" else [option, KEY]
    run = lint(*args, "ok.json", cwd=tmp_path)
    assert_sane(run, (2,))
    assert KEY[3:14] not in run.err + run.out and KEY[3:14].lower() not in run.err.lower()


# -- 4 and 6. time linear in the input, memory bounded, listing stops at the limit ------------------------------

def test_a_hundred_thousand_duplicate_keys_are_located_in_one_pass_and_capped(tmp_path: Path) -> None:
    path = tmp_path / "dup.json"
    path.write_text('{"model": "gpt-4", "messages": [], ' + ", ".join('"a": 1' for _ in range(100_000)) + "}")
    run = lint("--format", "json", "--max-findings", "5", path, cwd=tmp_path)
    assert_sane(run, (1,), seconds=10)
    found = findings(run)
    assert [rule for *_, rule in found] == ["duplicate-key"] * 5 + ["more-findings"]
    # 99,999 duplicates; the last value is kept and linted: "a" is an unknown field, messages empty
    assert run.report()["summary"]["errors"] == 100_001


def test_half_a_million_nan_take_seconds_not_minutes(tmp_path: Path) -> None:
    path = tmp_path / "nan.json"
    path.write_text('{"model": "gpt-4", "messages": [' + ", ".join(["NaN"] * 500_000) + "]}")
    run = lint("--max-findings", "3", path, cwd=tmp_path)
    assert_sane(run, (1,), seconds=15)
    assert run.out.count("non-finite") == 3 and "499997 more finding(s)" in run.out


def test_a_document_with_many_errors_stops_building_them_at_the_limit(tmp_path: Path) -> None:
    path = tmp_path / "messages.json"
    path.write_text('{"model": "gpt-4", "messages": [' + ", ".join(['{"role": "x", "content": 1}'] * 300_000) + "]}")
    run = lint("--format", "json", path, cwd=tmp_path, timeout=120, memory=GIB)
    assert_sane(run, (1,), seconds=30)
    report = run.report()
    assert len(report["findings"]) == 101 and report["summary"]["errors"] == 600_000


def test_unknown_keys_in_a_file_cost_a_small_constant_each(tmp_path: Path) -> None:
    path = tmp_path / "keys.json"
    path.write_text('{"model": "gpt-4", "messages": [{"role": "user", "content": "x"}], '
                    + ", ".join(f'"k{i}": 1' for i in range(300_000)) + "}")
    run = lint("--max-findings", "2", path, cwd=tmp_path, timeout=120)
    assert_sane(run, (1,), seconds=30)
    assert "299998 more finding(s)" in run.out


def test_unknown_keys_in_the_api_search_no_suggestion_until_a_message_is_read(monkeypatch: pytest.MonkeyPatch) -> None:
    import difflib

    searches: list[str] = []
    real = difflib.get_close_matches

    def counted(word: str, *args: Any, **kwargs: Any) -> Any:
        searches.append(word)
        return real(word, *args, **kwargs)

    monkeypatch.setattr(difflib, "get_close_matches", counted)
    body = {"model": "gpt-4", "messages": [{"role": "user", "content": "x"}], **{f"k{i}": 1 for i in range(200_000)}}
    errors = reqspec.validate(body)
    assert len(errors) == 200_000 and searches == []  # each key cost a constant: no search among the known names
    assert errors[7].message.startswith('unknown field "k7"') and searches == ["k7"]


def test_a_large_yaml_document_records_positions_only_for_its_findings(tmp_path: Path) -> None:
    lines = "".join(f"  - {{role: user, content: 'message {i} with some words'}}\n" for i in range(100_000))
    clean = tmp_path / "clean.yaml"
    clean.write_text("model: gpt-4\nmessages:\n" + lines)
    broken = tmp_path / "broken.yaml"
    broken.write_text("model: gpt-4\nmessages:\n" + lines + "  - {role: robot, content: x}\n")
    run = lint("--format", "json", "--ignore", "context-length", broken, cwd=tmp_path, memory=GIB)
    assert_sane(run, (1,), seconds=60)
    assert findings(run) == [(100_003, 12, "/messages/100000/role", "enum")]
    _, without = peak_rss("--ignore", "context-length", clean, cwd=tmp_path)
    _, with_one = peak_rss("--ignore", "context-length", broken, cwd=tmp_path)
    assert with_one < without * 1.25 + 20, (with_one, without)


def test_a_yaml_document_is_let_go_before_it_is_parsed_again_for_positions(tmp_path: Path,
                                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    """Placing a finding in YAML parses the text again; the body already checked is freed first,
    so the two are never in memory together (under a memory limit that lets the clean file
    through, the finding is still placed exactly, never at 1:1)."""
    import gc

    from reqspec.linter.engine import Settings, lint_paths
    from reqspec.reading import yaml_positions

    marker = "gpt-4-marked"
    path = tmp_path / "broken.yaml"
    path.write_text(f"model: {marker}\nmessages:\n" + "  - {role: user, content: hi}\n" * 1000
                    + "  - {role: robot, content: x}\n")
    alive_at_reparse: list[bool] = []
    original = yaml_positions.LazyPositions.locate_all

    def locate_all(self: Any, index: int, requests: list[tuple[str, bool]]) -> list[tuple[int, int]]:
        gc.collect()
        alive_at_reparse.append(any(type(o) is dict and o.get("model") == marker for o in gc.get_objects()))
        return original(self, index, requests)

    monkeypatch.setattr(yaml_positions.LazyPositions, "locate_all", locate_all)
    run = lint_paths([str(path)], Settings(ignore=frozenset({"context-length", "unknown-model"})))
    found = [(f.line, f.column, f.rule) for result in run.results() for f in result.findings]
    assert found == [(1003, 12, "enum")]
    assert alive_at_reparse == [False]


@pytest.mark.parametrize("where", ["reading", "placing"])
def test_running_out_of_memory_is_one_line_and_exit_2_never_a_wrong_place(tmp_path: Path, where: str) -> None:
    """Memory is a limit of the machine, not a bug: reading that runs out is a located
    ``unreadable`` finding, and placing a finding that runs out stops the run with one line (the
    finding is never put at 1:1 instead)."""
    path = tmp_path / "broken.yaml"
    path.write_text("model: gpt-4\nmessages:\n  - {role: robot, content: x}\n")
    patch = ("import reqspec.reading.yaml_reader as home\nname = '_documents'\n" if where == "reading" else
             "from reqspec.reading.yaml_positions import LazyPositions as home\nname = 'locate_all'\n")
    code = ("import sys\n" + patch
            + "def out_of_memory(*args, **kwargs):\n    raise MemoryError\n"
            + "setattr(home, name, out_of_memory)\nfrom reqspec.cli import main\nsys.exit(main())\n")
    run = lint("--ignore", "context-length", path, cwd=tmp_path, python=("-c", code))
    assert "Traceback" not in run.err and "internal error" not in run.err + run.out
    if where == "reading":
        assert run.code == 1 and "1:1: error unreadable [body] reading stopped: out of memory" in run.out
    else:
        assert run.code == 2 and run.err.startswith("reqspec: out of memory") and ":1:1:" not in run.out


def test_a_huge_config_file_is_refused_without_being_read(tmp_path: Path) -> None:
    project = tmp_path / "project"
    project.mkdir()
    with open(tmp_path / "pyproject.toml", "wb") as config:  # 1 GB, sparse: never really written
        config.truncate(1 << 30)
    (project / "ok.json").write_text(VALID)
    run = lint("ok.json", cwd=project, memory=256 << 20)
    assert_sane(run, (2,), seconds=10)
    assert "pyproject.toml" in run.err and "larger than" in run.err


# -- 5. JSON and SARIF reports are streamed ----------------------------------------------------------------------

def test_json_and_sarif_reports_of_many_findings_keep_memory_flat(tmp_path: Path) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text('{"model": "gpt-4", "messages": []}\n' * 150_000)
    _, text = peak_rss(path, cwd=tmp_path)
    for fmt in ("json", "sarif"):
        code, megabytes = peak_rss("--format", fmt, path, cwd=tmp_path)
        assert code == 1
        assert megabytes < text * 1.5 + 20, (fmt, megabytes, text)


def test_a_streamed_json_report_is_one_valid_json_document(tmp_path: Path) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text('{"model": "gpt-4", "messages": []}\n' * 3 + VALID + "\n")
    for fmt in ("json", "sarif"):
        run = lint("--format", fmt, path, cwd=tmp_path)
        assert_sane(run, (1,))
        json.loads(run.out)
    empty = tmp_path / "ok.json"
    empty.write_text(VALID)
    assert json.loads(lint("--format", "json", empty, cwd=tmp_path).out)["findings"] == []


# -- 8. a file that changes under -j -------------------------------------------------------------------------------

@pytest.mark.parametrize("change", ["deleted", "a folder", "a fifo"])
def test_a_worker_reads_a_changed_file_as_the_main_process_does(tmp_path: Path, change: str) -> None:
    from reqspec.linter import parallel
    from reqspec.linter.engine import Settings

    path = tmp_path / "big.jsonl"
    path.write_text((VALID + "\n") * 10)
    parallel.worker_start(Settings(), None, False, None)
    path.unlink()
    if change == "a folder":
        path.mkdir()
    elif change == "a fifo":
        os.mkfifo(path)
    result: list[object] = []
    worker = threading.Thread(target=lambda: result.append(parallel.lint_range(str(path), 0, 100, "body")), daemon=True)
    worker.start()
    worker.join(5)
    assert result, "the worker blocked"
    problem = result[0].problem  # type: ignore[attr-defined]
    assert problem is not None and problem.rule == "unreadable"


# -- 9. signals ---------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("sig, code, line", [(signal.SIGINT, 130, "reqspec: interrupted"),
                                             (signal.SIGTERM, 143, "reqspec: terminated")])
def test_a_signal_stops_every_worker_at_once_with_one_line(tmp_path: Path, sig: int, code: int, line: str) -> None:
    path = tmp_path / "big.jsonl"
    path.write_text((VALID + "\n") * 400_000)
    # As from a terminal: SIGINT at its default (a test runner's worker may ignore it, and a child
    # would inherit that).
    process = subprocess.Popen([sys.executable, "-m", "reqspec", "lint", "-j", "2", path], cwd=tmp_path,
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True,
                               preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))  # noqa: PLW1509
    deadline = time.monotonic() + 20
    while not _children(process.pid) and time.monotonic() < deadline:  # the workers have started
        time.sleep(0.05)
    assert _children(process.pid), "no worker started"
    time.sleep(0.3)
    if sig == signal.SIGINT:  # Ctrl-C reaches the whole process group
        os.killpg(process.pid, sig)
    else:
        process.send_signal(sig)
    started = time.monotonic()
    _, err = process.communicate(timeout=30)
    assert time.monotonic() - started < 5
    assert process.returncode == code
    assert err.decode() == line + "\n"
    time.sleep(0.5)
    with pytest.raises(ProcessLookupError):  # nothing of the run is left behind
        os.killpg(process.pid, 0)


@pytest.mark.parametrize("sig, code, line", [(signal.SIGINT, 130, "reqspec: interrupted"),
                                             (signal.SIGTERM, 143, "reqspec: terminated")])
def test_a_signal_while_the_workers_are_being_made_stops_them_all(tmp_path: Path, sig: int, code: int,
                                                                  line: str) -> None:
    """The signal comes right after the first worker is forked, before the pool exists or the
    workers have their own handlers: still one line, the signal's exit code, nothing left."""
    path = tmp_path / "big.jsonl"
    path.write_text((VALID + "\n") * 400_000)
    for attempt in range(6):
        process = subprocess.Popen([sys.executable, "-m", "reqspec", "lint", "-j", "2", path], cwd=tmp_path,
                                   stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True,
                                   preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))  # noqa: PLW1509
        deadline = time.monotonic() + 20
        while not _children(process.pid) and time.monotonic() < deadline:
            time.sleep(0.001)
        time.sleep(0.002 * attempt)  # at a different moment of the workers' start each time
        if sig == signal.SIGINT:
            os.killpg(process.pid, sig)
        else:
            process.send_signal(sig)
        try:
            _, err = process.communicate(timeout=10)
        finally:
            time.sleep(0.3)
            try:
                os.killpg(process.pid, 0)
                left = True
                os.killpg(process.pid, signal.SIGKILL)
            except ProcessLookupError:
                left = False
        assert (process.returncode, err.decode(), left) == (code, line + "\n", False), attempt


def _children(pid: int) -> list[str]:
    try:
        return Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except OSError:
        return []


# -- 10 and 11. the API under threads and misbehaving subclasses ---------------------------------------------------

def test_a_body_changed_by_another_thread_gets_a_result_never_an_exception() -> None:
    body: dict = {"model": "gpt-4", "messages": [{"role": "user", "content": "Hi"}]}
    functions = [{"name": f"f{i}", "parameters": {"type": "object", "x": {str(j): j for j in range(50)}}} for i in range(20)]
    body["functions"] = functions
    stop = threading.Event()

    def mutate() -> None:
        i = 0
        while not stop.is_set():
            i += 1
            target = functions[i % 20]["parameters"]["x"]
            target[f"n{i}"] = i
            target.pop(f"n{i - 40}", None)  # the same object two rounds ago: each stays small
            body[f"extra{i % 7}"] = i
            body.pop(f"extra{(i + 3) % 7}", None)

    thread = threading.Thread(target=mutate, daemon=True)
    thread.start()
    try:
        for _ in range(300):
            assert isinstance(reqspec.validate(body), list)
            assert isinstance(reqspec.lint(body), list)
            assert isinstance(reqspec.is_valid(body), bool)
            try:
                reqspec.check(body)
            except reqspec.InvalidRequestError:
                pass
    finally:
        stop.set()
        thread.join()


def test_a_wide_body_changed_by_another_thread_while_copied_gets_a_result() -> None:
    """Wide members (20,000 keys) changing while the body is checked and copied to plain data:
    the copy reads each container once through its base type, so no call raises."""
    bias = {str(i): 1 for i in range(20_000)}
    extra = {f"e{i}": i for i in range(20_000)}
    message = {"role": "user", "content": "Hi", **{f"x{i}": i for i in range(2_000)}}
    body: dict = {"model": "gpt-4", "messages": [message], "logit_bias": bias, "extra": extra}
    stop = threading.Event()

    def mutate() -> None:
        i = 0
        while not stop.is_set():
            i += 1
            bias[str(50_000 + i % 1000)] = 1
            bias.pop(str(50_000 + (i + 500) % 1000), None)
            extra[f"n{i % 1000}"] = 1
            extra.pop(f"n{(i + 500) % 1000}", None)
            message[f"y{i % 100}"] = 1
            message.pop(f"y{(i + 50) % 100}", None)
            body[f"t{i % 10}"] = 1
            body.pop(f"t{(i + 5) % 10}", None)

    thread = threading.Thread(target=mutate, daemon=True)
    thread.start()
    raised: list[BaseException] = []
    try:
        deadline = time.monotonic() + 8
        while time.monotonic() < deadline and not raised:
            for call in (reqspec.validate, reqspec.lint, reqspec.is_valid, reqspec.check):
                try:
                    call(body)
                except reqspec.InvalidRequestError:
                    pass
                except Exception as error:  # what the promise forbids
                    raised.append(error)
    finally:
        stop.set()
        thread.join()
    assert raised == []


class EndlessList(list):  # type: ignore[type-arg]
    def __iter__(self):  # type: ignore[no-untyped-def]
        while True:
            yield {"role": "user", "content": "again"}


class ExtraKeyDict(dict):  # type: ignore[type-arg]
    def __iter__(self):  # type: ignore[no-untyped-def]
        yield from dict.__iter__(self)
        yield "extra"

    def keys(self):  # type: ignore[no-untyped-def]
        return list(self)


def test_a_list_whose_iteration_never_ends_is_read_as_what_it_holds() -> None:
    body = {"model": "gpt-4", "messages": EndlessList([{"role": "user", "content": "Hi"}])}
    started = time.monotonic()
    assert reqspec.validate(body) == [] and reqspec.is_valid(body)
    assert reqspec.lint(body) == [] and reqspec.lint_first(body, 5) == ([], 0, 0)
    assert time.monotonic() - started < 2


class Runaway(BaseException):
    """Raised by a container iterated past what it holds: no API call may get there."""


def _never_ending(value: Any) -> Any:
    """``value`` (a list or dict) as a subclass whose own iteration methods never end."""
    def endless(first: Any) -> Any:
        for _ in range(100_000):
            yield first
        raise Runaway

    if isinstance(value, list):
        class Endless(list):  # type: ignore[type-arg]
            def __iter__(self):  # type: ignore[no-untyped-def]
                return endless(list.__getitem__(self, 0) if list.__len__(self) else 1)
        return Endless(value)

    class EndlessDict(dict):  # type: ignore[type-arg]
        def __iter__(self):  # type: ignore[no-untyped-def]
            return endless("k")

        def keys(self):  # type: ignore[no-untyped-def]
            return endless("k")

        def values(self):  # type: ignore[no-untyped-def]
            return endless(1)

        def items(self):  # type: ignore[no-untyped-def]
            return endless(("k", 1))
    return EndlessDict(value)


def _container_paths(value: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    if isinstance(value, (dict, list)):
        yield path
        for key, child in (value.items() if isinstance(value, dict) else enumerate(value)):
            yield from _container_paths(child, path + (key,))


def _replaced(value: Any, path: tuple[Any, ...]) -> Any:
    if not path:
        return _never_ending(value)
    copy = dict(value) if isinstance(value, dict) else list(value)
    copy[path[0]] = _replaced(value[path[0]], path[1:])
    return copy


def test_no_api_call_iterates_a_container_past_what_it_holds() -> None:
    """Each container of a body with every part (messages, functions with parameters, logit_bias,
    stop) in turn replaced by a subclass whose ``__iter__``, ``keys``, ``values`` and ``items``
    never end: every API call reads it through the base type and returns."""
    body = json.loads((ROOT / "benchmarks" / "payloads" / "functions.json").read_text(encoding="utf-8"))
    body.update(logit_bias={"50256": -100}, stop=["\n"], max_tokens=5000)  # max_tokens: the token warnings run
    for path in _container_paths(body):
        hostile = _replaced(body, path)
        started = time.monotonic()
        expected = reqspec.validate(body)
        assert [e.pointer for e in reqspec.validate(hostile)] == [e.pointer for e in expected], path
        assert reqspec.is_valid(hostile) == (expected == []), path
        assert [e.pointer for e in reqspec.lint(hostile)] == [e.pointer for e in reqspec.lint(body)], path
        reqspec.lint_first(hostile, 5)
        assert time.monotonic() - started < 5, path


def test_is_valid_and_validate_read_a_dict_subclass_alike() -> None:
    body = ExtraKeyDict(model="gpt-4", messages=[{"role": "user", "content": "Hi"}])
    assert reqspec.is_valid(body) == (reqspec.validate(body) == [])
    reqspec.check(body)


def _misbehaving(value: object, draw: st.DrawFn) -> object:
    if isinstance(value, dict):
        kind = draw(st.sampled_from([dict, ExtraKeyDict]))
        return kind({k: _misbehaving(v, draw) for k, v in value.items()})
    if isinstance(value, list):
        items = [_misbehaving(v, draw) for v in value]
        return draw(st.sampled_from([list, tuple]))(items)
    return value


def test_is_valid_agrees_with_validate_on_misbehaving_containers() -> None:
    from reqspec.strategies import builtin

    strategies = builtin()

    @given(st.data())
    def prop(data: st.DataObject) -> None:
        body = data.draw(st.one_of(strategies.valid_bodies(), strategies.invalid_bodies().map(lambda c: c[0])))
        odd = _misbehaving(body, data.draw)
        assert reqspec.is_valid(odd) == (reqspec.validate(odd) == [])

    prop()


# -- 12 and 13. exit codes for ordinary problems, and nothing hidden by a setting --------------------------------------

@pytest.mark.parametrize("args", [["-o", "/dev/full"], ["-o", "."], ["-o", "/nonexistent/x.json"],
                                  ["--max-file-size", "1e30"], ["--max-file-size", "inf"], ["--max-findings", "0"],
                                  ["--select", ""], ["--select", "secret,min-items", "--ignore", "min-items,secret"]])
def test_an_ordinary_problem_is_one_line_and_exit_2(tmp_path: Path, args: list[str]) -> None:
    (tmp_path / "ok.json").write_text('{"model": "gpt-4", "messages": []}')
    run = lint(*args, "ok.json", cwd=tmp_path)
    assert_sane(run, (2,))
    assert len(run.err.strip().splitlines()) == 1


@pytest.mark.parametrize("config", ["max-file-size = 100000000000000000000", "max-findings = 0", "max-findings = -5",
                                    "select = []", "tool = 5\n[x]", 'max-file-size = "inf"',
                                    'select = ["secret"]\nignore = ["secret"]'])
def test_an_ordinary_config_problem_is_one_line_and_exit_2(tmp_path: Path, config: str) -> None:
    text = config if config.startswith("tool") else f"[tool.reqspec]\n{config}\n"
    (tmp_path / "pyproject.toml").write_text(text)
    (tmp_path / "ok.json").write_text(VALID)
    run = lint("ok.json", cwd=tmp_path)
    assert_sane(run, (2,))
    assert len(run.err.strip().splitlines()) == 1 and "pyproject.toml" in run.err


def test_closed_standard_streams_are_one_line_and_exit_2(tmp_path: Path) -> None:
    (tmp_path / "ok.json").write_text(VALID)
    closed_out = subprocess.run(f"{sys.executable} -m reqspec lint ok.json >&-", shell=True, cwd=tmp_path,
                                capture_output=False, stderr=subprocess.PIPE, text=True, timeout=60)
    assert closed_out.returncode == 2 and "standard output is closed" in closed_out.stderr
    closed_in = subprocess.run(f"{sys.executable} -m reqspec lint - <&-", shell=True, cwd=tmp_path,
                               capture_output=True, text=True, timeout=60)
    assert closed_in.returncode == 2 and "standard input, which is closed" in closed_in.stderr


def test_reading_problems_are_reported_whatever_the_rules_chosen(tmp_path: Path) -> None:
    (tmp_path / "broken.json").write_text('{"model": ')
    (tmp_path / "empty.json").write_text("")
    run = lint("--format", "json", "--select", "secret", "broken.json", "empty.json", cwd=tmp_path)
    assert_sane(run, (1,))
    assert [rule for *_, rule in findings(run)] == ["invalid-json", "empty-file"]
    refused = lint("--ignore", "invalid-json", "broken.json", cwd=tmp_path)
    assert_sane(refused, (2,))
    assert "always reported" in refused.err


# -- 14, 15, 16. positions and names ----------------------------------------------------------------------------------

def test_an_empty_yaml_document_is_placed_at_its_own_marker(tmp_path: Path) -> None:
    path = tmp_path / "docs.yaml"
    path.write_text("---\n---\nmodel: gpt-4\nmessages: [{role: user, content: Hi}]\n---\n")
    run = lint("--format", "json", path, cwd=tmp_path)
    assert_sane(run, (1,))
    assert findings(run) == [(1, 1, "", "not-an-object"), (5, 1, "", "not-an-object")]


def test_a_byte_order_mark_inside_a_jsonl_file_is_named(tmp_path: Path) -> None:
    path = tmp_path / "joined.jsonl"
    path.write_bytes(b"\xef\xbb\xbf" + VALID.encode() + b"\n\xef\xbb\xbf" + VALID.encode() + b"\n")
    run = lint("--format", "json", path, cwd=tmp_path)
    assert_sane(run, (1,))
    [finding] = run.report()["findings"]
    assert (finding["line"], finding["column"], finding["rule"]) == (2, 1, "invalid-json")
    assert "byte order mark" in finding["message"]


def test_github_annotations_escape_a_file_name_as_github_reads_it(tmp_path: Path) -> None:
    name = "new\nline, one: two%.json"
    (tmp_path / name).write_text('{"model": "gpt-4", "messages": []}')
    run = lint("--format", "github", name, cwd=tmp_path)
    assert_sane(run, (1,))
    line = run.out.splitlines()[0]
    assert line.startswith("::error file=new%0Aline%2C one%3A two%25.json,line=1,col=")
