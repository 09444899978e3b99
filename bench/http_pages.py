"""Page speed against the stack's limit: each forum page next to a bare Flask route of the same size.

    python -m bench.http_pages [--database-url postgresql+psycopg://postgres@127.0.0.1:5432/postgres]
                               [--seconds 10] [--connections 8] [--rounds 2] [--json out.json]

1. A throwaway PostgreSQL database on that server (created, then dropped even on failure), migrated
   with `flask db upgrade`, then seeded in bulk (rows in the shape the services write, as
   tests/support/bulk.py does): 50 groups (5 private), 5,000 members in three groups each with one
   moderator per group, 100,000 posts (one thread of 10,000 in group-00, the rest in threads of
   20, every third reply starting a branch), 30,000 reactions, 10,000 room messages, 1,000 open
   reports. Then VACUUM ANALYZE.
2. One server, as deployed: gunicorn with deploy/gunicorn.conf.py (one gevent worker) running
   `bench.http_pages:bench_app()`: the forum as `wsgi:app` builds it, with `/_bare/<size>`
   dispatched to a separate bare Flask app (werkzeug's DispatcherMiddleware) that returns a
   static HTML string of exactly `size` bytes. The bare route exists only in this shim, so it pays
   none of the forum's per-request work (session, security headers, access log).
3. "reader" (a member of group-00) and "bench-admin" (a site admin) sign in through the real login
   form; every request carries that session cookie, the bare ones too.
4. For each page: one GET to check it is a 200 and take its size; then, for each of --rounds,
   the bare route of that size and the page, each loaded by `wrk` (keep-alive, one thread,
   --connections connections) for --seconds after a 2-second warm-up. Reported: requests/s,
   p50/p99 latency (wrk's), the page / bare ratios, the worker's CPU, wrk's CPU, and the
   machine's load average. The best round of each is quoted (the machine is shared).

5. Then the floors, measured the same way but with no target: `/healthz` (no session, database or
   template), `/login` for a visitor (one template, no session look-up) and `/api/v1/me` for the
   reader (the sign-in check and a small JSON answer). No page can be faster than these.

Targets (issue 6): every page at least 40 % of the bare route's requests/s; the last page of the
10,000-post thread within 1.2x of its first page. Figures are reported, never asserted.
Results: docs/PERFORMANCE.md ("Page speed").
"""
from __future__ import annotations

import argparse
import base64
import contextlib
import datetime as dt
import functools
import json
import os
import random
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET_THROUGHPUT_RATIO = 0.40
TARGET_LAST_PAGE_RATIO = 1.2

GROUPS, PRIVATE_GROUPS = 50, 5
MEMBERS, GROUPS_PER_MEMBER = 5_000, 3
POSTS, LONG_THREAD_POSTS, POSTS_PER_THREAD = 100_000, 10_000, 20
REACTIONS, ROOM_MESSAGES, OPEN_REPORTS = 30_000, 10_000, 1_000
BATCH = 5_000
PASSWORD = "bench-password-1234"
WORDS = (
    "I feel better than yesterday and I keep going one step at a time with the group walk meeting "
    "tea friend work morning evening night tired hopeful calm worry breathe plan coffee rain sunshine "
    "kitchen music book journal honest small win patience sleep cravings sister called"
).split()

WRK_SCRIPT = """
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format('{"requests": %d, "duration_us": %d, "socket_errors": %d, "non_2xx": %d, '
    .. '"p50_us": %d, "p99_us": %d, "bytes": %d}\\n', summary.requests, summary.duration,
    e.connect + e.read + e.write + e.timeout, e.status, latency:percentile(50), latency:percentile(99),
    summary.bytes))
end
"""


# ---------------------------------------------------------------------------------------------------
# The server side: the forum plus a bare route, in one WSGI app (gunicorn loads `bench_app()`)


def bench_app():
    """The forum exactly as wsgi.py builds it, with the bare baseline mounted at /_bare."""
    from flask import Flask
    from werkzeug.middleware.dispatcher import DispatcherMiddleware

    from wsgi import app as forum_app

    bare = Flask("bare")

    @functools.cache
    def page_of(size: int) -> bytes:
        head, tail = b"<!doctype html><html><body><p>", b"</p></body></html>"
        return head + b"x" * max(0, size - len(head) - len(tail)) + tail

    @bare.get("/<int:size>")
    def static_html(size: int):
        return page_of(min(size, 1_000_000)), 200, {"Content-Type": "text/html; charset=utf-8"}

    forum_app.wsgi_app = DispatcherMiddleware(forum_app.wsgi_app, {"/_bare": bare})
    return forum_app


