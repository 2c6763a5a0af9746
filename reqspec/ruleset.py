"""The set of rules a lint run applies: the built-in validator, or one generated from a user spec.

A ruleset is a module with ``lint``, ``lint_first``, ``RULES``, ``HELP``, ``KEY_RULES``,
``TOKENIZER_RULES``, ``DOCS_URL``, ``SECRET_SHAPE``, ``set_token_counter`` and ``tokenizer_needed``, as every
generated validator module has. Its findings are ``reqspec.runtime.errors.Error`` objects, whose
raw pointer and key flag (``raw_pointer``, ``at_key``) place them in a file.
"""

from __future__ import annotations

import os
import sys
import types

TYPE_CHECKING = False
if TYPE_CHECKING:  # the spec model is imported by what loads a spec, not by every lint run
    from pathlib import Path

    from .spec import model as m


def builtin() -> types.ModuleType:
    from . import _validator

    return _validator


def _hiding_its_secrets(module: types.ModuleType) -> types.ModuleType:
    """Output hides keys of the ruleset's secret shape from now on (besides the built-in one)."""
    from .redaction import use_secret_shape

    use_secret_shape(module.SECRET_SHAPE)
    return module


def from_spec(path: str | Path) -> types.ModuleType:
    """Generate the validator of a user spec in memory and load it as a module.

    Raises SpecError (a located problem in the spec) or ImportError (PyYAML is missing).
    """
    from .spec.loader import load_spec

    return from_model(load_spec(path), os.path.basename(os.fspath(path)))


def from_model(spec: m.Spec, spec_file: str) -> types.ModuleType:
    """The validator of a loaded spec, generated and run in memory: the one way generated code is
    run outside its file (lint with --spec, and the examples in the rules page)."""
    from .emit.validator import render_validator

    source = render_validator(spec, spec_file)
    module = types.ModuleType(f"reqspec_spec_{spec.id}")
    module.__file__ = f"<validator generated from {spec_file}>"
    sys.modules[module.__name__] = module
    exec(compile(source, module.__file__, "exec"), module.__dict__)  # noqa: S102 - code just generated from the spec
    return _hiding_its_secrets(module)
