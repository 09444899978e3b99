"""The replies the author asked for: the advice nudge, folding a reply on one's own thread, and themes."""
import pytest
import sqlalchemy as sa

from forum.extensions import db
from forum.models import Notification, Post, RoomMessage, Thread, User
from forum.services import blocks, collapsing, preferences, rooms, threads, watched_words
from forum.services.errors import AdviceNudge, BlockedWord, Forbidden, Invalid, Unauthorized

ADVICE = "You should call your sponsor."


def _user(name):
    return db.session.scalar(sa.select(User).where(User.username == name))


@pytest.fixture
def group(build):
    for name in ("ana", "ben", "cal"):
        build.user(name)
    return build.group("circle", members=("ana", "ben", "cal"))


@pytest.mark.parametrize("preference", ["just_listen", "celebrate"])
def test_advice_on_a_thread_that_asked_to_be_heard_is_nudged_and_nothing_is_stored(ctx, build, group, preference):
    thread_id = build.thread("ana", group, preference=preference)
    with pytest.raises(AdviceNudge) as nudge:
        threads.post_reply(_user("ben"), db.session.get(Thread, thread_id), ADVICE)
    assert nudge.value.code == "advice_nudge" and nudge.value.status == 409
    assert "They asked to be heard" in nudge.value.message
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Post).where(Post.depth > 0)) == 0


def test_a_confirmed_advice_reply_is_posted(ctx, build, group):
    thread_id = build.thread("ana", group, preference="just_listen")
    post = threads.post_reply(_user("ben"), db.session.get(Thread, thread_id), ADVICE, confirmed=True)
    assert post.body == ADVICE and db.session.get(Thread, thread_id).reply_count == 1


@pytest.mark.parametrize("preference", ["advice_welcome", "open"])
def test_advice_is_welcome_where_the_author_did_not_ask_to_be_heard(ctx, build, group, preference):
    thread_id = build.thread("ana", group, preference=preference)
    assert threads.post_reply(_user("ben"), db.session.get(Thread, thread_id), ADVICE).body == ADVICE


def test_listening_replies_and_the_authors_own_words_are_never_nudged(ctx, build, group):
    thread_id = build.thread("ana", group, preference="just_listen")
    thread = db.session.get(Thread, thread_id)
    assert threads.post_reply(_user("ben"), thread, "I tried that too; I hear you.").id
    assert threads.post_reply(_user("ana"), thread, "You should all know I'm okay now.").id


def test_editing_a_reply_into_advice_is_nudged_too(ctx, build, group):
    thread_id = build.thread("ana", group, preference="just_listen")
    post = db.session.get(Post, build.reply("ben", thread_id, "I'm with you."))
    with pytest.raises(AdviceNudge):
        threads.edit_post(_user("ben"), post, ADVICE)
    db.session.rollback()
    assert db.session.get(Post, post.id).body == "I'm with you."
    assert threads.edit_post(_user("ben"), db.session.get(Post, post.id), ADVICE, confirmed=True).body == ADVICE


def test_the_nudge_comes_after_the_watched_words_check(ctx, build, group):
    site_admin = db.session.scalar(sa.select(User).where(User.is_site_admin.is_(True)))
    watched_words.add_rule(site_admin, None, "forbiddenword", False, "block")
    thread_id = build.thread("ana", group, preference="just_listen")
    with pytest.raises(BlockedWord):
        threads.post_reply(_user("ben"), db.session.get(Thread, thread_id), "You should say forbiddenword.")


def test_the_thread_author_folds_a_reply_and_its_writer_is_told_kindly(ctx, build, group, emitted):
    thread_id = build.thread("ana", group, title="Rough night", preference="just_listen")
    post = threads.post_reply(_user("ben"), db.session.get(Thread, thread_id), ADVICE, confirmed=True)

    collapsing.set_collapsed(_user("ana"), post, True)

    assert db.session.get(Post, post.id).is_collapsed_by_author
    note = db.session.scalar(sa.select(Notification).where(Notification.user_id == _user("ben").id))
    assert note.kind == "collapsed" and "Rough night" in note.text and note.quote == ADVICE
    assert "Thank you" in note.text and "wrong" not in note.text.lower()
    announced = [e for e in emitted if e.name == "post_collapsed"]
    assert [(e.payload, e.room) for e in announced] == [
        ({"post_id": post.id, "thread_id": thread_id, "collapsed": True}, f"thread:{thread_id}")
    ]