# ---------------------------------------------------------------------------------------------------
# Seeding, in bulk


def _segment(post_id: int) -> str:
    from forum.services.threads import SEGMENT_WIDTH

    return f"{post_id:0{SEGMENT_WIDTH}d}"


def _text(rng: random.Random, low: int, high: int) -> str:
    return " ".join(rng.choices(WORDS, k=rng.randint(low, high))).capitalize() + "."


def _insert(model, rows: list[dict]) -> None:
    import sqlalchemy as sa

    from forum.extensions import db

    for start in range(0, len(rows), BATCH):
        db.session.execute(sa.insert(model), rows[start:start + BATCH])


def seed() -> dict:
    """Writes the data set; returns what the pages need (slugs, thread ids, the long thread's last cursor)."""
    import sqlalchemy as sa
    from werkzeug.security import generate_password_hash

    from forum.extensions import db
    from forum.models import (
        Group, Membership, ModerationItem, Post, Reaction, Report, RoomMessage, Thread, User,
    )
    from forum.models.base import utcnow

    rng = random.Random(2026)
    now = utcnow()
    password_hash = generate_password_hash(PASSWORD)  # one hash, shared by every account
    names = ["bench-admin", "reader"] + [f"m{i:05d}" for i in range(MEMBERS - 2)]
    _insert(User, [
        {"id": n + 1, "username": name, "username_key": name, "password_hash": password_hash,
         "display_name": f"Member {n}", "pronouns": "", "bio": "", "is_site_admin": n == 0,
         "created_at": now - dt.timedelta(days=400)}
        for n, name in enumerate(names)
    ])
    reader_id = 2
    _insert(Group, [
        {"id": g + 1, "slug": f"group-{g:02d}", "name": f"Group {g:02d}", "description": _text(rng, 8, 20),
         "agreement": "Be kind.", "agreement_html": "<p>Be kind.</p>",
         "visibility": "private" if g >= GROUPS - PRIVATE_GROUPS else "public", "created_at": now}
        for g in range(GROUPS)
    ])
    members_of: dict[int, list[int]] = {g + 1: [] for g in range(GROUPS)}
    memberships = []
    for user_id in range(2, MEMBERS + 1):
        chosen = {1} if user_id == reader_id else set()
        while len(chosen) < GROUPS_PER_MEMBER:
            chosen.add(rng.randrange(GROUPS) + 1)
        for group_id in chosen:
            role = "moderator" if not members_of[group_id] and user_id != reader_id else "member"
            members_of[group_id].append(user_id)
            memberships.append({"group_id": group_id, "user_id": user_id, "role": role, "status": "active",
                                "agreement_accepted_at": now, "created_at": now})
    _insert(Membership, memberships)

    threads, posts, post_group = [], [], {}
    started = now - dt.timedelta(days=300)

    def add_thread(thread_id: int, group_id: int, count: int, first_post_id: int) -> None:
        authors = members_of[group_id]
        opening_path = _segment(first_post_id)
        created = started + dt.timedelta(minutes=thread_id * 30)
        for offset in range(count):
            post_id = first_post_id + offset
            if offset == 0:
                parent_id, depth, path = None, 0, opening_path
            elif (offset - 1) % 3 == 0:
                parent_id, depth, path = first_post_id, 1, opening_path + _segment(post_id)
            else:
                branch = post_id - (offset - 1) % 3
                parent_id, depth, path = branch, 2, opening_path + _segment(branch) + _segment(post_id)
            body = _text(rng, 10, 70)
            posts.append({"id": post_id, "thread_id": thread_id, "author_id": rng.choice(authors),
                          "parent_id": parent_id, "depth": depth, "path": path, "body": body,
                          "body_html": f"<p>{body}</p>", "created_at": created + dt.timedelta(minutes=offset)})
            post_group[post_id] = group_id
        threads.append({"id": thread_id, "group_id": group_id, "author_id": posts[-count]["author_id"],
                        "title": _text(rng, 3, 8)[:200], "response_preference": "open", "reply_count": count - 1,
                        "created_at": created, "last_activity_at": created + dt.timedelta(minutes=count)})

    add_thread(1, 1, LONG_THREAD_POSTS, 1)
    next_post = LONG_THREAD_POSTS + 1
    for n in range((POSTS - LONG_THREAD_POSTS) // POSTS_PER_THREAD):
        add_thread(n + 2, n % GROUPS + 1, POSTS_PER_THREAD, next_post)
        next_post += POSTS_PER_THREAD
    _insert(Thread, threads)
    _insert(Post, posts)

    reactions = {(rng.randrange(1, next_post), rng.randrange(2, MEMBERS + 1), rng.choice(
        ("support", "celebrate", "helpful", "same_here"))) for _ in range(REACTIONS)}
    _insert(Reaction, [{"post_id": p, "user_id": u, "kind": k, "created_at": now} for p, u, k in reactions])
    _insert(RoomMessage, [
        {"group_id": g, "author_id": rng.choice(members_of[g]), "client_id": str(uuid.UUID(int=rng.getrandbits(128))),
         "body": (body := _text(rng, 4, 25)), "body_html": f"<p>{body}</p>", "created_at": now}
        for g in members_of for _ in range(ROOM_MESSAGES // GROUPS)
    ])
    reported = rng.sample([p["id"] for p in posts if p["depth"] > 0], OPEN_REPORTS)
    by_id = {p["id"]: p for p in posts}
    _insert(ModerationItem, [
        {"id": n + 1, "target_type": "post", "target_id": post_id, "group_id": post_group[post_id],
         "author_id": by_id[post_id]["author_id"], "status": "open", "is_crisis": rng.random() < 0.02,
         "report_count": 1, "first_reported_at": now, "last_reported_at": now, "snapshot_title": "",
         "snapshot_body": by_id[post_id]["body"]}
        for n, post_id in enumerate(reported)
    ])
    _insert(Report, [
        {"item_id": n + 1, "reporter_id": rng.choice(members_of[post_group[post_id]]),
         "reason": rng.choice(("harassment", "spam", "unsolicited_advice", "other")), "note": "", "created_at": now}
        for n, post_id in enumerate(reported)
    ])
    for table, column in (("users", "id"), ("groups", "id"), ("threads", "id"), ("posts", "id"),
                          ("moderation_items", "id")):
        db.session.execute(sa.text(f"SELECT setval('{table}_{column}_seq', (SELECT max({column}) FROM {table}))"))
    db.session.commit()

    page_size = int(os.environ.get("PAGE_SIZE", 50))
    long_paths = [p["path"] for p in posts if p["thread_id"] == 1]
    long_paths.sort()
    last_cursor = long_paths[-page_size - 1]
    short_thread = next(t["id"] for t in threads if t["group_id"] == 1 and t["id"] != 1)
    return {
        "group": "group-00",
        "long_thread": 1,
        "long_thread_last_cursor": base64.urlsafe_b64encode(last_cursor.encode()).decode().rstrip("="),
        "short_thread": short_thread,
        "rows": {"users": len(names), "groups": GROUPS, "memberships": len(memberships), "threads": len(threads),
                 "posts": len(posts), "reactions": len(reactions), "room_messages": ROOM_MESSAGES,
                 "open_reports": OPEN_REPORTS},
    }


def seed_database(url: str) -> dict:
    import sqlalchemy as sa

    from forum import create_app
    from forum.extensions import db

    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "http-pages-bench"})
    with app.app_context():
        facts = seed()
        db.session.remove()
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(sa.text("VACUUM ANALYZE"))
        db.engine.dispose()
    return facts


