"""Free-form values (function parameters, values of unknown keys, values of the wrong type): what
no rule allows anywhere in them, found by one walk.

The walk reports secrets (in values and in keys), NaN and Infinity, values JSON cannot hold
(integers too long to write in decimal among them), containers that hold themselves, and nesting
past the spec's depth limit. It is iterative, so a value nested 100,000 deep costs no recursion,
and enters each container once. Subclasses of str, int, float, dict and list are read through
the base type's methods (what the json module writes), so no override of theirs is ever called.

A quick pass comes first: what a parsed body holds (plain containers and scalars, a few levels
deep) is judged without keeping any record of the containers met, which is about twice as quick;
what it cannot judge (a subclass, a foreign value, a non-string key, a value that may hold itself,
very many containers) goes to the walk.
"""

from __future__ import annotations


from .errors import add
from .plain import Retry
from .show import fingerprint, isfinite, show
from .spec_data import SpecData

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from .errors import Found, Path

#: Containers the quick pass enters before it leaves the value to the walk.
QUICK_BUDGET = 10_000


def huge(value: object) -> bool:
    """An integer too long to write in decimal (more than 4,300 digits): not JSON."""
    return isinstance(value, int) and int.bit_length(value) > 14000 and abs(int.__int__(value)) >= 10 ** 4300


def quick(value: Any, depth: int, data: SpecData) -> bool | None:
    """Whether a plain dict or list ``depth`` steps below the body holds nothing the walk would
    report; None when the answer needs the walk."""
    hint, search, limit = data.secret_hint, data.secret_search, data.max_depth
    budget = QUICK_BUDGET
    stack = [(value, depth)]
    while stack:
        node, level = stack.pop()
        if level >= limit:  # too deep, or a value that holds itself: refused either way
            return False
        budget -= 1
        if budget < 0:
            return None
        if type(node) is dict:
            for key in node:
                if type(key) is not str:
                    return None
                if hint in key and search(key) is not None:
                    return False
            children: Any = node.values()
        else:
            children = node
        below = level + 1
        for child in children:
            kind = type(child)
            if kind is str:
                if hint in child and search(child) is not None:
                    return False
            elif kind is dict or kind is list:
                stack.append((child, below))
            elif kind is bool or child is None:
                continue
            elif kind is int:
                if child.bit_length() > 14000 and abs(child) >= 10 ** 4300:
                    return False
            elif kind is float:
                if not isfinite(child):
                    return False
            else:
                return None
    return True


def walk(value: Any, path: Path, depth: int, data: SpecData, out: Found | None) -> bool:
    """Walk a value ``depth`` steps below the body: report each problem at its path into ``out``,
    or with no ``out`` stop at the first. Returns whether the value holds none."""
    hint, search, limit = data.secret_hint, data.secret_search, data.max_depth
    ok = True
    stack: list[tuple[Any, Any, int]] = [(value, path, depth)]
    active: set[int] = set()
    done: set[int] = set()
    leave: Any = active  # marks the end of a container on the stack
    while stack:
        item, where, level = stack.pop()
        if item is leave:  # leaving a container
            active.discard(where)
            done.add(where)
            continue
        kind = type(item)
        if kind is str:
            if hint in item and search(item) is not None:
                if out is None:
                    return False
                ok = False
                add(out, where, "secret", data, length=len(item), fingerprint=fingerprint(item))
            continue
        if kind is int:
            if item.bit_length() > 14000 and abs(item) >= 10 ** 4300:
                if out is None:
                    return False
                ok = False
                add(out, where, "not-json", data, value=show(item, data))
            continue
        if kind is bool or item is None:
            continue
        if kind is float:
            if not isfinite(item):
                if out is None:
                    return False
                ok = False
                add(out, where, "non-finite", data, value=show(item, data))
            continue
        is_dict = kind is dict or issubclass(kind, dict)
        if is_dict or kind is list or issubclass(kind, list):
            ident = id(item)
            if ident in active:
                if out is None:
                    return False
                ok = False
                add(out, where, "not-json", data, value=data.phrases["cycle"])
                continue
            if ident in done:
                continue
            if level >= limit:
                if out is None:
                    return False
                ok = False
                add(out, where, "too-deep", data, limit=limit)
                continue
            active.add(ident)
            stack.append((leave, ident, level))
            below = level + 1
            if is_dict:
                children = []
                for key, child in dict.items(item):
                    if type(key) is not str:
                        if not issubclass(type(key), str):
                            if isinstance(key, int) and not isinstance(key, bool):
                                raise Retry  # an integer key is its decimal string: judged on the plain copy
                            if out is None:
                                return False
                            ok = False
                            add(out, where, "not-json", data,
                                value=data.phrases["non_string_key"].format(value=show(key, data)))
                            continue
                        key = str.__str__(key)
                    if hint in key and search(key) is not None:
                        if out is None:
                            return False
                        ok = False
                        add(out, where + (key,), "secret:key", data, length=len(key), fingerprint=fingerprint(key))
                    children.append((child, where + (key,) if out is not None else where, below))
                stack.extend(reversed(children))
            else:
                size = list.__len__(item)
                if out is None:
                    stack.extend((list.__getitem__(item, i), where, below) for i in range(size - 1, -1, -1))
                else:
                    stack.extend((list.__getitem__(item, i), where + (i,), below) for i in range(size - 1, -1, -1))
            continue
        if issubclass(kind, str):
            stack.append((str.__str__(item), where, level))
        elif issubclass(kind, int):
            stack.append((int.__int__(item), where, level))
        elif issubclass(kind, float):
            stack.append((float.__float__(item), where, level))
        elif issubclass(kind, tuple):
            raise Retry  # an array to the json module: judged on the plain copy
        else:
            if out is None:
                return False
            ok = False
            add(out, where, "not-json", data, value=show(item, data))
    return ok


def scan(value: Any, path: Path, out: Found, data: SpecData) -> None:
    """Report into ``out`` what no rule allows anywhere in a value at ``path``."""
    kind = type(value)
    if kind is dict or kind is list:
        if quick(value, len(path), data):  # the usual case: nothing to report
            return
    elif kind is bool or kind is int and value.bit_length() <= 14000 or value is None:
        return  # a plain scalar (a string or a float is looked at by the walk)
    walk(value, path, len(path), data, out)


def scan_ok(value: Any, depth: int, data: SpecData) -> bool:
    """Whether a value ``depth`` steps below the body holds nothing ``scan`` would report."""
    kind = type(value)
    if kind is dict or kind is list:
        verdict = quick(value, depth, data)
        if verdict is not None:
            return verdict
    return walk(value, (), depth, data, None)
