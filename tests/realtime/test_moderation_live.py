"""Moderation over real Socket.IO connections: removed messages vanish, mutes and bans act at once,
and reports reach the group's moderators and nobody else."""
from __future__ import annotations

from forum.services import rooms
from tests.realtime.conftest import events, join, send
from tests.support.moderation import report, resolve

GROUP = "garden"


def _watching(connect, username: str):
    client = connect(username)
    ack = client.emit("watch_queue", {}, callback=True)
    assert ack["ok"] is True, ack
    return client, ack


def test_a_removed_message_disappears_for_a_connected_member(app, mod_world, connect):
    ben = connect("ben")
    assert join(ben, GROUP)["messages"][-1]["id"] == mod_world.message
    ben.get_received()

    resolve(app, "mod", report(app, "cara", "room_message", mod_world.message), "remove", "Not kind")

    assert events(ben, "message_removed") == [{"group": GROUP, "message_id": mod_world.message}]
    synced = ben.emit("sync", {"group": GROUP, "after": 0}, callback=True)
    assert synced["ok"] and mod_world.message not in [m["id"] for m in synced["messages"]]
    assert mod_world.message not in [m["id"] for m in join(connect("cara"), GROUP)["messages"]]


def test_a_muted_members_send_gets_muted(app, mod_world, connect):
    ana = connect("ana")
    join(ana, GROUP)

    resolve(app, "mod", report(app, "ben", "room_message", mod_world.message), "mute", "A pause", minutes=15)

    ack = send(ana, "are you there?", group=GROUP)
    assert (ack["ok"], ack["error"]) == (False, "muted")
    assert join(ana, GROUP)["ok"] is True  # they can still read


def test_a_banned_members_sockets_leave_the_room(app, mod_world, connect):
    ana, ana_tab, ben = connect("ana"), connect("ana"), connect("ben")
    for client in (ana, ana_tab, ben):
        join(client, GROUP)

    resolve(app, "mod", report(app, "ben", "post", mod_world.post), "ban", "Repeated harassment")

    assert events(ana, "membership_ended") == [{"group": GROUP, "group_id": events_group_id(app), "username": "ana"}]
    ana.get_received(), ana_tab.get_received()
    assert send(ben, "still here", group=GROUP)["ok"] is True
    assert events(ana, "message") == [] and events(ana_tab, "message") == []
    assert send(ana, "let me back", group=GROUP)["error"] == "banned"


def test_a_suspended_members_sockets_are_closed_at_once(app, mod_world, connect):
    ana, ana_tab, ben = connect("ana"), connect("ana"), connect("ben")
    for client in (ana, ana_tab, ben):
        join(client, GROUP)
    ben.get_received()

    resolve(app, "admin", report(app, "ben", "post", mod_world.post), "suspend", "Threats")

    assert not ana.is_connected() and not ana_tab.is_connected()
    assert [event["left"] for event in events(ben, "presence")] == ["ana"]


def events_group_id(app) -> int:
    with app.app_context():
        return rooms.get_room_group(GROUP).id


def test_a_new_report_reaches_the_groups_moderators_and_no_one_else(app, mod_world, connect):
    moderator, moderator_ack = _watching(connect, "mod")
    admin, admin_ack = _watching(connect, "admin")
    other_moderator, _ = _watching(connect, "othermod")
    member = connect("cara")
    join(member, GROUP)
    assert moderator_ack["groups"] == [GROUP] and GROUP in admin_ack["groups"]

    item_id = report(app, "ben", "room_message", mod_world.message, "crisis")

    [received] = events(moderator, "report")
    assert (received["id"], received["crisis"], received["report_count"]) == (item_id, True, 1)
    assert [item["id"] for item in events(admin, "report")] == [item_id]
    assert events(other_moderator, "report") == []
    assert member.get_received() == []


def test_claims_and_resolutions_reach_the_moderators_as_report_updated(app, mod_world, connect):
    item_id = report(app, "ben", "post", mod_world.post)
    moderator, _ = _watching(connect, "mod")
    member = connect("cara")

    resolve(app, "mod", item_id, "dismiss", "No violation")

    updates = events(moderator, "report_updated")
    assert [(u["id"], u["status"], u["action"]) for u in updates] == [(item_id, "resolved", "dismiss")]
    assert member.get_received() == []


def test_only_moderators_may_watch_the_queue(mod_world, connect):
    ack = connect("cara").emit("watch_queue", {}, callback=True)
    assert (ack["ok"], ack["error"]) == (False, "forbidden")
