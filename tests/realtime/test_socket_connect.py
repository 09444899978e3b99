"""Who may open a socket: a signed-in active member (session cookie) or the owner of a valid API token."""
import pytest

from forum.extensions import db
from forum.services import accounts
from tests.realtime.conftest import join


def test_connection_without_sign_in_is_refused(people, connect):
    assert not connect().is_connected()


@pytest.mark.parametrize("auth", [{"token": "fsp_not-a-real-token"}, {"token": 42}, {"token": "x" * 500}])
def test_connection_with_a_bad_token_is_refused(people, connect, auth):
    assert not connect(auth=auth).is_connected()


def test_a_bad_token_is_refused_even_with_a_signed_in_session(people, connect):
    assert not connect("ana", auth={"token": "fsp_wrong"}).is_connected()


def test_connection_with_a_token_acts_as_its_owner(people, connect, build):
    socket = connect(auth={"token": build.token("ana")})
    assert socket.is_connected()
    assert join(socket)["present"] == [{"username": "ana", "display_name": "ana", "pronouns": ""}]


def test_a_revoked_token_is_refused(people, connect, build, app):
    token = build.token("ana")
    with app.app_context():
        user = accounts.get_user_by_username("ana")
        accounts.revoke_token(user, accounts.list_tokens(user)[0].id)
    assert not connect(auth={"token": token}).is_connected()


def test_a_suspended_member_is_answered_unauthorized_and_disconnected(people, connect, app):
    socket = connect("ana")
    with app.app_context():
        accounts.get_user_by_username("ana").is_suspended = True
        db.session.commit()
    ack = join(socket)
    assert ack["ok"] is False and ack["error"] == "unauthorized"
    assert not socket.is_connected()
