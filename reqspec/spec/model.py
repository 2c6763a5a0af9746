"""The checked, immutable model of a spec: what every emitter reads.

The loader (``loader.py``) turns YAML into these objects after checking it, so emitters never see
raw YAML, never need defaults of their own and never meet a dangling reference.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, TypeVar, Union

_Part = TypeVar("_Part")

#: The JSON types a value can have, in the order they are named in messages.
JSON_TYPES = ("object", "array", "string", "number", "integer", "boolean", "null")

#: The JSON Schema keyword that checks a rule reported at an object's key rather than a value
#: (a key shaped like a secret): keys are checked by ``propertyNames``.
KEY_FORM_KEYWORD = "propertyNames"

#: Spec types and the JSON type each one checks.
TYPE_TO_JSON = {
    "string": "string",
    "number": "number",
    "integer": "integer",
    "boolean": "boolean",
    "array": "array",
    "map": "object",
    "json_object": "object",
    "ref": "object",
}


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
class KeySpec:
    """The keys of a map: decimal-digit strings within a range."""

    minimum: int
    maximum: int


@dataclass(frozen=True)
class TypeExpr:
    """One JSON type a value may take, with the constraints that apply to that type."""

    type: str  # a key of TYPE_TO_JSON
    ref: str | None = None
    enum: tuple[Any, ...] | None = None
    minimum: int | float | None = None
    maximum: int | float | None = None
    min_length: int | None = None
    max_length: int | None = None
    pattern: Pattern | None = None
    min_items: int | None = None
    max_items: int | None = None
    items: "TypeExpr | None" = None
    keys: KeySpec | None = None
    values: "TypeExpr | None" = None

    @property
    def json_type(self) -> str:
        return TYPE_TO_JSON[self.type]

    # The parts a type always has, which the loader fills in (an array's items, a map's keys and
    # values, a ref's target): a model built without one fails here, naming what is missing.
    @property
    def item_type(self) -> TypeExpr:
        return self._declared(self.items, "items")

    @property
    def key_spec(self) -> KeySpec:
        return self._declared(self.keys, "keys")

    @property
    def value_type(self) -> TypeExpr:
        return self._declared(self.values, "values")

    @property
    def target(self) -> str:
        return self._declared(self.ref, "ref")

    def _declared(self, part: _Part | None, what: str) -> _Part:
        if part is None:
            raise ValueError(f"a {self.type} type expression without its {what}")
        return part


@dataclass(frozen=True)
class Newer:
    """A name or value that a later version of the API added, and the date it first appeared."""

    what: str  # the name (a member), the value (an enum value) or the JSON type (a variant)
    since: str  # the date, YYYY-MM-DD
    shown_as: str = ""  # for a JSON type: how the docs and messages name that form


@dataclass(frozen=True)
class Field:
    """A member of an object: its alternatives by JSON type, and what the docs say of it."""

    name: str
    variants: tuple[TypeExpr, ...]
    nullable: bool
    required: bool
    description: str
    source: str
    default: Any = NO_DEFAULT
    default_text: str = ""
    example: Any = NO_DEFAULT
    line: int = 0
    newer_values: tuple[Newer, ...] = ()  # enum values of a later API
    newer_types: tuple[Newer, ...] = ()  # JSON types of a later API (content as an array)

    @property
    def json_types(self) -> tuple[str, ...]:
        types = tuple(v.json_type for v in self.variants)
        return types + ("null",) if self.nullable else types


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

    ``kind`` picks the generic shape; ``params`` holds that shape's arguments, already checked
    by the loader against the kind's declared parameters.
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
    params: dict[str, Any] = field(default_factory=dict)
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

    @property
    def root_object(self) -> ObjectType:
        return self.objects[self.root]

    def checks(self) -> list[tuple[ObjectType, Check]]:
        """Every check of every object, in spec order."""
        return [(obj, check) for obj in self.objects.values() for check in obj.checks]

    def rule_ids(self) -> list[str]:
        """Every rule id a finding can carry: field-constraint rules, then checks."""
        return list(self.rules) + [check.id for _, check in self.checks()]