def test_the_note_links_the_reply_and_never_reaches_a_replier_who_blocked_the_author(ctx, build, group):
    thread_id = build.thread("ana", group, preference="just_listen")
    told = db.session.get(Post, build.reply("ben", thread_id, "Hang in there"))
    collapsing.set_collapsed(_user("ana"), told, True)
    note = db.session.scalar(sa.select(Notification).where(Notification.kind == "collapsed"))
    assert note.link == f"/threads/{thread_id}#post-{told.id}"

    blocks.block_member(_user("ben"), "ana")
    other = db.session.get(Post, build.reply("ben", thread_id, "One more thought"))
    collapsing.set_collapsed(_user("ana"), other, True)
    assert db.session.get(Post, other.id).is_collapsed_by_author
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Notification).where(Notification.kind == "collapsed")) == 1


def test_undoing_unfolds_without_a_second_note_and_repeats_change_nothing(ctx, build, group, emitted):
    thread_id = build.thread("ana", group, preference="just_listen")
    post = db.session.get(Post, build.reply("ben", thread_id, "Hang in there"))
    collapsing.set_collapsed(_user("ana"), post, True)
    collapsing.set_collapsed(_user("ana"), post, True)
    collapsing.set_collapsed(_user("ana"), post, False)

    assert not db.session.get(Post, post.id).is_collapsed_by_author
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Notification).where(Notification.kind == "collapsed")) == 1
    assert [e.payload["collapsed"] for e in emitted if e.name == "post_collapsed"] == [True, False]


def test_only_the_thread_author_may_fold_a_reply(ctx, build, group):
    thread_id = build.thread("ana", group)
    post = db.session.get(Post, build.reply("ben", thread_id, "words"))
    with pytest.raises(Forbidden):
        collapsing.set_collapsed(_user("cal"), post, True)
    with pytest.raises(Forbidden):
        collapsing.set_collapsed(_user("ben"), post, True)
    with pytest.raises(Unauthorized):
        collapsing.set_collapsed(None, post, True)
    opening = threads.opening_post(db.session.get(Thread, thread_id))
    with pytest.raises(Invalid):
        collapsing.set_collapsed(_user("ana"), opening, True)
    assert not db.session.get(Post, post.id).is_collapsed_by_author


def test_themes_are_stored_in_list_order_and_unknown_ones_are_invalid(ctx, build, group):
    ana = _user("ana")
    circle = db.session.get(Thread, build.thread("ana", group)).group
    thread = threads.start_thread(ana, circle, "Hard day", "words", themes=["grief", "self_harm"])
    assert thread.themes == "self_harm,grief"
    reply = threads.post_reply(_user("ben"), thread, "with you", themes=["substance_use"])
    assert reply.themes == "substance_use"
    for bad in (["sadness"], "grief", [1], {"grief": True}):
        with pytest.raises(Invalid) as refused:
            threads.post_reply(_user("ben"), thread, "again", themes=bad)
        assert refused.value.field == "themes"
    sent = rooms.send_room_message(ana, circle, "heavy", "6f1c2b9e-4a55-4c3e-9d57-0f1b8f6a2b11", themes=["trauma"])
    assert sent.message["themes"] == ["trauma"]
    assert db.session.scalar(sa.select(RoomMessage.themes)) == "trauma"
    with pytest.raises(Invalid):
        rooms.send_room_message(ana, circle, "heavy", "6f1c2b9e-4a55-4c3e-9d57-0f1b8f6a2b12", themes=["nope"])


def test_a_readers_collapsed_themes_are_stored_and_replaced(ctx, build, group):
    ana = _user("ana")
    assert preferences.collapsed_themes(ana) == []
    assert preferences.set_collapsed_themes(ana, ["grief", "self_harm"]) == ["self_harm", "grief"]
    assert preferences.collapsed_themes(_user("ana")) == ["self_harm", "grief"]
    assert preferences.set_collapsed_themes(ana, []) == []
    with pytest.raises(Invalid) as refused:
        preferences.set_collapsed_themes(ana, ["sad_stuff"])
    assert refused.value.field == "collapsed_themes"
    assert preferences.collapsed_themes(None) == []
