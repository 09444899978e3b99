"""Bulk data for tests about cost: rows inserted directly, in the shape the services would write."""
from __future__ import annotations

import sqlalchemy as sa

from forum.extensions import db
from forum.models import Post
from forum.models.base import utcnow
from forum.services.threads import SEGMENT_WIDTH


def _segment(post_id: int) -> str:
    return f"{post_id:0{SEGMENT_WIDTH}d}"


def add_replies(thread_id: int, author_id: int, opening_id: int, count: int) -> None:
    """`count` replies under the opening post: every third starts a branch, the next two answer inside it.

    Reply number i has the body "reply i"; the last one in reading order is "reply {count - 1}" when
    count - 1 is a multiple of three.
    """
    first_id = db.session.scalar(sa.select(sa.func.max(Post.id))) + 1
    opening_path = _segment(opening_id)
    rows, now = [], utcnow()
    for offset in range(count):
        post_id = first_id + offset
        nested = offset % 3 != 0
        parent_id = first_id + offset - (offset % 3) if nested else opening_id
        parent_path = opening_path + _segment(parent_id) if nested else opening_path
        rows.append({
            "id": post_id, "thread_id": thread_id, "author_id": author_id, "parent_id": parent_id,
            "depth": 2 if nested else 1, "path": parent_path + _segment(post_id),
            "body": f"reply {offset}", "body_html": f"<p>reply {offset}</p>", "created_at": now,
        })
    db.session.execute(sa.insert(Post), rows)
    db.session.execute(sa.text("UPDATE threads SET reply_count = :n WHERE id = :id"), {"n": count, "id": thread_id})
    if db.engine.dialect.name == "postgresql":  # explicit ids do not advance the sequence
        db.session.execute(sa.text("SELECT setval('posts_id_seq', (SELECT max(id) FROM posts))"))
    db.session.commit()
