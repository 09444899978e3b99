"""Require-approval watched words hold content: only its author and the moderators see it until a
moderator approves it (then it is published and announced) or rejects it (the author is told why and
may edit and send it again, which holds it again)."""
from __future__ import annotations

import pytest
import sqlalchemy as sa

from forum.extensions import db
from forum.models import AuditEntry, Notification, Post, RoomMessage, Thread
from forum.rooms import group_room, thread_room, user_room
from forum.services import access, moderation, reading, reports, rooms, search, threads
from forum.services.errors import Invalid, NotFound
from tests.support.moderation import item, resolve, send_message, user
from tests.support.watched import watch


@pytest.fixture
def approval(app, mod_world):
    watch(app, "my address", "require_approval")
    return mod_world


def _held_item(kind: str) -> int:
    [found] = [entry for entry in moderation.queue(user("mod")) if entry.target_type == kind]
    assert found.is_held
    return found.id


def _found(thread_id: int) -> bool:
    return any(hit.thread_id == thread_id for hit in search.search(user("cara"), "Visiting", 1, 20).hits)


def _reply(thread_id: int, body: str, author: str = "ben") -> int:
    return threads.post_reply(user(author), db.session.get(Thread, thread_id), body).id


def test_a_held_reply_is_seen_by_its_author_and_moderators_only_and_not_counted_or_announced(app, approval, emitted):
    with app.app_context():
        post_id = _reply(approval.thread, "come by, my address is below")
        thread = db.session.get(Thread, approval.thread)
        shown = {name: [p.id for p in reading.thread_view(user(name), thread, None, 50).posts.items]
                 for name in ("ben", "mod", "cara")}
        assert db.session.get(Post, post_id).moderation == "held"
        assert thread.reply_count == 1  # ana's reply only
        assert post_id in shown["ben"] and post_id in shown["mod"] and post_id not in shown["cara"]
        with pytest.raises(NotFound):
            access.get_readable_post(user("cara"), post_id)
    assert not any(event.name == "thread_post" for event in emitted)
    assert [event.name for event in emitted] == ["report"]  # to the moderators' room only


def test_approving_a_held_reply_publishes_counts_and_announces_it(app, approval, emitted):
    with app.app_context():
        post_id = _reply(approval.thread, "come by, my address is below")
        item_id = _held_item("post")
    emitted.clear()
    resolve(app, "mod", item_id, "approve", "Fine to share in this group.")
    with app.app_context():
        thread = db.session.get(Thread, approval.thread)
        assert db.session.get(Post, post_id).moderation is None
        assert thread.reply_count == 2
        assert post_id in [p.id for p in reading.thread_view(user("cara"), thread, None, 50).posts.items]
        [told] = db.session.scalars(sa.select(Notification).where(Notification.user_id == user("ben").id))
        assert "approved your post" in told.text and "Fine to share" in told.text
        entry = db.session.scalar(sa.select(AuditEntry).where(AuditEntry.item_id == item_id, AuditEntry.action == "approve"))
        assert entry.actor_id == user("mod").id and entry.after == "(published)"
    [announced] = [event for event in emitted if event.name == "thread_post"]
    assert announced.room == thread_room(approval.thread) and announced.payload["body"] == "come by, my address is below"


def test_rejecting_tells_the_author_why_and_an_edit_sends_it_back_for_review(app, approval, emitted):
    with app.app_context():
        post_id = _reply(approval.thread, "come by, my address is below")
        item_id = _held_item("post")
    resolve(app, "mod", item_id, "reject", "Please don't share where you live.")
    with app.app_context():
        post = db.session.get(Post, post_id)
        assert post.moderation == "rejected"
        assert post_id not in [p.id for p in reading.thread_view(user("cara"), post.thread, None, 50).posts.items]
        [told] = db.session.scalars(sa.select(Notification).where(Notification.user_id == user("ben").id))
        assert "didn't approve your post" in told.text and "where you live" in told.text
        assert told.quote == "come by, my address is below"
        assert db.session.scalar(sa.select(AuditEntry.after).where(AuditEntry.action == "reject")) == "(not approved)"

        emitted.clear()
        threads.edit_post(user("ben"), post, "come by the library instead")
        assert db.session.get(Post, post_id).moderation == "held"
        again = _held_item("post")
        assert again != item_id and item(app, again).snapshot_body == "come by the library instead"
    assert [event.name for event in emitted] == ["report"]


