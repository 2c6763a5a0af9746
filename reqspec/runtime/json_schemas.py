"""The run-time part of the checks on JSON Schemas a body holds (function parameters): ``$ref``s
that resolve, ``required`` names that ``properties`` declares, and values that fit the schema's
own ``type``. Each walks only what the spec says are schema positions, passed in by the code the
check kind writes."""

from __future__ import annotations

from .errors import add
from .show import show
from .spec_data import SpecData

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from .errors import Found, Path

#: How a keyword holds schemas: one (``not``), a map of them (``properties``), an array (``allOf``).
ONE, MAP, ARRAY = 1, 2, 3


def refs_resolve(obj: dict[str, Any], path: Path, field: str, ref_key: str, anchor_keys: frozenset[str],
                 positions: dict[str, int], reasons: tuple[str, str, str], rule: str, out: Found | None,
                 data: SpecData) -> bool:
    """Every ``ref_key`` string at a schema position of the schema at ``field`` resolves inside it:
    "#" or "", a JSON Pointer from its root, or an anchor's name. ``reasons`` say why one does not
    (it names another document, nothing is at the pointer, no anchor has the name).

    A quick pass gathers the references alone; only when one does not resolve (or the schema is
    very large, or holds itself) does the exact walk run, which enters each schema once, none at
    the depth limit or past it, and knows where each reference is."""
    root = obj.get(field)
    if type(root) is not dict:
        return True
    refs, anchors = _gathered(root, ref_key, anchor_keys, positions)
    if refs is not None and all(_unresolved(ref, root, anchors, reasons) is None for ref in refs):
        return True
    return _report(root, path + (field,), len(path) + 1, ref_key, anchor_keys, positions, reasons, rule, out, data)


#: Schemas the quick pass gathers from before it leaves a value to the exact walk.
QUICK_SCHEMAS = 10_000


def _gathered(root: dict[str, Any], ref_key: str, anchor_keys: frozenset[str],
              positions: dict[str, int]) -> tuple[list[str] | None, set[str]]:
    """The references and anchor names of a schema, by a quick pass that keeps no record of the
    schemas met (None for the references: too many schemas to tell a cycle from a large schema)."""
    edges = frozenset(positions)
    refs: list[str] = []
    anchors: set[str] = set()
    stack = [root]
    budget = QUICK_SCHEMAS
    while stack:
        node = stack.pop()
        budget -= 1
        if budget < 0:
            return None, anchors
        ref = node.get(ref_key)
        if type(ref) is str:
            refs.append(ref)
        if not anchor_keys.isdisjoint(node):
            anchors.update(node[key] for key in anchor_keys.intersection(node) if type(node[key]) is str)
        if edges.isdisjoint(node):
            continue
        for key in edges.intersection(node):
            value = node[key]
            form = positions[key]
            if form == ONE:
                if type(value) is dict:
                    stack.append(value)
            elif form == MAP:
                if type(value) is dict:
                    stack.extend(child for child in value.values() if type(child) is dict)
            elif type(value) is list:
                stack.extend(child for child in value if type(child) is dict)
    return refs, anchors


def _report(root: dict[str, Any], where: Path, depth: int, ref_key: str, anchor_keys: frozenset[str],
            positions: dict[str, int], reasons: tuple[str, str, str], rule: str, out: Found | None,
            data: SpecData) -> bool:
    """The exact walk: each reference that does not resolve, at its place."""
    refs: list[tuple[Path, str]] = []
    anchors: set[str] = set()
    limit = data.max_depth
    entered: set[int] = set()
    stack: list[tuple[dict[str, Any], Path, int]] = [(root, where, depth)]
    while stack:
        node, at, level = stack.pop()
        if level >= limit or id(node) in entered:
            continue
        entered.add(id(node))
        for key, value in node.items():
            form = positions.get(key)
            if form is None:
                if key == ref_key:
                    if type(value) is str:
                        refs.append((at, value))
                elif key in anchor_keys and type(value) is str:
                    anchors.add(value)
            elif form == ONE:
                if type(value) is dict:
                    stack.append((value, at + (key,), level + 1))
            elif form == MAP:
                if type(value) is dict:
                    stack.extend((child, at + (key, name), level + 2)
                                 for name, child in value.items() if type(child) is dict)
            elif type(value) is list:
                stack.extend((child, at + (key, index), level + 2)
                             for index, child in enumerate(value) if type(child) is dict)
    ok = True
    for at, ref in refs:
        reason = _unresolved(ref, root, anchors, reasons)
        if reason is not None:
            if out is None:
                return False
            ok = False
            add(out, at + (ref_key,), rule, data, value=show(ref, data), reason=reason)
    return ok


def _unresolved(ref: str, root: dict[str, Any], anchors: set[str], reasons: tuple[str, str, str]) -> str | None:
    """Why ``ref`` does not resolve inside ``root``, or None when it does."""
    remote, missing, no_anchor = reasons
    if ref in ("", "#"):
        return None
    if not ref.startswith("#"):
        return remote
    from urllib.parse import unquote

    fragment = unquote(ref[1:])
    if not fragment:
        return None
    if not fragment.startswith("/"):
        return None if fragment in anchors else no_anchor
    node: Any = root
    for token in fragment[1:].split("/"):
        token = token.replace("~1", "/").replace("~0", "~")
        if type(node) is dict:
            if token not in node:
                return missing
            node = node[token]
        elif type(node) is list:
            if not token.isdigit() or not token.isascii() or token != str(int(token)) or int(token) >= len(node):
                return missing
            node = node[int(token)]
        else:
            return missing
    return None


def names_declared(obj: dict[str, Any], path: Path, field: str, among: str, rule: str, out: Found, data: SpecData) -> None:
    """Each string of the array ``field`` is a key of the object ``among``, when the schema has one."""
    names, declared = obj.get(field), obj.get(among)
    if type(names) is not list or type(declared) is not dict:
        return
    for index, name in enumerate(names):
        if type(name) is str and name not in declared:
            add(out, path + (field, index), rule, data, value=show(name, data))


def _json_type(value: object) -> str | None:
    kind = type(value)
    if kind is str:
        return "string"
    if kind is bool:
        return "boolean"
    if value is None:
        return "null"
    if kind is int:
        return "integer"
    if kind is float:
        return "integer" if value.is_integer() else "number"  # type: ignore[attr-defined]
    if kind is list:
        return "array"
    if kind is dict:
        return "object"
    return None


def typed_values(obj: dict[str, Any], path: Path, type_field: str, value_field: str, items_field: str,
                 words: dict[str, str], rule: str, out: Found, data: SpecData) -> None:
    """The value at ``value_field`` and each item of ``items_field`` have a JSON type the schema's
    ``type_field`` allows (an integer is a number); ``words`` name the types in the message."""
    declared = obj.get(type_field)
    names = [declared] if type(declared) is str else declared if type(declared) is list else None
    if not names or not all(type(name) is str and name in words for name in names):
        return
    allowed = set(names)
    if "number" in allowed:
        allowed.add("integer")
    shown = [words[name] for name in dict.fromkeys(names)]
    expected = shown[0] if len(shown) == 1 else ", ".join(shown[:-1]) + data.phrases["either"] + shown[-1]
    found: list[tuple[Path, object]] = []
    if value_field in obj:
        found.append(((value_field,), obj[value_field]))
    items = obj.get(items_field)
    if type(items) is list:
        found.extend(((items_field, index), item) for index, item in enumerate(items))
    for where, value in found:
        kind = _json_type(value)
        if kind is not None and kind not in allowed:
            add(out, path + where, rule, data, value=show(value, data), expected=expected)
