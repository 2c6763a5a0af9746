"""Shared fixtures, and the Hypothesis profiles: ``ci`` (thorough) and ``dev`` (quick).

CI sets CI=true, which selects ``ci``; HYPOTHESIS_PROFILE overrides either way.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

settings.register_profile(
    "ci", max_examples=2000, deadline=None, derandomize=False, print_blob=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much],
)
settings.register_profile(
    "dev", max_examples=150, deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much],
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE") or ("ci" if os.environ.get("CI") else "dev"))

ROOT = Path(__file__).resolve().parent.parent
SPEC_PATH = ROOT / "schema" / "chat_completion_request.yaml"
SCHEMA_PATH = ROOT / "schema" / "chat_completion_request.schema.json"


@pytest.fixture(scope="session")
def spec():
    from reqspec.spec.loader import load_spec

    return load_spec(SPEC_PATH)


@pytest.fixture(scope="session")
def schema():
    import json

    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
