"""API test helpers: a client that speaks JSON to /api/v1, and a small populated forum."""
from __future__ import annotations

from dataclasses import dataclass

import pytest
import sqlalchemy as sa

from forum.auth_loading import LOGIN_SESSION
from forum.extensions import db
from forum.models import ApiToken, User
from forum.services import sessions
from tests.support.moderation import mod_world  # noqa: F401  (a fixture for the moderation tests)
from tests.support.member_data import member_world  # noqa: F401  (a member with data of every kind, for export and deletion tests)


class Api:
    """`api.post("/groups", token, json={...})`: paths are relative to /api/v1."""

    def __init__(self, client) -> None:
        self.client = client

    def call(self, method: str, path: str, token: str | None = None, **kwargs):
        headers = dict(kwargs.pop("headers", {}))
        if token:
            headers["Authorization"] = f"Bearer {token}"
        return self.client.open(f"/api/v1{path}", method=method, headers=headers, **kwargs)

    def get(self, path, token=None, **kwargs):
        return self.call("GET", path, token, **kwargs)

    def post(self, path, token=None, **kwargs):
        return self.call("POST", path, token, **kwargs)

    def patch(self, path, token=None, **kwargs):
        return self.call("PATCH", path, token, **kwargs)

    def delete(self, path, token=None, **kwargs):
        return self.call("DELETE", path, token, **kwargs)


@pytest.fixture
def api(client) -> Api:
    return Api(client)


@dataclass
class Forum:
    """Public group `garden` and private group `quiet`, both with `moderator` and `member`;
    `applicant` waits to join quiet; `outsider` belongs nowhere. `member` wrote both threads."""

    tokens: dict[str, str | None]
    token_ids: dict[str, int]
    thread: int
    reply: int
    private_thread: int
    private_reply: int


@pytest.fixture
def forum(app, build) -> Forum:
    build.admin("admin")
    for name in ("moderator", "member", "outsider", "applicant"):
        build.user(name)
    build.group("garden", moderators=("moderator",), members=("member",))
    build.group("quiet", "private", moderators=("moderator",), members=("member",))
    build.join("applicant", "quiet")
    thread = build.thread("member", "garden")
    private_thread = build.thread("member", "quiet", title="Only for us")
    tokens = {name: build.token(name) for name in ("outsider", "member", "moderator", "admin", "applicant")}
    with app.app_context():
        token_ids = dict(db.session.execute(sa.select(User.username, ApiToken.id).join(ApiToken.user)).all())
    return Forum(
        tokens={"anonymous": None, **tokens},
        token_ids=token_ids,
        thread=thread,
        reply=build.reply("member", thread),
        private_thread=private_thread,
        private_reply=build.reply("member", private_thread),
    )


@pytest.fixture
def session_for(app, client):
    """session_for("member"): sign the test client in with the web session cookie."""

    def _sign_in(username: str):
        with app.app_context():
            user = db.session.scalar(sa.select(User).where(User.username == username))
            user_id, login_id = user.id, sessions.start(user).id
        with client.session_transaction() as session:
            session["_user_id"] = str(user_id)
            session["_fresh"] = True
            session[LOGIN_SESSION] = login_id
        return client

    return _sign_in
