"""Sockets in group rooms and who is present: the Socket.IO side of the live rooms.

Only sockets of members who passed `rooms.join_room` ever enter a group's room, so a group's
events reach nobody else; `membership_ended` takes them out again at once.
"""
from __future__ import annotations

from typing import Any

from flask import current_app, request
from flask_socketio import join_room, leave_room, rooms

from forum import payloads
from forum.events import Event, react_to
from forum.extensions import socketio
from forum.models import Group, User
from forum.rooms import group_id_of, group_room, user_id_of
from forum.services import presence
from forum.services import rooms as room_service


def _announce_presence(group_slug: str, room: str, skip_sid: str | None = None) -> None:
    people = presence.store().present(room)
    socketio.emit("presence", payloads.presence(group_slug, people), to=room, skip_sid=skip_sid)


def enter(group: Group, user: User) -> None:
    """Put this socket in the group's room, announcing a newcomer to the others."""
    room = group_room(group.id)
    join_room(room)
    if presence.store().enter(room, request.sid, user.id, payloads.user(user)):
        _announce_presence(group.slug, room, skip_sid=request.sid)


def present(group: Group) -> list[dict[str, Any]]:
    return presence.store().present(group_room(group.id))


def leave(group: Group) -> None:
    room = group_room(group.id)
    leave_room(room)
    if presence.store().leave(room, request.sid):
        _announce_presence(group.slug, room)


def forget_socket() -> None:
    """On disconnect: this socket leaves every group room it was in. Never raises: it is cleanup."""
    try:
        group_ids = [group_id for room in rooms() if (group_id := group_id_of(room)) is not None]
        for group in room_service.groups_with_ids(group_ids):
            leave(group)
    except Exception:
        current_app.logger.exception("Cleaning up after socket %s failed", request.sid)


def show_typing(group: Group, user: User) -> None:
    socketio.emit("typing", payloads.typing(group, user), to=group_room(group.id), skip_sid=request.sid)


@react_to("membership_ended")
def close_room_to_former_member(evt: Event) -> None:
    """Take a former member's sockets out of the group's room, in whichever process holds them."""
    room = group_room(evt.payload["group_id"])
    for sid in presence.store().remove_user(room, user_id_of(evt.room)):
        socketio.server.leave_room(sid, room, namespace="/")
    _announce_presence(evt.payload["group"], room)
