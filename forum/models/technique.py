"""Coping techniques members share, site-wide or in a group; marks and the private toolkit."""
from __future__ import annotations

from datetime import datetime
from typing import Optional

import sqlalchemy as sa
import sqlalchemy.orm as so

from forum.extensions import db
from forum.models.base import utcnow
from forum.models.group import Group
from forum.models.user import User

# The one list of tags a technique may carry: key → label.
TECHNIQUE_TAGS = {
    "anxiety": "Anxiety",
    "cravings": "Cravings",
    "sleep": "Sleep",
    "grounding": "Grounding",
    "anger": "Anger",
    "loneliness": "Loneliness",
    "low-mood": "Low mood",
    "stress": "Stress",
    "panic": "Panic",
    "self-care": "Self-care",
}
MARK_KINDS = {"tried": "Tried it", "helped": "Helped me"}


class Technique(db.Model):
    """`group_id` None: a site-wide technique, readable by every signed-in member.

    `tried_count` and `helped_count` are the public totals of the private marks, kept by the
    service, so sorting by most helpful reads no mark rows.
    """

    __tablename__ = "techniques"
    __table_args__ = (
        sa.Index("ix_techniques_group_created", "group_id", "created_at", "id"),
        sa.Index("ix_techniques_group_helped", "group_id", "helped_count", "id"),
    )

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    group_id: so.Mapped[Optional[int]] = so.mapped_column(sa.ForeignKey("groups.id", ondelete="CASCADE"))
    author_id: so.Mapped[Optional[int]] = so.mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    title: so.Mapped[str] = so.mapped_column(sa.String(200))
    steps: so.Mapped[str] = so.mapped_column(sa.Text)
    steps_html: so.Mapped[str] = so.mapped_column(sa.Text)
    when_it_helps: so.Mapped[str] = so.mapped_column(sa.String(500), default="")
    tried_count: so.Mapped[int] = so.mapped_column(default=0)
    helped_count: so.Mapped[int] = so.mapped_column(default=0)
    created_at: so.Mapped[datetime] = so.mapped_column(default=utcnow)
    # "hidden" (its author and the moderators still see it) or "removed" by a moderator
    moderation: so.Mapped[Optional[str]] = so.mapped_column(sa.String(10))

    group: so.Mapped[Optional[Group]] = so.relationship()
    author: so.Mapped[Optional[User]] = so.relationship()
    tag_rows: so.Mapped[list["TechniqueTag"]] = so.relationship(
        cascade="all, delete-orphan", order_by="TechniqueTag.tag", lazy="selectin"
    )

    @property
    def tags(self) -> list[str]:
        return [row.tag for row in self.tag_rows]


class TechniqueTag(db.Model):
    __tablename__ = "technique_tags"
    __table_args__ = (sa.UniqueConstraint("technique_id", "tag"), sa.Index("ix_technique_tags_tag", "tag", "technique_id"))

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    technique_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("techniques.id", ondelete="CASCADE"))
    tag: so.Mapped[str] = so.mapped_column(sa.String(32))


class TechniqueMark(db.Model):
    """A member's "tried it" or "helped me": private to them, only the totals are shown."""

    __tablename__ = "technique_marks"
    __table_args__ = (sa.UniqueConstraint("technique_id", "user_id", "kind"),)

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    technique_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("techniques.id", ondelete="CASCADE"))
    user_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    kind: so.Mapped[str] = so.mapped_column(sa.String(16))
    created_at: so.Mapped[datetime] = so.mapped_column(default=utcnow)


class ToolkitItem(db.Model):
    """A technique a member saved to "My toolkit" (private to them)."""

    __tablename__ = "toolkit_items"
    __table_args__ = (sa.UniqueConstraint("user_id", "technique_id"), sa.Index("ix_toolkit_items_user_id_id", "user_id", "id"))

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    user_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"))
    technique_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("techniques.id", ondelete="CASCADE"), index=True)
    created_at: so.Mapped[datetime] = so.mapped_column(default=utcnow)

    technique: so.Mapped[Technique] = so.relationship()
