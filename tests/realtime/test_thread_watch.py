"""Readers of a thread see new replies and reactions arrive live; private threads stay private."""
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
