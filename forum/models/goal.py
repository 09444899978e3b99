"""A member's own goals, check-ins and milestones: private to them unless they share a milestone."""
from __future__ import annotations

from datetime import date, datetime
from typing import Optional

import sqlalchemy as sa
import sqlalchemy.orm as so

from forum.extensions import db
from forum.models.base import utcnow
from forum.models.group import Group
from forum.models.user import User

GOAL_KINDS = {
    "streak": "A streak (days since I started)",
    "count": "A count (each check-in counts)",
    "plain": "A plain goal",
}
MILESTONE_REACTION_KINDS = {"celebrate": "Celebrate", "support": "Support"}
STREAK_MILESTONES = (1, 7, 30, 60, 90, 180, 365)


class Goal(db.Model):
    __tablename__ = "goals"
    __table_args__ = (sa.Index("ix_goals_owner_id_id", "owner_id", "id"),)

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    owner_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"))
    title: so.Mapped[str] = so.mapped_column(sa.String(200))
    why: so.Mapped[str] = so.mapped_column(sa.String(1000), default="")
    kind: so.Mapped[str] = so.mapped_column(sa.String(10), default="plain")
    # A streak's current start; a new start moves it and keeps the earlier streak as a StreakRestart.
    streak_started_on: so.Mapped[Optional[date]] = so.mapped_column()
    created_at: so.Mapped[datetime] = so.mapped_column(default=utcnow)
    archived_at: so.Mapped[Optional[datetime]] = so.mapped_column()

    owner: so.Mapped[User] = so.relationship()

    @property
    def is_streak(self) -> bool:
        return self.kind == "streak"

    @property
    def is_archived(self) -> bool:
        return self.archived_at is not None

    @property
    def kind_label(self) -> str:
        return GOAL_KINDS.get(self.kind, "")


class CheckIn(db.Model):
    __tablename__ = "goal_checkins"
    __table_args__ = (sa.Index("ix_goal_checkins_goal_id_id", "goal_id", "id"),)

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    goal_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("goals.id", ondelete="CASCADE"))
    note: so.Mapped[str] = so.mapped_column(sa.String(280), default="")
    mood: so.Mapped[Optional[int]] = so.mapped_column()
    created_at: so.Mapped[datetime] = so.mapped_column(default=utcnow)


class StreakRestart(db.Model):
    """A new start of a streak: the streak before it is kept, with its length, as the member's history."""

    __tablename__ = "streak_restarts"
    __table_args__ = (sa.Index("ix_streak_restarts_goal_id_id", "goal_id", "id"),)

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    goal_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("goals.id", ondelete="CASCADE"))
    previous_start: so.Mapped[date] = so.mapped_column()
    previous_days: so.Mapped[int] = so.mapped_column()
    new_start: so.Mapped[date] = so.mapped_column()
    created_at: so.Mapped[datetime] = so.mapped_column(default=utcnow)


class Milestone(db.Model):
    """A moment the member records: "30 days", "first meeting". `days` and `streak_started_on`
    are set when it marks a streak's length, so the same length can be marked again after a new start."""

    __tablename__ = "milestones"
    __table_args__ = (sa.Index("ix_milestones_owner_id_id", "owner_id", "id"),)

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    owner_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"))
    goal_id: so.Mapped[Optional[int]] = so.mapped_column(sa.ForeignKey("goals.id", ondelete="CASCADE"), index=True)
    title: so.Mapped[str] = so.mapped_column(sa.String(200))
    days: so.Mapped[Optional[int]] = so.mapped_column()
    streak_started_on: so.Mapped[Optional[date]] = so.mapped_column()
    created_at: so.Mapped[datetime] = so.mapped_column(default=utcnow)

    owner: so.Mapped[User] = so.relationship()
    goal: so.Mapped[Optional[Goal]] = so.relationship()


class MilestoneShare(db.Model):
    """A milestone shared with one group. Reactions and congratulations belong to the share, so
    unsharing takes them away with it and one group never sees another group's words."""

    __tablename__ = "milestone_shares"
    __table_args__ = (
        sa.UniqueConstraint("milestone_id", "group_id"),
        sa.Index("ix_milestone_shares_group_id_id", "group_id", "id"),
    )

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    milestone_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("milestones.id", ondelete="CASCADE"))
    group_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("groups.id", ondelete="CASCADE"))
    shared_at: so.Mapped[datetime] = so.mapped_column(default=utcnow)

    milestone: so.Mapped[Milestone] = so.relationship()
    group: so.Mapped[Group] = so.relationship()


class MilestoneReaction(db.Model):
    __tablename__ = "milestone_reactions"
    __table_args__ = (sa.UniqueConstraint("share_id", "user_id", "kind"),)

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    share_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("milestone_shares.id", ondelete="CASCADE"))
    user_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    kind: so.Mapped[str] = so.mapped_column(sa.String(16))
    created_at: so.Mapped[datetime] = so.mapped_column(default=utcnow)


class Congratulation(db.Model):
    """A short note of congratulation on a shared milestone."""

    __tablename__ = "milestone_congratulations"
    __table_args__ = (sa.Index("ix_milestone_congratulations_share_id_id", "share_id", "id"),)

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    share_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("milestone_shares.id", ondelete="CASCADE"))
    author_id: so.Mapped[Optional[int]] = so.mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    body: so.Mapped[str] = so.mapped_column(sa.String(280))
    created_at: so.Mapped[datetime] = so.mapped_column(default=utcnow)

    author: so.Mapped[Optional[User]] = so.relationship()
