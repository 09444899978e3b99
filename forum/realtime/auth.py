"""Who is behind a socket: decided once when it connects, checked again on every event.

A socket remembers the credential it connected with (a browser's login session or an API
token, see forum/services/sessions.py). Every event re-checks it, so a socket whose session
ended, whose token was revoked or whose account was suspended can do nothing more; the live
layer also disconnects it at once (forum/realtime/live.py).
"""
from __future__ import annotations

from flask import session
from flask_login import current_user

from forum.auth_loading import current_session_id
from forum.models import User
from forum.services import access, accounts, sessions

# kept in the socket's own copy of the session
SOCKET_CREDENTIAL = "realtime_credential"
SOCKET_USER_ID = "realtime_user_id"


def connecting_user(auth: object) -> tuple[User, str] | None:
    """The person connecting and their credential: `auth["token"]` when given, else the browser's session."""
    if isinstance(auth, dict) and "token" in auth:
        token = accounts.live_token(auth["token"]) if isinstance(auth["token"], str) else None
        return (token.user, sessions.token_credential(token.id)) if token is not None else None
    user = current_user._get_current_object()
    if not access.signed_in(user):
        return None
    return user, sessions.session_credential(current_session_id())


def remember(user: User, credential: str) -> None:
    session[SOCKET_USER_ID] = user.id
    session[SOCKET_CREDENTIAL] = credential


def remembered_user_id() -> int | None:
    """Whose socket this was (None for a refused one), even after their credential ended; no query."""
    user_id = session.get(SOCKET_USER_ID)
    return user_id if isinstance(user_id, int) else None


def socket_user() -> User | None:
    """The socket's user while their credential still holds and their account stays active, else None."""
    return sessions.user_of_credential(session.get(SOCKET_CREDENTIAL))
