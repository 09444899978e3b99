"""Blocking: who can block whom, folded posts for the blocker, and no replies from the blocked member."""
import pytest
import sqlalchemy as sa

from forum.extensions import db
from forum.models import Block, Post, Thread, User
from forum.services import blocks, reading, threads
from forum.services.errors import Invalid, NotFound, ReplyBlocked, Unauthorized


def _user(name):
    return db.session.scalar(sa.select(User).where(User.username == name))


@pytest.fixture
def circle(build):
    for name in ("ana", "ben", "cal"):
        build.user(name)
    return build.group("circle", members=("ana", "ben", "cal"))


def test_blocking_is_stored_once_and_announced_to_the_blocker_alone(ctx, circle, emitted):
    block, new = blocks.block_member(_user("ana"), "BEN")  # usernames are matched regardless of case
    again, new_again = blocks.block_member(_user("ana"), "ben")
    assert (new, new_again, again.id) == (True, False, block.id)
    assert db.session.scalar(sa.select(sa.func.count(Block.id))) == 1
    assert [(e.name, e.payload, e.room) for e in emitted] == [
        ("blocked_members", {"blocked": ["ben"]}, f"user:{_user('ana').id}")
    ]
    assert [item.blocked.username for item in blocks.list_blocks(_user("ana"))] == ["ben"]
    assert blocks.list_blocks(_user("ben")) == []


def test_unblocking_lifts_the_block_and_is_harmless_when_there_was_none(ctx, circle, emitted):
    blocks.block_member(_user("ana"), "ben")
    blocks.unblock_member(_user("ana"), "ben")
    blocks.unblock_member(_user("ana"), "ben")
    assert blocks.list_blocks(_user("ana")) == []
    assert [e.payload for e in emitted] == [{"blocked": ["ben"]}, {"blocked": []}]


def test_nobody_blocks_themselves_an_unknown_name_or_anonymously(ctx, circle):
    with pytest.raises(Invalid, match="yourself"):
        blocks.block_member(_user("ana"), "ana")
    with pytest.raises(NotFound):
        blocks.block_member(_user("ana"), "nobody")
    with pytest.raises(NotFound):
        blocks.unblock_member(_user("ana"), "nobody")
    with pytest.raises(Unauthorized):
        blocks.block_member(None, "ben")


def test_the_blocker_sees_the_blocked_members_posts_marked_and_others_do_not(ctx, build, circle):
    thread_id = build.thread("ana", "circle")
    build.reply("ben", thread_id, "from ben")
    build.reply("cal", thread_id, "from cal")
    blocks.block_member(_user("ana"), "ben")
    thread = db.session.get(Thread, thread_id)
    ben_id = _user("ben").id
    assert reading.thread_view(_user("ana"), thread, None, 50).blocked_authors == {ben_id}
    assert reading.thread_view(_user("cal"), thread, None, 50).blocked_authors == set()
    assert reading.thread_view(_user("ben"), thread, None, 50).blocked_authors == set()


def test_the_blocked_member_cannot_reply_to_the_blockers_thread_or_posts(ctx, build, circle):
    anas_thread = build.thread("ana", "circle", title="Ana's")
    cals_thread = build.thread("cal", "circle", title="Cal's")
    anas_reply = build.reply("ana", cals_thread, "ana in cal's thread")
    cals_reply = build.reply("cal", anas_thread, "cal in ana's thread")
    blocks.block_member(_user("ana"), "ben")
    ben = _user("ben")
    for thread_id, parent_id in ((anas_thread, None), (anas_thread, cals_reply), (cals_thread, anas_reply)):
        with pytest.raises(ReplyBlocked) as refused:
            threads.post_reply(ben, db.session.get(Thread, thread_id), "hello", parent_id)
        assert refused.value.code == "reply_blocked" and refused.value.status == 403
        db.session.rollback()
    assert threads.post_reply(ben, db.session.get(Thread, cals_thread), "still fine here").id
    assert db.session.scalar(sa.select(sa.func.count(Post.id)).where(Post.author_id == ben.id)) == 1


def test_the_blocker_may_still_reply_to_the_blocked_member(ctx, build, circle):
    bens_thread = build.thread("ben", "circle")
    blocks.block_member(_user("ana"), "ben")
    assert threads.post_reply(_user("ana"), db.session.get(Thread, bens_thread), "I can still answer").id
