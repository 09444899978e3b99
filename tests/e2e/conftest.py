"""Browser tests: Playwright driving Debian's chromium against a real server process.

`playwright install` cannot download browsers here, so pytest-playwright's launch fixture is
pointed at /usr/bin/chromium. Without chromium the tests skip locally and fail in CI.
"""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.support import IN_CI
from tests.support.browser import create_account
from tests.support.live_server import ROOT, running_server

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--no-first-run", "--disable-quic",
]
ARTIFACTS = ROOT / "test-results"


def pytest_collection_modifyitems(items):
    for item in items:
        item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not Path(CHROMIUM).exists():
        message = f"Debian's chromium is not installed at {CHROMIUM} (apt-get install chromium)"
        if IN_CI:
            pytest.fail(message)
        pytest.skip(message)
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def live_server(tmp_path_factory):
    with running_server(tmp_path_factory.mktemp("e2e")) as server:
        yield server


@pytest.fixture(scope="session")
def site_admin(live_server) -> str:
    """The API token of "founder", the server's first account and so its site admin, whichever test runs first."""
    return create_account(live_server.url, "founder")


@pytest.fixture
def artifacts() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS
