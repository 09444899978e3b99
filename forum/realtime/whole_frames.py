"""Make simple-websocket write whole frames.

simple-websocket 1.1.0 writes each frame with one `socket.send()`. A socket with a timeout (as
Werkzeug's are) or a gevent socket may send only part of the bytes when the reader is slow and
the kernel buffer is full; the rest is silently dropped and the connection is corrupted from then
on (miguelgrinberg/simple-websocket issue #45). The room benchmark saw it at 1,000 members.

`apply()` wraps the socket simple-websocket is given, so that every write is a `sendall()`, and
writes from the socket's several writers (the sender, the ping loop, pong replies) do not
interleave. It is applied once, when the app is created.
"""
from __future__ import annotations

import threading
from typing import Any

import gevent.socket
from simple_websocket import ws

_original_init = ws.Base.__init__


class WholeFrameSocket:
    """A socket whose `send` writes everything it is given, one caller at a time."""

    def __init__(self, sock: Any) -> None:
        self._sock = sock
        self._lock = threading.Lock()  # gevent's, once the standard library is patched
        # gevent keeps the operating-system socket under its own in non-blocking mode. Only a plain
        # gevent socket qualifies: under a TLS socket the bytes would skip the encryption.
        self._raw = sock._sock if type(sock) is gevent.socket.socket else None

    def send(self, data: bytes) -> int:
        """Write the whole frame; a writer that finds another one finishing a frame waits its turn.

        A room's fan-out calls this once per recipient, so the common case costs one system call:
        on a gevent socket a non-blocking write to the operating-system socket, which cannot yield
        to another greenlet, so it needs no lock. What that write left over, a write behind a writer
        holding the lock, and every write on other sockets go through `sendall()` under the lock,
        where waiting for the reader lets other greenlets run.
        """
        size = len(data)
        if self._raw is not None and not self._lock.locked():
            try:
                sent = self._raw.send(data)
            except BlockingIOError:
                sent = 0
            if sent == size:
                return size
            data = memoryview(data)[sent:]
        with self._lock:
            self._sock.sendall(data)
        return size

    sendall = send

    def __getattr__(self, name: str) -> Any:
        return getattr(self._sock, name)


def _init_with_whole_frames(self, sock=None, *args, **kwargs) -> None:
    _original_init(self, WholeFrameSocket(sock) if sock is not None else None, *args, **kwargs)


def apply() -> None:
    if ws.Base.__init__ is not _init_with_whole_frames:
        ws.Base.__init__ = _init_with_whole_frames
