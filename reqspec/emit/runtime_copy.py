"""Link a generated validator to the runtime, or copy into it the runtime definitions it uses.

A validator generated inside the package imports what its code uses from ``reqspec.runtime``. The
standalone validator (``reqspec generate --spec --out``) must run without reqspec installed: it
gets a copy of exactly those definitions and of everything they use in turn, found by reading the
runtime's modules with ``ast`` (never by splitting text), each copied as written.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from functools import cache
from pathlib import Path

RUNTIME = Path(__file__).resolve().parent.parent / "runtime"
#: The runtime's modules, in the order a copy defines them (each uses only those before it).
MODULES = ("lazy", "patterns", "spec_data", "show", "errors", "plain", "free_form", "recursion", "values", "tokens", "checks",
           "json_schemas")


@dataclass(frozen=True)
class Definition:
    """One top-level statement of a runtime module that binds names."""

    module: str
    order: int  # the statement's place among all the runtime's statements
    names: frozenset[str]  # what it binds
    uses: frozenset[str]  # every name it reads
    source: str


@cache
def definitions() -> dict[str, Definition]:
    """Every name the runtime's modules define, with the statement that defines it."""
    found: dict[str, Definition] = {}
    order = 0
    for module in MODULES:
        text = (RUNTIME / f"{module}.py").read_text(encoding="utf-8")
        for node in ast.parse(text).body:
            order += 1
            names = _bound(node)
            if not names:
                continue
            uses = frozenset(n.id for n in ast.walk(node) if isinstance(n, ast.Name))
            uses |= frozenset(n.value.id for n in ast.walk(node)
                              if isinstance(n, ast.Attribute) and isinstance(n.value, ast.Name))
            segment = ast.get_source_segment(text, node, padded=True) or ""
            definition = Definition(module, order, frozenset(names), uses - names, _with_decorators(text, node, segment))
            for name in names:
                found.setdefault(name, definition)
    return found


def _bound(node: ast.stmt) -> set[str]:
    """The names a top-level statement binds (internal imports and the annotation-only block bind
    none a copy needs: the first are copied definitions, the second is written apart)."""
    if isinstance(node, (ast.FunctionDef, ast.ClassDef)):
        return {node.name}
    if isinstance(node, ast.Assign):
        return {t.id for t in node.targets if isinstance(t, ast.Name)}
    if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
        return {node.target.id}
    if isinstance(node, ast.Import):
        return {alias.asname or alias.name for alias in node.names}
    if isinstance(node, ast.ImportFrom) and not node.level and node.module != "__future__":
        return {alias.asname or alias.name for alias in node.names}
    return set()


def _with_decorators(text: str, node: ast.stmt, segment: str) -> str:
    decorators = getattr(node, "decorator_list", [])
    if not decorators:
        return segment
    lines = text.splitlines()
    return "\n".join(lines[decorators[0].lineno - 1: node.lineno - 1]) + "\n" + segment


def needed(names: set[str]) -> list[Definition]:
    """The definitions of ``names`` and of everything they use, in the runtime's order."""
    table = definitions()
    wanted: dict[int, Definition] = {}
    stack = [name for name in names if name in table]
    while stack:
        definition = table[stack.pop()]
        if definition.order in wanted:
            continue
        wanted[definition.order] = definition
        stack.extend(name for name in definition.uses if name in table)
    return [wanted[order] for order in sorted(wanted)]


def used_names(source: str) -> set[str]:
    """The names a piece of generated code reads that the runtime defines."""
    table = definitions()
    tree = ast.parse(source)
    read = {n.id for n in ast.walk(tree) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)}
    return {name for name in read if name in table}


def imports(names: set[str]) -> list[str]:
    """``from reqspec.runtime.<module> import ...`` lines for ``names``."""
    table = definitions()
    by_module: dict[str, list[str]] = {}
    for name in sorted(names):
        by_module.setdefault(table[name].module, []).append(name)
    return [f"from reqspec.runtime.{module} import {', '.join(by_module[module])}"
            for module in MODULES if module in by_module]


#: What the copied definitions' annotations name (only type checkers read them).
ANNOTATIONS = '''TYPE_CHECKING = False
if TYPE_CHECKING:  # names for annotations only: importing typing would slow the module's import
    from typing import Any, Callable, Collection, TypeVar

    T = TypeVar("T")
    Path = tuple[Any, ...]  # the keys and indexes from the body to a value
    Found = list[tuple[Path, str, "str | Later"]]  # (path, kind, message or how to write it) of each finding
    Row = tuple[str, str, str, str, str, bool]  # a finding as a linter takes it (see lint_rows)
    Finding = tuple[str, "str | None", str, str, bool]'''


def copy(names: set[str]) -> str:
    """The source of the definitions of ``names`` and of what they use, for a standalone module."""
    parts = [ANNOTATIONS]
    parts.extend(definition.source.rstrip() for definition in needed(names))
    return "\n\n\n".join(parts) + "\n"
