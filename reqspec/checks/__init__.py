"""The kinds of check a spec can declare, by name: the one registry that the loader, the JSON
Schema, the validator and the strategies all read (see ``base.Kind``)."""

from __future__ import annotations

from typing import Any

from .avoid import Avoid
from .base import Kind
from .context_length import ContextLength
from .example_tokens import ExampleTokens
from .forbid import Forbid
from .holds_item import HoldsItem
from .json_string import JsonString
from .known import Known
from .max_from_table import MaxFromTable
from .member_of import MemberOf
from .names_declared import NamesDeclared
from .nested_equals import NestedEquals
from .nested_needs import NestedNeeds
from .not_both_altered import NotBothAltered
from .not_null import NotNull
from .recommend import Recommend
from .refs_resolve import RefsResolve
from .require import Require
from .typed_values import TypedValues
from .undeclared_keys import UndeclaredKeys
from .unique import Unique

KINDS: dict[str, Kind[Any]] = {kind.name: kind for kind in (
    Require(), Forbid(), NotNull(), MaxFromTable(), MemberOf(), Known(), Unique(), NotBothAltered(), Recommend(),
    NestedEquals(), JsonString(), ContextLength(), RefsResolve(), NestedNeeds(), Avoid(), UndeclaredKeys(),
    NamesDeclared(), TypedValues(), HoldsItem(), ExampleTokens(),
)}

__all__ = ["KINDS", "Kind"]
