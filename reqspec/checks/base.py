"""What a kind of check is: its typed parameters, and in one place how it loads, how it shows in
the JSON Schema, the code it emits, the run-time function it calls, and how generated bodies
satisfy and break it — as the jsonschema library keeps one function per keyword.

Each emitter hands a kind the context it works in (the ``*Context`` protocols below), so a kind
never reaches into an emitter, and an emitter never switches on kinds.
"""

from __future__ import annotations

import dataclasses
from abc import ABC, abstractmethod
from typing import TYPE_CHECKING, Any, ClassVar, Generic, Protocol, TypeVar

from ..spec import model as m

if TYPE_CHECKING:
    from contextlib import AbstractContextManager

    from hypothesis import strategies as st

    from ..emit.code import Code

P = TypeVar("P")


def param(kind: str, default: Any = dataclasses.MISSING) -> Any:
    """A parameter of a check, read from the spec as ``kind``:

    ``field`` a member of the object; ``fields`` several; ``path`` member names through objects;
    ``table`` a table of the spec; ``column`` a column of the check's ``table``; ``int``, ``str``,
    ``strs`` (a list of strings) and ``template`` (a message template). A default makes it optional.
    """
    return dataclasses.field(default=default, metadata={"as": kind})


class ValidatorContext(Protocol):
    """The generated validator, while it writes the code of one object's checks."""

    code: Code
    collect: bool  # True: collect every error; False: return False at the first problem
    here: str  # code for the path of the object
    spec: m.Spec
    obj: m.ObjectType  # the object whose checks are written

    def member(self, name: str) -> str: ...  # the local holding a member (the MISSING object when absent)
    def flagged(self, name: str) -> str: ...  # the local list a member's value flags (see Kind.flags)
    def text(self, name: str) -> str: ...  # the local holding a member when it is a string, else None
    def condition(self, when: m.Condition | None) -> str: ...
    def fail(self, kind: str, path: str, **fields: Any) -> None: ...
    def const(self, stem: str, value: Any, literal: str | None = None, annotation: str | None = None) -> str: ...
    def aliases(self, table: m.Table) -> str: ...  # the constant searching a table's aliases, or "None"
    def sub(self, path: str, token: str) -> str: ...  # code for the path one step below
    def is_number(self, value: str) -> str: ...  # code testing that a local holds a number
    def block(self, line: str) -> AbstractContextManager[None]: ...


class SchemaContext(Protocol):
    """The JSON Schema emitter, while it writes one object's schema."""

    spec: m.Spec

    def condition(self, when: m.Condition | None) -> dict[str, Any]: ...
    def row_keys(self, table: m.Table, keys: list[str]) -> dict[str, Any]: ...


class StrategyContext(Protocol):
    """The Hypothesis strategies, while they satisfy or break one object's checks."""

    spec: m.Spec

    def holds(self, when: m.Condition | None, obj: dict[str, Any]) -> bool: ...
    def make_hold(self, objtype: m.ObjectType, when: m.Condition | None, obj: dict[str, Any],
                  draw: st.DrawFn) -> None: ...
    def non_null(self, f: m.Field) -> st.SearchStrategy[Any]: ...
    def row_key(self, table: m.Table, value: str) -> str | None: ...
    def alias_of(self, table: m.Table, key: str) -> st.SearchStrategy[str]: ...
    def object(self, obj: m.ObjectType) -> st.SearchStrategy[dict[str, Any]]: ...  # valid objects of a type
    def repair(self, objtype: m.ObjectType, obj: dict[str, Any], draw: st.DrawFn) -> dict[str, Any]: ...


class Kind(ABC, Generic[P]):
    """A kind of check. Subclasses set the class attributes and override what applies to them."""

    name: ClassVar[str]
    params: ClassVar[type]  # a dataclass of ``param()`` fields
    levels: ClassVar[frozenset[str]]
    #: The JSON Schema keyword that expresses it, or None: the kind is ``semantic`` at level error.
    keyword: ClassVar[str | None] = None
    takes_when: ClassVar[bool] = False
    #: Other forms of its finding: form -> the parameter holding that form's message template
    #: (``newer`` of ``known``: a model of a later API, named so).
    forms: ClassVar[dict[str, str]] = {}
    #: Whether its finding is about a key rather than its value (lint then places it at the key).
    at_key: ClassVar[bool] = False
    #: Whether it counts tokens: such a check loads a tokenizer when a body first needs one.
    counts_tokens: ClassVar[bool] = False

    # -- loading -----------------------------------------------------------------------------------
    def keyword_for(self, check_when: m.Condition | None) -> str | None:
        """The JSON Schema keyword of a check of this kind (it may depend on its condition)."""
        return self.keyword

    def flags(self, check: m.Check) -> tuple[str, frozenset[str]] | None:
        """For a check that needs to know whether members appear anywhere inside the value of one
        of its object's fields (a ``$ref`` in a schema): that field, and the members. The code of
        the objects inside flags their presence as it passes, so the check looks only then."""
        return None

    # -- the JSON Schema ---------------------------------------------------------------------------
    def json_schema(self, check: m.Check, ctx: SchemaContext) -> tuple[dict[str, list[str]], list[dict[str, Any]]]:
        """The ``dependentRequired`` entries and ``if``/``then`` blocks that express the check."""
        return {}, []

    # -- the validator -----------------------------------------------------------------------------
    @abstractmethod
    def emit(self, check: m.Check, ctx: ValidatorContext) -> None:
        """Write the code of the check (an error in both modes; a warning collects only)."""

    # -- the strategies ----------------------------------------------------------------------------
    def satisfy(self, check: m.Check, objtype: m.ObjectType, obj: dict[str, Any], draw: st.DrawFn,
                ctx: StrategyContext) -> bool:
        """Change ``obj`` so that an error-level check holds; whether anything changed."""
        return False

    def break_(self, check: m.Check, objtype: m.ObjectType, obj: dict[str, Any], draw: st.DrawFn,
               ctx: StrategyContext) -> tuple[Any, ...] | None:
        """Change ``obj`` so that the check fails; the path below the object where it is reported,
        or None when this object cannot be made to break it."""
        return None

