"""Run every emitter over a spec and write (or check) the artifacts.

This is the only module that knows the list of artifacts; each emitter knows just its own output.
``--check`` compares instead of writing, so CI fails when someone edits the spec, or an emitter,
without regenerating.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from .spec import model as m
from .spec.loader import load_spec

PACKAGE_DIR = Path(__file__).resolve().parent
REPO_DIR = PACKAGE_DIR.parent
BUILTIN_SPEC = REPO_DIR / "schema" / "chat_completion_request.yaml"


@dataclass(frozen=True)
class Artifact:
    """One generated file: where it goes, and how to render it from the spec."""

    path: Path
    render: Callable[[m.Spec], str]


def builtin_artifacts(spec_path: Path = BUILTIN_SPEC) -> list[Artifact]:
    """The artifacts committed in this repository for the built-in spec."""
    from .emit.json_schema import render_draft07, render_openapi, render_schema
    from .emit.validator import render_validator

    rel = spec_path.relative_to(REPO_DIR).as_posix() if spec_path.is_relative_to(REPO_DIR) else spec_path.name
    schema_dir = spec_path.parent
    return [
        Artifact(schema_dir / f"{spec_path.stem}.schema.json", render_schema),
        Artifact(schema_dir / f"{spec_path.stem}.draft07.schema.json", render_draft07),
        Artifact(schema_dir / f"{spec_path.stem}.openapi.json", render_openapi),
        Artifact(PACKAGE_DIR / "_validator.py", lambda spec: render_validator(spec, rel)),
    ]


def user_artifacts(spec: m.Spec, spec_path: Path, out_dir: Path) -> list[Artifact]:
    """The artifacts for a user's own spec, all in one output folder."""
    from .emit.json_schema import render_draft07, render_openapi, render_schema
    from .emit.validator import render_validator

    return [
        Artifact(out_dir / f"{spec.id}.schema.json", render_schema),
        Artifact(out_dir / f"{spec.id}.draft07.schema.json", render_draft07),
        Artifact(out_dir / f"{spec.id}.openapi.json", render_openapi),
        Artifact(out_dir / f"{spec.id}_validator.py", lambda s: render_validator(s, spec_path.name)),
    ]


@dataclass(frozen=True)
class Outcome:
    path: Path
    changed: bool


def run(artifacts: list[Artifact], spec: m.Spec, *, check: bool) -> list[Outcome]:
    """Render every artifact; write the changed ones unless ``check``. Returns what differed."""
    outcomes = []
    for artifact in artifacts:
        text = artifact.render(spec)
        try:
            current = artifact.path.read_text(encoding="utf-8")
        except FileNotFoundError:
            current = None
        changed = current != text
        if changed and not check:
            artifact.path.parent.mkdir(parents=True, exist_ok=True)
            tmp = artifact.path.with_name(artifact.path.name + ".tmp")
            tmp.write_text(text, encoding="utf-8", newline="\n")
            os.replace(tmp, artifact.path)
        outcomes.append(Outcome(artifact.path, changed))
    return outcomes


def generate_builtin(*, check: bool) -> list[Outcome]:
    spec = load_spec(BUILTIN_SPEC)
    return run(builtin_artifacts(), spec, check=check)
