"""What the validator's writers share while they write one module: the code, its constants, the
functions asked for and not yet written, and how a failed constraint is written in each mode.

Every value from the spec enters the code through ``lit()`` (``repr``) or a named constant, never
by formatting text into code.
"""

from __future__ import annotations

import re
import string
from dataclasses import dataclass
from typing import Any

from ..spec import model as m
from ..spec.portability import portable
from .code import Code, ident, lit
from .runtime_copy import definitions


#: A pattern of one character class repeated over the whole string: ``^[...]*$`` or ``^[...]+$``.
_ONE_CLASS = re.compile(r"\^\[([^\]\\^][^\]\\]*)\]([*+])\$")


def class_chars(klass: str) -> str | None:
    """The characters a bracket expression's inside (``a-zA-Z0-9_-``) stands for, when it is made
    of printable ASCII characters and ranges only (checked against ``re`` on every ASCII character;
    such a class matches no other character); None for anything else."""
    chars: list[str] = []
    i = 0
    while i < len(klass):
        if i + 2 < len(klass) and klass[i + 1] == "-":
            low, high = klass[i], klass[i + 2]
            if low > high:
                return None
            chars.extend(map(chr, range(ord(low), ord(high) + 1)))
            i += 3
        else:
            chars.append(klass[i])
            i += 1
    if not all(" " <= ch <= "~" for ch in chars):
        return None
    text = "".join(sorted(set(chars)))
    compiled = re.compile(f"[{klass}]")
    if any((compiled.fullmatch(ch) is not None) != (ch in text) for ch in map(chr, range(ord("\x7f") + 1))):
        return None
    return text


@dataclass(frozen=True)
class Mode:
    """One of the two ways each function is written.

    ``errors`` collects every finding as (path, kind, message); ``valid`` returns False at the
    first problem and builds nothing."""

    name: str

    @property
    def collect(self) -> bool:
        return self.name == "errors"

    def func(self, target: str, form: str = "one") -> str:
        return ident(f"_{self.name}", target) if form == "one" else ident(f"_{self.name}", target, form)


ERRORS, VALID = Mode("errors"), Mode("valid")


class Known:
    """A field of a message whose value is known when the code is written (a limit, a name)."""

    def __init__(self, value: Any) -> None:
        self.value = value


def stem(*parts: str) -> str:
    """An identifier-safe stem for the constants and helpers of one place in the spec."""
    return re.sub(r"\W", "_", "_".join(parts)).strip("_") or "x"


def sub(path: str, token: str) -> str:
    """Code for the path one step below the path ``path`` evaluates to."""
    if path.endswith(",)"):
        return f"{path[:-2]}, {token})"
    return f"{path} + ({token},)"


def depth(offset: int) -> str:
    """Code for the nesting depth ``offset`` steps below the current one (valid mode)."""
    return f"depth + {offset}" if offset else "depth"


def message_code(template: str, fields: dict[str, Any]) -> str | None:
    """Code for ``template.format(**fields)`` as one concatenation: known fields are written into
    the text, and one field is computed, ``show(...)`` (a string) or ``len(...)`` (a number).
    None when the template or its fields take more than that."""
    pieces: list[str] = []
    text = ""
    for literal, name, spec, conversion in string.Formatter().parse(template):
        text += literal
        if name is None:
            continue
        field = fields.get(name)
        if spec or conversion or field is None:
            return None
        if isinstance(field, Known):
            text += format(field.value)
            continue
        if field.startswith("show("):
            value = field
        elif field.startswith("len("):
            value = f"str({field})"
        else:
            return None
        if len(pieces) > 1 or len(pieces) == 1 and not text:
            return None
        if text:
            pieces.append(lit(text))
            text = ""
        pieces.append(value)
    if text or not pieces:
        pieces.append(lit(text))
    return " + ".join(pieces)


@dataclass(frozen=True)
class Helper:
    """A function checking the values of one type (the items of an array that holds containers,
    the values of a map), written once per mode and place."""

    mode: Mode
    name: str
    type: m.Type
    owner: str  # the object whose member holds the type
    member: str  # that member's name, for the messages about values of a later API
    lints: bool  # whether it passes warnings on (its type leads to objects with warnings)
    budget: bool  # whether it passes on the budget of recursive objects
    found: bool  # whether it passes on the list a watched field flags


