"""The checked, immutable model of a spec: what every emitter reads.

The loader (``loader.py``) turns YAML into these objects after checking it, so emitters never see
raw YAML, never need defaults of their own and never meet a dangling reference.
"""

from __future__ import annotations

from collections.abc import Iterator
import dataclasses
from dataclasses import dataclass
from typing import Any, Union, assert_never

#: The JSON types a value can have, in the order they are named in messages.
JSON_TYPES = ("object", "array", "string", "number", "integer", "boolean", "null")

#: The JSON Schema keyword that checks a rule reported at an object's key rather than a value
#: (a key shaped like a secret): keys are checked by ``propertyNames``.
KEY_FORM_KEYWORD = "propertyNames"

class _Missing:
    """The absence of a default, distinct from a default of ``null``."""

    _instance: "_Missing | None" = None

    def __new__(cls) -> "_Missing":
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "NO_DEFAULT"

    def __bool__(self) -> bool:
        return False


NO_DEFAULT: Any = _Missing()


@dataclass(frozen=True)
class Source:
    """Where a rule comes from: the seed, the OpenAPI commit, the endpoint's error text..."""

    id: str
    title: str


@dataclass(frozen=True)
class Pattern:
    """A named regular expression, written in the subset both ECMA-262 and Python read alike."""

    name: str
    regex: str
    says: str
    contains: str = ""  # a substring every match holds: searched first, as it is much faster


@dataclass(frozen=True)
class Table:
    """A keyed table of constants (the known models and their context lengths)."""

    name: str
    key: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str, tuple[Any, ...]], ...]
    description: str = ""
    #: Other names of a row: a value matching this pattern stands for the row keyed by the
    #: pattern's one group (a fine-tuned model, ft:BASE:..., for its base model).
    aliases: Pattern | None = None

    def column(self, name: str) -> dict[str, Any]:
        """Map each row key to the value of one column."""
        index = self.columns.index(name)
        return {key: values[index] for key, values in self.rows}


@dataclass(frozen=True)
class Newer:
    """A name or value that a later version of the API added, and the date it first appeared."""

    what: str  # the name (a member), the value (an enum value) or the JSON type (a variant)
    since: str  # the date, YYYY-MM-DD
    shown_as: str = ""  # for a JSON type: how the docs and messages name that form


# -- types --------------------------------------------------------------------------------------------
#
# A type is a set of alternatives (``Type``), each a tagged variant: what a value may be, usable
# wherever a type appears (a member, an array's items, a map's values). Emitters switch on the
# variant with ``match`` and end with ``assert_never``, so a variant added here is a type error in
# every emitter that does not handle it.


@dataclass(frozen=True)
class String:
    enum: tuple[str, ...] | None = None
    min_length: int | None = None
    max_length: int | None = None
    pattern: Pattern | None = None
    newer_values: tuple[Newer, ...] = ()  # values of a later API: newer-field, not enum
    #: A format the string must have: "regex", a regular expression that compiles (never run).
    format: str | None = None


@dataclass(frozen=True)
class Number:
    enum: tuple[int | float, ...] | None = None
    minimum: int | float | None = None
    maximum: int | float | None = None
    exclusive_minimum: int | float | None = None
    exclusive_maximum: int | float | None = None


@dataclass(frozen=True)
class Integer:
    enum: tuple[int | float, ...] | None = None
    minimum: int | float | None = None
    maximum: int | float | None = None
    exclusive_minimum: int | float | None = None
    exclusive_maximum: int | float | None = None


@dataclass(frozen=True)
class Boolean:
    pass


@dataclass(frozen=True)
class Null:
    pass


@dataclass(frozen=True)
class Array:
    items: Type
    min_items: int | None = None
    max_items: int | None = None
    unique_items: bool = False  # no two items equal as JSON values (a repeat is reported at the later one)


@dataclass(frozen=True)
class Keys:
    """The keys of a map: any string, decimal-digit strings within a range, or regular expressions
    (``regex``: each key must compile); ``rule`` is the rule a key outside them breaks."""

    digits: tuple[int, int] | None = None
    rule: str | None = None
    regex: bool = False


@dataclass(frozen=True)
class Map:
    keys: Keys
    values: Type


@dataclass(frozen=True)
class AnyValue:
    """Any JSON value, or any value of one JSON type (``object``: a free-form object): what it
    holds is only scanned (secrets, NaN and Infinity, values JSON cannot hold, depth)."""

    json_type: str | None = None


@dataclass(frozen=True)
class Ref:
    """An object of the spec, by id."""

    target: str


Variant = Union[String, Number, Integer, Boolean, Null, Array, Map, AnyValue, Ref]


