"""Socket.IO event handlers on the default namespace (docs/PROTOCOL.md).

Each one authenticates (in `acknowledged`), parses, calls one service and answers.
"""
from __future__ import annotations

import time
from typing import Any

from flask_socketio import Namespace, join_room

from forum import metrics, payloads
from forum.access_log import log_socket_event
from forum.models import User
from forum.realtime import auth, live
from forum.realtime.acks import acknowledged
from forum.rooms import thread_room, user_room
from forum.services import access, rooms

Payload = dict[str, Any]


class RoomNamespace(Namespace):
    def on_connect(self, auth_data: object = None) -> None:
        """Refuse anyone who is not a signed-in, active member (session cookie or API token)."""
        started = time.perf_counter()
        user = auth.connecting_user(auth_data)
        if user is None:
            log_socket_event("connect", "refused", None, started)
            raise ConnectionRefusedError("Sign in (or give a valid API token) to connect.")
        auth.remember(user)
        join_room(user_room(user.id))
        metrics.CONNECTED_SOCKETS.inc()
        log_socket_event("connect", "ok", user.id, started)

    def on_disconnect(self, reason: object = None) -> None:
        started = time.perf_counter()
        live.forget_socket()
        user_id = auth.session_user_id()
        if user_id is not None:
            metrics.CONNECTED_SOCKETS.dec()
            log_socket_event("disconnect", "ok", user_id, started)

    @acknowledged
    def on_join(self, user: User, payload: Payload) -> Payload:
        group = rooms.get_room_group(payload.get("group"))
        history = rooms.join_room(user, group, payload.get("after"), admitted=lambda: live.enter(group, user))
        return {**_page(history), "present": live.present(group)}

    @acknowledged
    def on_leave(self, user: User, payload: Payload) -> Payload:
        live.leave(rooms.get_room_group(payload.get("group")))
        return {}

    @acknowledged
    def on_send(self, user: User, payload: Payload) -> Payload:
        group = rooms.get_room_group(payload.get("group"))
        message = rooms.send_room_message(
            user, group, payload.get("body"), payload.get("client_id"), payload.get("reply_to")
        )
        return {"message": payloads.room_message(message, rooms.reaction_counts([message.id]).get(message.id, {}))}

    @acknowledged
    def on_sync(self, user: User, payload: Payload) -> Payload:
        group = rooms.get_room_group(payload.get("group"))
        return _page(rooms.messages_after(user, group, payload.get("after")))

    @acknowledged
    def on_typing(self, user: User, payload: Payload) -> Payload:
        group = rooms.get_room_group(payload.get("group"))
        rooms.require_voice(user, group)
        live.show_typing(group, user)
        return {}

    @acknowledged
    def on_react(self, user: User, payload: Payload) -> Payload:
        group = rooms.get_room_group(payload.get("group"))
        counts = rooms.react_to_message(
            user, group, payload.get("message_id"), payload.get("kind"), payload.get("on")
        )
        return {"reactions": counts}

    @acknowledged
    def on_watch_thread(self, user: User, payload: Payload) -> Payload:
        """Readers of a thread get its new replies, edits and reactions (`thread_post`, `reaction`)."""
        thread = access.get_readable_thread(user, payload.get("thread"))
        join_room(thread_room(thread.id))
        return {}


def _page(page: rooms.MessagePage) -> Payload:
    return {"messages": payloads.room_messages(page.messages, page.reactions), "more": page.more}