class Output:
    """The module being written: code, constants and the queue of functions to write."""

    def __init__(self, spec: m.Spec, templates: dict[str, str]) -> None:
        self.spec = spec
        self.code = Code()
        self.templates = templates
        self.constants: dict[str, str] = {}  # name -> what follows it: " = literal" or ": type = literal"
        self.pending: list[tuple[Mode, str, str] | Helper] = []
        self.requested: set[tuple[str, str, str]] = set()
        self.lint_needed = lint_targets(spec)
        self.recursive = spec.recursive()
        #: Objects whose functions take the body's budget of recursive objects: those that are or
        #: lead to one.
        self.budget_needed = frozenset(name for name in spec.objects
                                       if name in self.recursive or spec.reaches(name) & self.recursive)
        #: Objects a body can hold at any depth: those on a cycle and those they lead to. Every
        #: container in one of them is held to the depth limit, so a body too deep is reported
        #: at its first container past the limit whatever the type there.
        self.deep = self.recursive | frozenset(t for name in self.recursive for t in spec.reaches(name))
        self.flag_members, self.flagged_fields = flags(spec)
        #: Objects whose functions take the list a check's field flags (see ``Kind.flags``).
        self.found_needed = frozenset(self.flag_members)
        secret = spec.patterns["secret"]
        self.secret_regex = re.compile(portable(secret.regex))
        literal = secret.contains  # a substring every key holds
        # A punctuation character of it is rare in text; its one-character search runs at memory
        # speed and rules out most strings before the substring itself is looked for.
        hint = next((ch for ch in literal if not ch.isalnum()), literal[-1:])
        self.secret_prefilter = [f"{lit(x)} in {{v}}" for x in dict.fromkeys((hint, literal)) if x]

    # -- constants ---------------------------------------------------------------------------------
    def const(self, stem: str, value: Any, literal: str | None = None, annotation: str | None = None) -> str:
        """The name of a module constant holding ``value`` (one per distinct value); ``annotation``
        declares its type where a type checker cannot infer it (an empty dict)."""
        source = literal if literal is not None else lit(value)
        source = f": {annotation} = {source}" if annotation is not None else f" = {source}"
        for name, existing in self.constants.items():
            if existing == source:
                return name
        name = self._fresh(stem)
        self.constants[name] = source
        return name

    def _fresh(self, stem: str) -> str:
        """A constant's name from ``stem``, taken by no other constant and no runtime name."""
        name = ident("", stem.upper())
        base, n = name, 2
        while name in self.constants or name in definitions():  # never a runtime name
            name, n = f"{base}_{n}", n + 1
        return name

    def search(self, pattern: m.Pattern) -> str:
        """The constant holding a pattern's compiled search."""
        # Compiled on first use, when it puts itself in place: importing re costs more than the
        # rest of the module's import.
        regex = lit(portable(pattern.regex))
        for name, existing in self.constants.items():
            if existing == f" = lazy_search(globals(), {lit(name)}, {regex})":
                return name
        name = self._fresh(f"search_{pattern.name}")
        self.constants[name] = f" = lazy_search(globals(), {lit(name)}, {regex})"
        return name

    def expected(self, types: tuple[str, ...]) -> str:
        """The constant naming JSON types as a type error's message does ("a string or null")."""
        words: list[str] = [self.spec.phrases["types"][t] for t in types]
        text = words[0] if len(words) == 1 else ", ".join(words[:-1]) + self.spec.phrases["either"] + words[-1]
        return self.const("expected_" + "_".join(types), text)

    def pattern_miss(self, pattern: m.Pattern, v: str) -> str:
        """Code testing that the string ``v`` does not match ``pattern``. A pattern that only says
        which characters may appear (``^[a-zA-Z0-9_-]*$``) is tested with ``str.strip`` of those
        characters, several times quicker than a regular expression."""
        single = _ONE_CLASS.fullmatch(pattern.regex)
        chars = class_chars(single.group(1)) if single is not None else None
        if single is None or chars is None:
            return f"{self.search(pattern)}({v}) is None"
        allowed = self.const(f"chars_{pattern.name}", chars)
        # str.strip itself, never a method a subclass of str put in its place.
        return f"str.strip({v}, {allowed})" if single.group(2) == "*" else f"(not {v} or str.strip({v}, {allowed}))"

    def secret_test(self, v: str) -> str:
        """Code testing that the string ``v`` holds what looks like a secret."""
        return " and ".join([p.format(v=v) for p in self.secret_prefilter] + [f"_SECRET_SEARCH({v}) is not None"])

    # -- findings ----------------------------------------------------------------------------------
    def fail(self, mode: Mode, kind: str, path: str, **fields: Any) -> None:
        """A failed constraint: return False, or add the finding with its message."""
        if not mode.collect:
            self.code("return False")
            return
        message = message_code(self.templates[kind], fields)
        if message is not None:
            self.code(f"out.append(({path}, {lit(kind)}, {message}))")
            return
        args = "".join(f", {k}={lit(v.value) if isinstance(v, Known) else v}" for k, v in fields.items())
        self.code(f"add(out, {path}, {lit(kind)}, _DATA{args})")

    def too_deep(self, mode: Mode, path: str, offset: int) -> str:
        """The test that a container at ``path`` (``offset`` levels below the function's depth)
        is at the depth limit or past it."""
        limit = self.spec.max_depth
        return f"len({path}) >= {lit(limit)}" if mode.collect else f"depth >= {lit(limit - offset)}"

    # -- functions to write ------------------------------------------------------------------------
    def request(self, mode: Mode, target: str, form: str) -> str:
        """The name of the function checking object ``target`` in ``form`` ("one" or "items"),
        queued to be written once."""
        key = (mode.name, target, form)
        if key not in self.requested:
            self.requested.add(key)
            self.pending.append((mode, target, form))
        return mode.func(target, form)

    def request_helper(self, helper: Helper) -> str:
        key = (helper.mode.name, helper.name, "helper")
        if key not in self.requested:
            self.requested.add(key)
            self.pending.append(helper)
        return helper.name

    def lints(self, kind: m.Type) -> bool:
        """Whether checking a value of ``kind`` can meet an object with warnings."""
        return any(ref.target in self.lint_needed for ref in m.refs(kind))

    def budgets(self, kind: m.Type) -> bool:
        """Whether checking a value of ``kind`` can enter recursive objects."""
        return any(ref.target in self.budget_needed for ref in m.refs(kind))

    def finds(self, kind: m.Type) -> bool:
        """Whether checking a value of ``kind`` can meet objects that flag a watched member."""
        return any(ref.target in self.found_needed for ref in m.refs(kind))

    def extra_params(self, target_budget: bool, target_found: bool) -> str:
        """The parameters after the usual ones of a function that passes a budget or flags on."""
        return (", budget: list[int]" if target_budget else "") + (", found: list[int] | None" if target_found else "")


