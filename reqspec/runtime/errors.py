"""Findings: the Error a user reads, the list the validator fills, and putting it in document order.

The generated code collects findings as (path, kind, message) triples, paths as tuples of keys and
indexes; only the findings listed become Errors, whose pointer and message are written out when
first read.
"""

from __future__ import annotations

from .show import fingerprint
from .spec_data import SpecData

TYPE_CHECKING = False
if TYPE_CHECKING:  # names for annotations only: importing typing would slow the validator's import
    from typing import Any, Collection

    Path = tuple[Any, ...]  # the keys and indexes from the body to a value
    Found = list[tuple[Path, str, "str | Later"]]  # (path, kind, message or how to write it) of each finding
    # A finding as a linter takes it: (pointer as the body has it, pointer as shown (a secret-shaped
    # key redacted), rule, severity, message, whether it is about a key).
    Row = tuple[str, str, str, str, str, bool]

#: An absent member (Any: it stands where any value could be).
MISSING: Any = object()


class DataclassFields:
    """What makes ``Error`` a dataclass to the ``dataclasses`` module (``fields``, ``replace``,
    ``asdict``), built when first asked for. Importing ``dataclasses`` imports ``inspect``, which
    would be most of the time that importing this module takes."""

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    def __get__(self, instance: object, owner: type) -> object:
        import dataclasses

        twin = dataclasses.make_dataclass(
            owner.__name__, [(name, {"pointer": "str", "message": "str", **owner.__annotations__}[name])
                             for name in owner.__match_args__ if name != "severity"]  # type: ignore[attr-defined]
            + [("severity", str, dataclasses.field(default="error"))], frozen=True, slots=True)
        owner.__dataclass_fields__ = twin.__dataclass_fields__  # type: ignore[attr-defined]
        owner.__dataclass_params__ = twin.__dataclass_params__  # type: ignore[attr-defined]
        return getattr(owner, self.name)




class Error:
    """One finding: where it is (RFC 6901 pointer), which rule, and what a person should read.

    ``keyword`` is the JSON Schema keyword that expresses the rule, or None for a rule JSON Schema
    cannot express. ``message`` never holds a secret and quotes at most about 40 characters.

    A frozen dataclass, written out: it behaves as ``@dataclass(frozen=True, slots=True)`` makes
    it (fields, equality, hash, repr, pickling, FrozenInstanceError), without importing
    ``dataclasses`` until something asks for its fields. The validator hands it the path of the
    finding (a tuple) in place of its pointer, and how to write its message: both are written out
    when first read.
    """

    __slots__ = ("_where", "_pointer", "_key", "_data", "rule", "keyword", "_message", "severity")
    __match_args__ = ("pointer", "rule", "keyword", "message", "severity")
    __dataclass_fields__ = DataclassFields()
    __dataclass_params__ = DataclassFields()
    _where: str | Path  # the path of the finding, or its pointer as the validator built it
    _pointer: str | None  # the public pointer, once written out (a secret-shaped key redacted)
    _key: bool  # whether the finding is about a key rather than its value
    _data: SpecData | None  # the spec the finding comes from (its secret shape and messages)
    rule: str
    keyword: "str | None"
    _message: "str | Later"  # the message, or until it is first read, how to write it
    severity: str

    def __init__(self, pointer: str, rule: str, keyword: "str | None", message: str, severity: str = "error") -> None:
        set_where(self, pointer)
        set_pointer(self, None)
        set_key(self, False)
        set_data(self, None)
        set_rule(self, rule)
        set_keyword(self, keyword)
        set_message(self, message)
        set_severity(self, severity)

    @property
    def message(self) -> str:
        """One line a person understands: the value quoted and cut to about 40 characters, never a
        secret."""
        message = self._message
        if type(message) is Later:  # written when first read: most findings past a limit never are
            message = message.write()
            set_message(self, message)
        return message  # type: ignore[return-value]

    @property
    def pointer(self) -> str:
        """Where the finding is, as an RFC 6901 JSON Pointer ("" for the whole body). A key
        shaped like a secret is never written out: it stands as ``[secret <fingerprint>]``."""
        pointer = self._pointer
        if pointer is None:
            raw = raw_pointer(self)
            pointer = redact_pointer(raw, self._data) if self._data is not None else raw
            set_pointer(self, pointer)
        return pointer

    def __setattr__(self, name: str, value: object) -> None:
        import dataclasses

        raise dataclasses.FrozenInstanceError(f"cannot assign to field {name!r}")

    def __delattr__(self, name: str) -> None:
        import dataclasses

        raise dataclasses.FrozenInstanceError(f"cannot delete field {name!r}")

    def __repr__(self) -> str:
        return (f"{type(self).__qualname__}(pointer={self.pointer!r}, rule={self.rule!r}, keyword={self.keyword!r}, "
                f"message={self.message!r}, severity={self.severity!r})")

    def __eq__(self, other: object) -> bool:
        if other.__class__ is self.__class__:
            return ((self.pointer, self.rule, self.keyword, self.message, self.severity)
                    == (other.pointer, other.rule, other.keyword, other.message, other.severity))
        return NotImplemented

    def __hash__(self) -> int:
        return hash((self.pointer, self.rule, self.keyword, self.message, self.severity))

    def __getstate__(self) -> list[Any]:
        return [self.pointer, self.rule, self.keyword, self.message, self.severity]

    def __setstate__(self, state: list[Any]) -> None:
        Error.__init__(self, *state)

    def __str__(self) -> str:
        return f"{self.pointer or '/'}: {self.message} [{self.rule}]"


