"""Read side: keyset-paginated lists, so a page costs the same at item 20 and item 100,000."""
from __future__ import annotations

import base64
import binascii
import re
from dataclasses import dataclass, field
from datetime import datetime
from typing import Generic, TypeVar

import sqlalchemy as sa
import sqlalchemy.orm as so

from forum.extensions import db
from forum.models import Group, Post, Thread, User
from forum.services import access, blocks, threads
from forum.services.errors import ServiceError

T = TypeVar("T")
_PATH_CURSOR = re.compile(r"^[0-9]{10,255}$")


class BadCursor(ServiceError):
    code, status = "invalid", 400

    def __init__(self) -> None:
        super().__init__("That page cursor is not valid.", field="cursor")


@dataclass
class Page(Generic[T]):
    items: list[T]
    next_cursor: str | None


@dataclass
class ThreadView:
    """One page of a thread: its posts in tree order, with reaction counts and the reader's own,
    and the authors on the page whom the reader blocked (their posts are folded away)."""

    thread: Thread
    posts: Page[Post]
    counts: dict[int, dict[str, int]] = field(default_factory=dict)
    mine: dict[int, set[str]] = field(default_factory=dict)
    blocked_authors: set[int] = field(default_factory=set)
    viewer_id: int | None = None
    moderates: bool = False

    def reveals(self, post: Post) -> bool:
        """A hidden post is still shown to its author and the group's moderators."""
        return self.moderates or (post.author_id is not None and post.author_id == self.viewer_id)


def _encode(text: str) -> str:
    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


def _decode(cursor: str) -> str:
    try:
        return base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
    except (binascii.Error, UnicodeDecodeError, ValueError):
        raise BadCursor() from None


def group_threads(user: User | None, group: Group, cursor: str | None, page_size: int) -> Page[Thread]:
    """A group's threads, most recently active first (held ones only for their author and moderators)."""
    access.require_reader(user, group)
    query = (
        sa.select(Thread)
        .options(so.joinedload(Thread.author))
        .where(Thread.group_id == group.id)
        .order_by(Thread.last_activity_at.desc(), Thread.id.desc())
        .limit(page_size + 1)
    )
    if not access.is_group_moderator(user, group):
        query = query.where(access.published_or_own(Thread.moderation, Thread.author_id, user))
    if cursor:
        try:
            stamp, _, last_id = _decode(cursor).partition("|")
            after_time, after_id = datetime.fromisoformat(stamp), int(last_id)
        except ValueError:
            raise BadCursor() from None
        if not 0 < after_id <= access.MAX_ID:
            raise BadCursor()
        query = query.where(
            sa.or_(
                Thread.last_activity_at < after_time,
                sa.and_(Thread.last_activity_at == after_time, Thread.id < after_id),
            )
        )
    rows = list(db.session.scalars(query))
    next_cursor = None
    if len(rows) > page_size:
        rows = rows[:page_size]
        last = rows[-1]
        next_cursor = _encode(f"{last.last_activity_at.isoformat()}|{last.id}")
    return Page(rows, next_cursor)


def thread_view(user: User | None, thread: Thread, cursor: str | None, page_size: int) -> ThreadView:
    """One page of a thread's posts in reading (tree) order, after the cursor (held replies only
    for their author and the moderators)."""
    access.require_reader(user, thread.group)
    moderates = access.is_group_moderator(user, thread.group)
    query = (
        sa.select(Post)
        .options(so.joinedload(Post.author))
        .where(Post.thread_id == thread.id)
        .order_by(Post.path)
        .limit(page_size + 1)
    )
    if not moderates:
        query = query.where(access.published_or_own(Post.moderation, Post.author_id, user))
    if cursor:
        after_path = _decode(cursor)
        if not _PATH_CURSOR.match(after_path):
            raise BadCursor()
        query = query.where(Post.path > after_path)
    posts = list(db.session.scalars(query))
    next_cursor = None
    if len(posts) > page_size:
        posts = posts[:page_size]
        next_cursor = _encode(posts[-1].path)
    ids = [post.id for post in posts]
    return ThreadView(
        thread=thread,
        posts=Page(posts, next_cursor),
        counts=threads.reaction_counts(ids),
        mine=threads.my_reactions(user, ids),
        blocked_authors=blocks.blocked_among(user, (post.author_id for post in posts)),
        viewer_id=user.id,
        moderates=moderates,
    )
