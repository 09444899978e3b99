"""Private notes to one member, such as a moderator's decision about what they wrote."""
from __future__ import annotations

import sqlalchemy as sa

from forum.extensions import db
from forum.models import Notification, User
from forum.services import access
from forum.services.errors import Unauthorized

LIST_LIMIT = 100


def notify(user: User, kind: str, text: str, quote: str = "") -> Notification:
    """Add a notification to the current transaction (the caller commits)."""
    notification = Notification(user_id=user.id, kind=kind, text=text, quote=quote)
    db.session.add(notification)
    return notification


def for_member(user: User | None) -> list[Notification]:
    if not access.signed_in(user):
        raise Unauthorized("Sign in first.")
    return list(
        db.session.scalars(
            sa.select(Notification).where(Notification.user_id == user.id).order_by(Notification.id.desc()).limit(LIST_LIMIT)
        )
    )
