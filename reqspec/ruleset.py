"""The set of rules a lint run applies: the built-in validator, or one generated from a user spec.

A ruleset is a module with ``lint``, ``RULES``, ``HELP``, ``KEY_RULES``, ``DOCS_URL``,
``set_token_counter`` and ``tokenizer_needed``, as every generated validator module has.
"""

from __future__ import annotations

import sys
import types
from pathlib import Path


def builtin() -> types.ModuleType:
    from . import _validator

    return _validator


def from_spec(path: str | Path) -> types.ModuleType:
    """Generate the validator of a user spec in memory and load it as a module.

    Raises SpecError (a located problem in the spec) or ImportError (PyYAML is missing).
    """
    from .emit.validator import render_validator
    from .spec.loader import load_spec

    spec = load_spec(path)
    source = render_validator(spec, Path(path).name)
    module = types.ModuleType(f"reqspec_user_spec_{spec.id}")
    module.__file__ = f"<generated from {path}>"
    sys.modules[module.__name__] = module  # dataclasses look the module up while building Error
    exec(compile(source, module.__file__, "exec"), module.__dict__)  # noqa: S102 - code we just generated
    return module
