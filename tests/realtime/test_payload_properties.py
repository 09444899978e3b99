"""Every Socket.IO event, fed arbitrary JSON-ish payloads: the answer is always an ack, `ok: true` or
`ok: false` with an error code that docs/PROTOCOL.md lists for that event; the server never fails,
and the socket stays connected.
"""
from __future__ import annotations

import re
import uuid
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from forum.realtime.handlers import RoomNamespace
from tests.realtime.conftest import GROUP

PROTOCOL = Path(__file__).resolve().parents[2] / "docs" / "PROTOCOL.md"
EVENTS = sorted(name[3:] for name in vars(RoomNamespace) if name.startswith("on_") and name not in {"on_connect", "on_disconnect"})
BIG = 2**70

json_scalars = st.one_of(
    st.none(), st.booleans(), st.integers(min_value=-BIG, max_value=BIG), st.floats(allow_nan=False), st.text(max_size=30),
    st.sampled_from([0, -1, 1, 2**31, 2**63, -(2**63) - 1, "", " ", "1", "circle", GROUP, "nope", "\x00", "😀" * 3]),
)
json_values = st.recursive(
    json_scalars,
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=8), inner, max_size=4)),
    max_leaves=12,
)
FIELDS = ["group", "after", "body", "client_id", "reply_to", "message_id", "kind", "on", "thread"]
field_values = {
    "group": st.one_of(st.just(GROUP), json_values),
    "client_id": st.one_of(st.builds(lambda: str(uuid.uuid4())), json_values),
    "kind": st.one_of(st.sampled_from(["support", "celebrate", "hug"]), json_values),
    "on": st.one_of(st.booleans(), json_values),
    "body": st.one_of(st.text(max_size=60), st.just("x" * 4001), json_values),
}
# Objects shaped like real payloads (each known field present or not, with a plausible or arbitrary value).
shaped_payloads = st.fixed_dictionaries({}, optional={name: field_values.get(name, json_values) for name in FIELDS})


def documented_errors() -> dict[str, set[str]]:
    """event -> the error codes its row in PROTOCOL.md's client-to-server table lists, plus `unauthorized` (any event)."""
    section = PROTOCOL.read_text().split("## Client → server events", 1)[1].split("\n## ", 1)[0]
    rows = re.findall(r"^\| `(\w+)` \|.*\| ([^|]*) \|$", section, re.M)
    return {event: set(re.findall(r"`(\w+)`", errors)) | {"unauthorized"} for event, errors in rows}


@pytest.fixture
def ana(people, connect):
    socket = connect("ana")
    assert socket.emit("join", {"group": GROUP, "after": None}, callback=True)["ok"]
    return socket


def check_answer(socket, event: str, answer) -> None:
    assert isinstance(answer, dict) and isinstance(answer.get("ok"), bool), answer
    if not answer["ok"]:
        assert answer["error"] in documented_errors()[event], (event, answer)
        assert isinstance(answer["message"], str) and answer["message"]
    assert socket.is_connected()


def test_every_event_has_its_errors_documented():
    documented = documented_errors()
    assert set(EVENTS) <= set(documented)
    assert all("server_error" not in codes for codes in documented.values())


@pytest.mark.parametrize("event", EVENTS)
@given(payload=shaped_payloads)
def test_payloads_shaped_like_the_protocol_get_a_documented_answer(ana, event, payload):
    check_answer(ana, event, ana.emit(event, payload, callback=True))


@pytest.mark.parametrize("event", EVENTS)
@given(payload=json_values)
def test_any_json_value_gets_a_documented_answer(ana, event, payload):
    check_answer(ana, event, ana.emit(event, payload, callback=True))


@pytest.mark.parametrize("event", EVENTS)
@given(arguments=st.lists(json_values, max_size=3).filter(lambda args: len(args) != 1))
def test_no_payload_or_several_arguments_are_invalid(ana, event, arguments):
    answer = ana.emit(event, *arguments, callback=True)
    check_answer(ana, event, answer)
    assert answer["error"] == "invalid"