# The slots' own setters: Error is frozen, so its __init__ writes through them.
set_where = Error.__dict__["_where"].__set__
set_pointer = Error.__dict__["_pointer"].__set__
set_key = Error.__dict__["_key"].__set__
set_data = Error.__dict__["_data"].__set__
set_rule = Error.__dict__["rule"].__set__
set_keyword = Error.__dict__["keyword"].__set__
set_message = Error.__dict__["_message"].__set__
set_severity = Error.__dict__["severity"].__set__


class InvalidRequestError(ValueError):
    """Raised by check(): the body breaks at least one rule; ``errors`` lists them all."""

    def __init__(self, errors: list[Error]) -> None:
        self.errors = errors
        lines = "\n".join(f"  {e}" for e in errors[:10])
        more = f"\n  ... and {len(errors) - 10} more" if len(errors) > 10 else ""
        super().__init__(f"{len(errors)} error(s) in the request body:\n{lines}{more}")


class Later:
    """A message written when it is first read: the template of a kind of finding and its fields,
    some of them functions of no argument (a suggestion that costs a search among the known
    names). A body with 200,000 unknown keys pays for the messages that are shown."""

    __slots__ = ("kind", "fields", "data")

    def __init__(self, kind: str, fields: dict[str, Any], data: SpecData) -> None:
        self.kind = kind
        self.fields = fields
        self.data = data

    def write(self) -> str:
        fields = {name: value() if callable(value) else value for name, value in self.fields.items()}
        return self.data.findings[self.kind][3].format(**fields)


class Capped(list):  # type: ignore[type-arg]
    """The findings of one body, keeping the first ``room`` and counting the rest by kind, so a
    body with millions of findings costs time in proportion to them but no memory beyond the
    limit.

    ``size``, when not -1, is an upper bound on the UTF-8 bytes of every string the body holds
    (the length of the JSON text it was read from): checks that measure strings (the context
    length) settle on it without measuring when even it fits."""

    __slots__ = ("room", "overflow", "skip", "data", "size")

    def __init__(self, room: int, skip: Collection[str], data: SpecData, size: int = -1) -> None:
        # list.__init__ is not called: the list is new, hence empty (two are made per body).
        self.room = room
        self.overflow: dict[str, int] = {}
        self.skip = skip  # rule ids not wanted: dropped, not counted
        self.data = data
        self.size = size

    def append(self, item: Any) -> None:
        if self.skip and self.data.findings[item[1]][0] in self.skip:
            return
        if self.room > 0:
            self.room -= 1
            list.append(self, item)
        else:
            kind = item[1]
            self.overflow[kind] = self.overflow.get(kind, 0) + 1


def size_bound(out: Found) -> int:
    """The bound on the bytes of the body's strings that ``out`` carries (see ``Capped``), or -1."""
    return out.size if type(out) is Capped else -1


def raw_pointer(error: Error) -> str:
    """The finding's pointer as the body has it, secret-shaped keys included: what locates it in a
    file (never shown)."""
    where = error._where
    if isinstance(where, tuple):  # a path of plain str and int steps
        where = path_pointer(where)
        set_where(error, where)
    return where


