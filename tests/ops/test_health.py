"""/healthz says the process is up; /readyz says the database (and Redis, when configured) answer."""
from __future__ import annotations

import os
from contextlib import ExitStack

import pytest
import redis
import sqlalchemy as sa

from forum.extensions import db
from tests.conftest import make_app
from tests.support import unavailable
from tests.support.databases import postgres_server_url, throwaway_postgres_database
from tests.support.live_server import free_port

REDIS_URL = os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379"


def dispose_engine(app) -> None:
    with app.app_context():
        db.engine.dispose()


def test_healthz_answers_without_touching_the_database(client, count_queries):
    with count_queries() as queries:
        response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json == {"status": "ok"}
    assert queries() == 0


def test_readyz_is_ok_when_the_database_answers(client):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json["status"] == "ok"
    assert response.json["checks"]["database"] == "ok"


def test_readiness_fails_while_a_sqlite_database_is_unreachable_and_recovers(tmp_path):
    """The database file's volume is missing (not mounted yet), then appears."""
    volume = tmp_path / "volume"
    app = make_app(f"sqlite:///{volume / 'forum.db'}")
    client = app.test_client()

    down = client.get("/readyz")
    assert down.status_code == 503
    assert down.json["status"] == "unavailable"
    assert down.json["failed"] == ["database"]
    assert down.json["checks"]["database"].startswith("failed: ")
    assert client.get("/healthz").status_code == 200  # the process itself is fine

    volume.mkdir()
    assert client.get("/readyz").status_code == 200
    dispose_engine(app)


def test_readiness_fails_while_postgresql_is_down_and_recovers_after():
    """A real outage: the database is dropped (its connections killed), then created again."""
    server_url = postgres_server_url()
    with ExitStack() as cleanup:
        try:
            url = cleanup.enter_context(throwaway_postgres_database(server_url, prefix="forum_readyz"))
        except sa.exc.OperationalError as error:
            unavailable(f"PostgreSQL is not reachable at {server_url} ({error.orig}); start it or set POSTGRES_URL")
        admin = sa.create_engine(sa.make_url(server_url).set(database="postgres"), isolation_level="AUTOCOMMIT")
        cleanup.callback(admin.dispose)
        app = make_app(url)
        cleanup.callback(dispose_engine, app)
        client = app.test_client()
        name = sa.make_url(url).database

        assert client.get("/readyz").status_code == 200  # the pool now holds a live connection

        with admin.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE "{name}" WITH (FORCE)'))
        down = client.get("/readyz")
        assert down.status_code == 503
        assert down.json["failed"] == ["database"]
        assert client.get("/healthz").status_code == 200

        with admin.connect() as conn:
            conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
        assert client.get("/readyz").status_code == 200


def test_readiness_names_a_configured_redis_that_does_not_answer(database_url):
    dead_redis = f"redis://127.0.0.1:{free_port()}/1"
    client = make_app(database_url, RATELIMIT_STORAGE_URI=dead_redis).test_client()
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json["failed"] == ["rate_limit_storage"]
    assert response.json["checks"]["database"] == "ok"
    assert "127.0.0.1" not in response.text  # the details go to the log, not to the caller


def test_readiness_pings_a_configured_redis_that_answers(database_url):
    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2).ping()
    except redis.RedisError as error:
        unavailable(f"Redis is not reachable at {REDIS_URL} ({error}); start it or set REDIS_URL")
    app = make_app(database_url, SOCKETIO_MESSAGE_QUEUE=f"{REDIS_URL}/0", RATELIMIT_STORAGE_URI=f"{REDIS_URL}/1")
    response = app.test_client().get("/readyz")
    assert response.status_code == 200
    assert response.json["checks"] == {"database": "ok", "message_queue": "ok", "rate_limit_storage": "ok"}


@pytest.mark.parametrize("path", ["/healthz", "/readyz"])
def test_probes_need_no_sign_in_and_carry_a_request_id(client, path):
    response = client.get(path)
    assert response.status_code == 200
    assert response.headers["X-Request-Id"]
