"""Python values no JSON parser makes, for the API tests: foreign types, self-holding containers,
huge numbers, deep nesting, and subclasses of the JSON types whose methods raise or lie.

The subclasses behave like their base type until ``armed()`` is entered (so they can be built and
put into dicts), then every method a careless validator might call raises.
"""

from __future__ import annotations

import contextlib
import enum
import math
from collections import OrderedDict, defaultdict
from collections.abc import Iterator
from decimal import Decimal
from fractions import Fraction

_ARMED = [False]


@contextlib.contextmanager
def armed() -> Iterator[None]:
    _ARMED[0] = True
    try:
        yield
    finally:
        _ARMED[0] = False


class Boom(RuntimeError):
    """What an armed hostile method raises."""


def _trap(base: type, name: str):  # type: ignore[no-untyped-def]
    original = getattr(base, name)

    def method(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        if _ARMED[0]:
            raise Boom(f"{type(self).__name__}.{name}")
        return original(self, *args, **kwargs)

    method.__name__ = name
    return method


_COMMON = ("__eq__", "__ne__", "__hash__", "__str__", "__repr__", "__format__", "__lt__", "__le__", "__gt__",
           "__ge__", "__bool__", "__len__", "__iter__", "__contains__", "__getitem__", "__abs__", "__index__",
           "__int__", "__float__", "__add__", "__radd__", "__mul__", "__rmul__", "__sub__", "__rsub__",
           "__neg__", "items", "keys", "values", "get", "copy", "encode", "replace",
           "isprintable", "isdigit", "isascii", "lower", "startswith", "endswith", "strip", "lstrip",
           "split", "join", "count", "index", "is_integer", "bit_length", "as_integer_ratio", "hex")


def _hostile(base: type, name: str) -> type:
    namespace = {attr: _trap(base, attr) for attr in _COMMON if getattr(base, attr, None) is not None}
    return type(name, (base,), namespace)


HostileStr = _hostile(str, "HostileStr")
HostileInt = _hostile(int, "HostileInt")
HostileFloat = _hostile(float, "HostileFloat")
HostileDict = _hostile(dict, "HostileDict")
HostileList = _hostile(list, "HostileList")


class LiarDict:
    """Claims to be a dict (``isinstance`` believes it) and is not one."""

    @property  # type: ignore[misc]
    def __class__(self):  # type: ignore[no-untyped-def, override]
        return dict


class _EvilMeta(type):
    def __getattribute__(cls, name):  # type: ignore[no-untyped-def]
        if name == "__name__" and _ARMED[0]:
            raise Boom("__name__")
        return super().__getattribute__(name)


class NamelessType(metaclass=_EvilMeta):
    """An object whose type's name cannot be read."""


class Role(str, enum.Enum):
    USER = "user"


class Tokens(enum.IntEnum):
    MANY = 256


class PlainStr(str):
    pass


class PlainInt(int):
    pass


class PlainFloat(float):
    pass


class PlainDict(dict):
    pass


class PlainList(list):
    pass


def hostile_instances() -> list[object]:
    """One armed-hostile instance of each kind (build them, then validate inside ``armed()``)."""
    return [HostileStr("user"), HostileInt(5), HostileFloat(0.5), HostileDict({"a": 1}),
            HostileList([1, "x"]), LiarDict(), NamelessType(), HostileInt(10**5000),
            HostileFloat(math.nan), HostileDict({HostileStr("k"): HostileList([HostileFloat(1.5)])})]


def foreign_values() -> list[object]:
    """Values outside the JSON data model, and well-behaved subclasses that are inside it (the
    containers that hold themselves have tests of their own)."""
    defaults: defaultdict = defaultdict(list, {"a": [1]})
    return [
        (1, 2), {1, 2}, frozenset({"a"}), b"bytes", bytearray(b"x"), memoryview(b"x"), object(), 1 + 2j,
        Decimal("1.5"), Fraction(1, 3), range(3), len, type, Ellipsis, NotImplemented, math.nan, math.inf,
        -math.inf, 10**5000, -(10**5000), 2**70000, "\ud800", "\udcff\x1b[2J\u202e", {1: 2}, {None: 1},
        {(1, 2): 3}, {math.nan: 1}, {b"k": 1}, {frozenset(): 1}, OrderedDict(a=1),
        defaults, Role.USER, Tokens.MANY, PlainStr("x"), PlainInt(3), PlainFloat(1.5), PlainDict(a=PlainList([1])),
        PlainList([PlainStr("sk-" + "x" * 30)]), True, None, "",
    ]


def deep_list(depth: int) -> list:
    value: list = []
    for _ in range(depth):
        value = [value]
    return value


def deep_dict(depth: int, key: str = "a") -> dict:
    value: dict = {}
    for _ in range(depth):
        value = {key: value}
    return value
