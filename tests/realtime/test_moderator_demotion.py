"""A demoted moderator's open queue pages leave the group's moderators' room at once."""
from __future__ import annotations

from forum.services import groups, rooms
from tests.realtime.conftest import events
from tests.support.moderation import report, user

GROUP = "garden"


def _watching(connect, username: str):
    client = connect(username)
    assert client.emit("watch_queue", {}, callback=True)["ok"] is True
    return client


def test_a_demoted_moderators_sockets_stop_getting_the_groups_reports(app, mod_world, connect):
    queue_page, other_tab, admin = _watching(connect, "mod"), _watching(connect, "mod"), _watching(connect, "admin")
    report(app, "ben", "post", mod_world.post)
    assert len(events(queue_page, "report")) == 1 and len(events(other_tab, "report")) == 1

    with app.app_context():
        groups.demote_moderator(user("admin"), rooms.get_room_group(GROUP), "mod")
        group_id = rooms.get_room_group(GROUP).id

    assert events(queue_page, "moderation_ended") == [{"group": GROUP, "group_id": group_id, "username": "mod"}]
    admin.get_received(), other_tab.get_received()
    report(app, "cara", "thread", mod_world.thread)
    assert events(queue_page, "report") == [] and events(other_tab, "report") == []
    assert [item["target_type"] for item in events(admin, "report")] == ["thread"]
    assert queue_page.emit("watch_queue", {}, callback=True)["error"] == "forbidden"
