from __future__ import annotations

from datetime import datetime
from typing import Optional

import sqlalchemy as sa
import sqlalchemy.orm as so

from forum.extensions import db
from forum.models.base import utcnow
from forum.models.group import Group
from forum.models.user import User

RESPONSE_PREFERENCES = {
    "just_listen": "Just listen",
    "advice_welcome": "Advice welcome",
    "celebrate": "Celebrate with me",
    "open": "Open to anything",
}
REACTION_KINDS = {
    "support": "Support",
    "celebrate": "Celebrate",
    "helpful": "Helpful",
    "same_here": "Same here",
}


class Thread(db.Model):
    __tablename__ = "threads"
    __table_args__ = (sa.Index("ix_threads_group_activity", "group_id", "last_activity_at", "id"),)

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    group_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("groups.id", ondelete="CASCADE"))
    author_id: so.Mapped[Optional[int]] = so.mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    title: so.Mapped[str] = so.mapped_column(sa.String(200))
    response_preference: so.Mapped[str] = so.mapped_column(sa.String(20), default="open")
    content_warning: so.Mapped[Optional[str]] = so.mapped_column(sa.String(200))
    # comma-separated keys of forum/themes.py THEMES that the author tagged the thread with
    themes: so.Mapped[str] = so.mapped_column(sa.String(200), default="", server_default="")
    reply_count: so.Mapped[int] = so.mapped_column(default=0)
    created_at: so.Mapped[datetime] = so.mapped_column(default=utcnow)
    last_activity_at: so.Mapped[datetime] = so.mapped_column(default=utcnow)
    # "hidden" or "removed" by a moderator, "held" or "rejected" (forum/models/moderation.py CONTENT_STATES)
    moderation: so.Mapped[Optional[str]] = so.mapped_column(sa.String(10))

    group: so.Mapped[Group] = so.relationship()
    author: so.Mapped[Optional[User]] = so.relationship()

    # Not stored: the watched-words Verdict (forum.services.watched_words) of the text the service
    # that wrote this object just screened; None when it screened nothing in this request.
    verdict = None

    @property
    def response_preference_label(self) -> str:
        return RESPONSE_PREFERENCES.get(self.response_preference, "Open to anything")


class Post(db.Model):
    """One post of a thread. The opening post has depth 0.

    `path` is the post's place in the tree: zero-padded ids of its ancestors and itself, so
    ordering by path gives the tree in reading order, and a keyset page is `path > cursor`.
    Replies below the depth cap hang from the deepest allowed ancestor; `parent_id` still names
    the post actually replied to.
    """

    __tablename__ = "posts"
    __table_args__ = (sa.Index("ix_posts_thread_path", "thread_id", "path"),)

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    thread_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("threads.id", ondelete="CASCADE"))
    author_id: so.Mapped[Optional[int]] = so.mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    parent_id: so.Mapped[Optional[int]] = so.mapped_column(sa.ForeignKey("posts.id", ondelete="SET NULL"))
    depth: so.Mapped[int] = so.mapped_column(default=0)
    path: so.Mapped[str] = so.mapped_column(sa.String(255), default="")
    body: so.Mapped[str] = so.mapped_column(sa.Text)
    body_html: so.Mapped[str] = so.mapped_column(sa.Text)
    created_at: so.Mapped[datetime] = so.mapped_column(default=utcnow)
    edited_at: so.Mapped[Optional[datetime]] = so.mapped_column()
    deleted_at: so.Mapped[Optional[datetime]] = so.mapped_column()
    # "hidden" (its author and moderators still see it) or "removed" by a moderator
    moderation: so.Mapped[Optional[str]] = so.mapped_column(sa.String(10))
    # comma-separated keys of forum/themes.py THEMES that the author tagged the post with
    themes: so.Mapped[str] = so.mapped_column(sa.String(200), default="", server_default="")
    # the thread's author folded this reply away: it did not answer what they asked for
    collapsed_by_author_at: so.Mapped[Optional[datetime]] = so.mapped_column()

    thread: so.Mapped[Thread] = so.relationship()
    author: so.Mapped[Optional[User]] = so.relationship()

    # Not stored: the watched-words Verdict (forum.services.watched_words) of the text the service
    # that wrote this object just screened; None when it screened nothing in this request.
    verdict = None

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None

    @property
    def is_removed(self) -> bool:
        return self.moderation == "removed"

    @property
    def is_hidden(self) -> bool:
        return self.moderation == "hidden"

    @property
    def is_collapsed_by_author(self) -> bool:
        return self.collapsed_by_author_at is not None

    @property
    def is_held(self) -> bool:
        return self.moderation == "held"

    @property
    def is_rejected(self) -> bool:
        return self.moderation == "rejected"


class PostRevision(db.Model):
    """The text a post had before an edit: edit history is kept, never overwritten."""

    __tablename__ = "post_revisions"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    post_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("posts.id", ondelete="CASCADE"), index=True)
    body: so.Mapped[str] = so.mapped_column(sa.Text)
    created_at: so.Mapped[datetime] = so.mapped_column(default=utcnow)


class Reaction(db.Model):
    __tablename__ = "reactions"
    __table_args__ = (sa.UniqueConstraint("post_id", "user_id", "kind"),)

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    post_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("posts.id", ondelete="CASCADE"))
    user_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    kind: so.Mapped[str] = so.mapped_column(sa.String(16))
    created_at: so.Mapped[datetime] = so.mapped_column(default=utcnow)
