"""Each optional feature runs with nothing but the standard library and what its extra brings:
a feature that imports a package its extra does not name fails here, not on a user's machine."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from importlib import metadata
from pathlib import Path

import pytest
from packaging.requirements import Requirement

from .conftest import ROOT

#: A feature of each extra, run as a user runs it (``{folder}`` is a scratch folder).
FEATURES = {
    "strategies": """
        from reqspec.strategies import builtin
        bodies = builtin()
        bodies.valid_bodies()
        bodies.invalid_bodies(max_mutations=1)
    """,
    "yaml": """
        from pathlib import Path
        from reqspec.cli import main
        path = Path({folder!r}) / "body.yaml"
        path.write_text("model: gpt-4\\nmessages:\\n  - role: user\\n    content: hi\\n", encoding="utf-8")
        assert main(["lint", str(path)]) == 0
    """,
    "dask": """
        import dask.bag as db
        from reqspec.dask import lint_bag
        bag = db.from_sequence(['{{"model": "gpt-4", "messages": []}}'], npartitions=1)
        assert [r["rule"] for r in lint_bag(bag).compute(scheduler="sync")] == ["min-items"]
    """,
    "tokens": """
        import reqspec
        body = {{"model": "gpt-4", "messages": [{{"role": "user", "content": "hi " * 9000}}]}}
        assert [e.rule for e in reqspec.lint(body)] == ["context-length"]
    """,
}


def distributions(extra: str) -> set[str]:
    """The distributions ``reqspec[extra]`` installs: those it names for the extra, and theirs."""
    wanted = [Requirement(r) for r in metadata.requires("reqspec") or []]
    todo = [r.name for r in wanted if r.marker is not None and r.marker.evaluate({"extra": extra})]
    found: set[str] = set()
    while todo:
        name = todo.pop()
        key = name.lower().replace("_", "-")
        if key in found:
            continue
        found.add(key)
        for text in metadata.requires(name) or []:
            needed = Requirement(text)
            if needed.marker is None or needed.marker.evaluate({"extra": ""}):
                todo.append(needed.name)
    return found


def modules(extra: str) -> set[str]:
    """The top-level modules the extra's distributions hold."""
    dists = distributions(extra)
    return {module for module, owners in metadata.packages_distributions().items()
            if any(owner.lower().replace("_", "-") in dists for owner in owners)}


BLOCKER = """
import sys
ALLOWED = {allowed!r} | set(sys.stdlib_module_names) | {{"reqspec", "_distutils_hack"}}

class Blocker:
    @staticmethod
    def find_spec(name, path=None, target=None):
        top = name.partition(".")[0]
        if top not in ALLOWED and not top.startswith("_sysconfigdata"):  # the interpreter's own build data
            raise ModuleNotFoundError(f"{{name}} is not brought by the extra", name=name)
        return None

sys.meta_path.insert(0, Blocker())
"""


@pytest.mark.parametrize("extra", sorted(FEATURES))
def test_each_extra_brings_everything_its_feature_imports(extra: str, tmp_path: Path) -> None:
    script = BLOCKER.format(allowed=modules(extra)) + textwrap.dedent(FEATURES[extra]).format(folder=str(tmp_path))
    run = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr[-2000:]


def test_the_blocker_refuses_what_an_extra_does_not_bring(tmp_path: Path) -> None:
    """The check can fail: without its extra's packages, a feature's imports are refused."""
    script = BLOCKER.format(allowed=set()) + textwrap.dedent(FEATURES["strategies"]).format(folder=str(tmp_path))
    run = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert run.returncode != 0 and "is not brought by the extra" in run.stderr
