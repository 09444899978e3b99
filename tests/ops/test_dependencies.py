"""The pinned requirements: real-time libraries past their denial-of-service fixes, and how `make audit` judges."""
from __future__ import annotations

from importlib.metadata import version

import pytest
from packaging.version import Version

from tests.support.live_server import ROOT
from tools.audit import verdict

MINIMUM = {"python-engineio": "4.13.2", "python-socketio": "5.16.2"}


def pins() -> dict[str, str]:
    lines = (ROOT / "requirements.txt").read_text().splitlines()
    return dict(line.split("==", 1) for line in lines if "==" in line and not line.startswith("#"))


@pytest.mark.parametrize("package, minimum", MINIMUM.items())
def test_socket_libraries_are_pinned_and_installed_at_or_above_their_fixes(package, minimum):
    assert Version(pins()[package]) >= Version(minimum)
    assert Version(version(package)) >= Version(minimum)


def test_every_requirement_is_pinned_exactly():
    lines = [line for line in (ROOT / "requirements.txt").read_text().splitlines() if line and not line.startswith("#")]
    assert all("==" in line for line in lines)


def dep(name: str, **fields) -> dict:
    return {"name": name, "version": "1.0", **fields}


def test_audit_fails_on_a_known_vulnerability():
    status, message = verdict(
        {"dependencies": [dep("flask", vulns=[]), dep("werkzeug", vulns=[{"id": "GHSA-xxxx", "fix_versions": ["1.1"]}])]}
    )
    assert status == 1
    assert "werkzeug 1.0: GHSA-xxxx (fixed in 1.1)" in message


def test_audit_passes_clean_pins():
    status, message = verdict({"dependencies": [dep("flask", vulns=[]), dep("werkzeug", vulns=[])]})
    assert status == 0
    assert "No known vulnerabilities in the 2 pinned packages" in message


def test_audit_fails_when_only_some_packages_could_be_looked_up():
    status, message = verdict({"dependencies": [dep("flask", vulns=[]), {"name": "odd", "skip_reason": "not found"}]})
    assert status == 1
    assert "odd (not found)" in message


def test_audit_says_loudly_that_nothing_was_audited_when_no_package_could_be_looked_up():
    status, message = verdict({"dependencies": [{"name": "flask", "skip_reason": "Dependency not found on PyPI"}]})
    assert status == 0
    assert "AUDIT SKIPPED" in message and "NOTHING WAS AUDITED" in message
