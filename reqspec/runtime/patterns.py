"""A pattern's search, compiled on first use.

Importing ``re`` (with ``enum`` and ``functools`` behind it) takes longer than the rest of a
validator's import, and many processes never check a pattern (a body without functions or secret-
shaped text, an ``import reqspec`` to build a body). So a validator module holds each search as a
``LazySearch`` that compiles its pattern on its first call and then puts the compiled search where
it was found (a module global, an attribute): later calls go straight to ``re``.
"""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:  # names for annotations only: importing typing would slow the validator's import
    from typing import Any, Callable


class LazySearch:
    """``re.compile(regex).search``, compiled when first called; ``install`` receives the compiled
    search, to put it in the place of this object."""

    __slots__ = ("regex", "install", "search")

    def __init__(self, regex: str, install: Callable[[Callable[[str], Any]], None]) -> None:
        self.regex = regex
        self.install = install
        self.search: Callable[[str], Any] | None = None

    def __call__(self, text: str) -> Any:
        search = self.search
        if search is None:
            import re

            search = self.search = re.compile(self.regex).search
            self.install(search)
        return search(text)


def lazy_search(namespace: dict[str, Any], name: str, regex: str) -> LazySearch:
    """The search of ``regex``, which replaces ``namespace[name]`` (a module global) when first called."""
    return LazySearch(regex, lambda search: namespace.__setitem__(name, search))