def path_pointer(path: Path) -> str:
    """The JSON Pointer of a path of plain str and int steps."""
    return "".join(["/%d" % step if type(step) is int else "/" + step.replace("~", "~0").replace("/", "~1")
                    if "~" in step or "/" in step else "/" + step for step in path])


def at_key(error: Error) -> bool:
    """Whether the finding is about a key (lint then places it at the key, not its value)."""
    return error._key


def redact_pointer(pointer: str, data: SpecData) -> str:
    """``pointer`` with each key shaped like a secret replaced by the redacted-key phrase."""
    if data.secret_hint not in pointer:
        return pointer
    tokens = pointer.split("/")
    for at in range(1, len(tokens)):
        token = tokens[at]
        if data.secret_hint in token:
            key = token.replace("~1", "/").replace("~0", "~")
            if data.secret_search(key) is not None:
                tokens[at] = data.phrases["redacted_key"].format(fingerprint=fingerprint(key))
    return "/".join(tokens)


def add(out: Found, path: Path, kind: str, data: SpecData, **fields: object) -> None:
    """A finding of ``kind`` at ``path``, its message written from the kind's template."""
    out.append((path, kind, data.findings[kind][3].format(**fields)))


def order_key(body: object, path: Path, cache: dict[Any, Any]) -> tuple[int, ...]:
    """Where ``path`` sits in document order: the index of each step within its container.

    ``cache`` remembers, for each path met, (order key, JSON Pointer, node), and for each object
    its keys' indexes, so many errors under one container cost one lookup each. Containers are
    read through dict's and list's own methods, and a key that is a str subclass as its base
    value, so a hostile subclass cannot make ordering fail; a step that cannot be placed sorts
    first. A path whose own keys cannot be hashed raises; the caller passes it again as base values.
    """
    size = len(path)
    if not size:
        return ()
    start = size - 1
    base = cache.get(path[:start]) if start else None
    while base is None:  # the first error under this container: fill in its ancestors
        if not start:
            base = ((), "", body)
            break
        start -= 1
        base = cache.get(path[:start]) if start else None
    key, pointer, node = base  # type: tuple[int, ...], str, Any
    for at in range(start, size):
        step = path[at]
        kind = type(node)
        if type(step) is int:
            text = "/" + str(step)
            if kind is list:
                if 0 <= step < len(node):
                    index, node = step, node[step]
                else:
                    index, node = -1, None
            elif issubclass(kind, list) and 0 <= step < list.__len__(node):
                index, node = step, list.__getitem__(node, step)
            else:
                index, node = -1, None
        else:
            if type(step) is not str:
                step = str.__str__(step) if issubclass(type(step), str) else str(step)
            text = "/" + (step.replace("~", "~0").replace("/", "~1") if "~" in step or "/" in step else step)
            found = None
            if kind is dict or issubclass(kind, dict):
                names = cache.get(id(node))
                if names is None:
                    names = cache[id(node)] = {}
                    for i, (name, child) in enumerate(dict.items(node)):
                        if type(name) is not str:
                            if not issubclass(type(name), str):
                                continue
                            name = str.__str__(name)
                        names[name] = (i, child)
                found = names.get(step)
            index, node = found if found is not None else (-1, None)
        key += (index,)
        pointer += text
        cache[path[: at + 1] if at + 1 < size else path] = (key, pointer, node)
    return key


def in_order(body: object, found: Found) -> bool:
    """Whether the findings already stand in document order, as a walk in member order mostly
    leaves them: each path is compared with the one before it at the step where they part.

    Only plain dicts, lists, str keys and int indexes are judged; anything else (or a step that
    is not there) answers False, and ``_finish`` sorts by ``_order_key`` as for any order.
    """
    positions: dict[int, dict[str, int]] | None = None
    previous = found[0][0]
    for at in range(1, len(found)):
        path = found[at][0]
        size = len(path)
        node = body
        depth = 0
        for a in previous:
            if depth == size:  # ``path`` holds ``previous``: its place comes first
                return False
            b = path[depth]
            depth += 1
            kind = type(a)
            if kind is str and type(b) is str and type(node) is dict:
                if a == b:
                    node = node.get(a, MISSING)
                    if node is MISSING:
                        return False
                    continue
                if len(node) <= 16:  # a small object: look for whichever key comes first
                    for name in node:
                        if type(name) is not str:
                            return False
                        if name == a:
                            if b not in node:
                                return False
                            break
                        if name == b:
                            return False
                    else:
                        return False
                else:  # a large one: its keys' positions, once
                    if positions is None:
                        positions = {}
                    index = positions.get(id(node))
                    if index is None:
                        index = positions[id(node)] = {}
                        for i, name in enumerate(node):
                            if type(name) is not str:
                                index.clear()
                                break
                            index[name] = i
                    first, second = index.get(a), index.get(b)
                    if first is None or second is None or first > second:
                        return False
                break
            if kind is int and type(b) is int and type(node) is list:
                if a == b:
                    if not 0 <= a < len(node):
                        return False
                    node = node[a]
                    continue
                if not 0 <= a < b < len(node):
                    return False
                break
            return False
        previous = path
    return True



