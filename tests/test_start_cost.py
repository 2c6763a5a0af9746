"""What a process pays to start is kept small by what it does not import: tests of the modules
each entry point loads (the times themselves are measured by benchmarks/startup.py)."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from reqspec.linter.placing import _as_posix

from .conftest import ROOT


def _modules_after(code: str, cwd: Path) -> set[str]:
    run = subprocess.run([sys.executable, "-c", code + "\nimport sys; print(sorted(sys.modules))"],
                         cwd=cwd, capture_output=True, text=True, timeout=60)
    assert run.returncode == 0, run.stderr
    return set(ast.literal_eval(run.stdout.strip().splitlines()[-1]))


def test_import_reqspec_and_a_first_validate_load_neither_typing_nor_re(tmp_path):
    loaded = _modules_after("import reqspec; assert reqspec.validate({})", tmp_path)
    assert "reqspec._validator" in loaded
    assert not loaded & {"typing", "re", "dataclasses", "json", "difflib", "hashlib"}


def test_a_pattern_is_compiled_on_first_use_and_then_called_directly():
    from reqspec import _validator

    body = {"model": "gpt-4", "messages": [{"role": "user", "content": "x"}],
            "functions": [{"name": "f", "parameters": {"type": "object", "properties": {}, "$anchor": "9 bad"}}]}
    assert [e.rule for e in _validator.validate(body)] == ["pattern"]
    from reqspec.runtime.patterns import LazySearch

    assert callable(_validator._SEARCH_ANCHOR_NAME) and not isinstance(_validator._SEARCH_ANCHOR_NAME, LazySearch)
    assert [e.rule for e in _validator.validate(body)] == ["pattern"]


def test_a_lint_run_of_one_file_loads_no_module_it_does_not_need(tmp_path):
    (tmp_path / "body.json").write_text('{"model": "gpt-4", "messages": []}', encoding="utf-8")
    code = ("from reqspec.cli import main\ntry:\n    main(['lint', 'body.json'])\nexcept SystemExit:\n    pass")
    loaded = _modules_after(code, tmp_path)
    assert "reqspec.linter.engine" in loaded
    assert not loaded & {"dataclasses", "inspect", "pathlib", "tomllib", "tempfile", "difflib", "reqspec.spec.model",
                         "reqspec.linter.cluster", "reqspec.linter.parallel", "dask", "fsspec", "yaml"}


@given(st.lists(st.sampled_from(["a", "b", ".", "..", "", "x.json"]), max_size=6), st.booleans())
def test_paths_for_globs_are_written_as_pathlib_writes_them(parts, absolute):
    path = ("/" if absolute else "") + "/".join(parts)
    assert _as_posix(path) == Path(path).as_posix()
