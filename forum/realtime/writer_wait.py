"""A websocket's writer waits for its next packet without a timer.

Engine.IO gives every socket a writer that waits on the socket's queue with a timeout (the ping
interval plus the ping timeout). gevent makes that timeout a new timer for each wait, and a room's
message wakes the writer of every recipient: on PostgreSQL, where each message wakes the writers
alone, a burst to 200 members delivered 11-12 % more without it (docs/PERFORMANCE.md).

On a websocket the timeout never decides anything. Whatever ends the socket puts `None` in its
queue: the read loop when the member goes away or the connection breaks, and `close()` for the
server's own reasons (a missed ping, a logout). Long-polling keeps engine.io's own wait: there the
timeout answers a GET that has nothing to carry.
"""
from __future__ import annotations

from engineio import socket as eio_socket

_original_poll = eio_socket.Socket.poll


def _poll(self: eio_socket.Socket) -> list:
    """The next packets for this socket, in order; an empty list once the socket has ended."""
    if not self.upgraded:
        return _original_poll(self)
    queue = self.queue
    packet = queue.get()
    queue.task_done()
    if packet is None:
        return []
    packets = [packet]
    while queue.qsize():
        packet = queue.get_nowait()
        queue.task_done()
        if packet is None:
            queue.put(None)  # the end, for the next wait, after these packets are written
            break
        packets.append(packet)
    return packets


def apply() -> None:
    eio_socket.Socket.poll = _poll
