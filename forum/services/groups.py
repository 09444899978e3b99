"""Peer groups: creation, moderators, joining (with the agreement), leaving, join requests."""
from __future__ import annotations

import re

import sqlalchemy as sa
import sqlalchemy.orm as so

from forum import payloads
from forum.events import publish
from forum.extensions import db
from forum.models import Group, Membership, User
from forum.models.base import utcnow
from forum.models.group import VISIBILITIES
from forum.rooms import user_room
from forum.services import access, audit
from forum.services.accounts import get_user_by_username
from forum.services.errors import Banned, Conflict, Invalid, NotFound
from forum.services.validation import optional_line, required_body, required_line
from forum.text import render_markdown

SLUG_PATTERN = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$")
RESERVED_SLUGS = {"new"}  # /groups/new is the page that opens a group


# Built once: the group list and the member's memberships are read on the most visited page.
_GROUPS_BY_NAME = sa.select(Group).order_by(Group.name)
_OPEN_MEMBERSHIPS = sa.select(Membership).where(
    Membership.user_id == sa.bindparam("user_id"), Membership.status.in_(("active", "pending"))
)


def list_groups() -> list[Group]:
    return list(db.session.scalars(_GROUPS_BY_NAME))


def shows_details(user: User | None, group: Group) -> bool:
    """Everyone sees a public group's agreement; a private one's only its readers (members, admins)."""
    return not group.is_private or access.can_read(user, group)


def memberships_of(user: User | None) -> dict[int, Membership]:
    """The member's active and pending memberships, keyed by group id, in one query."""
    if not access.signed_in(user):
        return {}
    rows = db.session.scalars(_OPEN_MEMBERSHIPS, {"user_id": user.id})
    return {membership.group_id: membership for membership in rows}


def listing(user: User | None) -> list[tuple[Group, bool]]:
    """Every group, each with shows_details() for `user`, in two queries however many groups there are."""
    if not access.signed_in(user):
        return [(group, not group.is_private) for group in list_groups()]
    member_of = set(
        db.session.scalars(
            sa.select(Membership.group_id).where(Membership.user_id == user.id, Membership.status == "active")
        )
    )
    return [
        (group, not group.is_private or user.is_site_admin or group.id in member_of) for group in list_groups()
    ]


def moderators_of(group: Group) -> list[User]:
    return list(
        db.session.scalars(
            sa.select(User)
            .join(Membership, Membership.user_id == User.id)
            .where(Membership.group_id == group.id, Membership.role == "moderator", Membership.status == "active")
            .order_by(User.username_key)
        )
    )


def create_group(
    actor: User | None, slug: object, name: object, description: object, agreement: object, visibility: object
) -> Group:
    access.require_site_admin(actor)
    slug_text = slug.strip().lower() if isinstance(slug, str) else ""
    if not SLUG_PATTERN.match(slug_text):
        raise Invalid("A slug is 1 to 64 lowercase letters, digits and '-'.", field="slug")
    if slug_text in RESERVED_SLUGS:
        raise Invalid(f"'{slug_text}' is reserved; choose another slug.", field="slug")
    if visibility not in VISIBILITIES:
        raise Invalid("Visibility is 'public' or 'private'.", field="visibility")
    agreement_text = required_body(agreement, field="agreement", label="The group agreement")
    group = Group(
        slug=slug_text,
        name=required_line(name, "name", "Name", 100),
        description=optional_line(description, "description", "Description", 500),
        agreement=agreement_text,
        agreement_html=render_markdown(agreement_text),
        visibility=visibility,
    )
    if db.session.scalar(sa.select(Group.id).where(Group.slug == slug_text)) is not None:
        raise Conflict("A group with that slug exists already.", field="slug")
    db.session.add(group)
    db.session.commit()
    return group


def appoint_moderator(actor: User | None, group: Group, username: object) -> Membership:
    access.require_site_admin(actor)
    user = get_user_by_username(username)
    membership = access.membership_of(user, group)
    if membership is None:
        membership = Membership(group_id=group.id, user_id=user.id)
        db.session.add(membership)
    membership.role = "moderator"
    membership.status = "active"
    db.session.commit()
    return membership


def demote_moderator(actor: User | None, group: Group, username: object) -> Membership:
    """A moderator goes back to being a member (site admins). Their open queue pages stop getting the
    group's reports at once: `moderation_ended` takes their sockets out of its moderators' room."""
    access.require_site_admin(actor)
    user = get_user_by_username(username)
    membership = access.membership_of(user, group)
    if membership is None or not membership.is_moderator:
        raise NotFound("They are not a moderator of this group.")
    membership.role = "member"
    audit.record(actor, "demote", member=user, group_id=group.id, after="member")
    if not user.is_site_admin:  # a site admin still moderates every group
        publish("moderation_ended", payloads.moderation_ended(group, user), user_room(user.id))
    db.session.commit()
    return membership


def join_group(user: User | None, group: Group, accept_agreement: object) -> Membership:
    """Join a public group, or ask to join a private one. Accepting the agreement is required."""
    if not access.signed_in(user):
        raise access.Unauthorized("Sign in to join a group.")
    if accept_agreement is not True:
        raise Invalid("To join, read and accept the group agreement.", field="accept_agreement")
    membership = access.membership_of(user, group)
    if membership is not None and membership.is_banned:
        raise Banned("A moderator has removed you from this group.")
    if membership is not None:
        if membership.agreement_accepted_at is None:  # e.g. appointed as moderator before accepting
            membership.agreement_accepted_at = utcnow()
            db.session.commit()
        return membership
    membership = Membership(
        group_id=group.id,
        user_id=user.id,
        status="pending" if group.is_private else "active",
        agreement_accepted_at=utcnow(),
    )
    db.session.add(membership)
    try:
        db.session.commit()
    except sa.exc.IntegrityError:
        db.session.rollback()
        return access.membership_of(user, group)
    return membership


def leave_group(user: User | None, group: Group) -> None:
    membership = access.membership_of(user, group)
    if membership is None:
        raise access.NotMember("You are not a member of this group.")
    if membership.is_banned:  # leaving must not wipe the ban and let them join again
        raise Banned("A moderator has removed you from this group.")
    db.session.delete(membership)
    publish("membership_ended", payloads.membership_ended(group, user), user_room(user.id))
    db.session.commit()


def pending_requests(actor: User | None, group: Group) -> list[Membership]:
    access.require_group_moderator(actor, group)
    return list(
        db.session.scalars(
            sa.select(Membership)
            .options(so.joinedload(Membership.user))
            .where(Membership.group_id == group.id, Membership.status == "pending")
            .order_by(Membership.created_at)
        )
    )


def decide_request(actor: User | None, group: Group, username: object, approve: bool) -> Membership | None:
    """Approve (the member becomes active, returned) or decline (the request is removed) a join request."""
    access.require_group_moderator(actor, group)
    user = get_user_by_username(username)
    membership = access.membership_of(user, group)
    if membership is None or membership.status != "pending":
        raise NotFound("There is no pending request from that member.")
    if approve:
        membership.status = "active"
    else:
        db.session.delete(membership)
    db.session.commit()
    return membership if approve else None
