"""A real server, real websockets: no message is lost or doubled across a dropout and a server restart."""
from __future__ import annotations

import threading
import time
import uuid

import pytest

from tests.integration.conftest import RoomClient, disconnect_all, seed_room

pytestmark = pytest.mark.integration

MEMBERS = 20
SENDERS = 5
TOTAL = 300


def wait_until(condition, timeout: float, what: str, state=lambda: "") -> None:
    """Poll `condition`; on timeout fail with `what` and the `state()` found then."""
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting until {what}; {state()}"
        time.sleep(0.05)


def describe(clients: list[RoomClient]) -> str:
    return "clients (held, outbox, connected, caught up): " + ", ".join(
        f"{len(c.held)}/{len(c.outbox)}/{c.sio.connected}/{c.caught_up.is_set()}" for c in clients
    )


def test_every_member_ends_with_every_message_once_in_order_across_a_dropout_and_a_restart(server):
    clients = [RoomClient(server.url, token, "marathon") for token in seed_room(server.database_url, "marathon", MEMBERS)]
    senders, away = clients[:SENDERS], clients[-1]
    sent_ids: list[str] = []
    lock = threading.Lock()

    def run_sender(index: int, client: RoomClient) -> None:
        for n in range(TOTAL // SENDERS):
            client.caught_up.wait(20)  # like the page: write while connected; the outbox covers the rest
            client_id = str(uuid.uuid4())
            with lock:
                sent_ids.append(client_id)
            client.send(f"sender {index}, message {n}", client_id)
            time.sleep(0.01)

    try:
        for client in clients:
            client.connect()
        threads = [threading.Thread(target=run_sender, args=pair) for pair in enumerate(senders)]
        for thread in threads:
            thread.start()

        wait_until(lambda: len(sent_ids) >= 80, 30, "80 messages were sent")
        away.disconnect()
        wait_until(lambda: len(sent_ids) >= 150, 30, "150 messages were sent")
        server.restart()
        wait_until(lambda: len(sent_ids) >= 220, 30, "220 messages were sent")
        away.connect()
        for thread in threads:
            thread.join(60)

        def everything_delivered() -> bool:
            for sender in senders:
                sender.flush_outbox()
            return all(not c.outbox for c in senders) and all(len(c.held) >= TOTAL for c in clients)

        wait_until(everything_delivered, 30, "every outbox was empty and every client held every message",
                   lambda: describe(clients))
    finally:
        disconnect_all(clients)

    assert [c.refusals for c in clients] == [[]] * MEMBERS
    reference = sorted(clients[0].held)
    assert len(reference) == TOTAL
    for client in clients:
        held = [client.held[message_id] for message_id in sorted(client.held)]
        assert [message["id"] for message in held] == reference
        assert sorted(message["client_id"] for message in held) == sorted(sent_ids)
        assert len(client.broadcasts) == len(set(client.broadcasts)), "a message was broadcast twice"


def test_a_resend_with_the_same_client_id_returns_the_same_message_and_broadcasts_nothing(server):
    sender, watcher = (RoomClient(server.url, token, "echo") for token in seed_room(server.database_url, "echo", 2))
    client_id = str(uuid.uuid4())
    try:
        sender.connect()
        watcher.connect()
        first = sender.send("said once", client_id)
        wait_until(lambda: watcher.broadcasts == [first["id"]], 5, "the watcher got the message")

        assert sender.send("said once", client_id) == first
        sender.disconnect()
        sender.connect()
        assert sender.send("said once", client_id) == first
        time.sleep(0.5)
    finally:
        disconnect_all([sender, watcher])
    assert watcher.broadcasts == [first["id"]]
    assert sender.broadcasts == [first["id"]]
