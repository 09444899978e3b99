"""Sockets in group rooms and who is present: the Socket.IO side of the live rooms.

Only sockets of members who passed `rooms.join_room` ever enter a group's room, so a group's
events reach nobody else; `membership_ended` takes them out again at once (and out of a private
group's thread rooms), `moderation_ended` takes a demoted moderator's out of the group's
moderators' room, and `sessions_ended`
disconnects the sockets of a person who signed out, changed their password or was suspended.
Presence travels as deltas (`joined` / `left`); the full list is only in the `join` answer.
"""
from __future__ import annotations

from typing import Any

from flask import current_app, request
from flask_socketio import join_room, leave_room, rooms

from forum import payloads
from forum.events import Event, react_to
from forum.extensions import db, socketio
from forum.models import Group, Thread, User
from forum.realtime.auth import remembered_user_id
from forum.rooms import group_id_of, group_room, moderators_room, thread_room, user_id_of
from forum.services import presence
from forum.services import rooms as room_service


def connected(user: User, credential: str) -> None:
    presence.store().connect(request.sid, user.id, credential)


def enter(group: Group, user: User) -> None:
    """Put this socket in the group's room, announcing a newcomer to the others."""
    room = group_room(group.id)
    join_room(room)
    profile = payloads.user(user)
    if presence.store().enter(room, request.sid, user.id, profile):
        socketio.emit("presence", payloads.presence_joined(group.slug, profile), to=room, skip_sid=request.sid)


def present(group: Group) -> list[dict[str, Any]]:
    return presence.store().present(group_room(group.id))


def _announce_departure(group_slug: str, room: str, username: str) -> None:
    socketio.emit("presence", payloads.presence_left(group_slug, username), to=room)


def leave(group: Group) -> None:
    room = group_room(group.id)
    leave_room(room)
    gone = presence.store().leave(room, request.sid)
    if gone is not None:
        _announce_departure(group.slug, room, gone["username"])


def forget_socket() -> None:
    """On disconnect: this socket leaves every group room it was in. Never raises: it is cleanup."""
    try:
        group_ids = [group_id for room in rooms() if (group_id := group_id_of(room)) is not None]
        for group in room_service.groups_with_ids(group_ids):
            leave(group)
        user_id = remembered_user_id()
        if user_id is not None:
            presence.store().disconnect(request.sid, user_id)
    except Exception:
        current_app.logger.exception("Cleaning up after socket %s failed", request.sid)


def watching(thread: Thread, user: User) -> None:
    """Remember which thread this socket watches, so losing a private group can end the watch."""
    presence.store().watch(request.sid, user.id, thread.group_id, thread.id)


def show_typing(group: Group, user: User, blocker_ids: list[int]) -> None:
    """Tell the room someone is typing, except the typist's socket and the sockets of people who blocked them."""
    skipped = [request.sid, *(sid for blocker_id in blocker_ids for sid, _ in presence.store().sockets_of(blocker_id))]
    socketio.emit("typing", payloads.typing(group, user), to=group_room(group.id), skip_sid=skipped)


@react_to("membership_ended")
def close_room_to_former_member(evt: Event) -> None:
    """Take a former member's sockets out of the group's room, in whichever process holds them."""
    room = group_room(evt.payload["group_id"])
    sids = presence.store().remove_user(room, user_id_of(evt.room))
    for sid in sids:
        socketio.server.leave_room(sid, room, namespace="/")
    if sids:
        _announce_departure(evt.payload["group"], room, evt.payload["username"])
    _stop_watching_private_threads(evt.payload["group_id"], user_id_of(evt.room))


def _stop_watching_private_threads(group_id: int, user_id: int) -> None:
    """A former member of a private group may no longer read its threads: their sockets stop watching."""
    watches = presence.store().forget_watches(user_id, group_id)
    group = db.session.get(Group, group_id)
    if group is None or not group.is_private:
        return
    for sid, thread_id in watches:
        socketio.server.leave_room(sid, thread_room(thread_id), namespace="/")


@react_to("sessions_ended")
def disconnect_ended_sessions(evt: Event) -> None:
    """Disconnect the person's sockets whose credential ended, in whichever process holds them.

    The `sessions_ended` event itself reached those sockets first (it went to the person's room),
    so each page can say why; their departures from rooms follow through the normal disconnect.
    """
    only = evt.payload["only"]
    for sid, credential in presence.store().sockets_of(evt.payload["user_id"]):
        if only is None or credential in only:
            socketio.server.disconnect(sid, namespace="/")


@react_to("moderation_ended")
def close_queue_to_former_moderator(evt: Event) -> None:
    """A demoted moderator's sockets leave the group's moderators' room, in whichever process holds them."""
    room = moderators_room(evt.payload["group_id"])
    for sid, _credential in presence.store().sockets_of(user_id_of(evt.room)):
        socketio.server.leave_room(sid, room, namespace="/")
