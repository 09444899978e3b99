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
from forum.services import access, blocks, goals, moderators, preferences, rooms, watched_words

Payload = dict[str, Any]


class RoomNamespace(Namespace):
    def on_connect(self, auth_data: object = None) -> None:
        """Refuse anyone who is not a signed-in, active member (session cookie or API token)."""
        started = time.perf_counter()
        connecting = auth.connecting_user(auth_data)
        if connecting is None:
            log_socket_event("connect", "refused", None, started)
            raise ConnectionRefusedError("Sign in (or give a valid API token) to connect.")
        user, credential = connecting
        auth.remember(user, credential)
        join_room(user_room(user.id))
        live.connected(user, credential)
        metrics.CONNECTED_SOCKETS.inc()
        log_socket_event("connect", "ok", user.id, started)

    def on_disconnect(self, reason: object = None) -> None:
        started = time.perf_counter()
        live.forget_socket()
        user_id = auth.remembered_user_id()
        if user_id is not None:
            metrics.CONNECTED_SOCKETS.dec()
            log_socket_event("disconnect", "ok", user_id, started)

    @acknowledged
    def on_join(self, user: User, payload: Payload) -> Payload:
        group = rooms.get_room_group(payload.get("group"))
        history = rooms.join_room(user, group, payload.get("after"), admitted=lambda: live.enter(group, user))
        milestones = payloads.celebrations(goals.celebrations(user, group))
        return {
            **_page(history),
            "present": live.present(group),
            "milestones": milestones,
            "blocked": blocks.blocked_usernames(user),
            "collapsed_themes": preferences.collapsed_themes(user),
        }

    @acknowledged
    def on_leave(self, user: User, payload: Payload) -> Payload:
        live.leave(rooms.get_room_group(payload.get("group")))
        return {}

    @acknowledged
    def on_send(self, user: User, payload: Payload) -> Payload:
        group = rooms.get_room_group(payload.get("group"))
        sent = rooms.send_room_message(
            user, group, payload.get("body"), payload.get("client_id"), payload.get("reply_to"), payload.get("themes")
        )
        help_panel = watched_words.crisis_help(sent.verdict)
        return {"message": sent.message, "help": help_panel} if help_panel else {"message": sent.message}

    @acknowledged
    def on_sync(self, user: User, payload: Payload) -> Payload:
        group = rooms.get_room_group(payload.get("group"))
        return _page(rooms.messages_after(user, group, payload.get("after")))

    @acknowledged
    def on_typing(self, user: User, payload: Payload) -> Payload:
        group = rooms.get_room_group(payload.get("group"))
        rooms.require_voice(user, group)
        live.show_typing(group, user, blocks.blocker_ids(user))
        return {}

    @acknowledged
    def on_react(self, user: User, payload: Payload) -> Payload:
        group = rooms.get_room_group(payload.get("group"))
        counts = rooms.react_to_message(
            user, group, payload.get("message_id"), payload.get("kind"), payload.get("on")
        )
        return {"reactions": counts}

    @acknowledged
    def on_milestone_react(self, user: User, payload: Payload) -> Payload:
        group = rooms.get_room_group(payload.get("group"))
        counts = goals.react_to_milestone(
            user, group, payload.get("milestone_id"), payload.get("kind"), payload.get("on")
        )
        return {"reactions": counts}

    @acknowledged
    def on_congratulate(self, user: User, payload: Payload) -> Payload:
        group = rooms.get_room_group(payload.get("group"))
        note = goals.congratulate(user, group, payload.get("milestone_id"), payload.get("body"))
        return {"congratulation": payloads.congratulation(note)}

    @acknowledged
    def on_watch_thread(self, user: User, payload: Payload) -> Payload:
        """Readers of a thread get its new replies, edits and reactions (`thread_post`, `reaction`)."""
        thread = access.get_readable_thread(user, payload.get("thread"))
        join_room(thread_room(thread.id))
        live.watching(thread, user)
        return {}

    @acknowledged
    def on_watch_queue(self, user: User, payload: Payload) -> Payload:
        """Moderators' queue pages get `report` and `report_updated` for the groups they moderate."""
        names, groups = moderators.queue_rooms(user)
        for name in names:
            join_room(name)
        return {"groups": [group.slug for group in groups]}


def _page(page: rooms.MessagePage) -> Payload:
    return {"messages": payloads.room_messages(page.messages, page.reactions, page.mine, page.techniques), "more": page.more}
