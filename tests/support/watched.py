"""watch(app, "pattern", "block", group="circle"): add a watched word as a site admin, through the service."""
from __future__ import annotations

import sqlalchemy as sa

from forum.extensions import db
from forum.models import Group, User
from forum.services import watched_words


def watch(app, pattern: str, action: str, group: str | None = None, is_regex: bool = False) -> int:
    with app.app_context():
        admin = db.session.scalar(sa.select(User).where(User.is_site_admin.is_(True)).order_by(User.id))
        scope = db.session.scalar(sa.select(Group).where(Group.slug == group)) if group else None
        return watched_words.add_rule(admin, scope, pattern, is_regex, action).id