def make_error(where: str | Path, kind: str, message: str | Later, data: SpecData) -> Error:
    rule, keyword, severity, _, key = data.findings[kind]
    # Each slot written once, without calling __init__ (which would write two of them twice).
    error: Error = _new_object(Error)
    set_where(error, where)
    set_pointer(error, None)
    set_key(error, key)
    set_data(error, data)
    set_rule(error, rule)
    set_keyword(error, keyword)
    set_message(error, message)
    set_severity(error, severity)
    return error


_new_object = object.__new__


def ordered(body: object, found: Found) -> list[tuple[str | Path, str, str | Later]]:
    """Collected (path, kind, message) triples in document order; a place stays a plain path
    (its pointer written when first read) unless sorting had to write its pointer."""
    if len(found) == 1 or in_order(body, found):
        for path, kind, message in found:
            for step in path:
                if type(step) is not str and type(step) is not int:  # order_key makes its pointer
                    break
            else:
                continue
            break
        else:
            return found  # type: ignore[return-value]
    cache: dict[Any, Any] = {}
    rows: list[tuple[tuple[int, ...], str, str, str | Later]] = []
    append = rows.append
    for path, kind, message in found:
        try:
            key = order_key(body, path, cache)
        except Exception:  # a key whose hash or equality raises: use the base values
            path = tuple(t if type(t) is str or type(t) is int
                         else str.__str__(t) if issubclass(type(t), str)
                         else int.__int__(t) if issubclass(type(t), int) else str(t) for t in path)
            key = order_key(body, path, cache)
        append((key, cache[path][1] if path else "", kind, message))
    if len(rows) > 1:
        rows.sort(key=lambda row: row[0])
    return [(pointer, kind, message) for _, pointer, kind, message in rows]


def finish(body: object, found: Found, data: SpecData) -> list[Error]:
    """Turn collected (path, kind, message) triples into Errors in document order."""
    return [make_error(where, kind, message, data) for where, kind, message in ordered(body, found)]


def finding_row(where: str | Path, kind: str, message: str | Later, data: SpecData) -> Row:
    """The row of one finding: what an Error holds, written out at once, with no Error built."""
    rule, _, severity, _, key = data.findings[kind]
    raw = where if isinstance(where, str) else path_pointer(where)
    shown = raw if data.secret_hint not in raw else redact_pointer(raw, data)
    return raw, shown, rule, severity, message if isinstance(message, str) else message.write(), key


def cut(body: object, found: Found, limit: int, overflow: list[dict[str, int]], data: SpecData,
        rows: bool = False) -> tuple[list[Any], int, int]:
    """The first ``limit`` findings in document order (Errors, or with ``rows`` their rows), and
    how many errors and warnings are past them; those past the limit are counted, never built."""
    listed = ordered(body, found) if found else []
    errors_past = warnings_past = 0
    for counts in overflow:
        if counts:  # only past the limit
            for kind, count in counts.items():
                if data.findings[kind][2] == "error":
                    errors_past += count
                else:
                    warnings_past += count
    if len(listed) > limit:
        for _, kind, _ in listed[limit:]:
            if data.findings[kind][2] == "error":
                errors_past += 1
            else:
                warnings_past += 1
        listed = listed[:limit]
    if rows:
        return [finding_row(where, kind, message, data) for where, kind, message in listed], errors_past, warnings_past
    return [make_error(where, kind, message, data) for where, kind, message in listed], errors_past, warnings_past
