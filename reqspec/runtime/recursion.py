"""Entering objects of a recursive type (a tree of nodes): the generated code follows them by
recursion, once per place a container occurs and down to the spec's depth limit.

A parsed body is a tree, so that is linear. A Python body can hold one container at many places
(shared, not copied) or hold itself: checked place by place, a few shared containers per level
stand for more places than there are atoms. So a value is measured before its recursive objects
are entered, and one that holds itself, or whose shared containers stand for more than
``EXPANDED_LIMIT`` places, is reported as not JSON instead of being walked.
"""

from __future__ import annotations

from .spec_data import SpecData

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

#: Containers the first, quick count meets before it leaves the value to the exact measure.
QUICK_COUNT = 100_000
#: Places a value's containers may stand for when some are shared.
EXPANDED_LIMIT = 1_000_000


def refused(value: Any, depth: int, data: SpecData) -> str | None:
    """None when the containers of a value ``depth`` steps below the body can be checked place by
    place; otherwise the phrase that says why not (it holds itself, or it repeats shared
    containers past the limit). Only exact dicts and lists are counted: the checks judge anything
    else on a plain copy."""
    budget = QUICK_COUNT
    limit = data.max_depth
    stack = [(value, depth)]
    while stack:  # the usual case: a small tree, counted as the checks will meet it
        node, level = stack.pop()
        if level >= limit:
            break  # deep: maybe a container that holds itself
        budget -= 1
        if budget < 0:
            break
        children = node.values() if type(node) is dict else node if type(node) is list else ()
        below = level + 1
        for child in children:
            kind = type(child)
            if kind is dict or kind is list:
                stack.append((child, below))
    else:
        return None
    return _measure(value, data)


def _measure(value: Any, data: SpecData) -> str | None:
    """The exact measure: each distinct container once, with how many places it stands for."""
    places: dict[int, int] = {}  # container id -> places it and what it holds stand for
    active: set[int] = set()
    distinct = 0
    stack: list[tuple[Any, bool]] = [(value, False)]
    while stack:
        node, leaving = stack.pop()
        ident = id(node)
        if leaving:
            children = node.values() if type(node) is dict else node
            total = 1
            for child in children:
                kind = type(child)
                if kind is dict or kind is list:
                    total += places[id(child)]
            places[ident] = min(total, EXPANDED_LIMIT + 1)
            active.discard(ident)
            continue
        if type(node) is not dict and type(node) is not list or ident in places:
            continue
        if ident in active:
            return data.phrases["cycle"]
        active.add(ident)
        distinct += 1
        stack.append((node, True))
        for child in (node.values() if type(node) is dict else node):
            kind = type(child)
            if kind is dict or kind is list:
                if id(child) in active:
                    return data.phrases["cycle"]
                stack.append((child, False))
    expanded = places.get(id(value), 0)
    if expanded > EXPANDED_LIMIT and expanded > distinct:
        return data.phrases["shared"].format(count=EXPANDED_LIMIT)
    return None
