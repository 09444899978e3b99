"""Watched words and blocking in the live room, over Socket.IO."""
import pytest
import sqlalchemy as sa

from forum.extensions import db
from forum.models import RoomMessage
from tests.realtime.conftest import GROUP, events, join, new_id, send
from tests.support.watched import watch


@pytest.fixture
def api_as(build, make_client):
    """api_as("ana").post("/api/v1/blocks/ben"): calls to the JSON API with ana's token."""

    class Caller:
        def __init__(self, token):
            self.client, self.headers = make_client(), {"Authorization": f"Bearer {token}"}

        def post(self, path):
            return self.client.post(path, headers=self.headers)

        def delete(self, path):
            return self.client.delete(path, headers=self.headers)

    return lambda username: Caller(build.token(username))


def _stored(app) -> list[str]:
    with app.app_context():
        return list(db.session.scalars(sa.select(RoomMessage.body).order_by(RoomMessage.id)))


def test_a_blocked_word_is_refused_with_its_code_and_nothing_is_stored_or_sent(people, connect, app):
    watch(app, "idiot", "block", group=GROUP)
    ana, ben = connect("ana"), connect("ben")
    join(ana), join(ben)
    ack = send(ana, "don't be an IDIOT")
    assert ack["ok"] is False and ack["error"] == "blocked_word"
    assert "“idiot”" in ack["message"]
    assert _stored(app) == [] and events(ben, "message") == []


def test_a_crisis_message_is_stored_and_its_ack_carries_help(people, connect, app):
    watch(app, "no reason to live", "crisis")
    ana, ben = connect("ana"), connect("ben")
    join(ana), join(ben)
    client_id = new_id()
    ack = send(ana, "Some days I feel there is no reason to live", client_id=client_id)
    assert ack["ok"] is True
    assert ack["help"]["resources"] == app.config["CRISIS_RESOURCES"] and ack["help"]["title"]
    assert _stored(app) == ["Some days I feel there is no reason to live"]
    received = events(ben, "message")
    assert [message["id"] for message in received] == [ack["message"]["id"]]
    assert "help" not in received[0]  # the help is for the author alone
    retry = send(ana, "Some days I feel there is no reason to live", client_id=client_id)
    assert retry["message"]["id"] == ack["message"]["id"] and "help" in retry
    assert "help" not in send(ana, "thank you all")


def test_flagged_words_go_through_without_help(people, connect, app):
    watch(app, "pills", "flag")
    ana = connect("ana")
    join(ana)
    ack = send(ana, "I flushed the pills")
    assert ack["ok"] is True and "help" not in ack


def test_join_tells_the_blocker_whom_to_fold_and_tells_the_blocked_member_nothing(people, connect, api_as):
    api_as("ana").post("/api/v1/blocks/ben")
    assert join(connect("ana"))["blocked"] == ["ben"]
    assert join(connect("ben"))["blocked"] == []


def test_blocking_while_in_the_room_reaches_the_blockers_sockets_at_once(people, connect, api_as):
    ana, ben = connect("ana"), connect("ben")
    join(ana), join(ben)
    ana_api = api_as("ana")
    ana_api.post("/api/v1/blocks/ben")
    ana_api.delete("/api/v1/blocks/ben")
    assert events(ana, "blocked_members") == [{"blocked": ["ben"]}, {"blocked": []}]
    assert events(ben, "blocked_members") == []


def test_a_reply_to_a_message_of_someone_who_blocked_you_is_refused(people, connect, api_as, app):
    ana, ben = connect("ana"), connect("ben")
    join(ana), join(ben)
    anas = send(ana, "my news")["message"]["id"]
    api_as("ana").post("/api/v1/blocks/ben")
    ack = send(ben, "answering ana", reply_to=anas)
    assert ack["ok"] is False and ack["error"] == "reply_blocked"
    assert send(ben, "to the room")["ok"] is True  # the room itself is still open to ben
    assert _stored(app) == ["my news", "to the room"]
