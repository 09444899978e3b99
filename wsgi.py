"""The WSGI entry point. `python wsgi.py` serves the forum with its real-time server on one process.

With ASYNC_MODE=gevent (deploy/gunicorn.conf.py sets it) the standard library is patched first,
before anything opens a socket: Redis and the database driver must be cooperative.
"""
import os

if os.environ.get("ASYNC_MODE") == "gevent":
    from gevent import monkey

    monkey.patch_all()

from forum import create_app  # noqa: E402
from forum.extensions import socketio  # noqa: E402

app = create_app()

if __name__ == "__main__":
    socketio.run(
        app,
        host=os.environ.get("HOST", "127.0.0.1"),
        port=int(os.environ.get("PORT", "5000")),
        allow_unsafe_werkzeug=True,
    )
