"""Who is here, who is typing, and who must not hear a room: presence, typing, privacy, leaving."""
from forum.extensions import db
from forum.models import Group
from forum.services import accounts, groups
from tests.realtime.conftest import GROUP, events, join, send


def _change(presence_event: dict) -> tuple[str, str]:
    """A presence delta as (what, username): ("joined", "ana") or ("left", "ana")."""
    if "joined" in presence_event:
        return "joined", presence_event["joined"]["username"]
    return "left", presence_event["left"]


def _names(join_ack: dict) -> list[str]:
    return [person["username"] for person in join_ack["present"]]


def test_presence_counts_a_person_with_two_tabs_once_and_follows_disconnects(people, connect):
    ben = connect("ben")
    join(ben)
    first_tab, second_tab = connect("ana"), connect("ana")

    assert _names(join(first_tab)) == ["ana", "ben"]
    assert [_change(e) for e in events(ben, "presence")] == [("joined", "ana")]
    assert _names(join(second_tab)) == ["ana", "ben"]
    assert events(ben, "presence") == []

    first_tab.disconnect()
    assert events(ben, "presence") == []
    second_tab.disconnect()
    assert [_change(e) for e in events(ben, "presence")] == [("left", "ana")]


def test_leaving_the_room_stops_its_messages_and_updates_presence(people, connect):
    ana, ben = connect("ana"), connect("ben")
    join(ana), join(ben)
    ben.get_received()
    assert ana.emit("leave", {"group": GROUP}, callback=True) == {"ok": True}
    assert [_change(e) for e in events(ben, "presence")] == [("left", "ana")]
    send(ben, "anyone?")
    assert events(ana, "message") == []


def test_typing_reaches_the_others_in_the_room_but_not_the_typist(people, connect):
    ana, ben = connect("ana"), connect("ben")
    join(ana), join(ben)
    ana.get_received()
    assert ana.emit("typing", {"group": GROUP}, callback=True) == {"ok": True}
    assert [e["user"]["username"] for e in events(ben, "typing")] == ["ana"]
    assert events(ana, "typing") == []


def test_a_private_groups_messages_never_reach_a_non_members_socket(people, build, connect):
    build.group("hidden", visibility="private", members=("ana",))
    ana, cal = connect("ana"), connect("cal")
    join(ana, "hidden")
    assert join(cal, "hidden")["error"] == "not_member"
    assert cal.emit("sync", {"group": "hidden", "after": 0}, callback=True)["error"] == "not_member"

    send(ana, "only for this group", group="hidden")
    ana.emit("typing", {"group": "hidden"})
    assert [e for e in cal.get_received() if e["name"] in ("message", "typing", "presence")] == []


def test_leaving_the_group_takes_the_persons_sockets_out_of_its_room_at_once(people, connect, app):
    ana, ben_phone, ben_laptop = connect("ana"), connect("ben"), connect("ben")
    for socket in (ana, ben_phone, ben_laptop):
        join(socket)
    for socket in (ana, ben_phone, ben_laptop):
        socket.get_received()

    with app.app_context():
        group = db.session.query(Group).filter_by(slug=GROUP).one()
        group_id = group.id
        groups.leave_group(accounts.get_user_by_username("ben"), group)

    for socket in (ben_phone, ben_laptop):
        assert events(socket, "membership_ended") == [{"group": GROUP, "group_id": group_id, "username": "ben"}]
    assert [_change(e) for e in events(ana, "presence")] == [("left", "ben")]
    send(ana, "after ben left")
    for socket in (ben_phone, ben_laptop):
        assert socket.get_received() == []
        assert join(socket)["error"] == "not_member"
