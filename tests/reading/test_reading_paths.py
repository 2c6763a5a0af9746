"""Choosing and opening files: formats, directory walks, and paths that cannot be read."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest

from reqspec.reading import Document, Limits, format_for, iter_paths, read_path
from reqspec.reading import paths as paths_module


def found(document: Document) -> list[tuple[str, int, int, str]]:
    return [(p.rule, p.line, p.column, p.pointer) for p in document.problems]


def read(path: object, fmt: str | None = None, limits: Limits | None = None) -> list[Document]:
    return list(read_path(path, fmt, limits or Limits()))  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("name", "fmt"),
    [
        ("a.json", "json"),
        ("a.jsonl", "jsonl"),
        ("a.yaml", "yaml"),
        ("a.yml", "yaml"),
        ("A.JSON", "json"),
        ("dir/b.YML", "yaml"),
        ("a.txt", None),
        ("json", None),
        (".json", None),
        ("a.json.bak", None),
    ],
)
def test_format_comes_from_the_extension(name: str, fmt: str | None) -> None:
    assert format_for(name) == fmt
    assert format_for(Path(name)) == fmt


def test_read_path_uses_the_extension_and_accepts_path_objects(tmp_path: Path) -> None:
    (tmp_path / "body.json").write_text('{"a": 1}')
    (tmp_path / "bodies.jsonl").write_text('{"a": 1}\n{"b": 2}\n')
    (tmp_path / "body.yml").write_text("a: 1\n---\nb: 2\n")
    assert [d.value for d in read(tmp_path / "body.json")] == [{"a": 1}]
    assert [d.value for d in read(str(tmp_path / "bodies.jsonl"))] == [{"a": 1}, {"b": 2}]
    assert [d.value for d in read(tmp_path / "body.yml")] == [{"a": 1}, {"b": 2}]


def test_explicit_format_overrides_the_extension(tmp_path: Path) -> None:
    path = tmp_path / "body.txt"
    path.write_text("a: 1\n")
    assert [d.value for d in read(path, "yaml")] == [{"a": 1}]


def test_unknown_extension_is_unknown_format(tmp_path: Path) -> None:
    path = tmp_path / "body.txt"
    path.write_text("{}")
    documents = read(path)
    assert [found(d) for d in documents] == [[("unknown-format", 1, 1, "")]]
    assert "'.txt'" in documents[0].problems[0].message


def test_missing_file_is_unreadable(tmp_path: Path) -> None:
    documents = read(tmp_path / "missing.json")
    assert [found(d) for d in documents] == [[("unreadable", 1, 1, "")]]
    assert "no such file" in documents[0].problems[0].message


def test_directory_where_a_file_is_needed_is_unreadable(tmp_path: Path) -> None:
    (tmp_path / "dir.json").mkdir()
    documents = read(tmp_path / "dir.json")
    assert [found(d) for d in documents] == [[("unreadable", 1, 1, "")]]
    assert "directory" in documents[0].problems[0].message


def test_fifo_is_unreadable_and_does_not_block(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.jsonl"
    os.mkfifo(fifo)
    result: list[list[Document]] = []
    worker = threading.Thread(target=lambda: result.append(read(fifo)), daemon=True)
    worker.start()
    worker.join(timeout=5)
    assert not worker.is_alive()
    assert [found(d) for d in result[0]] == [[("unreadable", 1, 1, "")]]
    assert "FIFO" in result[0][0].problems[0].message


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="needs /dev/zero")
def test_endless_device_is_unreadable_and_does_not_hang() -> None:
    documents = read("/dev/zero", "json")
    assert [found(d) for d in documents] == [[("unreadable", 1, 1, "")]]
    assert "device" in documents[0].problems[0].message


def test_symlink_loop_is_unreadable(tmp_path: Path) -> None:
    loop = tmp_path / "loop.json"
    loop.symlink_to(loop)
    documents = read(loop)
    assert [found(d) for d in documents] == [[("unreadable", 1, 1, "")]]
    assert "loop" in documents[0].problems[0].message


def test_nul_in_path_is_unreadable() -> None:
    assert [found(d) for d in read("bad\0name.json")] == [[("unreadable", 1, 1, "")]]


def test_file_over_the_size_limit_is_not_read(tmp_path: Path) -> None:
    path = tmp_path / "big.json"
    path.write_text('{"a": "' + "x" * 100 + '"}')
    assert [found(d) for d in read(path, limits=Limits(max_file_size=50))] == [[("file-too-large", 1, 1, "")]]
    assert read(path, limits=Limits(max_file_size=200))[0].problems == []


def test_file_that_grows_past_the_limit_after_stat_is_still_bounded(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "grows.yaml"
    path.write_text("a: " + "x" * 100 + "\n")
    real_open = paths_module.open_regular

    def understating(target: object):  # type: ignore[no-untyped-def]
        opened = real_open(target)  # type: ignore[arg-type]
        stream, _ = opened  # type: ignore[misc]
        return stream, 1

    monkeypatch.setattr("reqspec.reading.reader.open_source", understating)
    assert [found(d) for d in read(path, limits=Limits(max_file_size=50))] == [[("file-too-large", 1, 1, "")]]


def _tree(root: Path) -> None:
    (root / "b").mkdir()
    (root / "b" / "z.yaml").write_text("a: 1\n")
    (root / "b" / "y.txt").write_text("")
    (root / "a.json").write_text("{}")
    (root / "c.jsonl").write_text("{}\n")
    (root / "d.YML").write_text("a: 1\n")
    (root / ".hidden").mkdir()
    (root / ".hidden" / "x.json").write_text("{}")
    (root / ".dot.json").write_text("{}")
    (root / "b" / "up").symlink_to(root)


def test_directories_are_walked_sorted_skipping_hidden_entries_and_loops(tmp_path: Path) -> None:
    _tree(tmp_path)
    listed = list(iter_paths([str(tmp_path)]))
    assert listed == [
        (str(tmp_path / "a.json"), None),
        (str(tmp_path / "b" / "z.yaml"), None),
        (str(tmp_path / "c.jsonl"), None),
        (str(tmp_path / "d.YML"), None),
    ]


def test_explicit_files_are_yielded_whatever_their_extension(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("")
    (tmp_path / ".hidden.json").write_text("{}")
    listed = list(iter_paths([str(tmp_path / "notes.txt"), str(tmp_path / ".hidden.json")]))
    assert listed == [(str(tmp_path / "notes.txt"), None), (str(tmp_path / ".hidden.json"), None)]


def test_missing_path_is_yielded_with_an_unreadable_problem(tmp_path: Path) -> None:
    listed = list(iter_paths([str(tmp_path / "nowhere")]))
    assert len(listed) == 1
    path, problem = listed[0]
    assert path == str(tmp_path / "nowhere")
    assert problem is not None and (problem.rule, problem.line, problem.column) == ("unreadable", 1, 1)


def test_symlink_loop_entry_in_a_directory_becomes_a_problem(tmp_path: Path) -> None:
    (tmp_path / "ok.json").write_text("{}")
    (tmp_path / "self.json").symlink_to(tmp_path / "self.json")
    listed = list(iter_paths([str(tmp_path)]))
    assert listed[0] == (str(tmp_path / "ok.json"), None)
    path, problem = listed[1]
    assert path == str(tmp_path / "self.json")
    assert problem is not None and problem.rule == "unreadable"


def test_unlistable_directory_becomes_a_problem(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "locked").mkdir()
    (tmp_path / "open.json").write_text("{}")
    real_scandir = os.scandir

    def refusing(path):  # type: ignore[no-untyped-def]
        if str(path).endswith("locked"):
            raise PermissionError(13, "Permission denied")
        return real_scandir(path)

    monkeypatch.setattr(paths_module.os, "scandir", refusing)
    listed = list(iter_paths([str(tmp_path)]))
    assert listed[0][0] == str(tmp_path / "locked")
    assert listed[0][1] is not None and listed[0][1].message == "cannot read: permission denied"
    assert listed[1] == (str(tmp_path / "open.json"), None)


def test_files_deep_in_a_directory_tree_are_found(tmp_path: Path) -> None:
    current = tmp_path
    for _ in range(60):
        current = current / "d"
    current.mkdir(parents=True)
    (current / "deep.json").write_text("{}")
    assert list(iter_paths([str(tmp_path)])) == [(str(current / "deep.json"), None)]


def test_permission_denied_on_open_is_unreadable(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "secret.json"
    path.write_text("{}")

    def refusing(*args: object, **kwargs: object) -> int:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(paths_module.os, "open", refusing)
    documents = read(path)
    assert [found(d) for d in documents] == [[("unreadable", 1, 1, "")]]
    assert documents[0].problems[0].message == "cannot read: permission denied"