# ---------------------------------------------------------------------------------------------------
# Measuring


def sign_in(base_url: str, username: str) -> str:
    """The session cookie of a real sign-in through the login form (CSRF token included)."""
    import requests

    browser = requests.Session()
    form = browser.get(base_url + "/login", timeout=10).text
    token = re.search(r'name="csrf_token" value="([^"]+)"', form).group(1)
    answer = browser.post(base_url + "/login", data={"csrf_token": token, "username": username,
                                                     "password": PASSWORD}, allow_redirects=False, timeout=10)
    if answer.status_code != 302:
        raise RuntimeError(f"sign-in as {username} failed: {answer.status_code}")
    return "; ".join(f"{name}={value}" for name, value in browser.cookies.items())


def children_cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def wrk(url: str, cookie: str, seconds: int, connections: int, script: Path) -> dict:
    command = ["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "--timeout", "10s",
               "-H", f"Cookie: {cookie}", "-s", str(script), url]
    result = subprocess.run(command, capture_output=True, text=True, timeout=seconds + 60)
    if result.returncode != 0:
        raise RuntimeError(f"wrk failed: {result.stderr}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def load(server, url: str, cookie: str, args: argparse.Namespace, script: Path) -> dict:
    from bench.room_fanout import cpu_seconds, machine_busy_seconds

    wrk(url, cookie, 2, args.connections, script)
    worker_before, wrk_before, busy_before = cpu_seconds(server.worker), children_cpu_seconds(), machine_busy_seconds()
    started = time.monotonic()
    figures = wrk(url, cookie, args.seconds, args.connections, script)
    elapsed = time.monotonic() - started
    seconds = figures["duration_us"] / 1e6
    return {
        "requests_per_s": round(figures["requests"] / seconds, 1),
        "p50_ms": round(figures["p50_us"] / 1000, 2),
        "p99_ms": round(figures["p99_us"] / 1000, 2),
        "requests": figures["requests"],
        "errors": figures["socket_errors"] + figures["non_2xx"],
        "worker_cpu": round((cpu_seconds(server.worker) - worker_before) / elapsed, 2),
        "wrk_cpu": round((children_cpu_seconds() - wrk_before) / elapsed, 2),
        "machine_busy_cores": round((machine_busy_seconds() - busy_before) / elapsed, 2),
        "loadavg": Path("/proc/loadavg").read_text().split()[0],
    }


def ratio(numerator: float, denominator: float, digits: int = 2) -> float | None:
    return round(numerator / denominator, digits) if denominator else None


def best(runs: list[dict]) -> dict:
    return max(runs, key=lambda run: run["requests_per_s"])


def measure_page(server, path: str, cookie: str, args: argparse.Namespace, script: Path) -> dict:
    import requests

    answer = requests.get(server.url + path, headers={"Cookie": cookie}, allow_redirects=False, timeout=30)
    if answer.status_code != 200:
        raise RuntimeError(f"{path} answered {answer.status_code}")
    size = len(answer.content)
    page_runs, bare_runs = [], []
    for _ in range(args.rounds):
        bare_runs.append(load(server, f"{server.url}/_bare/{size}", cookie, args, script))
        page_runs.append(load(server, server.url + path, cookie, args, script))
    page, bare = best(page_runs), best(bare_runs)
    return {
        "path": path, "bytes": size, "page": page, "bare": bare,
        "throughput_ratio": ratio(page["requests_per_s"], bare["requests_per_s"], 3),
        "p50_ratio": ratio(page["p50_ms"], bare["p50_ms"]),
        "p99_ratio": ratio(page["p99_ms"], bare["p99_ms"]),
        "rounds": {"page": page_runs, "bare": bare_runs},
    }


def pages(facts: dict) -> dict[str, tuple[str, str]]:
    """name -> (path, who)."""
    group, long_thread = facts["group"], facts["long_thread"]
    return {
        "group list": ("/", "reader"),
        "group page": (f"/groups/{group}", "reader"),
        "20-post thread": (f"/threads/{facts['short_thread']}", "reader"),
        "long thread, first page": (f"/threads/{long_thread}", "reader"),
        "long thread, last page": (f"/threads/{long_thread}?cursor={facts['long_thread_last_cursor']}", "reader"),
        "moderation queue (admin)": ("/mod/queue", "bench-admin"),
        "room page": (f"/groups/{group}/room", "reader"),
    }


def floors() -> dict[str, tuple[str, str | None]]:
    """name -> (path, who): what a request costs in the forum before any page work. Not pages: no target.

    `None` is a visitor (no cookie). Every page above is at best as fast as these.
    """
    return {
        "floor: /healthz (nothing)": ("/healthz", None),
        "floor: /login (a visitor's template)": ("/login", None),
        "floor: /api/v1/me (sign-in check)": ("/api/v1/me", "reader"),
    }


@contextlib.contextmanager
def database(server_url: str):
    sys.path.insert(0, str(ROOT))
    from tests.support.databases import throwaway_postgres_database

    with throwaway_postgres_database(server_url, prefix="bench_pages") as url:
        yield url


def run(args: argparse.Namespace) -> dict:
    from bench.room_fanout import Server, flask

    tmp = Path(tempfile.mkdtemp(prefix="http_pages_"))
    script = tmp / "report.lua"
    script.write_text(WRK_SCRIPT)
    report: dict = {
        "command": "python -m bench.http_pages " + " ".join(sys.argv[1:]),
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "machine": {"cores": os.cpu_count(), "loadavg_start": Path("/proc/loadavg").read_text().split()[:3]},
        "settings": {"seconds": args.seconds, "connections": args.connections, "rounds": args.rounds,
                     "wrk": subprocess.run(["wrk", "-v"], capture_output=True, text=True).stdout.split("\n")[0].strip()},
        "results": {},
    }
    base_env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "SOCKETIO_MESSAGE_QUEUE")}
    server = None
    try:
        with database(args.database_url) as url:
            env = {**base_env, "FLASK_APP": "forum:create_app", "DATABASE_URL": url, "SECRET_KEY": "http-pages-bench",
                   "RATELIMIT_ENABLED": "false", "PYTHONUNBUFFERED": "1"}
            started = time.monotonic()
            flask(["flask", "db", "upgrade"], env)
            facts = seed_database(url)
            report["seed_s"] = round(time.monotonic() - started, 1)
            report["rows"] = facts["rows"]
            print(f"seeded in {report['seed_s']} s: {facts['rows']}", file=sys.stderr, flush=True)
            server = Server("forum", "bench.http_pages:bench_app()", env, tmp / "server.log")
            server.launch()
            server.wait_ready()
            cookies = {who: sign_in(server.url, who) for who in ("reader", "bench-admin")}
            for name, (path, who) in pages(facts).items():
                if args.only and args.only not in name:
                    continue
                report["results"][name] = measure_page(server, path, cookies[who], args, script)
                print_row(name, report["results"][name])
            report["floors"] = {}
            for name, (path, who) in floors().items():
                if args.only and args.only not in name:
                    continue
                report["floors"][name] = measure_page(server, path, cookies.get(who, ""), args, script)
                print_row(name, report["floors"][name])
            report["database"] = subprocess.run(
                ["psql", url.replace("+psycopg", ""), "-Atc", "SHOW server_version"],
                capture_output=True, text=True).stdout.strip() or "PostgreSQL"
            server.stop()
    finally:
        if server is not None:
            server.stop()
        report["machine"]["loadavg_end"] = Path("/proc/loadavg").read_text().split()[:3]
        if args.keep_logs:
            report["logs"] = str(tmp)
        else:
            shutil.rmtree(tmp, ignore_errors=True)
    report["targets"] = targets(report["results"])
    return report


