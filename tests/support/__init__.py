"""Helpers for tests that start real processes or need real services."""
from __future__ import annotations

import os
from typing import NoReturn

import pytest

IN_CI = os.environ.get("CI", "").lower() == "true"


def unavailable(reason: str) -> NoReturn:
    """A service the test needs is not there: skip on a developer's machine, fail in CI (CI=true).

    CI starts PostgreSQL and Redis itself (.ci/run), so a missing one there is a broken run, not a
    reason to pass quietly.
    """
    if IN_CI:
        pytest.fail(f"{reason} (CI=true: a missing service fails the run instead of skipping)", pytrace=False)
    pytest.skip(reason)
