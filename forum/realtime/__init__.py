"""The live rooms over Socket.IO (docs/PROTOCOL.md): handlers that authenticate, parse, call one service, answer."""
from __future__ import annotations

from flask import Flask

from forum.extensions import socketio
from forum.realtime import shared_frames, whole_frames, writer_wait
from forum.realtime.handlers import RoomNamespace
from forum.services import presence


def init_app(app: Flask) -> None:
    """Call after socketio.init_app(app): every app gets a fresh Socket.IO server to register on."""
    whole_frames.apply()
    shared_frames.apply()
    writer_wait.apply()
    presence.init_app(app)
    socketio.on_namespace(RoomNamespace("/"))
