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
    import logging

    host, port = os.environ.get("HOST", "127.0.0.1"), int(os.environ.get("PORT", "5000"))
    # Werkzeug's request lines include query strings; the forum logs each request itself (forum.access).
    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    print(f"Serving the forum at http://{host}:{port}", flush=True)
    socketio.run(app, host=host, port=port, allow_unsafe_werkzeug=True)
