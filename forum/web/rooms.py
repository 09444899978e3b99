"""The live room page: a shell that static/js/room.js fills over Socket.IO (docs/PROTOCOL.md)."""
from __future__ import annotations

from flask import render_template, url_for
from flask_login import current_user

from forum.models.goal import MILESTONE_REACTION_KINDS
from forum.models.room import MESSAGE_REACTION_KINDS
from forum.services import access, rooms
from forum.services.errors import NotFound, NotMember
from forum.web.common import page_blueprint

bp = page_blueprint("rooms", __name__)


@bp.get("/groups/<slug>/room")
def show(slug: str):
    """Members enter; others get the refusal `join` would give them, and a private group stays hidden
    (from anonymous visitors too: asking them to sign in would tell that it exists)."""
    group = access.get_group(slug)
    if group.is_private and not access.signed_in(current_user):
        raise NotFound("There is no such group.")
    try:
        rooms.require_room_member(current_user, group)
    except NotMember as error:
        if not access.can_read(current_user, group):
            raise NotFound("There is no such group.") from None
        join_url = url_for("groups.join", slug=group.slug)
        return render_template("error.html", status=error.status, message=error.message, join_url=join_url), error.status
    return render_template(
        "rooms/room.html",
        group=group,
        reaction_kinds=MESSAGE_REACTION_KINDS,
        celebration_kinds=MILESTONE_REACTION_KINDS,
    )
