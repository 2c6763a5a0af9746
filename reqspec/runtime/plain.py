"""The plain copy of a body: what the json module would send, read through the base types' own
methods.

The checks use a value's own methods (``len``, ``in``, ``get``, comparisons), which is fast and
right for JSON data. When a check meets something else, it raises ``Retry`` (or a value's own
method raises), and the public functions check the plain copy instead.
"""

from __future__ import annotations

from .show import Foreign

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, Callable, TypeVar

    T = TypeVar("T")

_JSON_TYPES = (str, int, float, dict, list)


class Retry(Exception):
    """A value the json module writes as another JSON value (a tuple as an array, an integer key
    as its decimal string), or a subclass of a JSON container: the body is checked again as its
    plain copy."""


def unless_python(value: object) -> bool:
    """False (the value is wrong), unless it is a tuple (an array to the json module) or a
    subclass of list or dict: those are judged on the plain copy, read through the base types'
    own methods, so an override (an ``__iter__`` that never ends) is never called."""
    kind = type(value)
    if kind is not list and kind is not dict and issubclass(kind, (tuple, list, dict)):
        raise Retry
    return False


def unless_int_keys(obj: dict[Any, Any]) -> bool:
    """False (the object has a key it should not), unless a key is an integer: then it counts as
    its decimal string, judged on the plain copy."""
    for key in dict.keys(obj):
        if isinstance(key, int) and not isinstance(key, bool):
            raise Retry
    return False


def plain(value: Any) -> object:
    """A copy of ``value`` made of exact str, int, float, bool, None, dict and list only.

    It is read through the base types' own methods, so no override is called, and replaces an
    object lying about its type by an honest stand-in (``Foreign``). It keeps shared and
    self-holding containers as they are (a cycle stays a cycle, to be reported), and is built
    without recursion, so any depth is copied.

    The copy is also the body as the json module would send it: a tuple becomes a list, and an
    integer key its decimal string (unless the object already has that string as a key, or the
    integer is too long to write: then the key stays, and is not JSON).
    """
    copies: dict[int, Any] = {}
    work: list[tuple[Any, Any]] = []

    def one(item: Any) -> Any:
        kind = type(item)
        if kind is str or kind is int or kind is float or kind is bool or item is None:
            return item
        if issubclass(kind, (dict, list, tuple)):
            ident = id(item)
            copy = copies.get(ident)
            if copy is None:
                copy = copies[ident] = {} if issubclass(kind, dict) else []
                work.append((item, copy))
            return copy
        if issubclass(kind, str):
            return str.__str__(item)
        if issubclass(kind, int):
            return int.__index__(item)
        if issubclass(kind, float):
            return float.__float__(item)
        try:
            lies = isinstance(item, _JSON_TYPES)
        except Exception:
            lies = True
        return Foreign(item) if lies else item

    def name(key: Any, taken: Any) -> Any:
        """An integer key as the json module writes it (``int.__repr__``), when that is free."""
        if isinstance(key, int) and not isinstance(key, bool):
            try:
                text = int.__repr__(key)
            except ValueError:  # too long to write in decimal
                return Foreign(key)
            return Foreign(key) if dict.__contains__(taken, text) else text
        if issubclass(type(key), tuple):  # not a key JSON has (nor an array): kept, to be reported
            return key
        return one(key)

    top = one(value)
    while work:
        source, copy = work.pop()
        # Each container is read at once (one C call), so another thread changing it meanwhile
        # leaves a copy of what it held at some moment, never an exception. A plain dict is
        # copied whole, which makes no object per item: no garbage collection can start inside
        # the read and let another thread run (a list of its items would); a subclass is read
        # through the base type, never through its overrides.
        if type(copy) is dict:
            pairs = dict.items(dict.copy(source)) if type(source) is dict else list(dict.items(source))
            for key, child in pairs:
                key = name(key, source)
                try:
                    copy[key] = one(child)
                except Exception:  # a key whose hash raises (a tuple holding such a value)
                    copy[Foreign(key)] = one(child)
        else:
            items = tuple(tuple.__iter__(source)) if issubclass(type(source), tuple) else list(list.__iter__(source))
            copy.extend([one(child) for child in items])
    return top


def retried(check: Callable[..., T], body: object, *args: Any) -> T:
    """``check`` on a plain copy of the body, after it raised on the body itself: a value's own
    method raised, the body holds a Python form the json module writes as JSON (a tuple, an
    integer key), or another thread changed it. A copy is read at once, so a second copy is only
    needed when the body changed while the first was made."""
    try:
        return check(plain(body), *args)
    except Exception:  # the body changed while it was copied: check what it holds now
        return check(plain(body), *args)
