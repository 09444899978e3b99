"""gunicorn settings for one forum process: `gunicorn -c deploy/gunicorn.conf.py wsgi:app`.

Flask-SocketIO needs exactly one worker per process. To use more cores, run several of these
processes on different ports (BIND=127.0.0.1:5002 ...) behind nginx with sticky sessions
(deploy/nginx.conf), with SOCKETIO_MESSAGE_QUEUE pointing all of them at the same Redis.
"""
import gc
import os

bind = os.environ.get("BIND", "127.0.0.1:5001")
workers = 1
worker_class = "gevent"
# Above the number of members expected online at once: each live socket holds one connection.
worker_connections = int(os.environ.get("WORKER_CONNECTIONS", "5000"))
# gunicorn 27 gives every instance the same control socket by default; several would collide.
control_socket_disable = True
raw_env = ["ASYNC_MODE=gevent"]
graceful_timeout = 10
# No gunicorn access log: the forum writes one JSON line per request itself (docs/CONFIG.md, "Logs"),
# without query-string values; gunicorn's would add a second line with them (Socket.IO session ids included).
accesslog = None


def post_worker_init(worker):
    """Freeze what the loaded app holds, so full garbage collections stop re-scanning it.

    A full collection walks every tracked object and holds every socket of the worker while it
    does. The app's modules, mappers and templates are most of those objects at start and live for
    ever; frozen, they are skipped. The thresholds stay Python's: collecting less often measured
    slower (bench/room_fanout.py reports the pauses; docs/PERFORMANCE.md has the figures).
    """
    gc.collect()
    gc.freeze()
