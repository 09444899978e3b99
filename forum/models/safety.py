from __future__ import annotations

from datetime import datetime
from typing import Optional

import sqlalchemy as sa
import sqlalchemy.orm as so

from forum.extensions import db
from forum.models.base import utcnow
from forum.models.group import Group
from forum.models.user import User

BLOCK, REQUIRE_APPROVAL, FLAG, CRISIS = "block", "require_approval", "flag", "crisis"
WATCH_ACTIONS = {
    BLOCK: "Block: refuse it and say why",
    REQUIRE_APPROVAL: "Require approval by a moderator",
    FLAG: "Flag for the moderators (the post goes through)",
    CRISIS: "Crisis: the post goes through and its author sees help resources",
}


class Block(db.Model):
    """`blocker` no longer sees `blocked`'s posts and messages unfolded; `blocked` can't reply to them."""

    __tablename__ = "blocks"
    __table_args__ = (sa.UniqueConstraint("blocker_id", "blocked_id"),)

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    blocker_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"))
    blocked_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    created_at: so.Mapped[datetime] = so.mapped_column(default=utcnow)

    blocker: so.Mapped[User] = so.relationship(foreign_keys=[blocker_id])
    blocked: so.Mapped[User] = so.relationship(foreign_keys=[blocked_id])


class WatchedWord(db.Model):
    """A word, phrase or (site admins only) regular expression to act on when someone writes it.

    `group_id` None: the rule applies in every group.
    """

    __tablename__ = "watched_words"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    pattern: so.Mapped[str] = so.mapped_column(sa.String(200))
    is_regex: so.Mapped[bool] = so.mapped_column(default=False)
    action: so.Mapped[str] = so.mapped_column(sa.String(20))
    group_id: so.Mapped[Optional[int]] = so.mapped_column(sa.ForeignKey("groups.id", ondelete="CASCADE"), index=True)
    created_by_id: so.Mapped[Optional[int]] = so.mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    created_at: so.Mapped[datetime] = so.mapped_column(default=utcnow)

    group: so.Mapped[Optional[Group]] = so.relationship()
    created_by: so.Mapped[Optional[User]] = so.relationship()

    @property
    def action_label(self) -> str:
        return WATCH_ACTIONS[self.action]
