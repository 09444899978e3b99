"""Who moderates what: site admins everything, a group's moderators their groups."""
from __future__ import annotations

import sqlalchemy as sa

from forum.extensions import db
from forum.models import Group, Membership, ModerationItem, User
from forum.rooms import moderators_room
from forum.services import access
from forum.services.errors import Forbidden, NotFound, Unauthorized


def moderated_group_ids(user: User) -> set[int] | None:
    """The ids of the groups `user` moderates, or None for a site admin (every group)."""
    if user.is_site_admin:
        return None
    return set(
        db.session.scalars(
            sa.select(Membership.group_id).where(
                Membership.user_id == user.id, Membership.role == "moderator", Membership.status == "active"
            )
        )
    )


def moderated_groups(user: User) -> list[Group]:
    group_ids = moderated_group_ids(user)
    query = sa.select(Group).order_by(Group.name)
    if group_ids is not None:
        query = query.where(Group.id.in_(group_ids))
    return list(db.session.scalars(query))


def is_moderator(user: User | None) -> bool:
    return access.signed_in(user) and (user.is_site_admin or bool(moderated_group_ids(user)))


def require_moderator(user: User | None) -> None:
    """Signed in and a moderator of some group (or a site admin)."""
    if not access.signed_in(user):
        raise Unauthorized("Sign in first.")
    if not is_moderator(user):
        raise Forbidden("Only moderators can see the moderation queue.")


def can_moderate(user: User, item: ModerationItem) -> bool:
    if user.is_site_admin:
        return True
    return item.group is not None and access.is_group_moderator(user, item.group)


def get_item(user: User | None, item_id: object) -> ModerationItem:
    """An item the user moderates; to everyone else it does not exist."""
    if not access.signed_in(user):
        raise Unauthorized("Sign in first.")
    item = access.find_by_id(ModerationItem, item_id)
    if item is None or not can_moderate(user, item):
        raise NotFound("There is no such item in your queue.")
    return item


def queue_rooms(user: User | None) -> tuple[list[str], list[Group]]:
    """The moderators' rooms a queue page listens to, and their groups: a moderator's groups; for a
    site admin every group and the site-wide room."""
    require_moderator(user)
    groups = moderated_groups(user)
    names = [moderators_room(group.id) for group in groups]
    if user.is_site_admin:
        names.append(moderators_room(None))
    return names, groups
