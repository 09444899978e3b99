"""Who is in a group's live room right now.

A room's presence is its connections (socket ids), each with the public profile of the person
behind it: several tabs of one person count once, and a person is present while any of their
connections is. Presence is not stored in the database; it lives as long as the sockets do.

- One process: `LocalPresence`, a dict guarded by a lock.
- Several processes sharing a Redis message queue: `RedisPresence`, one hash per room in that
  Redis, so every process sees every connection. Each process marks itself alive in a sorted
  set every few seconds; the connections of a process silent for `STALE_AFTER` seconds (it
  died without saying goodbye) are dropped on the next read.
"""
from __future__ import annotations

import json
import threading
import time
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, Protocol

import redis
from flask import Flask, current_app

from forum.extensions import socketio


@dataclass(frozen=True)
class Connection:
    user_id: int
    profile: dict[str, Any]


class Presence(Protocol):
    def enter(self, room: str, sid: str, user_id: int, profile: dict[str, Any]) -> bool:
        """Add a connection; True when its person was not present before."""

    def leave(self, room: str, sid: str) -> dict[str, Any] | None:
        """Remove a connection; the profile of its person when they are no longer present."""

    def remove_user(self, room: str, user_id: int) -> list[str]:
        """Remove all of one person's connections; their socket ids."""

    def present(self, room: str) -> list[dict[str, Any]]:
        """The profiles of the people present, each once, by name."""

    def connect(self, sid: str, user_id: int, credential: str) -> None:
        """Record a socket of a person and the credential it signed in with."""

    def disconnect(self, sid: str, user_id: int) -> None:
        """Forget a socket of a person."""

    def sockets_of(self, user_id: int) -> list[tuple[str, str]]:
        """Every live socket of one person, in any process: (socket id, credential)."""

    def watch(self, sid: str, user_id: int, group_id: int, thread_id: int) -> None:
        """Record that a socket of a person watches a thread of a group."""

    def forget_watches(self, user_id: int, group_id: int) -> list[tuple[str, int]]:
        """Forget the person's watches of a group's threads; (socket id, thread id) of each."""


def _people(connections: Iterable[Connection]) -> list[dict[str, Any]]:
    by_user = {conn.user_id: conn.profile for conn in connections}
    return sorted(by_user.values(), key=lambda profile: str(profile.get("display_name", "")).casefold())


class LocalPresence:
    def __init__(self) -> None:
        self._rooms: dict[str, dict[str, Connection]] = {}
        self._sockets: dict[int, dict[str, str]] = {}  # person → socket id → credential
        self._watches: dict[int, set[tuple[str, int, int]]] = {}  # person → (socket id, group id, thread id)
        self._lock = threading.Lock()

    def enter(self, room: str, sid: str, user_id: int, profile: dict[str, Any]) -> bool:
        with self._lock:
            connections = self._rooms.setdefault(room, {})
            first = all(conn.user_id != user_id for conn in connections.values())
            connections[sid] = Connection(user_id, profile)
            return first

    def leave(self, room: str, sid: str) -> dict[str, Any] | None:
        with self._lock:
            connections = self._rooms.get(room, {})
            gone = connections.pop(sid, None)
            if not connections:
                self._rooms.pop(room, None)
            if gone is None or any(conn.user_id == gone.user_id for conn in connections.values()):
                return None
            return gone.profile

    def remove_user(self, room: str, user_id: int) -> list[str]:
        with self._lock:
            connections = self._rooms.get(room, {})
            sids = [sid for sid, conn in connections.items() if conn.user_id == user_id]
            for sid in sids:
                del connections[sid]
            return sids

    def present(self, room: str) -> list[dict[str, Any]]:
        with self._lock:
            return _people(self._rooms.get(room, {}).values())

    def connect(self, sid: str, user_id: int, credential: str) -> None:
        with self._lock:
            self._sockets.setdefault(user_id, {})[sid] = credential

    def disconnect(self, sid: str, user_id: int) -> None:
        with self._lock:
            sockets = self._sockets.get(user_id, {})
            sockets.pop(sid, None)
            if not sockets:
                self._sockets.pop(user_id, None)
            watches = {watch for watch in self._watches.pop(user_id, set()) if watch[0] != sid}
            if watches:
                self._watches[user_id] = watches

    def sockets_of(self, user_id: int) -> list[tuple[str, str]]:
        with self._lock:
            return list(self._sockets.get(user_id, {}).items())

    def watch(self, sid: str, user_id: int, group_id: int, thread_id: int) -> None:
        with self._lock:
            self._watches.setdefault(user_id, set()).add((sid, group_id, thread_id))

    def forget_watches(self, user_id: int, group_id: int) -> list[tuple[str, int]]:
        with self._lock:
            watches = self._watches.get(user_id, set())
            gone = {watch for watch in watches if watch[1] == group_id}
            watches -= gone
            return [(sid, thread_id) for sid, _, thread_id in gone]


