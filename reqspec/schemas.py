"""The JSON Schema of the request body, as shipped with reqspec, for clients that validate with it.

``json_schema()`` reads the schema the generator wrote (committed in the repository, bundled in
the wheel) and hands back a fresh dict each call, so a caller may change it freely.
"""

from __future__ import annotations

import json
from typing import Any

from .bundled import schema_path
from .dialects import DIALECTS, SCHEMA_SUFFIXES

__all__ = ["DIALECTS", "json_schema", "kinds", "schema_text"]


def schema_text(dialect: str = "2020-12", kind: str = "body") -> str:
    """The schema in ``dialect`` as JSON text, exactly as shipped."""
    if dialect not in SCHEMA_SUFFIXES:
        raise ValueError(f"unknown dialect {dialect!r}; dialects: {', '.join(DIALECTS)}")
    known = kinds()
    if kind not in known:
        raise ValueError(f"unknown kind of document {kind!r}; kinds: {', '.join(known)}")
    if kind != "body" and dialect != "2020-12":
        raise ValueError(f"the schema of a {kind} document is published in draft 2020-12 only")
    path = schema_path(dialect, kind)
    if path is None or not path.is_file():
        raise FileNotFoundError(f"the {dialect} schema of a {kind} document is not part of this installation of reqspec")
    return path.read_text(encoding="utf-8")


def kinds() -> list[str]:
    """The kinds of document whose schema is shipped: ``body``, then the others (``batch``, ...)."""
    path = schema_path("2020-12")
    if path is None:
        return ["body"]
    stem = path.name[: -len(SCHEMA_SUFFIXES["2020-12"])]
    others = sorted(p.name[len(stem) + 1: -len(SCHEMA_SUFFIXES["2020-12"])]
                    for p in path.parent.glob(f"{stem}.*{SCHEMA_SUFFIXES['2020-12']}"))
    dialects = {suffix.split(".")[1] for suffix in SCHEMA_SUFFIXES.values() if suffix.count(".") > 2}  # draft07
    return ["body", *(kind for kind in others if kind and "." not in kind and kind not in dialects)]


def json_schema(dialect: str = "2020-12", kind: str = "body") -> dict[str, Any]:
    """The JSON Schema of the request body in ``dialect`` ("2020-12", "draft-07" or "openapi"),
    as a new dict on every call; with ``kind``, of another document this spec describes ("batch":
    a Batch API input line, "finetune": a chat fine-tuning example), in 2020-12."""
    loaded: dict[str, Any] = json.loads(schema_text(dialect, kind))
    return loaded
