"""The specs the tests write in the spec language besides the built-in one, and running what
``reqspec generate --spec --out`` makes of them, as a user does."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
import types
from pathlib import Path

from .conftest import ROOT

#: The embeddings request body, and a tree of nodes (recursive objects and the rest of the language).
USER_SPECS = {
    "embedding_request": ROOT / "tests" / "specs" / "embedding_request.yaml",
    "tree_request": ROOT / "tests" / "specs" / "tree_request.yaml",
}


def generate(spec_path: Path, out: Path) -> None:
    """Every artifact of a spec, written into ``out`` by the command a user runs."""
    run = subprocess.run([sys.executable, "-m", "reqspec", "generate", "--spec", str(spec_path), "--out", str(out)],
                         cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr


def load_module(path: Path) -> types.ModuleType:
    spec = importlib.util.spec_from_file_location(path.stem, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[path.stem] = module  # dataclasses look the module up while building its classes
    spec.loader.exec_module(module)
    return module