class RedisPresence:
    """Hash `<prefix>:room:<room>`: field `<process>:<sid>` → {"user_id", "profile"} as JSON.

    Each change runs in one MULTI transaction together with the read that decides whether the
    person's presence changed, so two tabs joining at once cannot both look like the first.
    """

    HEARTBEAT_EVERY = 5
    STALE_AFTER = 20

    def __init__(
        self,
        url: str,
        prefix: str = "forum:presence",
        process_id: str | None = None,
        start_task: Callable[[Callable[[], None]], Any] | None = None,
    ) -> None:
        self.redis = redis.Redis.from_url(url, decode_responses=True)
        self.prefix = prefix
        self.process_id = process_id or uuid.uuid4().hex
        self._start_task = start_task or socketio.start_background_task
        self._heartbeat_started = False

    def _room_key(self, room: str) -> str:
        return f"{self.prefix}:room:{room}"

    @property
    def _processes_key(self) -> str:
        return f"{self.prefix}:processes"

    def _field(self, sid: str) -> str:
        return f"{self.process_id}:{sid}"

    def beat(self) -> None:
        """Mark this process alive now."""
        self.redis.zadd(self._processes_key, {self.process_id: time.time()})

    def _keep_beating(self) -> None:
        while True:
            self.beat()
            socketio.sleep(self.HEARTBEAT_EVERY)

    def _start_heartbeat(self) -> None:
        if not self._heartbeat_started:
            self._heartbeat_started = True
            self.beat()
            self._start_task(self._keep_beating)

    def _transaction(self, room: str, change) -> tuple[list[Any], dict[str, Connection]]:
        """Run `change(pipe)` and read the room in one transaction: (change results, live connections)."""
        pipe = self.redis.pipeline()
        change(pipe)
        pipe.hgetall(self._room_key(room))
        pipe.zrangebyscore(self._processes_key, time.time() - self.STALE_AFTER, "+inf")
        *results, fields, alive = pipe.execute()
        return results, self._live(room, fields, set(alive))

    def _live(self, room: str, fields: dict[str, str], alive: set[str]) -> dict[str, Connection]:
        stale = [field for field in fields if field.partition(":")[0] not in alive]
        if stale:
            self.redis.hdel(self._room_key(room), *stale)
        live = {}
        for field, value in fields.items():
            if field not in stale:
                data = json.loads(value)
                live[field] = Connection(data["user_id"], data["profile"])
        return live

    def enter(self, room: str, sid: str, user_id: int, profile: dict[str, Any]) -> bool:
        self._start_heartbeat()
        value = json.dumps({"user_id": user_id, "profile": profile})
        _, live = self._transaction(room, lambda pipe: pipe.hset(self._room_key(room), self._field(sid), value))
        return sum(conn.user_id == user_id for conn in live.values()) == 1

    def leave(self, room: str, sid: str) -> dict[str, Any] | None:
        key, field = self._room_key(room), self._field(sid)
        (gone, _), live = self._transaction(room, lambda pipe: pipe.hget(key, field).hdel(key, field))
        if gone is None:
            return None
        data = json.loads(gone)
        return None if any(conn.user_id == data["user_id"] for conn in live.values()) else data["profile"]

    def remove_user(self, room: str, user_id: int) -> list[str]:
        _, live = self._transaction(room, lambda pipe: None)
        fields = [field for field, conn in live.items() if conn.user_id == user_id]
        if fields:
            self.redis.hdel(self._room_key(room), *fields)
        return [field.partition(":")[2] for field in fields]

    def present(self, room: str) -> list[dict[str, Any]]:
        _, live = self._transaction(room, lambda pipe: None)
        return _people(live.values())

    def _sockets_key(self, user_id: int) -> str:
        return f"{self.prefix}:sockets:{user_id}"

    def connect(self, sid: str, user_id: int, credential: str) -> None:
        self._start_heartbeat()
        self.redis.hset(self._sockets_key(user_id), self._field(sid), credential)

    def disconnect(self, sid: str, user_id: int) -> None:
        self.redis.hdel(self._sockets_key(user_id), self._field(sid))
        watches_key = self._watches_key(user_id)
        mine = [field for field in self.redis.hkeys(watches_key) if field.startswith(self._field(sid) + ":")]
        if mine:
            self.redis.hdel(watches_key, *mine)

    def sockets_of(self, user_id: int) -> list[tuple[str, str]]:
        key = self._sockets_key(user_id)
        fields = self.redis.hgetall(key)
        alive = set(self.redis.zrangebyscore(self._processes_key, time.time() - self.STALE_AFTER, "+inf"))
        stale = [field for field in fields if field.partition(":")[0] not in alive]
        if stale:
            self.redis.hdel(key, *stale)
        return [(field.partition(":")[2], credential) for field, credential in fields.items() if field not in stale]

    def _watches_key(self, user_id: int) -> str:
        """Hash: field `<process>:<sid>:<thread id>` → group id."""
        return f"{self.prefix}:watching:{user_id}"

    def watch(self, sid: str, user_id: int, group_id: int, thread_id: int) -> None:
        self.redis.hset(self._watches_key(user_id), f"{self._field(sid)}:{thread_id}", group_id)

    def forget_watches(self, user_id: int, group_id: int) -> list[tuple[str, int]]:
        key = self._watches_key(user_id)
        gone = [field for field, group in self.redis.hgetall(key).items() if int(group) == group_id]
        if gone:
            self.redis.hdel(key, *gone)
        watches = []
        for field in gone:
            _process, sid, thread_id = field.split(":")
            watches.append((sid, int(thread_id)))
        return watches


def init_app(app: Flask) -> None:
    """Keep presence where every process of this deployment can see it."""
    queue = app.config.get("SOCKETIO_MESSAGE_QUEUE")
    app.extensions["presence"] = RedisPresence(queue) if queue else LocalPresence()


def store() -> Presence:
    return current_app.extensions["presence"]
