"""The bare baseline for bench/room_fanout.py: Flask-SocketIO doing nothing but join_room/emit.

No auth, no storage, no presence, no rate limit: the cheapest server that speaks the same events
as the forum's live rooms, so `forum / bare` is the measured price of the forum's guarantees.

    gunicorn -c deploy/gunicorn.conf.py bench.bare_server:app      (BIND=127.0.0.1:PORT)

Events (each answered through its acknowledgement, like the forum's):
- `join` {"group"}: the socket enters the room; ack {"ok": true, "messages": [], "more": false, "present": []}.
- `send` {"group", "body", "client_id"}: `message` {"group", "body", "client_id"} is emitted to the room,
  the sender included; ack {"ok": true, "message": {...}}.
"""
import os

if os.environ.get("ASYNC_MODE", "gevent") == "gevent":
    from gevent import monkey

    monkey.patch_all()

from flask import Flask  # noqa: E402
from flask_socketio import SocketIO, join_room  # noqa: E402

app = Flask(__name__)
socketio = SocketIO(app, async_mode=os.environ.get("ASYNC_MODE", "gevent"), max_http_buffer_size=64 * 1024)


@socketio.on("join")
def on_join(data):
    join_room(f"group:{data['group']}")
    return {"ok": True, "messages": [], "more": False, "present": []}


@socketio.on("send")
def on_send(data):
    message = {"group": data["group"], "body": data["body"], "client_id": data["client_id"]}
    socketio.emit("message", message, to=f"group:{data['group']}")
    return {"ok": True, "message": message}


@app.get("/")
def index():
    return "bare Flask-SocketIO server for bench/room_fanout.py\n"