def json_type(variant: Variant) -> str | None:
    """The JSON type a variant checks (None: any JSON value)."""
    match variant:
        case String():
            return "string"
        case Number():
            return "number"
        case Integer():
            return "integer"
        case Boolean():
            return "boolean"
        case Null():
            return "null"
        case Array():
            return "array"
        case Map() | Ref():
            return "object"
        case AnyValue(json_type=kind):
            return kind
        case _:
            assert_never(variant)


@dataclass(frozen=True)
class Type:
    """The alternatives a value may take, null among them when it is nullable, and the forms a
    later API added (``newer``: JSON types, such as content as an array of parts)."""

    variants: tuple[Variant, ...]
    newer: tuple[Newer, ...] = ()

    @property
    def nullable(self) -> bool:
        return any(isinstance(v, Null) for v in self.variants)

    @property
    def non_null(self) -> tuple[Variant, ...]:
        """The alternatives other than null, in the spec's order."""
        return tuple(v for v in self.variants if not isinstance(v, Null))

    @property
    def json_types(self) -> tuple[str, ...]:
        """The JSON types of the alternatives, null last (an any-value alternative adds none)."""
        kinds = tuple(kind for v in self.non_null if (kind := json_type(v)) is not None)
        return kinds + ("null",) if self.nullable else kinds


def children(variant: Variant) -> tuple[Type, ...]:
    """The types a variant holds: an array's items, a map's values. With ``refs``, the one walker
    of the type graph: the loader and every emitter walk types through these two functions."""
    match variant:
        case Array(items=items):
            return (items,)
        case Map(values=values):
            return (values,)
        case String() | Number() | Integer() | Boolean() | Null() | AnyValue() | Ref():
            return ()
        case _:
            assert_never(variant)


def refs(kind: Type) -> Iterator[Ref]:
    """The objects a type leads to directly: its own references, and those of the types it holds
    (not entering the objects)."""
    for variant in kind.variants:
        if isinstance(variant, Ref):
            yield variant
        for child in children(variant):
            yield from refs(child)


@dataclass(frozen=True)
class Field:
    """A member of an object: its type, and what the docs say of it."""

    name: str
    type: Type
    required: bool
    description: str
    source: str
    default: Any = NO_DEFAULT
    default_text: str = ""
    example: Any = NO_DEFAULT
    line: int = 0


def component_name(spec: "Spec", name: str) -> str:
    """The name of an object's generated type and OpenAPI component (or of another schema
    definition): its ``type_name``, or its id in CamelCase."""
    obj = spec.objects.get(name)
    explicit = obj.type_name if obj is not None else ""
    return explicit or default_type_name(name)


def default_type_name(object_id: str) -> str:
    """The type name of an object that declares none: its id in CamelCase
    (``message_function_call`` becomes ``MessageFunctionCall``)."""
    return "".join(part[:1].upper() + part[1:] for part in object_id.split("_"))


@dataclass(frozen=True)
class Excluded:
    """A key that is deliberately not part of the body, and the reason a user reads.

    The reason is literal text: it fills the ``{reason}`` placeholder of the excluded-field message
    as a value and is shown as is in the docs and the schema, so it is never formatted itself."""

    name: str
    reason: str
    source: str
    secret: bool = False


# Conditions of a check, over the members of one object.
@dataclass(frozen=True)
class Present:
    field: str


@dataclass(frozen=True)
class Absent:
    field: str


@dataclass(frozen=True)
class Equals:
    field: str
    value: str


@dataclass(frozen=True)
class Differs:
    """The member is present and is not equal to ``value``."""

    field: str
    value: str


@dataclass(frozen=True)
class AllOf:
    conditions: tuple["Condition", ...]


@dataclass(frozen=True)
class AnyOf:
    conditions: tuple["Condition", ...]


Condition = Union[Present, Absent, Equals, Differs, AllOf, AnyOf]


@dataclass(frozen=True)
class Example:
    body: Any
    fix: str


@dataclass(frozen=True)
class Check:
    """A rule over an object beyond its members' own constraints (cross-field or warning).

    ``kind`` names its kind in the registry (``reqspec.checks.KINDS``); ``params`` is an instance of
    that kind's parameters dataclass, checked by the loader.
    """

    id: str
    kind: str
    level: str  # "error" or "warning"
    semantic: bool
    keyword: str | None  # the JSON Schema keyword that expresses it; None when none can
    message: str
    help: str
    source: str
    example: Example | None
    params: Any = None  # the kind's parameters dataclass (``reqspec.checks``)
    when: Condition | None = None
    line: int = 0


