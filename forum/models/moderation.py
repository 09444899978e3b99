"""Reports, the moderation items they gather into, the audit log, and members' notifications."""
from __future__ import annotations

from datetime import datetime
from typing import Optional

import sqlalchemy as sa
import sqlalchemy.orm as so

from forum.extensions import db
from forum.models.base import utcnow
from forum.models.group import Group
from forum.models.user import User

REPORT_REASONS = {
    "harassment": "Harassment or hate",
    "spam": "Spam",
    "unsolicited_advice": "Unsolicited advice or judgement",
    "crisis": "Worried about this person",
    "privacy": "Someone's private details shared",
    "other": "Something else",
}
MODERATION_ACTIONS = {
    "dismiss": "no action needed",
    "hide": "hidden",
    "remove": "removed",
    "warn": "warned",
    "mute": "muted",
    "ban": "removed from the group",
    "suspend": "suspended",
    "approve": "approved",  # held content only (HELD_ACTIONS)
    "reject": "not approved",
}
# The only decisions about held content: it is published, or it stays with its author only.
HELD_ACTIONS = ("approve", "reject")
# What an item's `action` can say: one of the decisions, or "restore" (a hide undone later).
ITEM_ACTIONS = {**MODERATION_ACTIONS, "restore": "restored after a second look"}
ITEM_STATUSES = ("open", "resolved")
CONTENT_STATES = ("hidden", "removed", "held", "rejected")  # Post.moderation and Thread.moderation
# Content waiting for a moderator ("held", by a require-approval watched word or a resubmission) or
# turned down ("rejected"): shown only to its author and the group's moderators, in no list or count.
UNPUBLISHED = ("held", "rejected")


class ModerationItem(db.Model):
    """Everything reported about one target while it waits for a moderator: reports on the same
    target join the open item. The snapshot is the content as it was when first reported, kept
    whatever later happens to the content."""

    __tablename__ = "moderation_items"
    __table_args__ = (
        # At most one open item per target, even when two first reports race in.
        sa.Index(
            "uq_moderation_items_open_target", "target_type", "target_id", unique=True,
            sqlite_where=sa.text("status = 'open'"), postgresql_where=sa.text("status = 'open'"),
        ),
        sa.Index("ix_moderation_items_queue", "status", "group_id", "is_crisis", "report_count"),
    )

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    target_type: so.Mapped[str] = so.mapped_column(sa.String(20))
    target_id: so.Mapped[int] = so.mapped_column()
    group_id: so.Mapped[Optional[int]] = so.mapped_column(sa.ForeignKey("groups.id", ondelete="CASCADE"))
    author_id: so.Mapped[Optional[int]] = so.mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    status: so.Mapped[str] = so.mapped_column(sa.String(10), default="open")
    is_crisis: so.Mapped[bool] = so.mapped_column(default=False)
    # Held content waiting for approval: resolved by approve or reject (HELD_ACTIONS) only.
    is_held: so.Mapped[bool] = so.mapped_column(default=False, server_default=sa.false())
    report_count: so.Mapped[int] = so.mapped_column(default=0)
    first_reported_at: so.Mapped[datetime] = so.mapped_column(default=utcnow)
    last_reported_at: so.Mapped[datetime] = so.mapped_column(default=utcnow)
    snapshot_title: so.Mapped[str] = so.mapped_column(sa.String(200), default="")
    snapshot_body: so.Mapped[str] = so.mapped_column(sa.Text, default="")
    claimed_by_id: so.Mapped[Optional[int]] = so.mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    claimed_at: so.Mapped[Optional[datetime]] = so.mapped_column()
    resolved_by_id: so.Mapped[Optional[int]] = so.mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    resolved_at: so.Mapped[Optional[datetime]] = so.mapped_column()
    action: so.Mapped[Optional[str]] = so.mapped_column(sa.String(10))
    resolution_reason: so.Mapped[Optional[str]] = so.mapped_column(sa.Text)

    group: so.Mapped[Optional[Group]] = so.relationship()
    author: so.Mapped[Optional[User]] = so.relationship(foreign_keys=[author_id])
    claimed_by: so.Mapped[Optional[User]] = so.relationship(foreign_keys=[claimed_by_id])
    resolved_by: so.Mapped[Optional[User]] = so.relationship(foreign_keys=[resolved_by_id])
    reports: so.Mapped[list[Report]] = so.relationship(back_populates="item", order_by="Report.id")

    @property
    def is_open(self) -> bool:
        return self.status == "open"

    @property
    def summary(self) -> str:
        """What to quote about the target in a list: a thread's title, else the words reported."""
        return self.snapshot_title if self.target_type in ("thread", "member", "technique") else self.snapshot_body


