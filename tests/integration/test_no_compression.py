"""A browser offers compression and the forum declines it, on both Engine.IO transports.

Compressing other members' private words together with text an attacker chooses would let the
lengths on the wire leak those words (forum/realtime/shared_frames.py). The websocket client here is
wsproto over a plain socket, not python-socketio: it offers permessage-deflate as browsers do, and
parses every frame the server writes by itself.
"""
from __future__ import annotations

import gzip
import json
import socket
import urllib.request
import uuid
import zlib

import pytest
from wsproto import ConnectionType, WSConnection
from wsproto.events import AcceptConnection, Request, TextMessage
from wsproto.extensions import PerMessageDeflate

from tests.integration.conftest import seed_room

pytestmark = pytest.mark.integration

READ_TIMEOUT = 10


class BrowserLikeSocket:
    """Engine.IO 4 / Socket.IO 5 text packets over a websocket that offered compression."""

    def __init__(self, server, token: str) -> None:
        self.sock = socket.create_connection(("127.0.0.1", server.port), timeout=READ_TIMEOUT)
        self.ws = WSConnection(ConnectionType.CLIENT)
        self.packets: list[str] = []
        self.partial: list[str] = []  # a message's text so far, when it arrives in several reads
        offer = Request(
            host=f"127.0.0.1:{server.port}",
            target="/socket.io/?EIO=4&transport=websocket",
            extensions=[PerMessageDeflate()],
            extra_headers=[(b"Origin", server.url.encode())],
        )
        self.sock.sendall(self.ws.send(offer))
        handshake = self._read_until(lambda events: any(isinstance(e, AcceptConnection) for e in events))
        self.accepted = next(event for event in handshake if isinstance(event, AcceptConnection))
        assert self.next_packet().startswith("0{")  # Engine.IO's open packet
        self.send_packet("40" + json.dumps({"token": token}))
        assert self.next_packet().startswith("40{")

    def _read_until(self, done) -> list:
        """Read from the socket until `done(events so far)`; each whole text message queues up as a packet."""
        events: list = []
        while not done(events):
            data = self.sock.recv(65536)
            assert data, "the server closed the connection"
            self.ws.receive_data(data)
            for event in self.ws.events():
                events.append(event)
                if isinstance(event, TextMessage):
                    self.partial.append(event.data)
                    if event.message_finished:
                        self.packets.append("".join(self.partial))
                        self.partial.clear()
        return events

    def next_packet(self) -> str:
        self._read_until(lambda events: self.packets)
        packet = self.packets.pop(0)
        return self.next_packet() if packet == "2" else packet  # Engine.IO pings need no answer here

    def send_packet(self, packet: str) -> None:
        self.sock.sendall(self.ws.send(TextMessage(data=packet)))

    def call(self, ack_id: int, event: str, payload: dict) -> dict:
        """Emit with an ack and wait for it (events arriving meanwhile are skipped)."""
        self.send_packet(f"42{ack_id}" + json.dumps([event, payload]))
        while not (packet := self.next_packet()).startswith(f"43{ack_id}"):
            pass
        return json.loads(packet[len(f"43{ack_id}"):])[0]

    def close(self) -> None:
        self.sock.close()


def send_messages(sender: BrowserLikeSocket, slug: str, bodies: list[str]) -> None:
    for n, body in enumerate(bodies, start=2):
        ack = sender.call(n, "send", {"group": slug, "body": body, "client_id": str(uuid.uuid4())})
        assert ack["ok"], ack


BODIES = [f"message {n}: " + "ünïcode and words " * (n * 40) for n in range(5)]  # up to 2,900 characters


def test_a_client_offering_compression_gets_plain_frames_and_every_message_whole(server):
    slug = "frames-room"
    tokens = seed_room(server.database_url, slug, 2)
    sender, reader = BrowserLikeSocket(server, tokens[0]), BrowserLikeSocket(server, tokens[1])
    try:
        assert sender.accepted.extensions == [] and reader.accepted.extensions == []
        assert sender.call(1, "join", {"group": slug})["ok"]
        assert reader.call(1, "join", {"group": slug})["ok"]
        send_messages(sender, slug, BODIES)

        received = []
        while len(received) < len(BODIES):
            packet = reader.next_packet()
            if packet.startswith('42["message"'):
                received.append(json.loads(packet[2:])[1]["body"])
        assert received == BODIES
    finally:
        sender.close()
        reader.close()


def poll(server, sid: str | None = None, packet: str | None = None) -> tuple[str | None, list[str]]:
    """One long-polling request accepting gzip, as browsers do: its Content-Encoding and its packets."""
    url = f"{server.url}/socket.io/?EIO=4&transport=polling" + (f"&sid={sid}" if sid else "")
    headers = {"Accept-Encoding": "gzip, deflate", "Origin": server.url, "Content-Type": "text/plain;charset=UTF-8"}
    request = urllib.request.Request(url, data=packet.encode() if packet else None, headers=headers)
    with urllib.request.urlopen(request, timeout=READ_TIMEOUT) as response:
        encoding, body = response.headers.get("Content-Encoding"), response.read()
    readable = {None: bytes, "gzip": gzip.decompress, "deflate": zlib.decompress}[encoding](body)
    return encoding, readable.decode().split("\x1e")


def test_a_long_polling_member_gets_the_history_uncompressed(server):
    """Browsers fall back to long-polling where websockets are blocked; a join's history then comes as one response."""
    slug = "polling-room"
    sender_token, reader_token = seed_room(server.database_url, slug, 2)
    sender = BrowserLikeSocket(server, sender_token)
    try:
        assert sender.call(1, "join", {"group": slug})["ok"]
        send_messages(sender, slug, BODIES)
    finally:
        sender.close()

    _, (opened,) = poll(server)
    sid = json.loads(opened[1:])["sid"]
    poll(server, sid, "40" + json.dumps({"token": reader_token}))
    assert poll(server, sid)[1][0].startswith("40{")
    poll(server, sid, '421["join",' + json.dumps({"group": slug}) + "]")
    encodings, ack = set(), None
    while ack is None:
        encoding, packets = poll(server, sid)
        encodings.add(encoding)
        ack = next((json.loads(packet[3:])[0] for packet in packets if packet.startswith("431")), None)

    assert encodings == {None}
    assert [message["body"] for message in ack["messages"]] == BODIES
