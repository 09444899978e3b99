"""Who may see and do what. Every path (pages, API, sockets) asks here, so they cannot disagree.

Reading rule: a group's name, description and agreement are visible to everyone. Threads of a
public group are readable by any signed-in account; threads of a private group only by its
active members and site admins — to everyone else they do not exist (NotFound, never Forbidden).
"""
from __future__ import annotations

from typing import TypeVar

import sqlalchemy as sa

from forum.extensions import db
from forum.models import Group, Membership, Post, Thread, User
from forum.models.moderation import UNPUBLISHED
from forum.services.errors import Forbidden, NotFound, NotMember, Unauthorized

T = TypeVar("T")

MAX_ID = 2**31 - 1  # the largest id an INTEGER column holds on every supported database


def find_by_id(model: type[T], item_id: object) -> T | None:
    """The stored row with this id, or None for anything that cannot be one (wrong type, out of range)."""
    if not isinstance(item_id, int) or isinstance(item_id, bool) or not 0 < item_id <= MAX_ID:
        return None
    return db.session.get(model, item_id)


def signed_in(user: User | None) -> bool:
    return user is not None and user.is_authenticated and user.is_active


# Built once: the hottest look-ups (every page, every Socket.IO event), where building a
# statement costs more than running it.
_MEMBERSHIP = sa.select(Membership).where(
    Membership.group_id == sa.bindparam("group_id"), Membership.user_id == sa.bindparam("user_id")
)
_GROUP_BY_SLUG = sa.select(Group).where(Group.slug == sa.bindparam("slug"))


def membership_of(user: User | None, group: Group) -> Membership | None:
    if not signed_in(user):
        return None
    return db.session.scalar(_MEMBERSHIP, {"group_id": group.id, "user_id": user.id})


def is_member(user: User | None, group: Group) -> bool:
    membership = membership_of(user, group)
    return membership is not None and membership.is_active


def is_group_moderator(user: User | None, group: Group) -> bool:
    if not signed_in(user):
        return False
    if user.is_site_admin:
        return True
    membership = membership_of(user, group)
    return membership is not None and membership.is_moderator


def can_read(user: User | None, group: Group) -> bool:
    if not signed_in(user):
        return False
    if not group.is_private or user.is_site_admin:
        return True
    return is_member(user, group)


def get_group(slug: object) -> Group:
    valid = isinstance(slug, str) and "\x00" not in slug  # PostgreSQL refuses NUL in a query
    group = db.session.scalar(_GROUP_BY_SLUG, {"slug": slug}) if valid else None
    if group is None:
        raise NotFound("There is no such group.")
    return group


def require_reader(user: User | None, group: Group, missing: str = "There is no such thread.") -> None:
    """Unreadable discussions answer `missing`, the same words as for ids that do not exist.

    A private group's content is missing for anonymous visitors too, so that asking to sign in
    does not tell them an id exists.
    """
    if group.is_private and not signed_in(user):
        raise NotFound(missing)
    if not signed_in(user):
        raise Unauthorized("Sign in to read this group's discussions.")
    if not can_read(user, group):
        raise NotFound(missing)


def require_member(user: User | None, group: Group) -> Membership:
    if not signed_in(user):
        raise Unauthorized("Sign in first.")
    membership = membership_of(user, group)
    if membership is None or not membership.is_active:
        raise NotMember("Join this group (and accept its agreement) to take part.")
    return membership


def require_group_moderator(user: User | None, group: Group) -> None:
    if not signed_in(user):
        raise Unauthorized("Sign in first.")
    if not is_group_moderator(user, group):
        raise Forbidden("Only this group's moderators can do that.")


def require_site_admin(user: User | None) -> None:
    if not signed_in(user):
        raise Unauthorized("Sign in first.")
    if not user.is_site_admin:
        raise Forbidden("Only site administrators can do that.")


def sees_unpublished(user: User | None, author_id: int | None, group: Group) -> bool:
    """Held or rejected content is shown only to its author and the group's moderators."""
    return signed_in(user) and (author_id == user.id or is_group_moderator(user, group))


def published_or_own(state: sa.ColumnElement, author_id: sa.ColumnElement, user: User | None) -> sa.ColumnElement[bool]:
    """A query condition: the content is published, or `user` wrote it (for readers who do not moderate)."""
    condition = sa.or_(state.is_(None), state.not_in(UNPUBLISHED))
    return sa.or_(condition, author_id == user.id) if signed_in(user) else condition


def get_readable_thread(user: User | None, thread_id: object) -> Thread:
    thread = find_by_id(Thread, thread_id)
    if thread is None:
        raise NotFound("There is no such thread.")
    require_reader(user, thread.group)
    if thread.moderation in UNPUBLISHED and not sees_unpublished(user, thread.author_id, thread.group):
        raise NotFound("There is no such thread.")
    return thread


def get_readable_post(user: User | None, post_id: object) -> Post:
    post = find_by_id(Post, post_id)
    if post is None:
        raise NotFound("There is no such post.")
    require_reader(user, post.thread.group, missing="There is no such post.")
    unpublished = post.moderation in UNPUBLISHED or post.thread.moderation in UNPUBLISHED
    if unpublished and not sees_unpublished(user, post.author_id, post.thread.group):
        raise NotFound("There is no such post.")
    return post
