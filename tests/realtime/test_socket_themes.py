"""Content themes in the live room: `send` carries them, messages show them, `join` says what the reader folds;
and thread readers see a reply folded at the author's request the moment it happens."""
from forum.extensions import db
from forum.services import accounts, preferences
from tests.realtime.conftest import events, join, send


def _fold(app, username: str, themes: list[str]) -> None:
    with app.app_context():
        preferences.set_collapsed_themes(accounts.get_user_by_username(username), themes)
        db.session.remove()


def test_a_message_sent_with_themes_carries_them_to_everyone_in_the_room(people, connect):
    ana, ben = connect("ana"), connect("ben")
    join(ana), join(ben)
    ben.get_received()

    ack = send(ana, "The anniversary of the accident is tomorrow.", themes=["grief", "trauma"])

    assert ack["ok"] is True and ack["message"]["themes"] == ["trauma", "grief"]
    assert [message["themes"] for message in events(ben, "message")] == [["trauma", "grief"]]
    assert join(connect("ben"))["messages"][-1]["themes"] == ["trauma", "grief"]


def test_a_message_without_themes_has_none(people, connect):
    ana = connect("ana")
    join(ana)
    assert send(ana, "Hello all")["message"]["themes"] == []


def test_an_unknown_theme_is_invalid_and_nothing_is_sent(people, connect):
    ana, ben = connect("ana"), connect("ben")
    join(ana), join(ben)
    ben.get_received()

    for themes in (["sadness"], "grief", [3]):
        ack = send(ana, "words", themes=themes)
        assert ack["ok"] is False and ack["error"] == "invalid"
    assert events(ben, "message") == []


def test_the_join_ack_carries_the_readers_collapsed_themes(app, people, connect):
    _fold(app, "ben", ["self_harm", "suicide"])
    assert join(connect("ben"))["collapsed_themes"] == ["self_harm", "suicide"]
    assert join(connect("ana"))["collapsed_themes"] == []


def test_thread_readers_see_a_reply_folded_and_unfolded_at_the_authors_request(app, people, build, connect):
    thread_id = build.thread("ana", "circle", preference="just_listen")
    reply_id = build.reply("ben", thread_id, "Sending you strength")
    reader = connect("ben")
    assert reader.emit("watch_thread", {"thread": thread_id}, callback=True) == {"ok": True}
    author = build.token("ana")
    api = app.test_client()

    api.post(f"/api/v1/posts/{reply_id}/collapse", headers={"Authorization": f"Bearer {author}"})
    api.delete(f"/api/v1/posts/{reply_id}/collapse", headers={"Authorization": f"Bearer {author}"})

    assert events(reader, "post_collapsed") == [
        {"post_id": reply_id, "thread_id": thread_id, "collapsed": True},
        {"post_id": reply_id, "thread_id": thread_id, "collapsed": False},
    ]
