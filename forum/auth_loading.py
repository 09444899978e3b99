"""How a request finds its user: the session cookie for pages; the API also reads bearer tokens.

The cookie holds the id of a server-side `LoginSession` (forum/services/sessions.py) next to
Flask-Login's user id; a request is signed in only while that session is live.
"""
from __future__ import annotations

from flask import request, session
from flask_login import LoginManager, login_user, logout_user

from forum.models import User
from forum.services import sessions

LOGIN_SESSION = "login_session"


def bearer_token() -> str | None:
    header = request.headers.get("Authorization", "")
    scheme, _, value = header.partition(" ")
    if scheme.lower() != "bearer" or not value.strip():
        return None
    return value.strip()


def sign_in(user: User) -> None:
    """Start a server-side session for this browser and sign it in."""
    login_user(user)
    session[LOGIN_SESSION] = sessions.start(user).id
    session.permanent = True  # the cookie outlives the browser window; the server decides when it ends


def sign_out() -> None:
    """End this browser's session, on the server too, and its live sockets."""
    sessions.sign_out(session.pop(LOGIN_SESSION, None))
    logout_user()


def current_session_id() -> str | None:
    return session.get(LOGIN_SESSION)


def init(manager: LoginManager) -> None:
    manager.login_view = "auth.login"
    manager.login_message = "Please sign in to continue."
    manager.login_message_category = "info"

    @manager.user_loader
    def load_user(user_id: str) -> User | None:
        user = sessions.user_of_session(session.get(LOGIN_SESSION))
        return user if user is not None and str(user.id) == user_id else None
