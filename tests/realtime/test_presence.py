"""The presence stores: the in-process one, and the Redis one that several server processes share.

The Redis tests need a Redis server (SOCKETIO_MESSAGE_QUEUE, or 127.0.0.1:6379): without one they
skip locally and fail in CI.
"""
import os
import time
import uuid

import pytest
import redis

from forum.services.presence import LocalPresence, RedisPresence
from tests.support import IN_CI

REDIS_URL = os.environ.get("SOCKETIO_MESSAGE_QUEUE") or "redis://127.0.0.1:6379/0"
ROOM = "group:1"
ANA = {"username": "ana", "display_name": "Ana", "pronouns": ""}
BEN = {"username": "ben", "display_name": "ben", "pronouns": ""}


@pytest.fixture
def redis_prefix():
    """A key prefix of its own, removed afterwards; several RedisPresence with it act as several processes."""
    client = redis.Redis.from_url(REDIS_URL)
    try:
        client.ping()
    except redis.ConnectionError:
        if IN_CI:
            pytest.fail(f"no Redis at {REDIS_URL}")
        pytest.skip(f"no Redis at {REDIS_URL}")
    prefix = f"test-presence:{uuid.uuid4().hex}"
    yield prefix
    keys = list(client.scan_iter(f"{prefix}:*"))
    if keys:
        client.delete(*keys)


def redis_process(prefix: str) -> RedisPresence:
    """One server process's view; its heartbeat is driven by the test (`beat()`), not a background task."""
    return RedisPresence(REDIS_URL, prefix=prefix, start_task=lambda task: None)


@pytest.fixture(params=["local", "redis"])
def store(request):
    if request.param == "local":
        return LocalPresence()
    return redis_process(request.getfixturevalue("redis_prefix"))


def test_a_person_is_present_once_however_many_connections(store):
    assert store.enter(ROOM, "ana-1", 1, ANA) is True
    assert store.enter(ROOM, "ana-2", 1, ANA) is False
    assert store.enter(ROOM, "ben-1", 2, BEN) is True
    assert store.present(ROOM) == [ANA, BEN]

    assert store.leave(ROOM, "ana-1") is None
    assert store.leave(ROOM, "ana-2") == ANA
    assert store.leave(ROOM, "ana-2") is None
    assert store.present(ROOM) == [BEN]


def test_removing_a_person_returns_all_their_connections(store):
    store.enter(ROOM, "ana-1", 1, ANA)
    store.enter(ROOM, "ana-2", 1, ANA)
    store.enter(ROOM, "ben-1", 2, BEN)
    assert sorted(store.remove_user(ROOM, 1)) == ["ana-1", "ana-2"]
    assert store.present(ROOM) == [BEN]
    assert store.present("group:2") == []


def test_processes_share_presence_and_one_can_remove_connections_held_by_another(redis_prefix):
    first, second = redis_process(redis_prefix), redis_process(redis_prefix)
    first.enter(ROOM, "ana-1", 1, ANA)
    assert second.enter(ROOM, "ana-2", 1, ANA) is False
    second.enter(ROOM, "ben-1", 2, BEN)
    assert first.present(ROOM) == second.present(ROOM) == [ANA, BEN]
    assert sorted(first.remove_user(ROOM, 1)) == ["ana-1", "ana-2"]
    assert second.present(ROOM) == [BEN]


def test_connections_of_a_process_that_died_are_dropped(redis_prefix):
    survivor, crashed = redis_process(redis_prefix), redis_process(redis_prefix)
    survivor.enter(ROOM, "ana-1", 1, ANA)
    crashed.enter(ROOM, "ben-1", 2, BEN)
    crashed.redis.zadd(crashed._processes_key, {crashed.process_id: time.time() - RedisPresence.STALE_AFTER - 1})

    assert survivor.present(ROOM) == [ANA]
    assert survivor.redis.hkeys(survivor._room_key(ROOM)) == [f"{survivor.process_id}:ana-1"]


def test_a_persons_sockets_are_known_with_their_credentials_until_they_disconnect(store):
    store.connect("ana-phone", 1, "session:phone")
    store.connect("ana-bot", 1, "token:7")
    store.connect("ben-1", 2, "session:ben")
    assert sorted(store.sockets_of(1)) == [("ana-bot", "token:7"), ("ana-phone", "session:phone")]

    store.disconnect("ana-phone", 1)
    assert store.sockets_of(1) == [("ana-bot", "token:7")]
    assert store.sockets_of(2) == [("ben-1", "session:ben")]
    assert store.sockets_of(3) == []


def test_every_process_finds_a_persons_sockets_but_not_those_of_a_dead_process(redis_prefix):
    first, second, crashed = (redis_process(redis_prefix) for _ in range(3))
    for process in (first, second, crashed):
        process.beat()
    first.connect("ana-1", 1, "session:a")
    second.connect("ana-2", 1, "session:b")
    crashed.connect("ana-3", 1, "session:c")
    crashed.redis.zadd(crashed._processes_key, {crashed.process_id: time.time() - RedisPresence.STALE_AFTER - 1})

    assert sorted(first.sockets_of(1)) == [("ana-1", "session:a"), ("ana-2", "session:b")]


def test_watches_of_one_groups_threads_are_forgotten_together(store):
    store.watch("ana-1", 1, 10, 100)
    store.watch("ana-2", 1, 10, 101)
    store.watch("ana-1", 1, 20, 200)
    store.watch("ben-1", 2, 10, 100)

    assert sorted(store.forget_watches(1, 10)) == [("ana-1", 100), ("ana-2", 101)]
    assert store.forget_watches(1, 10) == []
    assert store.forget_watches(1, 20) == [("ana-1", 200)]
    assert store.forget_watches(2, 10) == [("ben-1", 100)]


def test_a_disconnected_sockets_watches_are_forgotten(store):
    store.connect("ana-1", 1, "session:a")
    store.watch("ana-1", 1, 10, 100)
    store.watch("ana-2", 1, 10, 101)
    store.disconnect("ana-1", 1)
    assert store.forget_watches(1, 10) == [("ana-2", 101)]
