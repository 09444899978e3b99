"""Probes for a load balancer or orchestrator.

`/healthz`: the process is up and answers (it touches nothing else, so a database outage does not
get healthy processes restarted). `/readyz`: the process can do its work: the database answers
`SELECT 1`, and so does every Redis the configuration names (message queue, rate-limit storage).
503 with the name of what failed otherwise; the details go to the log, not to the caller.
"""
from __future__ import annotations

from collections.abc import Callable

import redis
import sqlalchemy as sa
from flask import Blueprint, current_app, jsonify

from forum.extensions import db

bp = Blueprint("health", __name__)

REDIS_SCHEMES = ("redis://", "rediss://", "unix://")
REDIS_TIMEOUT = 2  # seconds: a probe must answer quickly, even when Redis does not


@bp.get("/healthz")
def healthz():
    """The process is up."""
    return jsonify(status="ok")


@bp.get("/readyz")
def readyz():
    """The database (and Redis, when configured) answer; 503 naming what failed otherwise."""
    checks = {"database": _check_database}
    for name, setting in (("message_queue", "SOCKETIO_MESSAGE_QUEUE"), ("rate_limit_storage", "RATELIMIT_STORAGE_URI")):
        url = current_app.config.get(setting) or ""
        if url.startswith(REDIS_SCHEMES):
            checks[name] = _redis_check(url)
    results = {name: _run(name, check) for name, check in checks.items()}
    ready = all(result == "ok" for result in results.values())
    failed = sorted(name for name, result in results.items() if result != "ok")
    body = {"status": "ok" if ready else "unavailable", "checks": results}
    if failed:
        body["failed"] = failed
    return jsonify(body), 200 if ready else 503


def _run(name: str, check: Callable[[], None]) -> str:
    try:
        check()
    except Exception as error:
        current_app.logger.warning("Readiness check %s failed: %s", name, error)
        return f"failed: {type(error).__name__}"
    return "ok"


def _check_database() -> None:
    with db.engine.connect() as connection:
        connection.execute(sa.text("SELECT 1"))


def _redis_check(url: str) -> Callable[[], None]:
    def check() -> None:
        client = redis.Redis.from_url(url, socket_connect_timeout=REDIS_TIMEOUT, socket_timeout=REDIS_TIMEOUT)
        try:
            client.ping()
        finally:
            client.close()

    return check
