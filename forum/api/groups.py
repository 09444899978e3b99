"""Groups: browsing, creating (site admins), joining and leaving, join requests (moderators)."""
from __future__ import annotations

from flask import jsonify

from forum import payloads
from forum.api import account_required, actor, bp, json_body
from forum.services import groups
from forum.services.access import get_group


@bp.get("/groups")
def list_groups():
    """Every group; a private group's agreement only for those who may read it."""
    listing = groups.listing(actor())
    return jsonify(groups=[payloads.group(g) if details else payloads.group_preview(g) for g, details in listing])


@bp.get("/groups/<slug>")
def show_group(slug: str):
    """One group with its agreement and moderators, or only its preview for a private group's outsiders."""
    group = get_group(slug)
    if not groups.shows_details(actor(), group):
        return jsonify(group=payloads.group_preview(group))
    return jsonify(group=payloads.group(group, groups.moderators_of(group)))


@bp.post("/groups")
@account_required
def create_group():
    """Create a group (site admins)."""
    data = json_body()
    group = groups.create_group(
        actor(),
        data.get("slug"),
        data.get("name"),
        data.get("description"),
        data.get("agreement"),
        data.get("visibility", "public"),
    )
    return jsonify(group=payloads.group(group, [])), 201


@bp.post("/groups/<slug>/moderators")
@account_required
def appoint_moderator(slug: str):
    """Make a member a moderator of the group (site admins)."""
    membership = groups.appoint_moderator(actor(), get_group(slug), json_body().get("username"))
    return jsonify(membership=payloads.membership(membership))


@bp.delete("/groups/<slug>/moderators/<username>")
@account_required
def demote_moderator(slug: str, username: str):
    """A moderator goes back to being a member (site admins)."""
    membership = groups.demote_moderator(actor(), get_group(slug), username)
    return jsonify(membership=payloads.membership(membership))


@bp.post("/groups/<slug>/join")
@account_required
def join(slug: str):
    """Join a public group (200), or ask to join a private one (202, pending)."""
    membership = groups.join_group(actor(), get_group(slug), json_body().get("accept_agreement"))
    return jsonify(membership=payloads.membership(membership)), 200 if membership.is_active else 202


@bp.post("/groups/<slug>/leave")
@account_required
def leave(slug: str):
    """Leave the group (or withdraw a pending request)."""
    groups.leave_group(actor(), get_group(slug))
    return jsonify(membership=None)


@bp.get("/groups/<slug>/requests")
@account_required
def list_requests(slug: str):
    """Pending join requests (the group's moderators)."""
    pending = groups.pending_requests(actor(), get_group(slug))
    return jsonify(requests=[payloads.membership(item) for item in pending])


@bp.post("/groups/<slug>/requests/<username>/approve", defaults={"approve": True})
@bp.post("/groups/<slug>/requests/<username>/decline", defaults={"approve": False})
@account_required
def decide_request(slug: str, username: str, approve: bool):
    """Approve or decline a join request (the group's moderators)."""
    membership = groups.decide_request(actor(), get_group(slug), username, approve)
    return jsonify(membership=payloads.membership(membership) if membership else None)
