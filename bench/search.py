"""Search benchmark: 100,000 posts, a few realistic queries through forum.services.search.

    python -m bench.search [--posts 100000] [--seconds 5] [--database-url postgresql+psycopg://...] [--json out.json]

1. A fresh database: a SQLite file in a temporary directory, or, with --database-url, a throwaway
   database on that PostgreSQL server (created, then dropped even on failure). The schema comes from
   `db.create_all()`, which also creates the full-text objects (forum/models/search_index.py), the
   same ones the migration creates.
2. Seed, in bulk (rows in the shape the services write, as tests/support/bulk.py does): one public
   and one private group, `--posts` posts in threads of 20 (one thread in ten in the private group),
   bodies drawn from a fixed vocabulary with a seeded random generator so every run has the same
   text. "today" is in about a third of the posts, "lighthouse" in about one in a thousand, the
   phrase "called my sister" in about one in a hundred, "xylophone" nowhere. The full-text index is
   filled by the triggers (SQLite) or the GIN index (PostgreSQL) as rows arrive; then ANALYZE.
3. The searcher is a member of the public group only, so every query also applies the privacy rule.
   For each query: 3 warm-up calls, then calls of `search.search(member, q, page=1, page_size=20)`
   for --seconds (at most --max-calls), each ending its transaction. Reported: calls/s, p50, p99,
   the number of hits on the first page and whether a next page exists.

Figures are reported, never asserted. Results: docs/PERFORMANCE.md ("Search").
"""
from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import platform
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

import sqlalchemy as sa

from forum import create_app
from forum.extensions import db
from forum.models import Group, Membership, Post, Thread, User
from forum.models.base import utcnow
from forum.services import search
from forum.services.threads import SEGMENT_WIDTH

POSTS_PER_THREAD = 20
BATCH = 5_000
QUERIES = {
    "common word": "today",
    "rare word": "lighthouse",
    "phrase": '"called my sister"',
    "two words": "sleep cravings",
    "no hits": "xylophone",
}
FILLER = (
    "I feel better than yesterday and I keep going one step at a time with the group "
    "walk meeting tea friend work morning evening night tired hopeful calm worry breathe "
    "plan coffee rain sunshine kitchen music book journal honest small win patience"
).split()


def _body(rng: random.Random) -> str:
    words = rng.choices(FILLER, k=rng.randint(12, 60))
    if rng.random() < 0.33:
        words.insert(rng.randrange(len(words)), "today")
    if rng.random() < 0.001:
        words.insert(rng.randrange(len(words)), "lighthouse")
    if rng.random() < 0.01:
        position = rng.randrange(len(words))
        words[position:position] = ["called", "my", "sister"]
    if rng.random() < 0.05:
        words += ["sleep", "and", "cravings"]
    return " ".join(words).capitalize() + "."


def _segment(post_id: int) -> str:
    return f"{post_id:0{SEGMENT_WIDTH}d}"


