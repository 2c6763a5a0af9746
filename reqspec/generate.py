"""Run every emitter over a spec and write (or check) the artifacts.

This is the only module that knows the list of artifacts; each emitter knows just its own output.
``--check`` compares instead of writing, so CI fails when someone edits the spec, or an emitter,
without regenerating.
"""

from __future__ import annotations

import dataclasses
import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable

from .spec import model as m
from .spec.loader import load_spec

from .bundled import CHECKOUT_DIR, PACKAGE_DIR
from .dialects import SCHEMA_SUFFIXES
from .emit.markdown_text import DocNames

if TYPE_CHECKING:
    from .emit.markdown_text import ExtraRule, Reporter

REPO_DIR = PACKAGE_DIR.parent


@dataclass(frozen=True)
class Artifact:
    """One generated file: where it goes, and how to render it from the spec."""

    path: Path
    render: Callable[[m.Spec], str]


@dataclass(frozen=True)
class Places:
    """Where each generated file of one spec goes."""

    names: DocNames  # how the pages name each other, the spec and the types module
    docs: Path  # the folder of the two Markdown pages
    types_module: Path  # the TypedDicts module
    schemas: Path  # the folder of the JSON Schemas
    validator: Path  # the validator module
    standalone: bool  # whether the validator holds its own copy of the runtime (a user's spec) or imports it


def artifacts(spec: m.Spec, places: Places) -> list[Artifact]:
    """Every generated file of ``spec``: the one list, for the built-in spec and for users' own."""
    from .emit.json_schema import render_draft07, render_openapi, render_schema
    from .emit.reference_page import render_reference
    from .emit.rules_page import render_rules
    from .emit.typeddict import render_types
    from .emit.validator import render_validator

    names = places.names
    schema_renderers = {"2020-12": render_schema, "draft-07": render_draft07, "openapi": render_openapi}
    return [
        Artifact(places.docs / names.reference, lambda s: render_reference(s, names)),
        Artifact(places.docs / names.rules,
                 lambda s: render_rules(s, names, lint_rules(), reporter(s, names.spec_file))),
        Artifact(places.types_module, lambda s: render_types(s, names.spec_file)),
        *(Artifact(places.schemas / f"{spec.id}{suffix}", schema_renderers[dialect])
          for dialect, suffix in SCHEMA_SUFFIXES.items()),
        *(Artifact(places.schemas / f"{spec.id}.{kind}{SCHEMA_SUFFIXES['2020-12']}", _as_root(kind, render_schema))
          for kind, root in spec.roots.items() if root != spec.root),
        Artifact(places.validator, lambda s: render_validator(s, names.spec_file, standalone=places.standalone)),
    ]


def _as_root(kind: str, render: Callable[[m.Spec], str]) -> Callable[[m.Spec], str]:
    """A renderer of the spec with another kind of document as its root, titled by its object."""
    def rendered(spec: m.Spec) -> str:
        rooted = spec.as_root(kind)
        return render(dataclasses.replace(rooted, title=rooted.root_object.title))

    return rendered


def builtin_places(spec_path: Path) -> Places:
    """The places of the files committed in this repository for the built-in spec."""
    rel = spec_path.relative_to(REPO_DIR).as_posix() if spec_path.is_relative_to(REPO_DIR) else spec_path.name
    return Places(DocNames(rel), REPO_DIR / "docs", PACKAGE_DIR / "types.py", spec_path.parent,
                  PACKAGE_DIR / "_validator.py", standalone=False)


def user_places(spec: m.Spec, spec_path: Path, out_dir: Path) -> Places:
    """The places of a spec's generated files, all in one output folder."""
    names = DocNames(spec_path.name, reference=f"{spec.id}.md", rules=f"{spec.id}_rules.md",
                     types_module=f"{spec.id}_types")
    return Places(names, out_dir, out_dir / f"{spec.id}_types.py", out_dir, out_dir / f"{spec.id}_validator.py",
                  standalone=True)


def lint_rules() -> list[ExtraRule]:
    """The rules a lint finding can carry beyond the spec's, for the rules docs: the problems of
    reading a file, and the cap on findings per document."""
    from .emit.markdown_text import ExtraRule
    from .linter.engine import MORE_HELP, MORE_RULE
    from .reading import PROBLEMS

    from .linter.stored import FILE_RULES

    extra = [ExtraRule(rule, "error", text, "Reading files") for rule, text in PROBLEMS.items()]
    extra += [ExtraRule(rule, "error", text, "Stored prompt files") for rule, text in FILE_RULES.items()]
    extra.append(ExtraRule(MORE_RULE, "note", MORE_HELP, "Lint runs"))
    return extra


def reporter(spec: m.Spec, spec_file: str) -> Reporter:
    """The spec's own generated validator as the docs run it: findings of ``lint()`` (errors and
    warnings), with no tokenizer installed, so the docs come out the same on every machine."""
    from .emit.markdown_text import Reported
    from .ruleset import from_model

    module = from_model(spec, spec_file)
    module.set_token_counter(None)

    def report(body: Any, kind: str | None) -> list[Reported]:
        lint: Callable[[Any], list[Any]] = getattr(module, "lint" if kind in (None, "body") else f"lint_{kind}")
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
    """Rewrite (or with ``check``, compare) the generated files of the built-in spec in a checkout."""
    spec_path = builtin_spec()
    spec = load_spec(spec_path)
    return run(artifacts(spec, builtin_places(spec_path)), spec, check=check)


def builtin_spec() -> Path:
    """The built-in spec of the checkout."""
    specs = sorted(CHECKOUT_DIR.glob("*.yaml"))
    if len(specs) != 1:
        raise FileNotFoundError(f"expected one spec in {CHECKOUT_DIR}")
    return specs[0]