def flags(spec: m.Spec) -> tuple[dict[str, frozenset[str]], dict[str, frozenset[str]]]:
    """For the checks that watch a field (``Kind.flags``): each object inside that field's value
    and the members of it that flag, and each object and its watched fields."""
    from ..checks import KINDS

    members: dict[str, set[str]] = {}
    fields: dict[str, set[str]] = {}
    for obj, check in spec.checks():
        watched = KINDS[check.kind].flags(check)
        if watched is None:
            continue
        field, names = watched
        fields.setdefault(obj.name, set()).add(field)
        for ref in m.refs(obj.field(field).type):
            for name in spec.component(ref.target) or {ref.target}:
                declared = {f.name for f in spec.objects[name].fields}
                members.setdefault(name, set()).update(names & declared)
    return ({name: frozenset(found) for name, found in members.items()},
            {name: frozenset(found) for name, found in fields.items()})


def lint_targets(spec: m.Spec) -> frozenset[str]:
    """Objects whose walk adds warnings: those with warnings, and those that lead to one."""
    needed = {oid for oid, obj in spec.objects.items() if any(ch.level == "warning" for ch in obj.checks)}
    changed = True
    while changed:
        changed = False
        for oid in spec.objects:
            if oid not in needed and any(ref.target in needed for ref in spec.refs(oid)):
                needed.add(oid)
                changed = True
    return frozenset(needed)
