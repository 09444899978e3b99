"""A blocked member's typing never reaches the sockets of the person who blocked them."""
from __future__ import annotations

from forum.services import blocks
from tests.realtime.conftest import events, join
from tests.support.moderation import user

GROUP = "garden"


def test_a_blocked_members_typing_reaches_everyone_but_the_blocker(app, mod_world, connect):
    with app.app_context():
        blocks.block_member(user("ben"), "ana")
    ana, ben, ben_tab, cara = connect("ana"), connect("ben"), connect("ben"), connect("cara")
    for client in (ana, ben, ben_tab, cara):
        join(client, GROUP)
        client.get_received()

    assert ana.emit("typing", {"group": GROUP}, callback=True) == {"ok": True}

    assert [event["user"]["username"] for event in events(cara, "typing")] == ["ana"]
    assert events(ben, "typing") == [] and events(ben_tab, "typing") == []
    assert cara.emit("typing", {"group": GROUP}, callback=True) == {"ok": True}
    assert [event["user"]["username"] for event in events(ben, "typing")] == ["cara"]
