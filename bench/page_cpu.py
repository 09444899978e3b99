"""CPU per page in process: Flask's test client on a small SQLite forum, no server, no network.

    python -m bench.page_cpu [--requests 30] [--profile thread]

A member of one group reads the group list, the group page, a 20-post thread and the room page;
each figure is the median process CPU time of `--requests` renders. It isolates what the forum's
own code costs per page (session, queries, template) from the server and the load generator of
bench/http_pages.py. Compare two versions in the same minute: the machine's speed drifts.
"""
from __future__ import annotations

import argparse
import cProfile
import logging
import pstats
import statistics
import tempfile
import time

from forum import create_app
from forum.extensions import db
from tests.conftest import PASSWORD, Builder


def build_forum():
    app = create_app({
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tempfile.mkdtemp()}/forum.db",
        "SECRET_KEY": "bench-" * 8,
        "WTF_CSRF_ENABLED": False,
        "RATELIMIT_ENABLED": False,
        "SOCKETIO_MESSAGE_QUEUE": None,
    })
    with app.app_context():
        db.create_all()
    build = Builder(app)
    build.admin()
    build.user("reader")
    build.user("writer")
    build.group("group-00", members=("reader", "writer"))
    thread_id = build.thread("writer", "group-00", "A thread", "Opening words of the thread")
    for i in range(19):
        build.reply("writer" if i % 2 else "reader", thread_id, f"Reply number {i}, with *some* words in it.")
    client = app.test_client()
    client.post("/login", data={"username": "reader", "password": PASSWORD})
    pages = {"home": "/", "group": "/groups/group-00", "thread": f"/threads/{thread_id}", "room": "/groups/group-00/room"}
    return client, pages


def cpu_ms(client, url: str, requests: int) -> float:
    times = []
    for _ in range(requests):
        started = time.process_time()
        assert client.get(url).status_code == 200, url
        times.append(time.process_time() - started)
    return statistics.median(times) * 1e3


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=30)
    parser.add_argument("--profile", metavar="PAGE", help="print the cProfile of one page (home, group, thread, room)")
    args = parser.parse_args()
    logging.getLogger("forum.access").disabled = True
    client, pages = build_forum()
    for name, url in pages.items():
        cpu_ms(client, url, 3)  # warm-up
        print(f"{name:7} {cpu_ms(client, url, args.requests):6.2f} ms CPU per request")
    if args.profile:
        profile = cProfile.Profile()
        profile.enable()
        cpu_ms(client, pages[args.profile], args.requests)
        profile.disable()
        pstats.Stats(profile).sort_stats("cumulative").print_stats(50)


if __name__ == "__main__":
    main()