@dataclass(frozen=True)
class ObjectType:
    name: str
    title: str
    description: str
    fields: tuple[Field, ...]
    excluded: tuple[Excluded, ...]
    checks: tuple[Check, ...]
    example: Any = NO_DEFAULT
    type_name: str = ""  # the name of its generated type; derived from ``name`` when empty
    newer: tuple[Newer, ...] = ()  # members of a later API: newer-field, not unknown-field
    #: The type of the values of keys it does not declare; None: such keys are rejected.
    other_keys: Type | None = None
    #: The object it extends (whose members and checks it has first), or "".
    extends: str = ""

    def field(self, name: str) -> Field:
        for f in self.fields:
            if f.name == name:
                return f
        raise LookupError(name)


@dataclass(frozen=True)
class RuleText:
    """A rule a field constraint can break: its id, JSON Schema keyword, message and help."""

    id: str
    keyword: str | None
    message: str
    help: str
    source: str
    at: str = "value"  # "key" when a finding points at a key (an unknown key, a bad map key)
    fix: str = ""  # how to fix a finding, for the docs
    key_message: str = ""  # the message when a value rule is broken by a key (a secret-shaped key)


@dataclass(frozen=True)
class DocumentKind:
    """A kind of document a file may hold, beside bodies: how ``auto`` recognises a file of them
    from its first document (members it has, members it lacks), the member whose value is unique
    within a file, and the counts a file keeps to (None: no limit)."""

    present: tuple[str, ...] = ()
    absent: tuple[str, ...] = ()
    unique: str = ""
    min_documents: int | None = None
    max_documents: int | None = None
    max_bytes: int | None = None


@dataclass(frozen=True)
class Spec:
    id: str
    title: str
    description: str
    endpoint: str
    root: str
    docs_url: str
    max_depth: int
    sources: dict[str, Source]
    patterns: dict[str, Pattern]
    tables: dict[str, Table]
    rules: dict[str, RuleText]
    phrases: dict[str, Any]
    objects: dict[str, ObjectType]
    path: str = ""
    #: The kinds of document the spec describes, each with its object: "body" (the root) first,
    #: then envelopes that hold a body or its parts (a Batch API line, a fine-tuning example).
    roots: dict[str, str] = dataclasses.field(default_factory=dict)
    #: What each kind of document is beside its object (see ``DocumentKind``).
    files: dict[str, DocumentKind] = dataclasses.field(default_factory=dict)

    @property
    def root_object(self) -> ObjectType:
        return self.objects[self.root]

    def kind_of(self, name: str) -> str:
        """The first kind of document (the body first) whose root is the object ``name`` or holds it."""
        for kind, root in self.roots.items():
            if name == root or name in self.reaches(root):
                return kind
        raise LookupError(f"no kind of document holds the object {name!r}")

    def as_root(self, kind: str) -> Spec:
        """The same spec with the object of another kind of document as its root."""
        return dataclasses.replace(self, root=self.roots[kind])

    def checks(self) -> list[tuple[ObjectType, Check]]:
        """Every check, once, in spec order (an object that extends another has its checks too,
        under the same ids: they are listed with the object that declares them)."""
        seen: set[str] = set()
        found = []
        for obj in self.objects.values():
            for check in obj.checks:
                if check.id not in seen:
                    seen.add(check.id)
                    found.append((obj, check))
        return found

    def refs(self, name: str) -> Iterator[Ref]:
        """The objects the object ``name`` leads to directly, through its members and other keys."""
        obj = self.objects[name]
        for f in obj.fields:
            yield from refs(f.type)
        if obj.other_keys is not None:
            yield from refs(obj.other_keys)

    def reaches(self, name: str) -> frozenset[str]:
        """The objects a value of object ``name`` can hold, at any depth (itself only when it is
        on a reference cycle)."""
        found: set[str] = set()
        stack = [name]
        while stack:
            for ref in self.refs(stack.pop()):
                if ref.target not in found:
                    found.add(ref.target)
                    stack.append(ref.target)
        return frozenset(found)

    def recursive(self) -> frozenset[str]:
        """The objects on a reference cycle: a value of one can hold another at any depth, so the
        validator follows them with a depth limit."""
        return frozenset(name for name in self.objects if name in self.reaches(name))

    def component(self, name: str) -> frozenset[str]:
        """The objects on a cycle with ``name`` (each can hold the others), ``name`` among them;
        empty for an object on no cycle, or no object."""
        if name not in self.objects or name not in self.reaches(name):
            return frozenset()
        return frozenset(other for other in self.reaches(name) if name in self.reaches(other))

    def rule_ids(self) -> list[str]:
        """Every rule id a finding can carry: field-constraint rules, then checks."""
        return list(self.rules) + [check.id for _, check in self.checks()]
