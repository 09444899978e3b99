"""How a request finds its user: the session cookie for pages; the API also reads bearer tokens."""
from __future__ import annotations

from flask import request
from flask_login import LoginManager

from forum.extensions import db
from forum.models import User


def bearer_token() -> str | None:
    header = request.headers.get("Authorization", "")
    scheme, _, value = header.partition(" ")
    if scheme.lower() != "bearer" or not value.strip():
        return None
    return value.strip()


def init(manager: LoginManager) -> None:
    manager.login_view = "auth.login"
    manager.login_message = "Please sign in to continue."
    manager.login_message_category = "info"

    @manager.user_loader
    def load_user(user_id: str) -> User | None:
        return db.session.get(User, int(user_id)) if user_id.isdigit() else None
