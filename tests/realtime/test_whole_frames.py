"""A websocket frame is written whole even when the socket takes only part of it per send()."""
from __future__ import annotations

import json
import subprocess
import sys
import threading

from simple_websocket import ws
from wsproto import ConnectionType, WSConnection
from wsproto.events import AcceptConnection, Request, TextMessage

from forum.realtime import whole_frames


class TrickleSocket:
    """A socket that accepts at most a few bytes per send(), like a full kernel buffer under a slow reader."""

    def __init__(self, per_send: int = 7) -> None:
        self.per_send = per_send
        self.written = bytearray()
        self.lock = threading.Lock()
        self.peer_gone = threading.Event()

    def send(self, data: bytes) -> int:
        taken = bytes(data[: self.per_send])
        with self.lock:
            self.written += taken
        return len(taken)

    def sendall(self, data: bytes) -> None:
        view = memoryview(data)
        while view:
            view = view[self.send(view):]

    def recv(self, size: int) -> bytes:
        self.peer_gone.wait(5)  # the peer says nothing, then hangs up
        return b""

    def close(self) -> None:
        self.peer_gone.set()


class Client:
    """The browser's side of the connection, reading whatever the server wrote."""

    def __init__(self) -> None:
        self.connection = WSConnection(ConnectionType.CLIENT)
        self.request = self.connection.send(Request(host="forum.test", target="/"))

    def messages_in(self, written: bytes) -> list[str]:
        self.connection.receive_data(written)
        return [event.data for event in self.connection.events() if isinstance(event, TextMessage)]


class ServerOverTrickle(ws.Base):
    """simple-websocket's server side, handed our socket directly (as its Server class does)."""

    def __init__(self, sock, request: bytes) -> None:
        self.request = request
        super().__init__(sock, connection_type=ConnectionType.SERVER)

    def handshake(self) -> None:
        self.ws.receive_data(self.request)
        assert isinstance(next(self.ws.events()), Request)
        self.sock.send(self.ws.send(AcceptConnection()))
        self.connected = True


def test_large_frames_from_several_writers_arrive_whole_and_unmixed(monkeypatch):
    monkeypatch.setattr(ws.Base, "__init__", whole_frames._original_init)
    whole_frames.apply()
    sock, client = TrickleSocket(), Client()
    server = ServerOverTrickle(sock, client.request)
    bodies = [f"{writer}:" + "x" * 20_000 for writer in "abcd"]

    writers = [threading.Thread(target=server.send, args=(body,)) for body in bodies]
    for writer in writers:
        writer.start()
    for writer in writers:
        writer.join()

    sock.close()
    assert sorted(client.messages_in(bytes(sock.written))) == sorted(bodies)


def test_without_the_fix_a_trickling_socket_loses_most_of_a_frame(monkeypatch):
    monkeypatch.setattr(ws.Base, "__init__", whole_frames._original_init)
    sock, client = TrickleSocket(), Client()
    server = ServerOverTrickle(sock, client.request)
    server.send("y" * 20_000)
    sock.close()
    assert len(sock.written) < 200  # the frame was cut: this is the bug the module exists for


GEVENT_WRITERS = """
from gevent import monkey
monkey.patch_all()

import json
import socket

import gevent
from wsproto import ConnectionType, WSConnection
from wsproto.events import AcceptConnection, Request, TextMessage

from forum.realtime.whole_frames import WholeFrameSocket

server_sock, client_sock = socket.socketpair()
wrapped = WholeFrameSocket(server_sock)
client, server = WSConnection(ConnectionType.CLIENT), WSConnection(ConnectionType.SERVER)
server.receive_data(client.send(Request(host="forum.test", target="/")))
assert isinstance(next(server.events()), Request)
client.receive_data(server.send(AcceptConnection()))
assert isinstance(next(client.events()), AcceptConnection)
large = server.send(TextMessage(data="a:" + "z" * 4_000_000))
small = server.send(TextMessage(data="b:hello"))

sending_large = gevent.spawn(wrapped.send, large)
gevent.sleep(0.05)  # its first write filled the socket's buffer: it waits for the reader
assert not sending_large.ready()
received = bytearray(client_sock.recv(65536))  # room in the buffer, before the large frame's writer runs again
sending_small = gevent.spawn(wrapped.send, small)


def read_to_the_end():
    while chunk := client_sock.recv(65536):
        received.extend(chunk)


reader = gevent.spawn(read_to_the_end)
gevent.joinall([sending_large, sending_small], raise_error=True)
server_sock.shutdown(socket.SHUT_WR)
reader.join(timeout=30)
client.receive_data(bytes(received))
messages, partial = [], []
for event in client.events():
    partial.append(event.data)
    if event.message_finished:
        messages.append("".join(partial))
        partial.clear()
print(json.dumps([message[:2] + str(len(message)) for message in messages]))
"""


def test_on_gevent_sockets_a_frame_sent_while_another_is_going_out_waits_for_it():
    """The deployed case (a patched process, gevent sockets): a small frame sent while a large one
    waits for a slow reader goes out after it, not into the middle of it."""
    done = subprocess.run([sys.executable, "-c", GEVENT_WRITERS], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == ["a:4000002", "b:7"]
