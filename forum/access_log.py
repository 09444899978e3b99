"""Structured logs: one JSON line per HTTP request and per Socket.IO event, on the `forum.access` logger.

A line holds what an operator needs to follow a request (method, path, status, duration, request
id, user id) and nothing a member wrote or a secret: no bodies, no query-string values (only
their names), no headers, no cookies, no tokens, no socket ids.
"""
from __future__ import annotations

import json
import logging
import re
import sys
import time
import uuid
from datetime import datetime, timezone
from typing import Any

from flask import Flask, Response, current_app, g, request

logger = logging.getLogger("forum.access")

REQUEST_ID_HEADER = "X-Request-Id"
# What a proxy's request id may look like; anything else is replaced, so a log line can't be forged.
_VALID_REQUEST_ID = re.compile(r"^[A-Za-z0-9._:-]{8,128}$")


class JsonLines(logging.Formatter):
    """`{"ts", "level", "logger", **fields}` on one line; `fields` comes from `extra={"fields": ...}`."""

    def format(self, record: logging.LogRecord) -> str:
        line = {
            "ts": datetime.fromtimestamp(record.created, timezone.utc).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "msg": record.getMessage(),
            **getattr(record, "fields", {}),
        }
        return json.dumps(line, separators=(",", ":"), default=str)


class _CurrentStderr(logging.StreamHandler):
    """Writes to whatever sys.stderr is now (test runners swap it), not the one at start."""

    @property
    def stream(self):
        return sys.stderr

    @stream.setter
    def stream(self, _value) -> None:
        pass


def _configure_logger() -> None:
    if logger.handlers:
        return
    handler = _CurrentStderr()
    handler.setFormatter(JsonLines())
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    logger.propagate = False


def request_id() -> str:
    """This request's id: the caller's X-Request-Id when it looks like one, else a new one."""
    if "request_id" not in g:
        given = request.headers.get(REQUEST_ID_HEADER, "")
        g.request_id = given if _VALID_REQUEST_ID.match(given) else uuid.uuid4().hex
    return g.request_id


def signed_in_user_id() -> int | None:
    """The user this request already loaded (session or API token), without loading one just to log it."""
    for user in (g.get("_login_user"), g.get("api_user")):
        if user is not None and getattr(user, "is_authenticated", False):
            return user.id
    return None


def init_app(app: Flask) -> None:
    _configure_logger()
    enabled = app.config["ACCESS_LOG"]

    def start_clock() -> None:
        g.request_started = time.perf_counter()
        request_id()

    # First of all before_request functions, so a request refused early (rate limit) is timed too.
    app.before_request_funcs.setdefault(None, []).insert(0, start_clock)

    @app.after_request
    def log_request(response: Response) -> Response:
        response.headers[REQUEST_ID_HEADER] = request_id()
        if enabled:
            logger.info("request", extra={"fields": request_fields(response.status_code)})
        return response


def request_fields(status: int) -> dict[str, Any]:
    started = g.get("request_started")
    return {
        "kind": "http",
        "request_id": request_id(),
        "method": request.method,
        "path": request.path,
        "query_keys": sorted(request.args.keys()),
        "status": status,
        "duration_ms": round((time.perf_counter() - started) * 1000, 2) if started is not None else None,
        "user_id": signed_in_user_id(),
    }


def log_socket_event(event: str, outcome: str, user_id: int | None, started: float) -> None:
    """One line per Socket.IO event: its name and outcome code ("ok" or an error code), never its payload."""
    if not current_app.config["ACCESS_LOG"]:
        return
    logger.info(
        "socket_event",
        extra={
            "fields": {
                "kind": "socket",
                "event": event,
                "outcome": outcome,
                "user_id": user_id,
                "duration_ms": round((time.perf_counter() - started) * 1000, 2),
            }
        },
    )
