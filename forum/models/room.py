from __future__ import annotations

from datetime import datetime
from typing import Optional

import sqlalchemy as sa
import sqlalchemy.orm as so

from forum.extensions import db
from forum.models.base import utcnow
from forum.models.group import Group
from forum.models.user import User

MESSAGE_REACTION_KINDS = {"support": "Support", "celebrate": "Celebrate"}


class RoomMessage(db.Model):
    """One message of a group's live room.

    Ids only grow (AUTOINCREMENT on SQLite, a sequence on PostgreSQL), so within a room they
    increase too, and `id > last seen` is all a reconnecting client needs to catch up.
    `client_id` is chosen by the sender: a retry with the same one finds the stored message.
    """

    __tablename__ = "room_messages"
    __table_args__ = (
        sa.Index("ix_room_messages_group_id_id", "group_id", "id"),
        sa.UniqueConstraint("author_id", "client_id"),
        {"sqlite_autoincrement": True},
    )

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    group_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("groups.id", ondelete="CASCADE"))
    author_id: so.Mapped[Optional[int]] = so.mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    client_id: so.Mapped[str] = so.mapped_column(sa.String(36))
    body: so.Mapped[str] = so.mapped_column(sa.Text)
    body_html: so.Mapped[str] = so.mapped_column(sa.Text)
    reply_to_id: so.Mapped[Optional[int]] = so.mapped_column(sa.ForeignKey("room_messages.id", ondelete="SET NULL"))
    created_at: so.Mapped[datetime] = so.mapped_column(default=utcnow)
    removed_at: so.Mapped[Optional[datetime]] = so.mapped_column()
    # hidden by a moderator: gone for the room, still shown to its author and the moderators
    hidden_at: so.Mapped[Optional[datetime]] = so.mapped_column()
    # comma-separated keys of forum/themes.py THEMES that the author tagged the message with
    themes: so.Mapped[str] = so.mapped_column(sa.String(200), default="", server_default="")
    # held for a moderator's approval: shown to its author and the moderators only, never announced
    held_at: so.Mapped[Optional[datetime]] = so.mapped_column()

    group: so.Mapped[Group] = so.relationship()
    author: so.Mapped[Optional[User]] = so.relationship()
    reply_to: so.Mapped[Optional[RoomMessage]] = so.relationship(remote_side=[id])

    # Not stored: the watched-words Verdict (forum.services.watched_words) of the text the service
    # that wrote this object just screened; None when it screened nothing in this request.
    verdict = None

    @property
    def is_removed(self) -> bool:
        return self.removed_at is not None

    @property
    def is_held(self) -> bool:
        return self.held_at is not None


class RoomMessageReaction(db.Model):
    __tablename__ = "room_message_reactions"
    __table_args__ = (sa.UniqueConstraint("message_id", "user_id", "kind"),)

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    message_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("room_messages.id", ondelete="CASCADE"))
    user_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    kind: so.Mapped[str] = so.mapped_column(sa.String(16))
    created_at: so.Mapped[datetime] = so.mapped_column(default=utcnow)
