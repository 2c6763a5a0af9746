"""What the generated code calls when a value or a key is not what it should be: the finding, and
the scan of what the value holds."""

from __future__ import annotations


from .errors import Later, add
from .free_form import scan
from .lazy import lazy_difflib
from .plain import Retry
from .show import fingerprint, isfinite, key_name, show
from .spec_data import SpecData

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from .errors import Found, Path



def wrong_type(value: Any, path: Path, expected: str, out: Found, data: SpecData, rule: str = "type") -> None:
    """A value of the wrong type: one error (``enum`` where the allowed values fix the type),
    then whatever it holds is still scanned. A tuple, or a subclass of list or dict, is judged on
    the plain copy (``Retry``)."""
    kind = type(value)
    if kind is not list and kind is not dict and issubclass(kind, (tuple, list, dict)):
        raise Retry
    if (kind is float or issubclass(kind, float)) and not isfinite(value):
        add(out, path, "non-finite", data, value=show(value, data))
        return
    if rule == "enum":
        add(out, path, rule, data, allowed=expected, value=show(value, data))
    else:
        add(out, path, rule, data, expected=expected, value=show(value, data))
    if kind is not int and kind is not bool and value is not None:
        scan(value, path, out, data)


def newer(value: Any, path: Path, out: Found, kind: str, what: str, since: str, data: SpecData) -> None:
    """A name or value of a later API: the newer-field finding, then what the value holds is
    still scanned (secrets, NaN, values that are not JSON)."""
    add(out, path, kind, data, what=what, date=since)
    if type(value) is not int and type(value) is not bool and value is not None:
        scan(value, path, out, data)


def secret_key(key: str, path: Path, out: Found, data: SpecData) -> None:
    """A key shaped like a secret: the ``secret`` finding at the key (whose pointer is redacted)."""
    if data.secret_hint in key and data.secret_search(key) is not None:
        add(out, path + (key,), "secret:key", data, length=len(key), fingerprint=fingerprint(key))


def non_string_key(key: object, path: Path, out: Found, data: SpecData) -> None:
    """A key that is not a string: an integer is retried as its decimal string, others are not JSON."""
    if isinstance(key, int) and not isinstance(key, bool):
        raise Retry
    add(out, path, "not-json", data, value=data.phrases["non_string_key"].format(value=show(key, data)))


class KeyName:
    """``key_name`` of a key, when the message is written."""

    __slots__ = ("key", "data")

    def __init__(self, key: str, data: SpecData) -> None:
        self.key = key
        self.data = data

    def __call__(self) -> str:
        return key_name(self.key, self.data)


class Suggestion:
    """The "did you mean" of an unknown key, found when its message is first written."""

    __slots__ = ("key", "known", "data")

    def __init__(self, key: str, known: frozenset[str], data: SpecData) -> None:
        self.key = key
        self.known = known
        self.data = data

    def __call__(self) -> str:
        key = self.key
        close = lazy_difflib.get_close_matches(key, sorted(self.known), n=1, cutoff=0.75) if len(key) <= 100 else []
        return self.data.phrases["suggestion"].format(name=close[0]) if close else ""


def extra_keys(obj: dict[Any, Any], path: Path, known: frozenset[str], excluded: dict[str, str],
               later: dict[str, str], out: Found, data: SpecData) -> None:
    """Report keys outside ``known``: excluded ones with their reason, those of a later API with
    its date, others as unknown, with the closest known name suggested; their values are still
    scanned. Keys are read through dict's own methods, and a str subclass key as its base value;
    an integer key counts as its decimal string (the body is retried)."""
    for key, value in dict.items(obj):
        if type(key) is not str:
            if not issubclass(type(key), str):
                non_string_key(key, path, out, data)
                continue
            key = str.__str__(key)
        if key in known:
            continue
        where = path + (key,)
        if key in excluded:
            add(out, where, "excluded-field", data, name=key_name(key, data), reason=excluded[key])
        elif key in later:
            add(out, where, "newer-field", data, what=show(key, data), date=later[key])
        else:  # the name and the closest known name are written when the message is read
            fields = {"name": KeyName(key, data), "suggestion": Suggestion(key, known, data)}
            out.append((where, "unknown-field", Later("unknown-field", fields, data)))
        if data.secret_hint in key:
            secret_key(key, path, out, data)
        scan(value, where, out, data)


def digits_in_range(key: str, low: int, high: int) -> bool:
    """A decimal-digit key (leading zeros allowed) whose value lies in [low, high]."""
    digits = key.lstrip("0") or "0"
    return len(digits) <= len(str(high)) and low <= int(digits) <= high


def is_number(value: object) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


#: The verdicts of ``regex_problem`` on the patterns met lately: a pattern met in every body is
#: compiled once (and the cache is emptied, not grown, past its size).
_REGEX_VERDICTS: dict[str, str | None] = {}


def regex_problem(text: str) -> str | None:
    """Why ``text`` is not a regular expression (the message of ``re``), or None when it compiles.
    It is compiled, never run on anything. What ``re`` warns about while compiling (a possible
    nested set, ``[[:alpha:]]``) is no problem of the body: it is neither printed nor, where
    warnings are errors, raised."""
    if text in _REGEX_VERDICTS:
        return _REGEX_VERDICTS[text]
    import re
    import warnings

    verdict = None
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            re.compile(text)
    except (re.error, RecursionError, OverflowError, ValueError) as exc:
        verdict = str(exc) if not isinstance(exc, RecursionError) else "nested too deeply"
    if len(_REGEX_VERDICTS) >= 512:
        _REGEX_VERDICTS.clear()
    _REGEX_VERDICTS[text] = verdict
    return verdict


def same_key(value: Any) -> object:
    """A key equal for values JSON holds equal: 1 and 1.0 alike, true apart from 1, objects
    whatever the order of their keys."""
    kind = type(value)
    if kind is str:
        return value
    if kind is bool or value is None:
        return (kind, value)
    if kind is int or kind is float:
        return (float, value) if kind is int or not value.is_integer() else (float, int(value))
    if kind is list:
        return (list, tuple(same_key(item) for item in value))
    if kind is dict:
        return (dict, frozenset((same_key(k), same_key(v)) for k, v in value.items()))
    return (object, id(value))


_STRINGS = frozenset((str,))


def repeats(items: list[Any]) -> list[tuple[int, int]]:
    """(index, index of the first equal item) of each item equal to an earlier one."""
    try:  # items Python holds all distinct are distinct in JSON too (JSON tells true from 1, Python not)
        if len(set(items)) == len(items):
            return []
    except TypeError:  # an array or an object among the items
        pass
    if _STRINGS.issuperset(map(type, items)):
        keys: list[object] = list(items)
    else:
        try:
            keys = [same_key(item) for item in items]
        except RecursionError:  # items nested past any limit: told apart by identity (they are errors anyway)
            keys = [(object, id(item)) for item in items]
    first: dict[object, int] = {}
    found = []
    for index, key in enumerate(keys):
        earlier = first.setdefault(key, index)
        if earlier != index:
            found.append((index, earlier))
    return found
