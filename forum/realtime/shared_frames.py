"""Frame a room's message once for all its recipients, and send every frame uncompressed.

python-socketio encodes an event for a room once and hands the same string to every member's
socket; simple-websocket 1.1.0 then builds the WebSocket frame again for each of them with wsproto.
In a 200-member room's burst that rebuilding was about a fifth of the worker's CPU
(docs/PERFORMANCE.md). A server's frame is not masked, so the bytes are the same for every
recipient: `apply()` makes the server side build each text frame once and reuse it.

That only holds without compression, which simple-websocket otherwise agrees to whenever a client
offers it (browsers do). The server now declines permessage-deflate: it would compress every
message once per recipient and keep a compressor per connection, for chat messages of a few hundred
bytes; and compressing a stream that mixes text an attacker chooses with other members' private
words lets frame lengths leak those words (as CRIME and BREACH did for HTTPS).
"""
from __future__ import annotations

import struct
from typing import Any

from simple_websocket import ws
from wsproto.connection import ConnectionState

_original_send = ws.Server.send
_original_init = ws.Server.__init__

FIN_TEXT = 0x81  # the last (only) frame of a text message, no extension bits
REMEMBERED_FRAMES = 64  # more than the messages a writer takes at once in a busy room's burst
LARGEST_REMEMBERED = 16 * 1024  # bytes; larger frames (a join's history) go to one socket, or rarely come
# id(text) -> (text, its frame). Holding the text keeps it alive, so no other string can have its id
# while the entry lasts: an entry found by a string's id is that string's.
_frames: dict[int, tuple[str, bytes]] = {}


def text_frame(text: str) -> bytes:
    """The frame a server sends for one text message (RFC 6455 §5.2: unmasked, length in 7, 16 or 64 bits)."""
    payload = text.encode()
    size = len(payload)
    if size < 126:
        header = bytes((FIN_TEXT, size))
    elif size < 1 << 16:
        header = struct.pack("!BBH", FIN_TEXT, 126, size)
    else:
        header = struct.pack("!BBQ", FIN_TEXT, 127, size)
    return header + payload


def _shared_frame(text: str) -> bytes:
    """`text`'s frame, built once while the same string goes out to several sockets."""
    remembered = _frames.get(id(text))
    if remembered is not None:
        return remembered[1]
    frame = text_frame(text)
    if len(frame) <= LARGEST_REMEMBERED:  # so what is remembered stays within about 2 MB
        if len(_frames) >= REMEMBERED_FRAMES:
            _frames.clear()  # one call, so threads (the embedded server's) never see it half done
        _frames[id(text)] = (text, frame)
    return frame


def _send(self: ws.Server, data: Any) -> None:
    """Text on an open connection goes out as its shared frame; anything else as simple-websocket sends it."""
    if isinstance(data, str) and self.connected and self.ws.state is ConnectionState.OPEN:
        self.sock.send(_shared_frame(data))
    else:
        _original_send(self, data)


def _init_without_compression(self: ws.Server, environ: dict, *args: Any, **kwargs: Any) -> None:
    """simple-websocket negotiates from the request's headers: without the offer it accepts no extension."""
    environ.pop("HTTP_SEC_WEBSOCKET_EXTENSIONS", None)
    _original_init(self, environ, *args, **kwargs)


def apply() -> None:
    if ws.Server.send is not _send:
        ws.Server.__init__ = _init_without_compression
        ws.Server.send = _send