def targets(results: dict) -> dict:
    verdict = {"throughput_ratio_min": TARGET_THROUGHPUT_RATIO, "pages_below": [
        name for name, result in results.items() if (result["throughput_ratio"] or 0) < TARGET_THROUGHPUT_RATIO]}
    first, last = results.get("long thread, first page"), results.get("long thread, last page")
    if first and last:
        verdict["last_over_first_p50"] = ratio(last["page"]["p50_ms"], first["page"]["p50_ms"])
        verdict["first_over_last_requests_per_s"] = ratio(first["page"]["requests_per_s"], last["page"]["requests_per_s"])
    return verdict


def print_row(name: str, result: dict) -> None:
    page, bare = result["page"], result["bare"]
    print(f"{name:36} {result['bytes']:>7} B  page {page['requests_per_s']:>7} req/s p50 {page['p50_ms']:>6} "
          f"p99 {page['p99_ms']:>7} ms | bare {bare['requests_per_s']:>7} req/s p50 {bare['p50_ms']:>6} "
          f"p99 {bare['p99_ms']:>6} ms | ratio {result['throughput_ratio']}  worker {page['worker_cpu']} "
          f"wrk {page['wrk_cpu']} load {page['loadavg']}", flush=True)


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    from tests.support.databases import DEFAULT_POSTGRES_URL

    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--database-url", default=DEFAULT_POSTGRES_URL,
                        help="a PostgreSQL server; the bench makes and drops its own database there")
    parser.add_argument("--seconds", type=int, default=10, help="per measurement, after a 2 s warm-up")
    parser.add_argument("--connections", type=int, default=8, help="wrk keep-alive connections")
    parser.add_argument("--rounds", type=int, default=2, help="bare/page pairs per page; the best is quoted")
    parser.add_argument("--only", help="measure only the pages whose name contains this")
    parser.add_argument("--keep-logs", action="store_true")
    parser.add_argument("--json", help="write the full report here")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    sys.path.insert(0, str(ROOT))
    args = parse_args(argv)
    report = run(args)
    print(json.dumps(report["targets"]))
    if args.json:
        Path(args.json).write_text(json.dumps(report, indent=2))
        print(f"JSON: {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
