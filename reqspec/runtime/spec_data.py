"""What the runtime needs of a spec, as one object: each generated validator makes one."""

from __future__ import annotations

from .patterns import LazySearch

TYPE_CHECKING = False
if TYPE_CHECKING:  # names for annotations only: importing typing would slow the validator's import
    from typing import Any, Callable

    Finding = tuple[str, "str | None", str, str, bool]


class SpecData:
    """A spec's data as the runtime reads it.

    ``findings`` maps each kind of finding to (rule id, JSON Schema keyword, severity, message
    template, whether it is about a key): a kind is a rule id, or a rule id and a form
    (``newer-field:enum``) where one rule is reported in several ways. ``phrases`` are the words
    put around values. ``secret_search`` and ``secret_hint`` find what looks like a secret key (the
    hint, a substring every key holds, is searched first). ``counter`` is how the context-length
    check counts tokens ("auto", None or a function), and ``needed`` how many bodies found none.
    """

    __slots__ = ("findings", "phrases", "secret_search", "secret_hint", "max_depth", "counter", "needed")

    def __init__(self, findings: dict[str, Finding], phrases: dict[str, str], secret: str, secret_hint: str,
                 max_depth: int) -> None:
        self.findings = findings
        self.phrases = phrases
        self.secret_search: Callable[[str], Any] = LazySearch(secret, self._install)
        self.secret_hint = secret_hint
        self.max_depth = max_depth
        self.counter: Callable[[str], int | None] | None | str = "auto"
        self.needed = 0

    def _install(self, search: Callable[[str], Any]) -> None:
        self.secret_search = search  # compiled on first use (see patterns)
