import pytest
import sqlalchemy as sa

from forum.extensions import db
from forum.models import Post, PostRevision, Thread, User
from forum.services import reading, threads
from forum.services.errors import Forbidden, Invalid, NotFound, NotMember, TooLong
from forum.services.threads import MAX_DEPTH


def _user(name):
    return db.session.scalar(sa.select(User).where(User.username == name))


@pytest.fixture
def group(build):
    build.user("ana")
    build.user("ben")
    build.user("outsider")
    return build.group("circle", members=("ana", "ben"))


def test_replies_nest_in_reading_order(ctx, build, group):
    thread_id = build.thread("ana", group)
    first = build.reply("ben", thread_id, "first")
    nested = build.reply("ana", thread_id, "answer to first", parent_id=first)
    second = build.reply("ben", thread_id, "second")

    view = reading.thread_view(_user("ana"), db.session.get(Thread, thread_id), None, 50)

    assert [(p.body, p.depth) for p in view.posts.items] == [
        ("Opening words", 0), ("first", 1), ("answer to first", 2), ("second", 1),
    ]
    assert db.session.get(Post, nested).parent_id == first
    assert db.session.get(Thread, thread_id).reply_count == 3
    assert second > nested


def test_replies_past_the_depth_cap_stay_at_the_cap_but_remember_their_parent(ctx, build, group):
    thread_id = build.thread("ana", group)
    parent = None
    for level in range(MAX_DEPTH + 2):
        parent = build.reply("ben" if level % 2 else "ana", thread_id, f"level {level}", parent_id=parent)
    deepest = db.session.get(Post, parent)
    assert deepest.depth == MAX_DEPTH
    assert db.session.get(Post, deepest.parent_id).body == f"level {MAX_DEPTH}"


def test_only_members_may_post(ctx, build, group):
    thread_id = build.thread("ana", group)
    with pytest.raises(NotMember):
        threads.post_reply(_user("outsider"), db.session.get(Thread, thread_id), "hi")
    with pytest.raises(NotMember):
        threads.start_thread(_user("outsider"), db.session.get(Thread, thread_id).group, "t", "b")


def test_edit_keeps_history_and_only_the_author_may_edit(ctx, build, group):
    thread_id = build.thread("ana", group)
    post_id = build.reply("ben", thread_id, "original words")
    with pytest.raises(Forbidden):
        threads.edit_post(_user("ana"), db.session.get(Post, post_id), "hijacked")
    threads.edit_post(_user("ben"), db.session.get(Post, post_id), "better words")
    post = db.session.get(Post, post_id)
    assert post.body == "better words" and post.edited_at is not None
    revisions = db.session.scalars(sa.select(PostRevision.body).where(PostRevision.post_id == post_id)).all()
    assert revisions == ["original words"]


def test_delete_is_soft_keeps_the_tree_and_erases_the_words(ctx, build, group):
    thread_id = build.thread("ana", group)
    parent = build.reply("ben", thread_id, "private thoughts")
    child = build.reply("ana", thread_id, "a reply below", parent_id=parent)
    threads.edit_post(_user("ben"), db.session.get(Post, parent), "private thoughts, edited")
    threads.delete_post(_user("ben"), db.session.get(Post, parent))

    view = reading.thread_view(_user("ana"), db.session.get(Thread, thread_id), None, 50)
    bodies = [(p.id, p.is_deleted, p.body) for p in view.posts.items]
    assert (parent, True, "") in bodies and (child, False, "a reply below") in bodies
    assert db.session.scalar(sa.select(sa.func.count()).select_from(PostRevision)) == 0
    with pytest.raises(Invalid):
        threads.post_reply(_user("ana"), db.session.get(Thread, thread_id), "to the deleted", parent)


def test_reactions_toggle_one_of_each_kind_per_member(ctx, build, group):
    thread_id = build.thread("ana", group)
    post = db.session.get(Post, build.opening_post_id(thread_id))
    assert threads.set_reaction(_user("ben"), post, "support", True) == {"support": 1}
    assert threads.set_reaction(_user("ben"), post, "support", True) == {"support": 1}
    assert threads.set_reaction(_user("ana"), post, "support", True) == {"support": 2}
    assert threads.set_reaction(_user("ben"), post, "support", False) == {"support": 1}
    with pytest.raises(Invalid):
        threads.set_reaction(_user("ben"), post, "angry", True)


def test_reply_to_a_post_of_another_thread_is_not_found(ctx, build, group):
    one = build.thread("ana", group)
    other_post = build.reply("ben", build.thread("ben", group), "elsewhere")
    with pytest.raises(NotFound):
        threads.post_reply(_user("ana"), db.session.get(Thread, one), "hi", other_post)


def test_body_limits(ctx, build, group):
    thread = db.session.get(Thread, build.thread("ana", group))
    with pytest.raises(TooLong):
        threads.post_reply(_user("ben"), thread, "x" * 20_001)
    with pytest.raises(Invalid):
        threads.post_reply(_user("ben"), thread, " \u200b \n ")
    post = threads.post_reply(_user("ben"), thread, "nul\x00byte")
    assert post.body == "nulbyte"


def test_reply_event_is_emitted_only_after_commit(ctx, build, group, monkeypatch):
    from forum import events

    emitted = []
    monkeypatch.setattr(events, "emit", emitted.append)
    thread = db.session.get(Thread, build.thread("ana", group))
    with pytest.raises(TooLong):
        threads.post_reply(_user("ben"), thread, "y" * 30_000)
    assert emitted == []
    post = threads.post_reply(_user("ben"), thread, "hello")
    assert [(e.name, e.room) for e in emitted] == [("thread_post", f"thread:{thread.id}"), ("notification", f"user:{_user('ana').id}")]
    assert emitted[0].payload["id"] == post.id
