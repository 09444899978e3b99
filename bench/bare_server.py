"""The bare baseline for bench/room_fanout.py: Flask-SocketIO doing nothing but join_room/emit.

No auth, no storage, no presence, no rate limit: the cheapest server that speaks the same events
as the forum's live rooms, so `forum / bare` is the measured price of the forum's guarantees.

    gunicorn -c deploy/gunicorn.conf.py bench.bare_server:app      (BIND=127.0.0.1:PORT)

With `BARE_STORE=/path/to/file.db` it becomes the "stored" floor: each message is first inserted
into a SQLite table (WAL, the default synchronous=FULL, as the forum's database) with the standard
library's sqlite3 and committed, and only then emitted, with its id. No ORM, no auth, no checks:
the cheapest server that keeps the one guarantee a chat that never loses a message can't drop,
stored before broadcast. `stored / bare` is what that guarantee alone costs.

With `BARE_WHOLE_FRAMES=1` it writes frames as the forum does: whole frames, one non-blocking write
per frame on gevent sockets (forum/realtime/whole_frames.py), each message's frame built once for
all recipients and no compression (forum/realtime/shared_frames.py), and a websocket's writer waiting
without a timer (forum/realtime/writer_wait.py). Then `forum / bare` compares
like with like and measures the guarantees alone, without the forum's cheaper frame writes.

Events (each answered through its acknowledgement, like the forum's):
- `join` {"group"}: the socket enters the room; ack {"ok": true, "messages": [], "more": false, "present": []}.
- `send` {"group", "body", "client_id"}: `message` {"group", "body", "client_id"} is emitted to the room,
  the sender included; ack {"ok": true, "message": {...}}.
"""
import os

if os.environ.get("ASYNC_MODE", "gevent") == "gevent":
    from gevent import monkey

    monkey.patch_all()

import sqlite3  # noqa: E402

from flask import Flask  # noqa: E402
from flask_socketio import SocketIO, join_room  # noqa: E402

if os.environ.get("BARE_WHOLE_FRAMES") == "1":
    from forum.realtime import shared_frames, whole_frames, writer_wait

    whole_frames.apply()
    shared_frames.apply()
    writer_wait.apply()

app = Flask(__name__)
socketio = SocketIO(app, async_mode=os.environ.get("ASYNC_MODE", "gevent"), max_http_buffer_size=64 * 1024)
STORE_PATH = os.environ.get("BARE_STORE")


def open_store(path: str) -> sqlite3.Connection:
    """One connection for the process: the worker is one OS thread, and a send never yields mid-transaction."""
    store = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    store.execute("PRAGMA journal_mode=WAL")
    store.execute("CREATE TABLE IF NOT EXISTS message (id INTEGER PRIMARY KEY, room TEXT, client_id TEXT UNIQUE, body TEXT)")
    return store


store = open_store(STORE_PATH) if STORE_PATH else None


def stored(message: dict) -> dict:
    """The message with the id it was committed under (durably, before anyone is told)."""
    store.execute("BEGIN")
    cursor = store.execute("INSERT INTO message (room, client_id, body) VALUES (?, ?, ?)",
                           (message["group"], message["client_id"], message["body"]))
    store.execute("COMMIT")
    return {"id": cursor.lastrowid, **message}


@socketio.on("join")
def on_join(data):
    join_room(f"group:{data['group']}")
    return {"ok": True, "messages": [], "more": False, "present": []}


@socketio.on("send")
def on_send(data):
    message = {"group": data["group"], "body": data["body"], "client_id": data["client_id"]}
    if store is not None:
        message = stored(message)
    socketio.emit("message", message, to=f"group:{data['group']}")
    return {"ok": True, "message": message}


@app.get("/")
def index():
    return "bare Flask-SocketIO server for bench/room_fanout.py\n"
