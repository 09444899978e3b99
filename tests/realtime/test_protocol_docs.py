"""docs/PROTOCOL.md and docs/ERRORS.md stay true to the code: every event and every error code is listed."""
from pathlib import Path

from forum.errors import HTTP_CODES
from forum.realtime.handlers import RoomNamespace
from forum.services.errors import ServiceError

DOCS = Path(__file__).resolve().parents[2] / "docs"


def _all_subclasses(cls):
    for sub in cls.__subclasses__():
        yield sub
        yield from _all_subclasses(sub)


def test_every_client_event_is_in_the_protocol():
    protocol = (DOCS / "PROTOCOL.md").read_text()
    handled = {name[3:] for name in vars(RoomNamespace) if name.startswith("on_")} - {"connect", "disconnect"}
    assert handled and all(f"| `{event}` |" in protocol for event in handled), handled


def test_every_error_code_is_in_the_error_list():
    errors = (DOCS / "ERRORS.md").read_text()
    codes = {cls.code for cls in _all_subclasses(ServiceError)} | set(HTTP_CODES.values()) | {"server_error", "csrf_failed"}
    assert [code for code in sorted(codes) if f"| `{code}` |" not in errors] == []
