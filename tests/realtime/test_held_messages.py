"""Held room messages over real Socket.IO connections: until a moderator approves one, it reaches
nobody but its author; approved, it reaches the room once, under an id a later sync still finds."""
from __future__ import annotations

import sqlalchemy as sa

from forum.extensions import db
from forum.models import ModerationItem
from tests.realtime.conftest import events, join, send
from tests.support.moderation import item, resolve
from tests.support.watched import watch

GROUP = "garden"


def _held_item_id(app) -> int:
    with app.app_context():
        return db.session.scalar(sa.select(ModerationItem.id).where(ModerationItem.is_held.is_(True)))


def test_a_held_message_reaches_only_its_author_until_approved_then_the_room_once(app, mod_world, connect):
    watch(app, "my address", "require_approval")
    ben, ben_tab, cara, moderator = connect("ben"), connect("ben"), connect("cara"), connect("mod")
    for client in (ben, ben_tab, cara, moderator):
        join(client, GROUP)
        client.get_received()

    ack = send(ben, "my address is 5 Elm St", group=GROUP)
    held_id = ack["message"]["id"]
    assert ack["ok"] and ack["message"]["held"] is True

    assert [m["id"] for m in events(ben_tab, "message")] == [held_id]  # the author's other tab
    assert events(cara, "message") == [] and events(moderator, "message") == []
    assert held_id not in [m["id"] for m in join(connect("cara"), GROUP)["messages"]]
    assert held_id in [m["id"] for m in join(connect("ben"), GROUP)["messages"]]
    later = send(cara, "hello all", group=GROUP)["message"]["id"]
    for client in (ben, ben_tab, cara, moderator):
        client.get_received()

    resolve(app, "mod", _held_item_id(app), "approve", "Fine to share here.")

    arrived = events(cara, "message")
    assert [(m["body"], m["held"]) for m in arrived] == [("my address is 5 Elm St", False)]
    published = arrived[0]["id"]
    assert published > later and item(app, _held_item_id(app)).target_id == published
    assert [m["id"] for m in events(moderator, "message")] == [published]
    to_author = [event for event in ben.get_received() if event["name"] in ("message", "message_removed")]
    assert [event["name"] for event in to_author] == ["message_removed", "message"]  # the held copy goes first
    assert to_author[0]["args"][0] == {"group": GROUP, "message_id": held_id} and to_author[1]["args"]["id"] == published
    synced = connect("cara").emit("sync", {"group": GROUP, "after": later}, callback=True)
    assert [m["id"] for m in synced["messages"]] == [published]


def test_a_rejected_message_never_reaches_the_room_and_leaves_its_authors_page(app, mod_world, connect):
    watch(app, "my address", "require_approval")
    ben, cara = connect("ben"), connect("cara")
    for client in (ben, cara):
        join(client, GROUP)
        client.get_received()
    held_id = send(ben, "my address is 5 Elm St", group=GROUP)["message"]["id"]
    ben.get_received()

    resolve(app, "mod", _held_item_id(app), "reject", "Please keep addresses private.")

    assert events(ben, "message_removed") == [{"group": GROUP, "message_id": held_id}]
    assert events(cara, "message") == [] and events(cara, "message_removed") == []
    assert held_id not in [m["id"] for m in join(connect("ben"), GROUP)["messages"]]

