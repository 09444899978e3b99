"""A websocket's writer gets every packet in order and ends with its socket; long-polling still times out."""
from __future__ import annotations

import json
import subprocess
import sys
import threading

import engineio
import pytest
from engineio import exceptions, packet
from engineio import socket as eio_socket

from forum.realtime import writer_wait


@pytest.fixture(autouse=True)
def _patched(monkeypatch):
    monkeypatch.setattr(eio_socket.Socket, "poll", writer_wait._original_poll)
    writer_wait.apply()


def websocket(ping: float = 25) -> eio_socket.Socket:
    server = engineio.Server(async_mode="threading", ping_interval=ping, ping_timeout=ping)
    socket = eio_socket.Socket(server, "sid-1")
    socket.connected = socket.upgraded = True
    return socket


def message(n: int) -> packet.Packet:
    return packet.Packet(packet.MESSAGE, data=f'2["message",{n}]')


def run_writer(socket: eio_socket.Socket) -> tuple[threading.Thread, list[str]]:
    """Engine.IO's writer loop: poll, write, until the socket's end comes back as an empty list."""
    written: list[str] = []

    def writer() -> None:
        while packets := socket.poll():
            written.extend(pkt.encode() for pkt in packets)

    thread = threading.Thread(target=writer, daemon=True)
    thread.start()
    return thread, written


def test_a_writer_gets_every_packet_in_order_and_ends_when_the_socket_closes():
    socket = websocket()
    writer, written = run_writer(socket)
    for n in range(2_000):
        socket.send(message(n))
    socket.close(wait=False, abort=True)

    writer.join(timeout=10)
    assert not writer.is_alive(), "the writer kept waiting after its socket closed"
    assert written == [message(n).encode() for n in range(2_000)]


def test_packets_queued_before_the_end_are_written_before_the_writer_stops():
    socket = websocket()
    for n in range(3):
        socket.queue.put(message(n))
    socket.queue.put(None)
    writer, written = run_writer(socket)

    writer.join(timeout=10)
    assert not writer.is_alive(), "the writer missed the end queued behind its packets"
    assert written == [message(n).encode() for n in range(3)]


def test_a_quiet_websocket_keeps_its_writer_waiting_past_the_ping_timeout():
    """The member who only reads: no packet for longer than engine.io's timeout must not end the writer."""
    socket = websocket(ping=0.05)
    writer, written = run_writer(socket)
    writer.join(timeout=0.5)
    assert writer.is_alive()
    socket.queue.put(message(1))  # the socket's own send() would refuse it: nobody answers this test's pings
    socket.queue.put(None)
    writer.join(timeout=10)
    assert written == [message(1).encode()]


def test_a_long_polling_request_with_nothing_to_carry_still_answers_after_the_timeout():
    socket = websocket(ping=0.05)
    socket.upgraded = False
    outcome: list[str] = []

    def poll() -> None:
        try:
            socket.poll()
            outcome.append("returned")
        except exceptions.QueueEmpty:
            outcome.append("timed out")

    request = threading.Thread(target=poll, daemon=True)
    request.start()
    request.join(timeout=10)
    assert outcome == ["timed out"]


GEVENT_WRITER = """
from gevent import monkey; monkey.patch_all()
import json, gevent, engineio
from engineio import packet, socket as eio_socket
from forum.realtime import writer_wait
writer_wait.apply()
server = engineio.Server(async_mode="gevent")
socket = eio_socket.Socket(server, "sid-1")
socket.connected = socket.upgraded = True
written = []
def writer():
    while packets := socket.poll():
        written.extend(pkt.data for pkt in packets)
def sender():
    for n in range(500):
        socket.send(packet.Packet(packet.MESSAGE, data=str(n)))
        if n % 7 == 0:
            gevent.sleep(0)
    socket.close(wait=False, abort=True)
task = gevent.spawn(writer)
gevent.spawn(sender).join()
task.join(timeout=10)
print(json.dumps({"ended": task.dead, "in_order": written == [str(n) for n in range(500)]}))
"""


def test_on_gevent_a_writer_gets_every_packet_in_order_and_ends_with_its_socket():
    done = subprocess.run([sys.executable, "-c", GEVENT_WRITER], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout.splitlines()[-1]) == {"ended": True, "in_order": True}
