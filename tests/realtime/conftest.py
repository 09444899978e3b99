"""Socket.IO test-client fixtures: people signed in through the login form, each with their own sockets.

Flask-SocketIO's test client cannot run over a message queue, so these tests keep fan-out and
presence in-process even when SOCKETIO_MESSAGE_QUEUE is set; test_presence.py checks the Redis
presence store on its own.
"""
from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
import sqlalchemy as sa

from forum.extensions import db, socketio
from forum.models import Group, Membership, User
from forum.models.base import utcnow
from tests.support.moderation import mod_world  # noqa: F401  (a fixture for the moderation tests)
from tests.support.member_data import member_world  # noqa: F401  (a member with data of every kind, for export and deletion tests)

GROUP = "circle"


@pytest.fixture
def send_limit() -> str:
    """The room's send rate; a test lowers it with `@pytest.mark.parametrize("send_limit", [...])`."""
    return "1000 per second"


@pytest.fixture
def app_config(send_limit) -> dict:
    return {"SOCKETIO_MESSAGE_QUEUE": None, "ROOM_SEND_LIMIT": send_limit}


@pytest.fixture
def people(build) -> str:
    """ana and ben are members of the public group `circle`; cal is signed up but in no group."""
    for name in ("ana", "ben", "cal"):
        build.user(name)
    return build.group(GROUP, members=("ana", "ben"))


@pytest.fixture
def connect(app, make_client, login):
    """connect("ana") opens a socket signed in as ana (a new browser); connect(auth=...) passes connect auth."""

    def _connect(username: str | None = None, auth: dict | None = None):
        http = make_client()
        if username is not None:
            login(http, username)
        return socketio.test_client(app, flask_test_client=http, auth=auth)

    return _connect


@pytest.fixture
def set_membership(app):
    """set_membership("ben", "circle", status="banned") or muted_for=timedelta(...): what a moderator would do."""

    def _set(username: str, slug: str, status: str | None = None, muted_for: timedelta | None = None) -> None:
        with app.app_context():
            membership = db.session.scalar(
                sa.select(Membership)
                .join(User, User.id == Membership.user_id)
                .join(Group, Group.id == Membership.group_id)
                .where(User.username == username, Group.slug == slug)
            )
            if status is not None:
                membership.status = status
            if muted_for is not None:
                membership.muted_until = utcnow() + muted_for
            db.session.commit()

    return _set


def new_id() -> str:
    return str(uuid.uuid4())


def events(client, name: str) -> list[dict]:
    """The payloads of the `name` events this socket received since the last call (drains its queue).

    The test client hands over a `message` event's payload as is, and other events' as a list.
    """
    received = [item for item in client.get_received() if item["name"] == name]
    return [item["args"] if name == "message" else item["args"][0] for item in received]


def send(client, body: str = "hello", group: str = GROUP, client_id: str | None = None, **extra) -> dict:
    payload = {"group": group, "body": body, "client_id": client_id or new_id(), **extra}
    return client.emit("send", payload, callback=True)


def join(client, group: str = GROUP, after: int | None = None) -> dict:
    return client.emit("join", {"group": group, "after": after}, callback=True)
