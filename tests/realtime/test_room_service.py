"""forum.services.rooms: the stored rows and the events published, without sockets."""
import threading
import uuid
from datetime import timedelta

import pytest
import sqlalchemy as sa

from forum import events
from forum.extensions import db
from forum.models import Group, Membership, RoomMessage, User
from forum.models.base import utcnow
from forum.services import groups, rooms
from forum.services.errors import Banned, Invalid, Muted, NotFound, NotMember, TooLong


def _user(name):
    return db.session.scalar(sa.select(User).where(User.username == name))


def _group(slug="circle"):
    return db.session.scalar(sa.select(Group).where(Group.slug == slug))


@pytest.fixture
def emitted(monkeypatch):
    """The events emitted (after commit), as (name, room, payload)."""
    seen = []
    monkeypatch.setattr(events, "emit", lambda evt: seen.append((evt.name, evt.room, evt.payload)))
    return seen


@pytest.fixture
def circle(ctx, build):
    for name in ("ana", "ben", "cal"):
        build.user(name)
    return build.group("circle", members=("ana", "ben"))


def _send(name, body="hello", client_id=None, reply_to=None, slug="circle"):
    return rooms.send_room_message(_user(name), _group(slug), body, client_id or str(uuid.uuid4()), reply_to).message


def test_a_message_is_stored_then_published_to_the_group_room(circle, emitted):
    message = _send("ana", "*warm* hello")
    stored = db.session.get(RoomMessage, message["id"])
    assert (stored.body, stored.body_html) == ("*warm* hello", "<p><em>warm</em> hello</p>\n")
    assert [(name, room, payload["id"]) for name, room, payload in emitted] == [
        ("message", f"group:{_group().id}", message["id"])
    ]


def test_a_refused_message_publishes_nothing(circle, emitted):
    with pytest.raises(TooLong):
        _send("ana", "x" * (rooms.MAX_MESSAGE + 1))
    with pytest.raises(NotMember):
        _send("cal")
    assert emitted == []
    assert db.session.scalar(sa.select(sa.func.count()).select_from(RoomMessage)) == 0


def test_the_same_client_id_gives_back_the_stored_message_without_publishing_again(circle, emitted):
    client_id = str(uuid.uuid4())
    first = _send("ana", "once", client_id)
    assert _send("ana", "once", client_id.upper())["id"] == first["id"]
    assert len(emitted) == 1
    assert _send("ben", "mine", client_id)["id"] != first["id"]  # client ids are per author


def test_a_retry_gets_the_stored_message_even_after_the_sender_was_muted(circle, emitted):
    client_id = str(uuid.uuid4())
    first = _send("ana", "sent before the pause", client_id)
    membership = db.session.scalar(sa.select(Membership).where(Membership.user_id == _user("ana").id))
    membership.muted_until = utcnow() + timedelta(hours=1)
    db.session.commit()
    assert _send("ana", "sent before the pause", client_id)["id"] == first["id"]
    with pytest.raises(Muted):
        _send("ana", "a new message")
    assert len(emitted) == 1


def test_a_client_id_cannot_be_reused_in_another_room(circle, build):
    build.group("other", members=("ana",))
    client_id = str(uuid.uuid4())
    _send("ana", "here", client_id)
    with pytest.raises(Invalid):
        _send("ana", "there", client_id, slug="other")


def test_ids_grow_within_a_room_and_sync_pages_through_them_in_order(circle, monkeypatch):
    monkeypatch.setattr(rooms, "PAGE_SIZE", 2)
    ids = [_send("ana" if n % 2 else "ben", f"m{n}")["id"] for n in range(5)]
    assert ids == sorted(ids)
    first = rooms.messages_after(_user("ben"), _group(), 0)
    second = rooms.messages_after(_user("ben"), _group(), first.messages[-1].id)
    last = rooms.messages_after(_user("ben"), _group(), second.messages[-1].id)
    pages = [([m.id for m in page.messages], page.more) for page in (first, second, last)]
    assert pages == [(ids[:2], True), (ids[2:4], True), (ids[4:], False)]


def test_joining_without_an_id_gives_the_latest_page_oldest_first(circle, monkeypatch):
    monkeypatch.setattr(rooms, "PAGE_SIZE", 3)
    ids = [_send("ana", f"m{n}")["id"] for n in range(5)]
    page = rooms.join_room(_user("ben"), _group())
    assert [m.id for m in page.messages] == ids[-3:] and page.more is False


def test_join_admits_before_reading_the_history_so_nothing_falls_between(circle):
    page = rooms.join_room(_user("ben"), _group(), admitted=lambda: _send("ana", "sent as ben came in"))
    assert [m.body for m in page.messages] == ["sent as ben came in"]


def test_an_invalid_join_admits_nobody(circle):
    admitted = []
    with pytest.raises(Invalid):
        rooms.join_room(_user("ben"), _group(), after="12", admitted=lambda: admitted.append(True))
    with pytest.raises(NotMember):
        rooms.join_room(_user("cal"), _group(), admitted=lambda: admitted.append(True))
    assert admitted == []


