"""Flag and crisis watched words file an automatic report in the moderation queue, with the words kept."""
from __future__ import annotations

import sqlalchemy as sa

from forum.extensions import db
from forum.models import AuditEntry, ModerationItem, Post, RoomMessage, Thread
from forum.services import moderation, threads
from tests.support.moderation import report, send_message, user
from tests.support.watched import watch


def _open_items() -> list[ModerationItem]:
    return moderation.queue(user("mod"))


def test_a_flagged_reply_is_stored_and_reported_automatically_not_as_people_flagging(app, mod_world):
    watch(app, "pills", "flag")
    with app.app_context():
        post = threads.post_reply(user("ben"), db.session.get(Thread, mod_world.thread), "I have too many pills")
        post_id = post.id
        [item] = _open_items()
        [automatic] = item.reports
        entry = db.session.scalar(sa.select(AuditEntry).where(AuditEntry.item_id == item.id))

        assert db.session.get(Post, post_id).body == "I have too many pills"
        assert (item.target_type, item.target_id, item.is_crisis) == ("post", post_id, False)
        assert automatic.is_automatic and automatic.reporter is None
        assert automatic.note == "Automatic: the watched words “pills” matched."
        assert (entry.actor_id, entry.action, entry.before) == (None, "report", "I have too many pills")


def test_a_crisis_room_message_goes_through_and_tops_the_queue(app, mod_world):
    watch(app, "end it all", "crisis")
    older = report(app, "ben", "post", mod_world.post)
    report(app, "cara", "post", mod_world.post)
    with app.app_context():
        message_id = send_message("ben", "garden", "some days I want to end it all")
        queue = _open_items()

        assert db.session.get(RoomMessage, message_id).body == "some days I want to end it all"
        assert [(item.target_type, item.is_crisis) for item in queue] == [("room_message", True), ("post", False)]
        assert queue[0].reports[0].reason == "crisis" and queue[1].id == older


def test_an_edit_that_still_matches_adds_no_second_automatic_report(app, mod_world):
    watch(app, "pills", "flag")
    with app.app_context():
        post = threads.post_reply(user("ben"), db.session.get(Thread, mod_world.thread), "the pills again")
        threads.edit_post(user("ben"), post, "the pills, still")
        [item] = _open_items()
        assert item.report_count == 1


def test_text_matching_nothing_files_nothing(app, mod_world):
    watch(app, "pills", "flag")
    with app.app_context():
        threads.post_reply(user("ben"), db.session.get(Thread, mod_world.thread), "a walk helped today")
        assert _open_items() == []


def test_moderators_see_the_report_labelled_automatic(app, mod_world, make_client, login):
    watch(app, "pills", "flag")
    with app.app_context():
        threads.post_reply(user("ben"), db.session.get(Thread, mod_world.thread), "I have too many pills")
    moderator = make_client()
    login(moderator, "mod")

    [item] = moderator.get("/api/v1/mod/queue").json["items"]
    assert item["reports"] == [{
        "reporter": None, "automatic": True, "reason": "other",
        "note": "Automatic: the watched words “pills” matched.", "created_at": item["reports"][0]["created_at"],
    }]
    page = moderator.get(f"/mod/items/{item['id']}").text
    assert "Automatic (watched words)" in page