def test_a_held_thread_is_in_no_list_and_no_search_until_approved(app, approval):
    with app.app_context():
        thread = threads.start_thread(user("ben"), db.session.get(Thread, approval.thread).group, "Visiting", "my address is 5 Elm St")
        thread_id, group = thread.id, thread.group
        assert thread.moderation == "held"
        listed = {name: [t.id for t in reading.group_threads(user(name), group, None, 50).items] for name in ("ben", "mod", "cara")}
        assert thread_id in listed["ben"] and thread_id in listed["mod"] and thread_id not in listed["cara"]
        with pytest.raises(NotFound):
            access.get_readable_thread(user("cara"), thread_id)
        assert not _found(thread_id)
        item_id = _held_item("thread")
    resolve(app, "mod", item_id, "approve", "Fine.")
    with app.app_context():
        assert access.get_readable_thread(user("cara"), thread_id).moderation is None
        assert _found(thread_id)
        assert threads.opening_post(db.session.get(Thread, thread_id)).moderation is None


def test_a_held_room_message_reaches_its_author_only_and_approval_publishes_it_as_the_newest(app, approval, emitted):
    with app.app_context():
        held_id = send_message("ben", "garden", "my address is 5 Elm St")
        later_id = send_message("cara", "garden", "hello all")
        group = db.session.get(RoomMessage, held_id).group
        assert [e.room for e in emitted if e.name == "message"] == [user_room(user("ben").id), group_room(group.id)]
        assert held_id not in [m.id for m in rooms.messages_after(user("cara"), group, 0).messages]
        assert held_id in [m.id for m in rooms.messages_after(user("ben"), group, 0).messages]
        with pytest.raises(NotFound):
            reports.report_target(user("cara"), "room_message", held_id)
        item_id = _held_item("room_message")
    emitted.clear()
    resolve(app, "mod", item_id, "approve", "Fine.")
    with app.app_context():
        assert db.session.get(RoomMessage, held_id) is None
        [published] = rooms.messages_after(user("cara"), group, later_id).messages
        assert published.id > later_id and published.body == "my address is 5 Elm St"
        assert item(app, item_id).target_id == published.id
    assert [(e.name, e.room) for e in emitted if e.name in ("message", "message_removed")] == [
        ("message_removed", user_room(user_id_of(app, "ben"))), ("message", group_room(group.id)),
    ]


def test_a_rejected_room_message_leaves_its_author_too(app, approval, emitted):
    with app.app_context():
        held_id = send_message("ben", "garden", "my address is 5 Elm St")
        item_id = _held_item("room_message")
    resolve(app, "mod", item_id, "reject", "Not here, please.")
    with app.app_context():
        group = db.session.get(RoomMessage, held_id).group
        assert held_id not in [m.id for m in rooms.messages_after(user("ben"), group, 0).messages]
        [told] = db.session.scalars(sa.select(Notification).where(Notification.user_id == user("ben").id))
        assert "You can send it again" in told.text and told.quote == "my address is 5 Elm St"


def test_held_items_take_only_approve_or_reject_and_others_never(app, approval):
    with app.app_context():
        _reply(approval.thread, "my address is here")
        held = _held_item("post")
        other = reports.file_report(user("ben"), "post", approval.post, "spam").report.item_id
        with pytest.raises(Invalid):
            moderation.resolve(user("mod"), held, "hide", "no")
        with pytest.raises(Invalid):
            moderation.resolve(user("mod"), other, "approve", "no")


def test_nobody_replies_to_or_reacts_to_held_content(app, approval):
    with app.app_context():
        post_id = _reply(approval.thread, "my address is here")
        with pytest.raises(Invalid):
            threads.post_reply(user("ben"), db.session.get(Thread, approval.thread), "more", post_id)
        for who in ("ben", "mod"):  # not even its author or a moderator: reactions wait for its publication
            with pytest.raises(Invalid):
                threads.set_reaction(user(who), db.session.get(Post, post_id), "support", True)
        held_id = send_message("ben", "garden", "my address again")
        group = db.session.get(RoomMessage, held_id).group
        with pytest.raises(NotFound):
            rooms.react_to_message(user("cara"), group, held_id, "support", True)


def user_id_of(app, username: str) -> int:
    with app.app_context():
        return user(username).id
