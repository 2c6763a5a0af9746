"""Values as messages quote them: JSON-like, cut to about 40 characters, never a secret, nothing a
terminal would act on."""

from __future__ import annotations

import math as _math

from .lazy import lazy_hashlib
from .spec_data import SpecData

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

isfinite = _math.isfinite
#: About how many characters of a value a message quotes.
CUT = 40
_SHORT_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def is_secret(text: str, data: SpecData) -> bool:
    return data.secret_hint in text and data.secret_search(text) is not None


def fingerprint(text: str) -> str:
    """The first 8 hex digits of the SHA-256 of a text: tells two secrets apart, shows neither."""
    if type(text) is not str:  # a str subclass: its own encode() is never called
        text = str.__str__(text)
    digest: str = lazy_hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
    return digest[:8]


def printable(text: str) -> str:
    """Escape what must not reach a terminal raw: control characters, ANSI escapes, bidi marks,
    line separators and lone surrogates."""
    if type(text) is not str:
        text = str.__str__(text) if issubclass(type(text), str) else "?"
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() else _SHORT_ESCAPES.get(c) or ("\\u%04x" if ord(c) < 0x10000 else "\\U%08x") % ord(c)
                   for c in text)


class Foreign:
    """Stands in, in a plain copy, for an object that claims a JSON type it does not have (its
    ``__class__`` lies to ``isinstance``) or a key that cannot be hashed: the checks then see an
    honest foreign value, and messages still name the original's type."""

    __slots__ = ("of",)

    def __init__(self, of: object) -> None:
        self.of = of


def show(value: Any, data: SpecData) -> str:
    """The value as a message quotes it: JSON-like, cut to about 40 characters, never a secret.

    A subclass of str, int, float, dict or list is shown as its base value, read through the base
    type's own methods, so an override that raises or lies is never called.
    """
    kind = type(value)
    if kind is float and isfinite(value):  # the usual value of a number out of range, first
        return repr(value)
    if kind is int and value.bit_length() <= 132:  # what the int branch below shows as str()
        return str(value)
    phrases = data.phrases
    try:
        if kind is str or issubclass(kind, str):
            if kind is not str:
                value = str.__str__(value)
            # A key is never shown, not even glued to a word (where it is no ``secret`` finding):
            # any string holding the start of one is described, not quoted.
            if data.secret_hint in value:
                return phrases["redacted"].format(length=len(value))
            cut = value if len(value) <= CUT else value[: CUT - 3] + "..."
            return '"' + printable(cut.replace("\\", "\\\\").replace('"', '\\"')) + '"'
        if value is None:
            return "null"
        if value is True:
            return "true"
        if value is False:
            return "false"
        if issubclass(kind, int):
            if kind is not int:
                value = int.__int__(value)
            if value.bit_length() > 132 and abs(value) >= 10 ** CUT:
                try:
                    digits: object = len(str(abs(value))) if value.bit_length() < 10000 else "many"
                except ValueError:  # the interpreter's limit on int-to-str conversion
                    digits = "many"
                return phrases["huge_integer"].format(digits=digits)
            return str(value)
        if issubclass(kind, float):
            value = float.__float__(value)
            if value != value:
                return "NaN"
            if not isfinite(value):
                return "Infinity" if value > 0 else "-Infinity"
            return repr(value)
        if issubclass(kind, dict):
            return phrases["object_value"].format(count=dict.__len__(value))
        if issubclass(kind, list):
            return phrases["array_value"].format(count=list.__len__(value))
        if kind is Foreign:  # the stand-in plain() made: describe what it stands for
            kind = type(value.of)
        name = type.__dict__["__name__"].__get__(kind)  # never a metaclass's override
    except Exception:  # a value that cannot even be described is named by its kind alone
        name = "object"
    return phrases["foreign_value"].format(type=printable(name)[:CUT])


def key_name(key: str, data: SpecData) -> str:
    """A key as a message names it: quoted as show() quotes it, without the quotes (a redacted key
    stays a phrase)."""
    shown = show(key, data)
    return shown[1:-1] if shown[:1] == '"' else shown
