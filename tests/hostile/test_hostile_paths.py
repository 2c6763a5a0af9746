"""Hostile paths and streams: unreadable entries, FIFOs, devices, link loops, missing paths,
unknown extensions and endless standard input. Nothing hangs, nothing crashes, each is located."""

from __future__ import annotations

import os
import socket
import subprocess
from pathlib import Path

import pytest

from .helpers import assert_sane, findings, lint, tokenizer_installed

VALID = '{"model": "gpt-4", "messages": [{"role": "user", "content": "Hi"}]}'
IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0

# Root reads files whatever their mode, so as root the denial a user would meet is emulated: the
# command runs with os.open and os.scandir refusing (EACCES) any path whose mode has no read bit.
EMULATE_DENIAL = """
import errno, os, stat, sys
_open, _scandir = os.open, os.scandir
def _denied(path):
    try:
        return stat.S_IMODE(os.stat(path).st_mode) & 0o444 == 0
    except (OSError, TypeError, ValueError):
        return False
def _refuse(path):
    raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), path)
def guarded_open(path, flags, *args, **kwargs):
    return _refuse(path) if _denied(path) else _open(path, flags, *args, **kwargs)
def guarded_scandir(path="."):
    return _refuse(path) if _denied(path) else _scandir(path)
os.open, os.scandir = guarded_open, guarded_scandir
from reqspec.cli import main
sys.exit(main(sys.argv[1:]))
"""


def _unix_socket(path: Path) -> socket.socket | None:
    server = socket.socket(socket.AF_UNIX)
    try:
        server.bind(str(path))
    except OSError:  # a path too long for a socket address: the case is left out
        server.close()
        return None
    return server


@pytest.fixture
def tree(tmp_path: Path):  # type: ignore[no-untyped-def]
    root = tmp_path / "prompts"
    root.mkdir()
    (root / "ok.json").write_text(VALID)
    (root / "locked.json").write_text(VALID)
    (root / "locked-dir").mkdir()
    (root / "locked-dir" / "inside.json").write_text("{")
    os.mkfifo(root / "fifo.json")
    (root / "zero.json").symlink_to("/dev/zero")
    (root / "loop-a.json").symlink_to("loop-b.json")
    (root / "loop-b.json").symlink_to("loop-a.json")
    (root / "dangling.json").symlink_to("nowhere.json")
    (root / "notes.txt").write_text("{")
    (root / "noext").write_text("{")
    (root / "folder.json").mkdir()
    (root / "folder.json" / "inner.yaml").write_text("model: gpt-4\nmessages: [{role: user, content: Hi}]\n")
    (root / "folder.json" / "up").symlink_to("..")
    server = _unix_socket(root / "sock.json")
    os.chmod(root / "locked.json", 0)
    os.chmod(root / "locked-dir", 0)
    yield root, server is not None
    os.chmod(root / "locked-dir", 0o755)
    if server is not None:
        server.close()


def _expected(root: Path, has_socket: bool) -> list[tuple[str, str]]:
    expected = [
        ("dangling.json", "cannot read: no such file or directory"),
        ("fifo.json", "cannot read: is a FIFO (named pipe), not a regular file"),
        ("locked-dir", "cannot read: permission denied"),
        ("locked.json", "cannot read: permission denied"),
        ("loop-a.json", "cannot read: symbolic link loop (too many levels of symbolic links)"),
        ("loop-b.json", "cannot read: symbolic link loop (too many levels of symbolic links)"),
        ("zero.json", "cannot read: is a character device, not a regular file"),
    ]
    if has_socket:
        expected.append(("sock.json", "cannot read: is a socket, not a regular file"))
    return sorted(expected)


def _check_tree_run(run, root: Path, has_socket: bool) -> None:  # type: ignore[no-untyped-def]
    assert_sane(run, (1,), 30)
    report = run.report()
    got = sorted((os.path.relpath(f["file"], root), f["message"]) for f in report["findings"])
    assert got == _expected(root, has_socket)
    assert all((f["line"], f["column"], f["rule"]) == (1, 1, "unreadable") for f in report["findings"])
    # ok.json and folder.json/inner.yaml are read; notes.txt and noext are not looked at in a folder.
    assert report["summary"]["files"] == len(got) + 2


@pytest.mark.skipif(IS_ROOT, reason="running as root: chmod 000 does not stop root from reading "
                                    "(the emulated test below covers permission denial)")
def test_folder_with_unreadable_entries_real_permissions(tree) -> None:  # type: ignore[no-untyped-def]
    root, has_socket = tree
    _check_tree_run(lint("--format", "json", root, cwd=root.parent), root, has_socket)


