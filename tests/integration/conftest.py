"""Integration fixtures: a real `python wsgi.py` process on its own database, and members to fill its rooms.

Clients are python-socketio clients over a real websocket, signed in with API tokens, the way
scripts and bots connect.
"""
from __future__ import annotations

import threading
import time
import uuid
import warnings
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

import pytest
import socketio

from forum import create_app
from forum.extensions import db
from forum.services import accounts, groups
from tests.support.live_server import running_server

PASSWORD = "integration password"
DISCONNECT_WAIT = 15  # seconds; a clean close takes at most websocket-client's 3 s closing handshake


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with running_server(tmp_path_factory.mktemp("integration")) as live:
        yield live


def seed_room(database_url: str, slug: str, member_count: int) -> list[str]:
    """A public group with `member_count` members who accepted its agreement; one API token each."""
    app = create_app({"SQLALCHEMY_DATABASE_URI": database_url, "SOCKETIO_MESSAGE_QUEUE": None})
    with app.app_context():
        admin = accounts.register(f"admin-{slug}", PASSWORD)
        admin.is_site_admin = True
        db.session.commit()
        group = groups.create_group(admin, slug, slug.title(), "", "Be kind.", "public")
        tokens = []
        for n in range(member_count):
            member = accounts.register(f"{slug}-{n}", PASSWORD)
            groups.join_group(member, group, True)
            tokens.append(accounts.create_token(member, "integration")[1])
        db.engine.dispose()
    return tokens


@dataclass
class RoomClient:
    """A member's client that never loses a message, as the room page does it.

    It holds messages by id (a broadcast can overlap a sync). It keeps every sent-but-unacknowledged
    message in an outbox. After each (re)connection it joins with `synced_to`, pages with `sync`
    from the last id of each page until nothing more is missing, and resends the outbox with the
    same client_ids. `synced_to` (everything up to it is held) only moves while caught up: a
    broadcast received during a catch-up can be far ahead of the page being fetched.
    """

    url: str
    token: str
    group: str
    held: dict[int, dict] = field(default_factory=dict)
    outbox: dict[str, str] = field(default_factory=dict)
    broadcasts: list[int] = field(default_factory=list)
    refusals: list[dict] = field(default_factory=list)
    synced_to: int = 0
    present: list[str] = field(default_factory=list)  # usernames, from the last join ack or presence event
    presence_events: list[list[str]] = field(default_factory=list)  # who is here after each `presence` received
    caught_up: threading.Event = field(default_factory=threading.Event)
    # Engine.IO transports to try; ("polling", "websocket") starts on long-polling and upgrades, as browsers do.
    transports: tuple[str, ...] = ("websocket",)

    def __post_init__(self) -> None:
        self.lock = threading.Lock()
        self.sio = socketio.Client(reconnection_delay=0.2, reconnection_delay_max=1)
        self.sio.on("connect", self._on_connect)
        self.sio.on("disconnect", self._on_disconnect)
        self.sio.on("message", self._on_message)
        self.sio.on("presence", self._on_presence)

    def connect(self) -> None:
        self.sio.connect(self.url, transports=list(self.transports), auth={"token": self.token}, wait_timeout=10)
        assert self.caught_up.wait(15), "the client did not catch up after connecting"

    def disconnect(self) -> None:
        """Close the connection, waiting at most DISCONNECT_WAIT seconds.

        python-engineio's client joins its reading thread without a timeout. In about one run in twenty
        of test_room_delivery that thread stays blocked in `recv` for good (one clean-clone CI run hung
        on it), probably because websocket-client's close() reads the same socket at the same time and
        then closes it without shutting it down. Left behind, the daemon thread ends with the server.
        """
        closing = threading.Thread(target=self.sio.disconnect, daemon=True)
        closing.start()
        closing.join(DISCONNECT_WAIT)
        if closing.is_alive():
            warnings.warn(f"a client's disconnect from {self.url} did not finish in {DISCONNECT_WAIT} s; left behind")

    def _hold(self, messages: list[dict]) -> None:
        with self.lock:
            for message in messages:
                self.held[message["id"]] = message

    def _on_message(self, message: dict) -> None:
        with self.lock:
            self.broadcasts.append(message["id"])
            self.held[message["id"]] = message
            if self.caught_up.is_set():
                self.synced_to = max(self.synced_to, message["id"])

    def _on_presence(self, payload: dict) -> None:
        """Apply a presence delta; keep the list it leaves, so a test sees the room after each change."""
        with self.lock:
            if "joined" in payload and payload["joined"]["username"] not in self.present:
                self.present = [*self.present, payload["joined"]["username"]]
            if "left" in payload:
                self.present = [name for name in self.present if name != payload["left"]]
            self.presence_events.append(self.present)

    def _on_disconnect(self, *reason) -> None:
        self.caught_up.clear()

    def _on_connect(self) -> None:
        # Handlers run on the socket's reading thread, which must stay free to receive the acks.
        self.sio.start_background_task(self._catch_up)

    def _call(self, event: str, payload: dict) -> dict | None:
        """The event's ack, or None when the connection is down or the answer did not come in time."""
        try:
            return self.sio.call(event, payload, timeout=5)
        except (socketio.exceptions.TimeoutError, socketio.exceptions.BadNamespaceError):
            return None

    def _catch_up(self) -> None:
        reply = self._call("join", {"group": self.group, "after": self.synced_to or None})
        if reply is not None and reply.get("ok"):
            with self.lock:
                self.present = [person["username"] for person in reply["present"]]
        while reply is not None and reply.get("ok"):
            self._hold(reply["messages"])
            if not reply["more"]:
                with self.lock:
                    self.synced_to = max(self.held, default=0)
                    self.caught_up.set()
                self.flush_outbox()
                return
            reply = self._call("sync", {"group": self.group, "after": reply["messages"][-1]["id"]})

    def send(self, body: str, client_id: str | None = None) -> dict | None:
        """Queue a message in the outbox and try to send it now; it stays queued until acknowledged."""
        client_id = client_id or str(uuid.uuid4())
        with self.lock:
            self.outbox[client_id] = body
        return self._deliver(client_id, body)

    def _deliver(self, client_id: str, body: str) -> dict | None:
        reply = self._call("send", {"group": self.group, "body": body, "client_id": client_id})
        if reply is None:
            return None
        with self.lock:
            self.outbox.pop(client_id, None)
        if not reply["ok"]:
            self.refusals.append(reply)
            return None
        self._hold([reply["message"]])
        return reply["message"]

    def flush_outbox(self) -> None:
        with self.lock:
            pending = list(self.outbox.items())
        for client_id, body in pending:
            self._deliver(client_id, body)


def wait_until(condition, timeout: float, what: str, state=lambda: "") -> None:
    """Poll `condition`; on timeout fail with `what` and the `state()` found then."""
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting until {what}; {state()}"
        time.sleep(0.02)


def disconnect_all(clients: list[RoomClient]) -> None:
    """Close every client at once: websocket-client's close() waits up to 3 s for the closing handshake."""
    with ThreadPoolExecutor(max_workers=len(clients)) as pool:
        list(pool.map(RoomClient.disconnect, clients))
