"""Who is behind a socket: decided once when it connects, checked again on every event."""
from __future__ import annotations

from flask import session
from flask_login import current_user

from forum.extensions import db
from forum.models import User
from forum.services import access, accounts

SOCKET_USER = "realtime_user_id"  # kept in the socket's own copy of the session


def connecting_user(auth: object) -> User | None:
    """The owner of `auth["token"]` when one is given, else the session's signed-in user."""
    if isinstance(auth, dict) and "token" in auth:
        token = auth["token"]
        return accounts.user_for_token(token) if isinstance(token, str) else None
    user = current_user._get_current_object()
    return user if access.signed_in(user) else None


def remember(user: User) -> None:
    session[SOCKET_USER] = user.id


def session_user_id() -> int | None:
    """The id remembered when this socket connected (None for a refused one), without a query."""
    user_id = session.get(SOCKET_USER)
    return user_id if isinstance(user_id, int) else None


def socket_user() -> User | None:
    """The socket's user while their account stays active, else None."""
    user_id = session_user_id()
    user = db.session.get(User, user_id) if user_id is not None else None
    return user if access.signed_in(user) else None
