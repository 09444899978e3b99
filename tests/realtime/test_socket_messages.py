"""join, send, sync and react over Socket.IO: every rule answers with its stable error code."""
from datetime import timedelta

import pytest
import sqlalchemy as sa

from forum.extensions import db
from forum.models import RoomMessage
from forum.services import rooms
from tests.realtime.conftest import GROUP, events, join, new_id, send


def _error(ack: dict) -> str:
    assert ack["ok"] is False and ack["message"], ack
    return ack["error"]


def test_a_message_is_stored_then_reaches_everyone_in_the_room(people, connect, app):
    ana, ben = connect("ana"), connect("ben")
    join(ana), join(ben)
    ack = send(ana, "**glad** to be here")
    assert ack["ok"] is True
    message = ack["message"]
    assert message["body_html"] == "<p><strong>glad</strong> to be here</p>\n"
    assert message["author"]["username"] == "ana" and message["group"] == GROUP
    assert events(ben, "message") == [message]
    with app.app_context():
        assert db.session.get(RoomMessage, message["id"]).body == "**glad** to be here"


def test_join_gives_the_latest_messages_and_who_is_present(people, connect):
    ana = connect("ana")
    join(ana)
    sent = [send(ana, f"note {n}")["message"]["id"] for n in range(3)]
    ack = join(connect("ben"))
    assert [m["id"] for m in ack["messages"]] == sent
    assert [p["username"] for p in ack["present"]] == ["ana", "ben"]


@pytest.mark.parametrize("event", ["join", "sync", "send", "typing", "react"])
def test_someone_outside_the_group_is_not_a_member(people, connect, event):
    payload = {"group": GROUP, "after": 0, "body": "hi", "client_id": new_id(), "message_id": 1, "kind": "support", "on": True}
    assert _error(connect("cal").emit(event, payload, callback=True)) == "not_member"


def test_a_pending_request_is_not_membership_yet(people, build, connect):
    build.group("quiet", visibility="private")
    build.join("cal", "quiet")
    assert _error(join(connect("cal"), "quiet")) == "not_member"


def test_a_banned_member_cannot_enter(people, connect, set_membership):
    set_membership("ben", GROUP, status="banned")
    ben = connect("ben")
    assert _error(join(ben)) == "banned"
    assert _error(ben.emit("sync", {"group": GROUP, "after": 0}, callback=True)) == "banned"


def test_a_muted_member_reads_but_cannot_send(people, connect, set_membership):
    ana = connect("ana")
    join(ana)
    send(ana, "before the pause")
    set_membership("ana", GROUP, muted_for=timedelta(hours=1))
    ack = join(ana)
    assert ack["ok"] is True and [m["body"] for m in ack["messages"]] == ["before the pause"]
    assert _error(send(ana, "during the pause")) == "muted"
    assert _error(ana.emit("typing", {"group": GROUP}, callback=True)) == "muted"


def test_a_mute_that_has_ended_no_longer_applies(people, connect, set_membership):
    set_membership("ana", GROUP, muted_for=timedelta(hours=-1))
    assert send(connect("ana"), "back again")["ok"] is True


def test_an_unknown_group_is_not_found(people, connect):
    assert _error(join(connect("ana"), "no-such-group")) == "not_found"


def test_messages_have_a_size_limit(people, connect):
    ana = connect("ana")
    assert send(ana, "x" * rooms.MAX_MESSAGE)["ok"] is True
    assert _error(send(ana, "x" * (rooms.MAX_MESSAGE + 1))) == "too_long"


@pytest.mark.parametrize(
    "event, args",
    [
        ("join", ()),
        ("join", ("circle",)),
        ("join", (["circle"],)),
        ("join", ({"group": "circle"}, {"group": "circle"})),
        ("join", ({"group": 7},)),
        ("join", ({"group": "circle", "after": "12"},)),
        ("sync", ({"group": "circle"},)),
        ("sync", ({"group": "circle", "after": -1},)),
        ("sync", ({"group": "circle", "after": 2**63},)),
        ("sync", ({"group": "circle", "after": True},)),
        ("send", ({"group": "circle", "body": "hi"},)),
        ("send", ({"group": "circle", "body": "hi", "client_id": "not-a-uuid"},)),
        ("send", ({"group": "circle", "body": "hi", "client_id": 12345},)),
        ("send", ({"group": "circle", "body": None, "client_id": "6f1c2b9e-4a55-4c3e-9d57-0f1b8f6a2b11"},)),
        ("send", ({"group": "circle", "body": "   ", "client_id": "6f1c2b9e-4a55-4c3e-9d57-0f1b8f6a2b11"},)),
        ("send", ({"group": "circle", "body": "hi", "client_id": "6f1c2b9e-4a55-4c3e-9d57-0f1b8f6a2b11", "reply_to": "1"},)),
        ("typing", ({},)),
        ("react", ({"group": "circle", "message_id": 1, "kind": "angry", "on": True},)),
        ("leave", ({"group": None},)),
    ],
)
def test_malformed_payloads_are_invalid_and_harm_nothing(people, connect, event, args):
    ana = connect("ana")
    assert _error(ana.emit(event, *args, callback=True)) == "invalid"
    assert ana.is_connected()
    assert send(ana, "still fine")["ok"] is True


