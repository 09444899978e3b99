"""EXPERIMENT for `bench/room_fanout.py --patch-sendall` only; never loaded by the forum itself.

simple-websocket 1.1.0 (the newest release installable here) writes each frame with `sock.send()`
and ignores a partial write. Under back-pressure a large frame is cut short and the stream is
corrupt from there on (the client sees "reserved bits must be 0" / "invalid opcode"). This is
upstream issue miguelgrinberg/simple-websocket#45, whose fix the maintainer accepted but which 1.1.0
does not contain. Imported into both benchmarked servers (sitecustomize.py, PATCH_SENDALL=1), it swaps
in `sendall()` so the benchmark can show what the servers do with that fix. It is not a production
fix: a blocked `sendall()` can interleave with the control frames simple-websocket's reader sends
(pong, close), so a real one also needs a per-socket lock.
"""
import simple_websocket.ws as _ws
from simple_websocket.errors import ConnectionClosed
from wsproto.events import Message, TextMessage


def _send(self, data):
    if not self.connected:
        raise ConnectionClosed(self.close_reason, self.close_message)
    if isinstance(data, bytes):
        out_data = self.ws.send(Message(data=data))
    else:
        out_data = self.ws.send(TextMessage(data=str(data)))
    self.sock.sendall(out_data)


_ws.Base.send = _send