def test_messages_of_other_rooms_are_never_synced(circle, build):
    build.group("other", members=("ana",))
    _send("ana", "elsewhere", slug="other")
    assert rooms.messages_after(_user("ana"), _group(), 0).messages == []


def test_entry_needs_an_active_membership_with_the_agreement_accepted(circle, build):
    build.group("private-circle", visibility="private")
    build.join("cal", "private-circle")
    with pytest.raises(NotMember):
        rooms.join_room(_user("cal"), _group("private-circle"))

    membership = db.session.scalar(sa.select(Membership).where(Membership.user_id == _user("ben").id))
    membership.agreement_accepted_at = None
    db.session.commit()
    with pytest.raises(NotMember):
        rooms.join_room(_user("ben"), _group())


def test_banned_cannot_enter_and_muted_cannot_write(circle):
    ben = db.session.scalar(sa.select(Membership).where(Membership.user_id == _user("ben").id))
    ben.status = "banned"
    ana = db.session.scalar(sa.select(Membership).where(Membership.user_id == _user("ana").id))
    ana.muted_until = utcnow() + timedelta(minutes=10)
    db.session.commit()
    with pytest.raises(Banned):
        rooms.join_room(_user("ben"), _group())
    assert rooms.join_room(_user("ana"), _group()).messages == []
    with pytest.raises(Muted):
        _send("ana")


def test_a_reply_must_answer_a_message_of_the_same_room(circle, build):
    original = _send("ana", "A long day, but I stayed on track.")
    reply = _send("ben", "Proud of you", reply_to=original["id"])
    assert reply["reply_to"]["id"] == original["id"]
    build.group("other", members=("ana",))
    with pytest.raises(NotFound):
        _send("ana", "wrong room", reply_to=original["id"], slug="other")
    with pytest.raises(Invalid):
        _send("ana", "bad", reply_to="1")


def test_reactions_toggle_and_are_published_only_on_change(circle, emitted):
    message = _send("ana", "90 days")
    emitted.clear()
    ben, group = _user("ben"), _group()
    assert rooms.react_to_message(ben, group, message["id"], "celebrate", True) == {"celebrate": 1}
    assert rooms.react_to_message(ben, group, message["id"], "celebrate", True) == {"celebrate": 1}
    assert rooms.react_to_message(_user("ana"), group, message["id"], "celebrate", True) == {"celebrate": 2}
    assert rooms.react_to_message(ben, group, message["id"], "celebrate", False) == {"celebrate": 1}
    assert [payload["counts"] for _, _, payload in emitted] == [{"celebrate": 1}, {"celebrate": 2}, {"celebrate": 1}]
    with pytest.raises(Invalid):
        rooms.react_to_message(ben, group, message["id"], "angry", True)
    with pytest.raises(Invalid):
        rooms.react_to_message(ben, group, message["id"], "support", "yes")


def test_leaving_the_group_tells_the_persons_own_room(circle, emitted):
    ben, group = _user("ben"), _group()
    groups.leave_group(ben, group)
    assert emitted == [("membership_ended", f"user:{ben.id}", {"group": "circle", "group_id": group.id, "username": "ben"})]


def test_a_send_waits_for_a_message_still_being_stored_in_the_room_and_comes_after_it(app, circle):
    """Ids are committed in the order they were given, or a client could see the later id and sync past the
    earlier one. On PostgreSQL the room's row lock orders them (its pipelined insert included), on SQLite
    the single writer does."""
    ana = _user("ana")
    earlier_row = {"group_id": _group().id, "author_id": ana.id, "client_id": str(uuid.uuid4()), "body": "first",
                   "body_html": "<p>first</p>", "created_at": utcnow()}
    db.session.rollback()
    sent, failed = [], []

    def send_in_another_request():
        with app.app_context():
            try:
                sent.append(_send("ana", "second"))
            except Exception as error:  # the assertion below names it
                failed.append(error)

    with db.engine.connect() as writer:
        # FOR SHARE, weaker than the lock a send takes: only that lock waits for it, not the foreign-key check.
        writer.execute(sa.select(Group.id).where(Group.id == earlier_row["group_id"]).with_for_update(read=True))
        earlier_id = writer.execute(sa.insert(RoomMessage).values(earlier_row).returning(RoomMessage.id)).scalar_one()
        sender = threading.Thread(target=send_in_another_request)
        sender.start()
        sender.join(timeout=1)
        assert sender.is_alive() and not sent, "the send went ahead while an earlier message of the room was uncommitted"
        writer.commit()
    sender.join(timeout=30)
    assert not failed, failed
    assert sent[0]["id"] > earlier_id
    stored = db.session.scalars(sa.select(RoomMessage.body).where(RoomMessage.group_id == _group().id).order_by(RoomMessage.id))
    assert list(stored) == ["first", "second"]
