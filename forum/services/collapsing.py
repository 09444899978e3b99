"""The thread's author folds away a reply that did not answer what they asked for, and can undo it.

The reply stays readable ("collapsed at the author's request", one click opens it); its writer
gets a kind note, and everyone watching the thread sees the fold change at once.
"""
from __future__ import annotations

from forum import payloads
from forum.events import publish
from forum.extensions import db
from forum.models import Post, User
from forum.models.base import utcnow
from forum.rooms import thread_room
from forum.services import access, notifications
from forum.services.errors import Forbidden, Invalid, NotFound, Unauthorized

COLLAPSED_NOTE = (
    "The author of “{title}” folded your reply away on their thread, because they asked for a different kind "
    "of reply. It is still there for anyone who opens it. Thank you for reaching out to them."
)


def set_collapsed(user: User | None, post: Post, collapsed: bool) -> Post:
    """Fold (collapsed=True) or unfold a reply on one's own thread; repeating either changes nothing."""
    if not access.signed_in(user):
        raise Unauthorized("Sign in first.")
    access.require_reader(user, post.thread.group)
    if post.thread.author_id is None or post.thread.author_id != user.id:
        raise Forbidden("Only the thread's author can fold its replies.")
    if post.depth == 0:
        raise Invalid("The opening post can't be folded; only replies can.", field="post_id")
    if post.is_deleted:
        raise NotFound("That post was deleted.")
    if post.is_collapsed_by_author == collapsed:
        return post
    post.collapsed_by_author_at = utcnow() if collapsed else None
    if collapsed and post.author is not None and post.author_id != user.id:
        notifications.notify(
            post.author, "collapsed", COLLAPSED_NOTE.format(title=post.thread.title), post.body,
            actor=user, link=notifications.post_link(post),
        )
    publish("post_collapsed", payloads.post_collapsed(post), thread_room(post.thread_id))
    db.session.commit()
    return post
