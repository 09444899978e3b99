"""CPU per live-room `send`, handler only: no sockets, no fan-out, so the forum's own cost per message.

    python -m bench.send_handler [--sends 2000] [--profile] [--database-url postgresql+psycopg://...]

One member of a fresh SQLite forum (bench/seed.py), or of a throwaway database on --database-url's
PostgreSQL server, sends through Flask-SocketIO's test client; the figure is process CPU time per
acknowledged send. `--profile` prints the cProfile of a further batch, sorted by cumulative time.
Compare variants in the same minute: the machine's speed drifts.
"""
from __future__ import annotations

import argparse
import contextlib
import cProfile
import logging
import pstats
import tempfile
import time
import uuid

from bench import seed
from forum import create_app
from forum.extensions import db, socketio
from tests.support.databases import throwaway_postgres_database


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sends", type=int, default=2000)
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--database-url", help="a PostgreSQL server URL (default: a fresh SQLite file)")
    args = parser.parse_args()
    with _database(args.database_url) as database_url:
        measure(database_url, args)


@contextlib.contextmanager
def _database(server_url: str | None):
    if server_url is None:
        yield f"sqlite:///{tempfile.mkdtemp()}/forum.db"
    else:
        with throwaway_postgres_database(server_url, prefix="bench_send") as url:
            yield url


def measure(database_url: str, args: argparse.Namespace) -> None:
    logging.getLogger("forum.access").disabled = True  # one log line per event would measure the terminal
    app = create_app({
        "SQLALCHEMY_DATABASE_URI": database_url,
        "SECRET_KEY": "bench-" * 8,
        "RATELIMIT_ENABLED": False,
        "SOCKETIO_MESSAGE_QUEUE": None,
    })
    with app.app_context():
        db.create_all()
        room = seed.seed(3)
    client = socketio.test_client(app, auth={"token": room["tokens"][0]})
    assert client.emit("join", {"group": room["group"]}, callback=True)["ok"]

    def send(count: int) -> None:
        for i in range(count):
            body = {"group": room["group"], "body": f"fanout:2:{i}:123456789", "client_id": str(uuid.uuid4())}
            ack = client.emit("send", body, callback=True)
            assert ack["ok"], ack
            client.get_received()

    send(200)  # warm-up: statement caches, first connection
    started = time.process_time()
    send(args.sends)
    print(f"{(time.process_time() - started) / args.sends * 1e3:.3f} ms CPU per send ({args.sends} sends)")
    if args.profile:
        profile = cProfile.Profile()
        profile.enable()
        send(args.sends)
        profile.disable()
        pstats.Stats(profile).sort_stats("cumulative").print_stats(60)


if __name__ == "__main__":
    main()
