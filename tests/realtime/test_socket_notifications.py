"""Notifications arrive live on the recipient's own sockets, every tab of theirs, and nobody else's."""
from __future__ import annotations

from forum.services import accounts, notifications
from tests.realtime.conftest import GROUP, events, join, new_id


def test_a_reply_notifies_the_thread_authors_sockets_and_nobody_elses(app, people, connect, build):
    thread_id = build.thread("ana", GROUP, title="Sleep")
    ana, ana_other_tab, ben, cal = connect("ana"), connect("ana"), connect("ben"), connect("cal")
    for client in (ana, ana_other_tab, ben, cal):
        client.get_received()

    build.reply("ben", thread_id, "It gets better")

    for client in (ana, ana_other_tab):
        [event] = events(client, "notification")
        assert event["unread"] == 1
        note = event["notification"]
        assert (note["kind"], note["text"], note["actor"]["username"]) == ("reply", "ben replied to your thread “Sleep”.", "ben")
        assert note["link"].startswith(f"/threads/{thread_id}#post-")
    assert events(ben, "notification") == [] and events(cal, "notification") == []


def test_a_mention_in_the_room_notifies_the_member_even_outside_the_room(app, people, connect):
    ana, ben = connect("ana"), connect("ben")
    assert join(ana)["ok"]
    ben.get_received()
    assert ana.emit("send", {"group": GROUP, "body": "thinking of you @ben", "client_id": new_id()}, callback=True)["ok"]
    [event] = events(ben, "notification")
    assert event["notification"]["kind"] == "mention" and event["notification"]["link"] == f"/groups/{GROUP}/room"
    assert events(ana, "notification") == []


def test_reading_them_tells_the_members_other_pages(app, people, connect, build):
    build.reply("ben", build.thread("ana", GROUP), "Hello")
    ana = connect("ana")
    ana.get_received()
    with app.app_context():
        notifications.mark_all_read(accounts.get_user_by_username("ana"))
    assert events(ana, "notifications_read") == [{"unread": 0}]
