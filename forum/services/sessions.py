"""Sign-in sessions kept on the server, so signing out really ends them.

A browser's cookie carries only the id of a `LoginSession` row. The row is checked on every request
and on every Socket.IO event: an ended row, one idle longer than SESSION_IDLE_MINUTES or older than
SESSION_ABSOLUTE_DAYS signs the browser out. Ending sessions also publishes `sessions_ended`, so the
live layer drops the matching sockets at once, in whichever process holds them.

A socket remembers the credential it connected with: `session:<id>` for a browser, `token:<id>`
for an API token. `sessions_ended` names which credentials of the person it ends.
"""
from __future__ import annotations

import secrets
from datetime import datetime, timedelta

import sqlalchemy as sa
from flask import current_app

from forum import payloads
from forum.events import publish
from forum.extensions import db
from forum.models import ApiToken, LoginSession, User
from forum.models.base import utcnow
from forum.rooms import user_room

# last_seen_at is written at most this often, so reading pages does not write on every request
TOUCH_EVERY = timedelta(minutes=5)


def session_credential(session_id: str) -> str:
    return f"session:{session_id}"


def token_credential(token_id: int) -> str:
    return f"token:{token_id}"


def start(user: User) -> LoginSession:
    """A new session for a person who just proved who they are."""
    login = LoginSession(id=secrets.token_urlsafe(32), user_id=user.id)
    db.session.add(login)
    db.session.commit()
    return login


def _expired(login: LoginSession, now: datetime) -> bool:
    idle = timedelta(minutes=current_app.config["SESSION_IDLE_MINUTES"])
    absolute = timedelta(days=current_app.config["SESSION_ABSOLUTE_DAYS"])
    return now - login.last_seen_at > idle or now - login.created_at > absolute


# Built once: these run on every request and every Socket.IO event, where building a statement
# costs more than running it.
_LIVE_SESSION = (
    sa.select(LoginSession, User)
    .join(User, User.id == LoginSession.user_id)
    .where(LoginSession.id == sa.bindparam("session_id"), LoginSession.ended_at.is_(None))
)
_OWNER_OF_LIVE_TOKEN = (
    sa.select(User)
    .join(ApiToken, ApiToken.user_id == User.id)
    .where(ApiToken.id == sa.bindparam("token_id"), ApiToken.revoked_at.is_(None))
)


def user_of_session(session_id: object) -> User | None:
    """The active person signed in by this session id, or None once it has ended or expired."""
    if not isinstance(session_id, str) or not session_id:
        return None
    row = db.session.execute(_LIVE_SESSION, {"session_id": session_id}).first()
    if row is None:
        return None
    login, user = row
    now = utcnow()
    if not user.is_active:
        return None
    if _expired(login, now):
        _end([login], "expired", publish_event=False)
        return None
    if now - login.last_seen_at > TOUCH_EVERY:
        login.last_seen_at = now
        db.session.commit()
    return user


def user_of_credential(credential: object) -> User | None:
    """The active person behind a socket's credential while it still holds; see the module docstring."""
    kind, _, value = str(credential).partition(":")
    if kind == "session":
        return user_of_session(value)
    if kind == "token" and value.isdigit():
        user = db.session.scalar(_OWNER_OF_LIVE_TOKEN, {"token_id": int(value)})
        return user if user is not None and user.is_active else None
    return None


def _mark_ended(logins: list[LoginSession], reason: str) -> None:
    now = utcnow()
    for login in logins:
        login.ended_at, login.ended_reason = now, reason


def _end(logins: list[LoginSession], reason: str, publish_event: bool = True) -> None:
    _mark_ended(logins, reason)
    if publish_event and logins:
        announce(logins[0].user_id, reason, only=[session_credential(login.id) for login in logins])
    db.session.commit()


def announce(user_id: int, reason: str, only: list[str] | None = None) -> None:
    """Tell the live layer to drop the person's sockets: those with a credential in `only`, or all of them."""
    publish("sessions_ended", payloads.sessions_ended(user_id, reason, only), user_room(user_id))


def _live_sessions(user: User) -> list[LoginSession]:
    return list(
        db.session.scalars(
            sa.select(LoginSession).where(LoginSession.user_id == user.id, LoginSession.ended_at.is_(None))
        )
    )


def sign_out(session_id: object) -> None:
    """End this browser's session (if it is still live) and close its sockets."""
    login = db.session.get(LoginSession, session_id) if isinstance(session_id, str) else None
    if login is not None and login.ended_at is None:
        _end([login], "signed_out")


def end_other_sessions(user: User, keep_session_id: str | None, reason: str) -> None:
    """End every session of the person but the one given, with their sockets (after a password change)."""
    _end([login for login in _live_sessions(user) if login.id != keep_session_id], reason)


def end_all_sessions(user: User, reason: str) -> None:
    """Sign the person out everywhere: every session, and every live socket, API tokens' included."""
    mark_all_ended(user, reason)
    db.session.commit()


def mark_all_ended(user: User, reason: str) -> None:
    """`end_all_sessions` inside the caller's transaction (a suspension commits it with its audit entry)."""
    _mark_ended(_live_sessions(user), reason)
    announce(user.id, reason)


def live_sessions(user: User) -> list[LoginSession]:
    """The person's sessions that still sign them in, newest first."""
    now = utcnow()
    return sorted(
        (login for login in _live_sessions(user) if not _expired(login, now)),
        key=lambda login: login.last_seen_at,
        reverse=True,
    )
