"""Service test fixtures."""
import pytest

from forum import events
from tests.support.moderation import mod_world  # noqa: F401  (a fixture for the moderation tests)
from tests.support.member_data import member_world  # noqa: F401  (a member with data of every kind, for export and deletion tests)


@pytest.fixture
def emitted(monkeypatch) -> list[events.Event]:
    """The events emitted after each commit, in order (nothing reaches a socket)."""
    captured: list[events.Event] = []
    monkeypatch.setattr(events, "emit", captured.append)
    return captured
