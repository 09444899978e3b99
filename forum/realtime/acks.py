"""Every client event is answered through its acknowledgement, and nothing escapes a handler."""
from __future__ import annotations

import time
from functools import wraps
from typing import Any, Callable

from flask import current_app, request
from flask_socketio import disconnect

from forum import metrics, payloads
from forum.access_log import log_socket_event
from forum.extensions import db
from forum.models import User
from forum.realtime.auth import remembered_user_id, socket_user
from forum.services.errors import Invalid, ServiceError, Unauthorized

Handler = Callable[[Any, User, dict[str, Any]], dict[str, Any]]


def acknowledged(handler: Handler) -> Callable[..., dict[str, Any]]:
    """Wrap `handler(self, user, payload) -> fields` as an event handler answering `{"ok": true, **fields}`.

    The event must carry exactly one JSON object; a ServiceError becomes `{"ok": false, "error",
    "message"}`, an unexpected error `server_error` (logged). A socket whose account was suspended
    or deleted is disconnected. Each event is logged and counted by name and outcome code only.
    """

    @wraps(handler)
    def answer(self, *args: Any) -> dict[str, Any]:
        started = time.perf_counter()
        reply = _answer(self, args)
        event = request.event["message"]
        outcome = "ok" if reply["ok"] else reply["error"]
        metrics.SOCKET_EVENTS.labels(event, outcome).inc()
        log_socket_event(event, outcome, remembered_user_id(), started)
        return reply

    def _answer(self, args: tuple[Any, ...]) -> dict[str, Any]:
        try:
            user = socket_user()
            if user is None:
                disconnect()
                raise Unauthorized("Your session has ended. Sign in again.")
            if len(args) != 1 or not isinstance(args[0], dict):
                raise Invalid("Send one JSON object with the event.")
            return payloads.ack(**handler(self, user, args[0]))
        except ServiceError as error:
            db.session.rollback()
            return payloads.ack_error(error.code, error.message)
        except Exception:
            db.session.rollback()
            current_app.logger.exception("Socket.IO event %r failed", request.event["message"])
            return payloads.ack_error("server_error", "Something went wrong on our side. Please try again.")

    return answer
