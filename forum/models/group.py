from __future__ import annotations

from datetime import datetime
from typing import Optional

import sqlalchemy as sa
import sqlalchemy.orm as so

from forum.extensions import db
from forum.models.base import utcnow
from forum.models.user import User

VISIBILITIES = ("public", "private")
ROLES = ("member", "moderator")
MEMBERSHIP_STATUSES = ("active", "pending", "banned")


class Group(db.Model):
    __tablename__ = "groups"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    slug: so.Mapped[str] = so.mapped_column(sa.String(64), unique=True)
    name: so.Mapped[str] = so.mapped_column(sa.String(100))
    description: so.Mapped[str] = so.mapped_column(sa.String(500), default="")
    agreement: so.Mapped[str] = so.mapped_column(sa.Text, default="")
    agreement_html: so.Mapped[str] = so.mapped_column(sa.Text, default="")
    visibility: so.Mapped[str] = so.mapped_column(sa.String(10), default="public")
    created_at: so.Mapped[datetime] = so.mapped_column(default=utcnow)

    @property
    def is_private(self) -> bool:
        return self.visibility == "private"


class Membership(db.Model):
    """A member's place in a group: pending until approved (private groups), then active.

    A banned membership stays, so the person cannot simply join again; `muted_until` in the
    future lets a member read the live room but not write in it.
    """

    __tablename__ = "memberships"
    __table_args__ = (sa.UniqueConstraint("group_id", "user_id"),)

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    group_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("groups.id", ondelete="CASCADE"))
    user_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    role: so.Mapped[str] = so.mapped_column(sa.String(12), default="member")
    status: so.Mapped[str] = so.mapped_column(sa.String(12), default="active")
    agreement_accepted_at: so.Mapped[Optional[datetime]] = so.mapped_column()
    muted_until: so.Mapped[Optional[datetime]] = so.mapped_column()
    created_at: so.Mapped[datetime] = so.mapped_column(default=utcnow)

    group: so.Mapped[Group] = so.relationship()
    user: so.Mapped[User] = so.relationship()

    @property
    def is_active(self) -> bool:
        return self.status == "active"

    @property
    def is_banned(self) -> bool:
        return self.status == "banned"

    def is_muted(self, now: datetime) -> bool:
        return self.muted_until is not None and self.muted_until > now

    @property
    def is_moderator(self) -> bool:
        return self.status == "active" and self.role == "moderator"
