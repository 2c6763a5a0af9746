"""The benchmark scripts run end to end on tiny inputs (their figures are not checked here)."""

from __future__ import annotations

import importlib.util
import re
import shutil
import subprocess
import sys

import pytest

from .conftest import ROOT


def bench(script: str, *args: str) -> str:
    run = subprocess.run([sys.executable, str(ROOT / "benchmarks" / script), *args], cwd=ROOT,
                         capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stderr[-2000:]
    return run.stdout


def test_validators_prints_the_table_and_the_targets():
    out = bench("validators.py", "--repeat", "1", "--budget", "0.001")
    assert "reqspec.validate" in out and "reqspec.is_valid" in out and "Targets (same run):" in out
    assert "typical=valid" in out and "invalid=3 error(s)" in out
    if importlib.util.find_spec("jsonschema_rs") is not None:  # the Rust peer, in the bench extra
        assert re.search(r"\[(met|MISSED)\] is_valid on functions [0-9.]+× the time of jsonschema-rs", out)


def test_parameters_cost_times_the_validator_before_and_after():
    out = bench("parameters_cost.py", "--repeat", "1", "--number", "2")
    assert "validate, before" in out and "reqspec.validate" in out and "Targets (same run):" in out
    assert "its time before parameters were checked" in out


def test_batch_file_compares_a_batch_file_with_its_bare_bodies():
    out = bench("batch_file.py", "--bodies", "50", "--repeat", "1")
    assert "bare lines" in out and "batch lines" in out and "Targets (same run):" in out


def test_startup_times_the_import_and_the_command():
    out = bench("startup.py", "--runs", "1", "--files", "3")
    assert "import reqspec + first validate" in out and "reqspec lint, 3 small files" in out


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_lint_jsonl_times_each_stage(jobs):
    out = bench("lint_jsonl.py", "--bodies", "30", "--repeat", "1", "--jobs", jobs)
    assert out.count("bodies/s") >= 6 and "locate" in out and "tokenizer needed" in out
    assert "Targets (same run):" in out
    if importlib.util.find_spec("jsonschema_rs") is not None:  # the peer, in the bench extra
        assert "json.loads + jsonschema-rs is_valid loop (whole process" in out
        assert re.search(r"\[(met|missed)\] reqspec lint -j 1 of the clean file: [0-9.]+× the time of the json", out)
    assert re.search(r"\[(met|missed)\] reqspec lint -j 1 of the file with 2 errors per body: [0-9.]+× the clean", out)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="memory.py reads /proc")
def test_memory_streams_a_jsonl_file():
    out = bench("memory.py", "--size", "200K")
    assert "exit code 1" in out and "peak resident memory" in out


def test_cluster_compares_a_local_cluster_with_processes():
    pytest.importorskip("distributed")
    out = bench("cluster.py", "--size", "300K", "--repeat", "1")
    assert "-j 2:" in out and "--cluster local:2:" in out
    assert "cluster / processes:" in out and ("): met" in out or "): missed" in out)


def _callgrind_counts() -> bool:
    """Whether valgrind is installed and counts this interpreter's instructions."""
    if shutil.which("valgrind") is None:
        return False
    run = subprocess.run(["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", sys.executable, "-c", "pass"],
                         capture_output=True, text=True, timeout=120)
    return "Collected :" in run.stderr


def test_lint_jsonl_counts_instructions_per_body_under_valgrind():
    if not _callgrind_counts():
        pytest.skip("valgrind's callgrind is not installed or cannot run here")
    out = bench("lint_jsonl.py", "--bodies", "20", "--repeat", "1", "--instructions", "5")
    assert "Instructions per body (callgrind, 5 and 15 bodies):" in out
    assert re.search(r"the file with 2 errors per body: [0-9.]+× the instructions of the clean file", out)