def test_folder_with_unreadable_entries_emulated_permissions(tree) -> None:  # type: ignore[no-untyped-def]
    root, has_socket = tree
    run = lint("--format", "json", root, cwd=root.parent, python=("-c", EMULATE_DENIAL))
    _check_tree_run(run, root, has_socket)


@pytest.mark.parametrize("name, message", [
    ("fifo.json", "cannot read: is a FIFO (named pipe), not a regular file"),
    ("zero.json", "cannot read: is a character device, not a regular file"),
    ("loop-a.json", "cannot read: symbolic link loop (too many levels of symbolic links)"),
    ("notes.txt", "unknown format '.txt': expected a .json, .jsonl, .yaml or .yml file"),
    ("noext", "unknown format (no extension): expected a .json, .jsonl, .yaml or .yml file"),
])
def test_explicit_hostile_paths(tree, name: str, message: str) -> None:  # type: ignore[no-untyped-def]
    root, _ = tree
    run = lint("--format", "json", root / name, root / "ok.json", cwd=root)
    assert_sane(run, (1,), 30)
    assert findings(run) == [(1, 1, "", "unreadable" if "cannot read" in message else "unknown-format")]
    assert run.report()["findings"][0]["message"] == message
    assert run.report()["summary"]["files"] == 2


def test_dev_zero_given_explicitly(tmp_path: Path) -> None:
    run = lint("--format", "json", "/dev/zero", cwd=tmp_path)
    assert_sane(run, (1,), 30)
    assert findings(run) == [(1, 1, "", "unreadable")]


@pytest.mark.parametrize("paths", [["missing.json"], ["ok.json", "missing.json"], ["\x1b[2Jmissing\u202e.json"]])
def test_a_missing_path_is_reported_by_name_and_exits_2_after_the_rest(tmp_path: Path, paths: list[str]) -> None:
    (tmp_path / "ok.json").write_text(VALID)
    (tmp_path / "bad.json").write_text('{"model": "gpt-4", "messages": []}')
    run = lint("--format", "json", *paths, "bad.json", cwd=tmp_path)
    assert_sane(run, (2,), 30)
    missing = paths[-1]
    assert run.err.count("no such file or folder") == 1 and "\x1b" not in run.err and "\x1b" not in run.out
    report = run.report()
    assert [(f["rule"], f["message"]) for f in report["findings"] if f["file"] != "bad.json"] == [
        ("unreadable", "cannot read: no such file or directory")]
    assert ("bad.json", "min-items") in {(f["file"], f["rule"]) for f in report["findings"]}
    assert report["summary"]["files"] == len(paths) + 1
    assert missing.encode("unicode_escape").decode()[:5] in run.err or missing in run.err


@pytest.mark.parametrize("fmt", ["json", "yaml"])
def test_endless_stdin_is_cut_at_the_size_limit(tmp_path: Path, fmt: str) -> None:
    with open("/dev/zero", "rb") as zero:
        run = lint("--format", "json", "--stdin-format", fmt, "-", cwd=tmp_path, stdin=zero.fileno())
    assert_sane(run, (1,), 30)
    assert findings(run) == [(1, 1, "", "file-too-large")]


def test_endless_jsonl_stdin_is_streamed_in_bounded_memory(tmp_path: Path) -> None:
    line = VALID + "\n"
    with subprocess.Popen(["yes", line.strip()], stdout=subprocess.PIPE) as source:
        try:
            run = lint("--format", "json", "--stdin-format", "jsonl", "-", cwd=tmp_path,
                       stdin=source.stdout.fileno(), timeout=8, memory=512 << 20)  # type: ignore[union-attr]
        finally:
            source.kill()
    assert run.killed, (run.code, run.err[-500:])  # still reading, within 512 MiB, when stopped
    assert "Traceback" not in run.err and "MemoryError" not in run.err


@pytest.mark.skipif(not tokenizer_installed(), reason="needs the tokens extra (tiktoken) for the context-length rule")
def test_a_long_word_is_counted_in_bounded_memory_by_the_tokenizer(tmp_path: Path) -> None:
    """tiktoken's encoder needs tens of bytes per byte of one run without spaces (a 20 MB word
    once took 640 MB, a legal 49 MB one aborted the process): a long word is counted in pieces."""
    path = tmp_path / "big.json"
    path.write_text('{"model": "gpt-4", "messages": [{"role": "user", "content": "' + "a" * (20 << 20) + '"}]}')
    run = lint("--format", "json", path, cwd=tmp_path, memory=512 << 20)
    assert_sane(run, (0,), 60)
    assert [rule for _, _, _, rule in findings(run)] == ["context-length"]
