"""Where the built-in spec and its generated JSON Schemas are, in a checkout and in an install.

The wheel carries the ``schema/`` folder as ``reqspec/_builtin/``; a checkout (or an editable
install) reads ``schema/`` beside the package. Either way the folder holds one spec, ``<id>.yaml``,
and its schemas named ``<id>`` plus a suffix per dialect.
"""

from __future__ import annotations

from pathlib import Path

from .dialects import SCHEMA_SUFFIXES

PACKAGE_DIR = Path(__file__).resolve().parent
INSTALLED_DIR = PACKAGE_DIR / "_builtin"
CHECKOUT_DIR = PACKAGE_DIR.parent / "schema"


def folder() -> Path | None:
    """The folder holding the built-in spec, or None when neither place has it."""
    for candidate in (INSTALLED_DIR, CHECKOUT_DIR):
        if candidate.is_dir() and any(candidate.glob("*.yaml")):
            return candidate
    return None


def spec_path() -> Path | None:
    """The built-in spec file (the one ``.yaml`` file of the folder)."""
    found = folder()
    if found is None:
        return None
    specs = sorted(found.glob("*.yaml"))
    return specs[0] if len(specs) == 1 else None


def is_checkout() -> bool:
    """Whether reqspec runs from a source checkout, where its generated files can be rewritten."""
    return folder() == CHECKOUT_DIR


def schema_path(dialect: str, kind: str = "body") -> Path | None:
    """The generated schema of the built-in spec in ``dialect`` (a key of SCHEMA_SUFFIXES), of the
    body or of another kind of document (``batch``: ``<id>.batch.schema.json``, in 2020-12 only)."""
    spec = spec_path()
    if spec is None:
        return None
    if kind != "body":
        return spec.with_name(f"{spec.stem}.{kind}{SCHEMA_SUFFIXES[dialect]}")
    return spec.with_name(spec.stem + SCHEMA_SUFFIXES[dialect])
