"""Hide secret keys in any text reqspec writes: quoted file text, messages, pointers, paths.

What a key looks like comes from the spec, as its ``secret`` pattern (``SECRET_SHAPE`` of each
generated validator): the built-in spec's always, and a user spec's once its ruleset is loaded.
Quoted text may cut a key short, so beside the pattern's own matches a shorter run is hidden too
when the pattern reads as "a prefix, then key characters": the prefix and six key characters at a
word's start (or after an escape such as ``\\n``), or before an ellipsis; and the prefix glued to a
word when the run is as long as a whole key.
"""

from __future__ import annotations

import re
from collections.abc import Callable

#: Key characters shown before a cut key is hidden: too few to guess from.
SHORTEST = 6
#: What stands for a hidden key, after the key's prefix.
HIDDEN = "[redacted]"

_redactors: dict[tuple[str, str], Callable[[str], str]] = {}
#: (prefix, redactor) of each shape, as ``redact`` reads them (rebuilt when a shape is added).
_by_prefix: list[tuple[tuple[str, Callable[[str], str]], ...]] = [()]
_builtin: list[bool] = []  # whether the built-in spec's shape is in use


def use_secret_shape(shape: tuple[str, str]) -> None:
    """Hide keys of ``shape`` (a secret pattern's regex, and the substring every key holds) too."""
    if shape not in _redactors:
        _redactors[shape] = _redactor(*shape)
        _by_prefix[0] = tuple((prefix, hide) for (_, prefix), hide in _redactors.items())


def _redactor(regex: str, prefix: str) -> Callable[[str], str]:
    passes = [re.compile(regex)]
    parts = re.search(re.escape(prefix) + r"(\[[^\]]+\])\{(\d+)", regex)
    if parts is not None:  # a prefix, then a class of key characters: runs of them go first
        chars, length = parts.group(1), int(parts.group(2))
        start = (rf"(?:(?<!{chars})|(?<=\\x[0-9a-fA-F]{{2}})|(?<=\\u[0-9a-fA-F]{{4}})|(?<=\\U[0-9a-fA-F]{{8}})"
                 r"|(?<=\\[nrt]))")
        run = re.escape(prefix) + chars
        passes.insert(0, re.compile("|".join([start + run + f"{{{SHORTEST},}}", run + f"{{{length},}}",
                                              run + f"{{{SHORTEST},}}(?=\\.\\.\\.|…)"])))
    hidden = prefix + HIDDEN

    def hide(match: re.Match[str]) -> str:
        text = match.group(0)
        return text[: text.find(prefix)] + hidden if prefix in text else hidden

    def redact(text: str) -> str:
        if prefix in text:
            for pattern in passes:
                text = pattern.sub(hide, text)
        return text

    return redact


def redact(text: str) -> str:
    """``text`` with every key-shaped run, whole or cut, replaced by its prefix and ``[redacted]``."""
    if not _builtin:  # OpenAI keys are hidden whatever spec a run uses
        from ._validator import SECRET_SHAPE

        use_secret_shape(SECRET_SHAPE)
        _builtin.append(True)
    for prefix, hide in _by_prefix[0]:
        if prefix in text:  # every key holds its prefix: most text is passed over here
            text = hide(text)
    return text
