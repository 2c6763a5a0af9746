"""Standard modules imported when first used: most bodies never need a suggestion, a fingerprint
or a JSON parse, so importing a validator does not pay for those modules."""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:  # names for annotations only: importing typing would slow the validator's import
    from typing import Any


class OnFirstUse:
    """A module imported on first attribute access."""

    __slots__ = ("_name", "_module")

    def __init__(self, name: str) -> None:
        self._name = name
        self._module: Any = None

    def __getattr__(self, attribute: str) -> Any:
        if self._module is None:
            import importlib

            self._module = importlib.import_module(self._name)
        return getattr(self._module, attribute)


lazy_difflib = OnFirstUse("difflib")
lazy_hashlib = OnFirstUse("hashlib")
lazy_json = OnFirstUse("json")
