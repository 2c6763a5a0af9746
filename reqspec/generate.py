"""Run every emitter over a spec and write (or check) the artifacts.

This is the only module that knows the list of artifacts; each emitter knows just its own output.
``--check`` compares instead of writing, so CI fails when someone edits the spec, or an emitter,
without regenerating.
"""

from __future__ import annotations

import os
import sys
import types
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable

from .spec import model as m
from .spec.loader import load_spec

if TYPE_CHECKING:
    from .emit.markdown import ExtraRule, Reporter

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
    from .emit.markdown import DocNames, render_reference, render_rules
    from .emit.typeddict import render_types
    from .emit.validator import render_validator

    rel = spec_path.relative_to(REPO_DIR).as_posix() if spec_path.is_relative_to(REPO_DIR) else spec_path.name
    schema_dir = spec_path.parent
    names = DocNames(rel)
    return [
        Artifact(REPO_DIR / "docs" / names.reference, lambda spec: render_reference(spec, names)),
        Artifact(REPO_DIR / "docs" / names.rules,
                 lambda spec: render_rules(spec, names, lint_rules(), reporter(spec, rel))),
        Artifact(PACKAGE_DIR / "types.py", lambda spec: render_types(spec, rel)),
        Artifact(schema_dir / f"{spec_path.stem}.schema.json", render_schema),
        Artifact(schema_dir / f"{spec_path.stem}.draft07.schema.json", render_draft07),
        Artifact(schema_dir / f"{spec_path.stem}.openapi.json", render_openapi),
        Artifact(PACKAGE_DIR / "_validator.py", lambda spec: render_validator(spec, rel)),
    ]


def user_artifacts(spec: m.Spec, spec_path: Path, out_dir: Path) -> list[Artifact]:
    """The artifacts for a user's own spec, all in one output folder."""
    from .emit.json_schema import render_draft07, render_openapi, render_schema
    from .emit.markdown import DocNames, render_reference, render_rules
    from .emit.typeddict import render_types
    from .emit.validator import render_validator

    names = DocNames(spec_path.name, reference=f"{spec.id}.md", rules=f"{spec.id}_rules.md",
                     types_module=f"{spec.id}_types")
    return [
        Artifact(out_dir / names.reference, lambda s: render_reference(s, names)),
        Artifact(out_dir / names.rules, lambda s: render_rules(s, names, lint_rules(), reporter(s, spec_path.name))),
        Artifact(out_dir / f"{names.types_module}.py", lambda s: render_types(s, spec_path.name)),
        Artifact(out_dir / f"{spec.id}.schema.json", render_schema),
        Artifact(out_dir / f"{spec.id}.draft07.schema.json", render_draft07),
        Artifact(out_dir / f"{spec.id}.openapi.json", render_openapi),
        Artifact(out_dir / f"{spec.id}_validator.py", lambda s: render_validator(s, spec_path.name)),
    ]


def lint_rules() -> list[ExtraRule]:
    """The rules a lint finding can carry beyond the spec's, for the rules docs: the problems of
    reading a file, and the cap on findings per document."""
    from .emit.markdown import ExtraRule
    from .linter.engine import MORE_HELP, MORE_RULE
    from .reading import PROBLEMS

    extra = [ExtraRule(rule, "error", text, "Reading files") for rule, text in PROBLEMS.items()]
    extra.append(ExtraRule(MORE_RULE, "note", MORE_HELP, "Lint runs"))
    return extra


def reporter(spec: m.Spec, spec_file: str) -> Reporter:
    """The spec's own generated validator as the docs run it: findings of ``lint()`` (errors and
    warnings), with no tokenizer installed, so the docs come out the same on every machine."""
    from .emit.markdown import Reported
    from .emit.validator import render_validator

    module = types.ModuleType(f"reqspec_docs_{spec.id}")
    module.__file__ = f"<validator of {spec_file}>"
    sys.modules[module.__name__] = module  # dataclasses look the module up while building Error
    exec(compile(render_validator(spec, spec_file), module.__file__, "exec"), module.__dict__)  # noqa: S102 - code just generated from the spec
    lint: Callable[[Any], list[Any]] = module.lint

    def report(body: Any) -> list[Reported]:
        return [Reported(e.pointer, e.rule, e.severity, e.message) for e in lint(body)]

    return report


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
