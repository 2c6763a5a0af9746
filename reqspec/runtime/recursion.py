"""Objects of a recursive type (a tree of nodes, a JSON Schema's subschemas): the generated code
follows them by recursion, once per place an object occurs, down to the spec's depth limit.

A parsed body is a tree, so that is linear. A Python body can hold one container at many places
(shared, not copied), a few shared containers per level standing for more places than there are
atoms. So each check of a body carries a budget of recursive objects (a one-item list, counted
down by each one entered): past it, the check of that part stops with ``Oversized``, and the part
gets one ``not-json`` finding where its recursive objects begin; the rest of the body is still
checked. No real request body holds that many. A container that holds itself is told apart where
a check stops (too deep, or past the budget), by walking the path there once.
"""

from __future__ import annotations

from .errors import add

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

#: Recursive objects one check of a body enters at most, between stops.
BUDGET = 100_000
#: Stops after which the budget is given back (so the rest of a body is still checked in full);
#: past them, every later entry into recursive objects stops at once.
STOPS = 8


class Oversized(Exception):
    """A check entered more recursive objects than ``BUDGET``; ``path`` is where it stopped."""

    def __init__(self, path: tuple[Any, ...]) -> None:
        super().__init__(path)
        self.path = path


Marked = tuple[int, int, int, "tuple[dict[str, int], dict[str, int] | None] | None"]


def mark(out: list[Any], warns: list[Any] | None, budget: list[int]) -> Marked:
    """Where capped findings (``lint_first``) and the budget stand before a check enters recursive
    objects: the lengths, the budget and the counts past the cap. (For plain lists the generated
    code writes the lengths and the budget itself.)"""
    return (len(out), 0 if warns is None else len(warns), budget[0],
            (dict(out.overflow), None if warns is None else dict(warns.overflow)))  # type: ignore[attr-defined]


def rewind(out: list[Any], warns: list[Any] | None, marked: Marked, budget: list[int]) -> None:
    """Go back to ``marked`` after a check stopped past the budget: its findings are dropped, so
    it is reported once, where it entered the recursive objects, not at each of its many places.
    The budget is given back the first ``STOPS`` times, so a later part of the body is not refused
    for this one."""
    counts = marked[3]
    for found, size, overflow in ((out, marked[0], counts and counts[0]), (warns, marked[1], counts and counts[1])):
        if found is None:
            continue
        if overflow is not None:  # a capped list: its room and its counts past the cap as they were
            found.room += len(found) - size  # type: ignore[attr-defined]
            found.overflow.clear()  # type: ignore[attr-defined]
            found.overflow.update(overflow)  # type: ignore[attr-defined]
        del found[size:]
    if budget[1] > 0:
        budget[1] -= 1
        budget[0] = marked[2]


def held_at(body: object, path: tuple[Any, ...]) -> tuple[Any, ...] | None:
    """Where a container that holds itself first stands on ``path``, or None.

    A body whose container holds itself is not JSON (``json`` refuses to write it), but the
    checks cannot tell it from a deep tree without paying on every object; so it is told apart
    only where a check stopped (too deep, or past the budget), by walking the path once.
    """
    seen: dict[int, int] = {}
    node = body
    for index, step in enumerate(path):
        if type(node) is dict or type(node) is list or type(node) is tuple:
            first = seen.setdefault(id(node), index)
            if first != index:
                return path[:first]
        try:
            if type(node) is dict and type(step) is str:
                node = dict.__getitem__(node, step)
            elif (type(node) is list or type(node) is tuple) and type(step) is int:
                node = node[step]
            else:
                return None
        except (KeyError, IndexError):
            return None
    if (type(node) is dict or type(node) is list or type(node) is tuple) and id(node) in seen:
        return path[:seen[id(node)]]
    return None


def held(body: object, out: list[Any], data: Any) -> None:
    """Replace each ``too-deep`` finding whose path passes a container twice by one ``not-json``
    finding where that container first stands (once per place)."""
    for item in out:
        if item[1] == "too-deep":
            break
    else:  # the usual case: nothing stopped for depth
        return
    kept: list[Any] = []
    places: set[tuple[Any, ...]] = set()
    changed = False
    for item in out:
        if item[1] == "too-deep":
            place = held_at(body, item[0])
            if place is not None:
                changed = True
                if place not in places:
                    places.add(place)
                    add(kept, place, "not-json", data, value=data.phrases["cycle"])
                continue
        kept.append(item)
    if changed:
        out[:] = kept


def stopped(entered: object, path: tuple[Any, ...], deepest: tuple[Any, ...], out: list[Any], data: Any) -> None:
    """The finding of a check that stopped past ``BUDGET`` at ``deepest``, below the value it
    ``entered`` at ``path``: a container that holds itself, where it first stands, when the way
    down passes one twice; else, at ``path``, one shared at too many places."""
    place = held_at(entered, deepest[len(path):])
    phrase = data.phrases["cycle"] if place is not None else data.phrases["shared"].format(count=BUDGET)
    add(out, path if place is None else path + place, "not-json", data, value=phrase)
