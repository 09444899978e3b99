"""Readers of a thread see new replies and reactions arrive live; private threads stay private."""
import sqlalchemy as sa

from forum.extensions import db
from forum.models import Group
from forum.services import accounts, groups
from tests.realtime.conftest import events


def test_a_reader_watching_a_thread_receives_new_replies_and_reactions(people, build, connect, app):
    thread_id = build.thread("ana", "circle", body="Opening words")
    ana = connect("ana")
    assert ana.emit("watch_thread", {"thread": thread_id}, callback=True) == {"ok": True}
    ana.get_received()

    reply_id = build.reply("ben", thread_id, "I hear you")

    posts = events(ana, "thread_post")
    assert [(post["id"], post["body"]) for post in posts] == [(reply_id, "I hear you")]


def test_private_threads_cannot_be_watched_by_outsiders(build, connect):
    for name in ("ana", "cal"):
        build.user(name)
    build.group("quiet", visibility="private", members=("ana",))
    thread_id = build.thread("ana", "quiet", body="Private words")
    cal = connect("cal")

    ack = cal.emit("watch_thread", {"thread": thread_id}, callback=True)
    build.reply("ana", thread_id, "more private words")

    assert ack["ok"] is False and ack["error"] == "not_found"
    assert events(cal, "thread_post") == []


def test_watching_needs_a_thread_id(people, connect):
    ack = connect("ana").emit("watch_thread", {"thread": "nope"}, callback=True)
    assert ack["ok"] is False and ack["error"] == "not_found"


def _leave(app, username: str, slug: str) -> None:
    with app.app_context():
        group = db.session.scalar(sa.select(Group).where(Group.slug == slug))
        groups.leave_group(accounts.get_user_by_username(username), group)


def test_leaving_a_private_group_stops_the_live_thread_at_once(build, connect, app):
    for name in ("ana", "ben"):
        build.user(name)
    build.group("quiet", visibility="private", members=("ana", "ben"))
    thread_id = build.thread("ana", "quiet", body="Private words")
    ben = connect("ben")
    assert ben.emit("watch_thread", {"thread": thread_id}, callback=True) == {"ok": True}

    _leave(app, "ben", "quiet")
    build.reply("ana", thread_id, "said after ben left")

    assert events(ben, "thread_post") == []


def test_leaving_a_public_group_keeps_its_thread_live_for_a_reader(people, build, connect, app):
    thread_id = build.thread("ana", "circle", body="Open words")
    ben = connect("ben")
    assert ben.emit("watch_thread", {"thread": thread_id}, callback=True) == {"ok": True}

    _leave(app, "ben", "circle")
    build.reply("ana", thread_id, "still readable by any member of the forum")

    assert [post["body"] for post in events(ben, "thread_post")] == ["still readable by any member of the forum"]