class Report(db.Model):
    """One person's report of one item; a second report by the same person is the same report."""

    __tablename__ = "reports"
    __table_args__ = (sa.UniqueConstraint("item_id", "reporter_id"),)

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    item_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("moderation_items.id", ondelete="CASCADE"))
    # None: an automatic report, filed because a watched word matched (forum/services/reports.py)
    reporter_id: so.Mapped[Optional[int]] = so.mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    reason: so.Mapped[str] = so.mapped_column(sa.String(20))
    note: so.Mapped[str] = so.mapped_column(sa.Text, default="")
    created_at: so.Mapped[datetime] = so.mapped_column(default=utcnow)

    item: so.Mapped[ModerationItem] = so.relationship(back_populates="reports")
    reporter: so.Mapped[Optional[User]] = so.relationship()

    @property
    def is_automatic(self) -> bool:
        return self.reporter_id is None


class AuditEntry(db.Model):
    """One line of the audit log: who did what, to whom, why, when, with the content before and after.

    Append-only: services only ever add entries, and the ORM refuses to change or delete one.
    """

    __tablename__ = "audit_log"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    created_at: so.Mapped[datetime] = so.mapped_column(default=utcnow, index=True)
    actor_id: so.Mapped[Optional[int]] = so.mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"), index=True)
    action: so.Mapped[str] = so.mapped_column(sa.String(20))
    group_id: so.Mapped[Optional[int]] = so.mapped_column(sa.ForeignKey("groups.id", ondelete="SET NULL"), index=True)
    member_id: so.Mapped[Optional[int]] = so.mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"), index=True)
    item_id: so.Mapped[Optional[int]] = so.mapped_column(sa.ForeignKey("moderation_items.id", ondelete="SET NULL"))
    target_type: so.Mapped[Optional[str]] = so.mapped_column(sa.String(20))
    target_id: so.Mapped[Optional[int]] = so.mapped_column()
    reason: so.Mapped[str] = so.mapped_column(sa.Text, default="")
    before: so.Mapped[str] = so.mapped_column(sa.Text, default="")
    after: so.Mapped[str] = so.mapped_column(sa.Text, default="")

    actor: so.Mapped[Optional[User]] = so.relationship(foreign_keys=[actor_id])
    member: so.Mapped[Optional[User]] = so.relationship(foreign_keys=[member_id])
    group: so.Mapped[Optional[Group]] = so.relationship()


@sa.event.listens_for(AuditEntry, "before_update")
@sa.event.listens_for(AuditEntry, "before_delete")
def _audit_is_append_only(_mapper, _connection, entry: AuditEntry) -> None:
    raise RuntimeError(f"The audit log is append-only (entry {entry.id}).")


class Notification(db.Model):
    """A private note to one member: a reply, reactions, a mention, a moderator's decision.

    `subject` names what reactions are about ("post:12", "share:3"): while a notification about
    it is unread, the next reaction updates that one instead of adding another.
    """

    __tablename__ = "notifications"
    __table_args__ = (
        sa.Index("ix_notifications_user_created", "user_id", "created_at"),
        # The header's count on every page, and the gathering of reactions, look at unread ones only.
        sa.Index(
            "ix_notifications_unread", "user_id",
            sqlite_where=sa.text("read_at IS NULL"), postgresql_where=sa.text("read_at IS NULL"),
        ),
    )

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    user_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"))
    kind: so.Mapped[str] = so.mapped_column(sa.String(20))
    text: so.Mapped[str] = so.mapped_column(sa.Text)
    quote: so.Mapped[str] = so.mapped_column(sa.Text, default="")
    created_at: so.Mapped[datetime] = so.mapped_column(default=utcnow)
    read_at: so.Mapped[Optional[datetime]] = so.mapped_column()
    actor_id: so.Mapped[Optional[int]] = so.mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    link: so.Mapped[str] = so.mapped_column(sa.String(500), default="")
    subject: so.Mapped[Optional[str]] = so.mapped_column(sa.String(40))

    actor: so.Mapped[Optional[User]] = so.relationship(foreign_keys=[actor_id])


class NotificationMute(db.Model):
    """A kind of notification one member turned off; every kind is on until they do."""

    __tablename__ = "notification_mutes"
    __table_args__ = (sa.UniqueConstraint("user_id", "kind"),)

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    user_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"))
    kind: so.Mapped[str] = so.mapped_column(sa.String(20))