@pytest.mark.parametrize("send_limit", ["3 per minute"])
def test_sending_faster_than_the_limit_is_rate_limited_per_member(people, connect):
    ana, ben = connect("ana"), connect("ben")
    assert [send(ana, f"quick {n}")["ok"] for n in range(3)] == [True, True, True]
    assert _error(send(ana, "one too many")) == "rate_limited"
    assert send(ben, "my own budget")["ok"] is True


def test_a_resend_with_the_same_client_id_returns_the_stored_message_and_broadcasts_once(people, connect, app):
    ana, ben = connect("ana"), connect("ben")
    join(ana), join(ben)
    client_id = new_id()
    first = send(ana, "only once", client_id=client_id)["message"]
    again = send(ana, "only once", client_id=client_id)["message"]
    assert again == first
    assert [m["id"] for m in events(ben, "message")] == [first["id"]]
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(RoomMessage)) == 1


@pytest.mark.parametrize("send_limit", ["1 per minute"])
def test_a_resend_is_answered_even_when_the_sender_is_out_of_budget(people, connect):
    ana = connect("ana")
    client_id = new_id()
    first = send(ana, "kept", client_id=client_id)["message"]
    assert send(ana, "kept", client_id=client_id)["message"]["id"] == first["id"]


def test_sync_fills_a_gap_in_order_page_by_page(people, connect, monkeypatch):
    monkeypatch.setattr(rooms, "PAGE_SIZE", 3)
    ana, ben = connect("ana"), connect("ben")
    seen = send(ana, "before ben dropped")["message"]["id"]
    missed = [send(ana, f"while away {n}")["message"]["id"] for n in range(7)]

    got, after, pages = [], seen, 0
    while True:
        ack = ben.emit("sync", {"group": GROUP, "after": after}, callback=True)
        got += [m["id"] for m in ack["messages"]]
        pages += 1
        if not ack["more"]:
            break
        after = got[-1]
    assert got == missed and pages == 3


def test_join_after_an_id_starts_from_there(people, connect, monkeypatch):
    monkeypatch.setattr(rooms, "PAGE_SIZE", 3)
    ana = connect("ana")
    ids = [send(ana, f"m{n}")["message"]["id"] for n in range(5)]
    latest = join(connect("ben"))
    assert [m["id"] for m in latest["messages"]] == ids[-3:] and latest["more"] is False
    resumed = join(connect("ben"), after=ids[0])
    assert [m["id"] for m in resumed["messages"]] == ids[1:4] and resumed["more"] is True


def test_a_reply_quotes_the_message_it_answers(people, connect, build):
    ana, ben = connect("ana"), connect("ben")
    original = send(ana, "Today was *hard*.")["message"]
    reply = send(ben, "I hear you.", reply_to=original["id"])["message"]
    assert reply["reply_to"] == {
        "id": original["id"], "author": original["author"], "excerpt": "Today was *hard*.", "removed": False,
    }
    build.user("dee")
    build.group("elsewhere", members=("ana", "dee"))
    assert _error(send(ana, "wrong room", group="elsewhere", reply_to=original["id"])) == "not_found"


def test_reactions_toggle_one_of_each_kind_per_member_and_reach_the_room(people, connect):
    ana, ben = connect("ana"), connect("ben")
    join(ana), join(ben)
    message_id = send(ana, "one year today")["message"]["id"]
    ana.get_received()

    def react(kind, on):
        return ben.emit("react", {"group": GROUP, "message_id": message_id, "kind": kind, "on": on}, callback=True)

    assert react("celebrate", True)["reactions"] == {"celebrate": 1}
    assert react("celebrate", True)["reactions"] == {"celebrate": 1}
    assert events(ana, "message_reaction") == [{"group": GROUP, "message_id": message_id, "counts": {"celebrate": 1}}]
    assert react("celebrate", False)["reactions"] == {}
    assert _error(ben.emit("react", {"group": GROUP, "message_id": 999, "kind": "support", "on": True}, callback=True)) == "not_found"
    assert join(connect("ana"))["messages"][0]["reactions"] == {}
