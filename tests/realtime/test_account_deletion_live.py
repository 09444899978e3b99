"""Deleting an account over a live room: the member's sockets close, erased messages leave every
connected client, their shared milestones leave the room, and the history no longer names them."""
from __future__ import annotations

import json

import pytest

from forum.extensions import socketio
from tests.conftest import PASSWORD
from tests.realtime.conftest import join
from tests.support.member_data import SUBJECT, SUBJECT_DISPLAY

ROOM = "harbour"


@pytest.fixture
def signed_in(app, make_client, login):
    def _signed_in(username: str):
        http = make_client()
        login(http, username)
        return http

    return _signed_in


def _open_room(app, http):
    socket = socketio.test_client(app, flask_test_client=http)
    assert join(socket, ROOM)["ok"]
    socket.get_received()  # what joining sent
    return socket


def _delete(http, content: str):
    return http.post("/api/v1/me/delete", json={"password": PASSWORD, "content": content})


def test_the_deleted_members_sockets_close_with_the_reason(app, member_world, signed_in):
    heron = signed_in(SUBJECT)
    heron_room, other_browser = _open_room(app, heron), _open_room(app, signed_in(SUBJECT))

    assert _delete(heron, "keep").status_code == 200

    for socket in (heron_room, other_browser):
        assert not socket.is_connected()
        reasons = [item["args"][0]["reason"] for item in socket.queue if item["name"] == "sessions_ended"]
        assert reasons == ["account_deleted"]


def test_a_deleted_member_cannot_connect_again_with_the_old_browser(app, member_world, signed_in):
    heron = signed_in(SUBJECT)
    assert _delete(heron, "keep").status_code == 200
    assert not socketio.test_client(app, flask_test_client=heron).is_connected()


def test_erased_messages_leave_the_room_and_shared_milestones_leave_the_feed(app, member_world, signed_in):
    otter_room = _open_room(app, signed_in("otter"))

    assert _delete(signed_in(SUBJECT), "erase").status_code == 200

    received = otter_room.get_received()
    removed = [item["args"][0] for item in received if item["name"] == "message_removed"]
    milestones = [item["args"][0] for item in received if item["name"] == "milestone_removed"]
    assert removed == [{"group": ROOM, "message_id": member_world.subject_message}]
    assert milestones == [{"group": ROOM, "id": member_world.subject_milestone}]
    assert otter_room.is_connected()


@pytest.mark.parametrize("content", ["keep", "erase"])
def test_the_room_history_no_longer_names_the_member(app, member_world, signed_in, content):
    otter = signed_in("otter")
    assert _delete(signed_in(SUBJECT), content).status_code == 200

    socket = socketio.test_client(app, flask_test_client=otter)
    joined = join(socket, ROOM)
    synced = socket.emit("sync", {"group": ROOM, "after": 0}, callback=True)
    assert joined["ok"] and synced["ok"]
    text = json.dumps([joined, synced]).casefold()
    assert SUBJECT.casefold() not in text and SUBJECT_DISPLAY.casefold() not in text
    ids = [message["id"] for message in synced["messages"]]
    if content == "keep":
        assert member_world.subject_message in ids
        kept = next(message for message in synced["messages"] if message["id"] == member_world.subject_message)
        assert kept["author"]["username"] == f"former member {member_world.subject_id}"
    else:
        assert member_world.subject_message not in ids