def seed(posts: int) -> tuple[int, dict]:
    """Returns the searcher's id and counts of what was written."""
    rng = random.Random(2026)
    now = utcnow()
    db.session.execute(sa.insert(User), [
        {"username": name, "username_key": name, "password_hash": "-", "display_name": name, "pronouns": "",
         "bio": "", "created_at": now}
        for name in ("searcher", "writer")
    ])
    searcher, writer = db.session.scalars(sa.select(User.id).order_by(User.id)).all()
    db.session.execute(sa.insert(Group), [
        {"slug": slug, "name": slug, "description": "", "agreement": "", "agreement_html": "", "visibility": visibility,
         "created_at": now}
        for slug, visibility in (("bench-public", "public"), ("bench-private", "private"))
    ])
    public, private = db.session.scalars(sa.select(Group.id).order_by(Group.id)).all()
    db.session.execute(sa.insert(Membership), [
        {"group_id": public, "user_id": searcher, "role": "member", "status": "active", "agreement_accepted_at": now,
         "created_at": now},
        {"group_id": private, "user_id": writer, "role": "member", "status": "active", "agreement_accepted_at": now,
         "created_at": now},
    ])
    threads = posts // POSTS_PER_THREAD
    db.session.execute(sa.insert(Thread), [
        {"id": n + 1, "group_id": private if n % 10 == 0 else public, "author_id": writer,
         "title": " ".join(rng.choices(FILLER, k=5)).capitalize(), "response_preference": "open",
         "reply_count": POSTS_PER_THREAD - 1, "created_at": now, "last_activity_at": now}
        for n in range(threads)
    ])
    rows = []
    for n in range(posts):
        post_id, thread_id = n + 1, n // POSTS_PER_THREAD + 1
        opening_id = (thread_id - 1) * POSTS_PER_THREAD + 1
        opening = post_id == opening_id
        body = _body(rng)
        rows.append({
            "id": post_id, "thread_id": thread_id, "author_id": writer, "parent_id": None if opening else opening_id,
            "depth": 0 if opening else 1,
            "path": _segment(opening_id) + ("" if opening else _segment(post_id)),
            "body": body, "body_html": f"<p>{body}</p>", "created_at": now - dt.timedelta(seconds=posts - n),
        })
        if len(rows) == BATCH:
            db.session.execute(sa.insert(Post), rows)
            rows = []
    if rows:
        db.session.execute(sa.insert(Post), rows)
    db.session.commit()
    return searcher, {"posts": posts, "threads": threads, "private_threads": (threads + 9) // 10}


def analyze() -> None:
    if db.engine.dialect.name == "postgresql":
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(sa.text("VACUUM ANALYZE"))
    else:
        for table in ("search_posts", "search_threads", "search_techniques"):
            db.session.execute(sa.text(f"INSERT INTO {table}({table}) VALUES ('optimize')"))
        db.session.execute(sa.text("ANALYZE"))
        db.session.commit()


def measure(searcher: User, text: str, seconds: float, max_calls: int) -> dict:
    for _ in range(3):
        search.search(searcher, text, 1, 20)
        db.session.rollback()
    latencies = []
    started = time.perf_counter()
    while time.perf_counter() - started < seconds and len(latencies) < max_calls:
        before = time.perf_counter()
        results = search.search(searcher, text, 1, 20)
        db.session.rollback()
        latencies.append(time.perf_counter() - before)
    elapsed = time.perf_counter() - started
    ordered = sorted(latencies)
    return {
        "query": text,
        "calls": len(latencies),
        "calls_per_second": round(len(latencies) / elapsed, 1),
        "p50_ms": round(statistics.median(ordered) * 1000, 2),
        "p99_ms": round(ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))] * 1000, 2),
        "first_page_hits": len(results.hits),
        "more_pages": results.next_page is not None,
    }


@contextlib.contextmanager
def database(server_url: str | None):
    if server_url is None:
        with tempfile.TemporaryDirectory() as directory:
            yield f"sqlite:///{Path(directory) / 'search.db'}"
        return
    from tests.support.databases import throwaway_postgres_database

    with throwaway_postgres_database(server_url, prefix="forum_search_bench") as url:
        yield url


def run(args: argparse.Namespace) -> dict:
    with database(args.database_url) as url:
        app = create_app({"SQLALCHEMY_DATABASE_URI": url})
        with app.app_context():
            db.create_all()
            started = time.perf_counter()
            searcher_id, counts = seed(args.posts)
            seeded = time.perf_counter() - started
            analyze()
            searcher = db.session.get(User, searcher_id)
            results = {label: measure(searcher, text, args.seconds, args.max_calls) for label, text in QUERIES.items()}
            dialect = db.engine.dialect.name
            server = db.session.execute(sa.text(
                "SELECT version()" if dialect == "postgresql" else "SELECT 'SQLite ' || sqlite_version()"
            )).scalar()
            db.session.remove()
            db.engine.dispose()
    return {
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "database": server,
        "machine": f"{platform.platform()}, Python {platform.python_version()}, {platform.processor() or platform.machine()}",
        "seeded": counts,
        "seed_seconds": round(seeded, 1),
        "seconds_per_query": args.seconds,
        "queries": results,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--posts", type=int, default=100_000)
    parser.add_argument("--seconds", type=float, default=5.0, help="measuring time per query")
    parser.add_argument("--max-calls", type=int, default=10_000)
    parser.add_argument("--database-url", help="a PostgreSQL server URL; a throwaway database is made on it")
    parser.add_argument("--json", type=Path, help="also write the results here")
    args = parser.parse_args()
    result = run(args)
    print(json.dumps(result, indent=2))
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(result, indent=2) + "\n")
    print("\n| query | text | calls/s | p50 ms | p99 ms | first page |", file=sys.stderr)
    print("| --- | --- | --- | --- | --- | --- |", file=sys.stderr)
    for label, row in result["queries"].items():
        print(f"| {label} | `{row['query']}` | {row['calls_per_second']} | {row['p50_ms']} | {row['p99_ms']} | "
              f"{row['first_page_hits']}{' (more)' if row['more_pages'] else ''} |", file=sys.stderr)


if __name__ == "__main__":
    main()
