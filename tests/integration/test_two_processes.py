"""Two forum processes as deployed, serving the same rooms: whichever process a member's socket lands on.

Each process is `gunicorn -c deploy/gunicorn.conf.py wsgi:app` (gevent worker, one worker) on its own
free port. They share one PostgreSQL database and one Redis (the Socket.IO message queue, presence
and the rate-limit storage), as the README's "Deploying: several processes" describes. Clients are
python-socketio clients over a real websocket, signed in with API tokens.

Services: PostgreSQL at POSTGRES_URL (else this run's DATABASE_URL when it is PostgreSQL, else
postgresql+psycopg://postgres@127.0.0.1:5432/postgres) and Redis at REDIS_URL (default
redis://127.0.0.1:6379, db 3 unless the URL names one). A developer without them gets a skip; in CI
(CI=true) a missing one fails. The nginx variant runs only where nginx is installed.
"""
from __future__ import annotations

import fcntl
import hashlib
import os
import random
import subprocess
import tempfile
import time
import urllib.request
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator
from urllib.parse import urlsplit, urlunsplit

import pytest
import redis
import requests
import sqlalchemy as sa

from tests.integration.conftest import RoomClient, disconnect_all, wait_until
from tests.support import unavailable
from tests.support.databases import postgres_server_url, throwaway_postgres_database
from tests.support.live_server import ROOT, GunicornServer, free_port, start_all, stop_all

pytestmark = pytest.mark.integration

PASSWORD = "two processes password"
REDIS_DB = 3
NGINX = Path("/usr/sbin/nginx")


def redis_url() -> str:
    """REDIS_URL (default redis://127.0.0.1:6379), on db 3 unless it names a db: the suite's runs use 0 and 1."""
    parts = urlsplit(os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379")
    if parts.path.strip("/"):
        return urlunsplit(parts)
    return urlunsplit(parts._replace(path=f"/{REDIS_DB}"))


@contextmanager
def redis_db_to_ourselves(url: str) -> Iterator[str]:
    """This Redis db, emptied before and after, for one run of this module at a time on this machine.

    Other runs of this test (another developer's, in the same tree) would empty it under our feet:
    a file lock makes them wait their turn.
    """
    client = redis.Redis.from_url(url, socket_connect_timeout=3, socket_timeout=5)
    problem = None
    try:
        client.ping()
    except redis.RedisError as error:
        problem = str(error)
    if problem:
        unavailable(f"Redis is not reachable at {url} ({problem}); start it or set REDIS_URL")
    lock_path = Path(tempfile.gettempdir()) / f"forum-two-processes-{hashlib.sha1(url.encode()).hexdigest()[:12]}.lock"
    with lock_path.open("w") as lock:
        deadline = time.monotonic() + 120
        while True:
            try:
                fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                assert time.monotonic() < deadline, f"another run held {lock_path} for 120 s"
                time.sleep(0.2)
        client.flushdb()
        try:
            yield url
        finally:
            client.flushdb()
            client.close()


@contextmanager
def postgres_database() -> Iterator[str]:
    """A throwaway database on the PostgreSQL server, whatever this run's DATABASE_URL is."""
    server = postgres_server_url()
    probe = sa.create_engine(sa.make_url(server).set(database="postgres"), connect_args={"connect_timeout": 5})
    problem = None
    try:
        with probe.connect():
            pass
    except sa.exc.OperationalError as error:
        problem = " ".join(str(error.orig).split())
    finally:
        probe.dispose()
    if problem:
        shown = sa.make_url(server).render_as_string(hide_password=True)
        unavailable(f"PostgreSQL is not reachable at {shown} ({problem}); start it or set POSTGRES_URL")
    with throwaway_postgres_database(server, prefix="forum_two_processes") as url:
        yield url


def start_ids_far_apart(database_url: str) -> None:
    """Start user and group ids at a random point, so this run's room names (`group:<id>`) are its own.

    Redis pub/sub ignores the db number: every forum process on this Redis, whichever db it uses
    (another suite's live servers, say), publishes on the same channel, and would reach rooms
    named like ours if ids started at 1 everywhere.
    """
    engine = sa.create_engine(database_url)
    start = random.randrange(10**6, 10**9)
    with engine.begin() as conn:
        for table in ("users", "groups"):
            conn.execute(sa.text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), {start})"))
    engine.dispose()


def api(base_url: str, method: str, path: str, token: str | None = None, **body) -> dict:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    response = requests.request(method, f"{base_url}/api/v1{path}", json=body, headers=headers, timeout=10)
    assert response.status_code in (200, 201), f"{method} {path}: {response.status_code} {response.text}"
    return response.json()


@dataclass
class Deployment:
    a: GunicornServer
    b: GunicornServer
    admin_token: str

    def room(self, slug: str, usernames: list[str], via: str | None = None) -> dict[str, str]:
        """A public group made through one process's HTTP API (A's, or `via`), joined by `usernames`: their tokens."""
        base = via or self.a.url
        api(base, "POST", "/groups", self.admin_token, slug=slug, name=slug.title(), agreement="Be kind.")
        tokens = {}
        for username in usernames:
            secret = api(base, "POST", "/accounts", username=f"{slug}-{username}", password=PASSWORD)["token"]["secret"]
            api(base, "POST", f"/groups/{slug}/join", secret, accept_agreement=True)
            tokens[username] = secret
        return tokens


@pytest.fixture(scope="module")
def deployment(tmp_path_factory) -> Iterator[Deployment]:
    tmp = tmp_path_factory.mktemp("two-processes")
    with ExitStack() as stack:
        queue = stack.enter_context(redis_db_to_ourselves(redis_url()))
        database_url = stack.enter_context(postgres_database())
        env = {
            "SOCKETIO_MESSAGE_QUEUE": queue,
            "RATELIMIT_STORAGE_URI": queue,
            "RATELIMIT_ENABLED": "true",
            "ROOM_SEND_LIMIT": "5 per 10 seconds",
            "TRUSTED_PROXIES": "1",  # as behind nginx; a direct client sends no X-Forwarded-* headers
            "SOCKETIO_CORS_ALLOWED_ORIGINS": "",  # the default: the site's own origin, from Host
        }
        a = GunicornServer(database_url, tmp / "a.log", extra_env=env)
        b = GunicornServer(database_url, tmp / "b.log", extra_env=env)
        a.migrate()  # once, for both: `flask db upgrade`
        start_ids_far_apart(database_url)
        start_all([a, b])
        stack.callback(stop_all, [a, b])
        admin = api(a.url, "POST", "/accounts", username="site-admin", password=PASSWORD)
        assert admin["user"]["is_site_admin"], admin
        yield Deployment(a, b, admin["token"]["secret"])


def test_a_member_on_one_process_sees_messages_sent_through_the_other(deployment):
    tokens = deployment.room("crossing", ["ana", "ben"])
    ana = RoomClient(deployment.a.url, tokens["ana"], "crossing")
    ben = RoomClient(deployment.b.url, tokens["ben"], "crossing")
    try:
        ana.connect()
        ben.connect()
        sent = []
        for n in range(3):
            sent.append(ben.send(f"through B, {n}")["id"])
            sent.append(ana.send(f"through A, {n}")["id"])
        wait_until(lambda: len(ana.broadcasts) == len(ben.broadcasts) == len(sent), 5,
                   "both members got every message",
                   lambda: f"sent {sent}, A got {ana.broadcasts}, B got {ben.broadcasts}")
    finally:
        disconnect_all([ana, ben])
    assert sorted(ana.broadcasts) == sorted(ben.broadcasts) == sorted(sent)
    assert [ana.held[i]["body"] for i in sent] == [ben.held[i]["body"] for i in sent]
    assert [ana.held[i]["author"]["username"] for i in sent[:2]] == ["crossing-ben", "crossing-ana"]


def test_presence_is_right_across_both_processes(deployment):
    tokens = deployment.room("presence", ["ana", "ben", "cleo", "dan"])
    name = {key: f"presence-{key}" for key in tokens}

    def client(process: GunicornServer, who: str) -> RoomClient:
        return RoomClient(process.url, tokens[who], "presence")

    ana, cleo, dan = (client(deployment.a, who) for who in ("ana", "cleo", "dan"))
    ben = client(deployment.b, "ben")
    ana_on_b = client(deployment.b, "ana")  # a second tab of ana's, landed on the other process
    everyone = [ana, ben, cleo, dan, ana_on_b]
    labels = ["ana on A", "ben on B", "cleo on A", "dan on A", "ana on B"]

    def people(*who: str) -> list[str]:
        return sorted(name[w] for w in who)

    def events(c: RoomClient) -> list[list[str]]:
        return [sorted(event) for event in c.presence_events]

    def state() -> str:
        return "presence events: " + "; ".join(f"{label}: {c.presence_events}" for label, c in zip(labels, everyone))

    try:
        ana.connect()
        assert sorted(ana.present) == people("ana")

        ben.connect()  # only on B
        assert sorted(ben.present) == people("ana", "ben")
        wait_until(lambda: events(ana) == [people("ana", "ben")], 5, "A announced ben's arrival on B", state)

        cleo.connect()  # A's answer lists the member who is only on B
        assert sorted(cleo.present) == people("ana", "ben", "cleo")
        wait_until(lambda: events(ben)[-1:] == [people("ana", "ben", "cleo")], 5, "B announced cleo", state)

        ana_on_b.connect()  # ana was here already: nobody is told
        assert sorted(ana_on_b.present) == people("ana", "ben", "cleo")

        ben.disconnect()  # ben's only connection, on B, ends
        gone = [people("ana", "cleo")]
        wait_until(lambda: events(cleo) == gone and events(ana)[-1:] == gone and events(ana_on_b) == gone, 5,
                   "both processes announced that ben left", state)

        ana.disconnect()  # ana's tab on A ends; she is still here through B
        dan.connect()
        assert sorted(dan.present) == people("ana", "cleo", "dan")

        ana_on_b.disconnect()  # ana's last connection ends
        wait_until(lambda: events(dan) == [people("cleo", "dan")] and events(cleo)[-1:] == [people("cleo", "dan")],
                   5, "A announced that ana left B", state)
        time.sleep(0.2)  # room for an announcement that should not come
        assert events(cleo) == [people("ana", "cleo"), people("ana", "cleo", "dan"), people("cleo", "dan")]
        assert events(ana) == [people("ana", "ben"), people("ana", "ben", "cleo"), people("ana", "cleo")]
        assert events(ben) == [people("ana", "ben", "cleo")]
    finally:
        disconnect_all(everyone)


def test_sync_returns_the_same_messages_on_either_process(deployment):
    tokens = deployment.room("syncing", ["ana", "ben"])
    ana = RoomClient(deployment.a.url, tokens["ana"], "syncing")
    ben = RoomClient(deployment.b.url, tokens["ben"], "syncing")
    ana_again = None
    try:
        ana.connect()
        ben.connect()
        sent = [ana.send(f"A {n}")["id"] for n in range(3)] + [ben.send(f"B {n}")["id"] for n in range(3)]

        pages = [c.sio.call("sync", {"group": "syncing", "after": 0}, timeout=5) for c in (ana, ben)]
        assert pages[0] == pages[1]
        assert pages[0]["ok"] and not pages[0]["more"]
        assert [m["id"] for m in pages[0]["messages"]] == sent
        assert [m["body"] for m in pages[0]["messages"]] == ["A 0", "A 1", "A 2", "B 0", "B 1", "B 2"]
        middle = [c.sio.call("sync", {"group": "syncing", "after": sent[2]}, timeout=5) for c in (ben, ana)]
        assert middle[0] == middle[1] == {**pages[0], "messages": pages[0]["messages"][3:]}

        # ana held everything up to her own third message on A; she comes back through B.
        ana.disconnect()
        ana_again = RoomClient(deployment.b.url, tokens["ana"], "syncing", synced_to=sent[2])
        ana_again.connect()
        assert sorted(ana_again.held) == sent[3:]
    finally:
        disconnect_all([c for c in (ana, ben, ana_again) if c is not None])


def test_the_send_rate_limit_is_one_budget_across_both_processes(deployment):
    token = deployment.room("budget", ["ana"])["ana"]
    on_a = RoomClient(deployment.a.url, token, "budget")
    on_b = RoomClient(deployment.b.url, token, "budget")
    try:
        on_a.connect()
        on_b.connect()
        for n in range(5):  # ROOM_SEND_LIMIT "5 per 10 seconds"
            assert on_a.send(f"burst {n}") is not None, on_a.refusals
        assert on_b.send("one too many") is None
    finally:
        disconnect_all([on_a, on_b])
    assert [refusal["error"] for refusal in on_b.refusals] == ["rate_limited"]


# --- the same two processes behind nginx, configured from deploy/nginx.conf -------------------------------


def nginx_config(prefix: Path, port: int, backends: list[str]) -> str:
    """deploy/nginx.conf with this run's ports and a private prefix in place of its fixed ones."""
    text = (ROOT / "deploy" / "nginx.conf").read_text()
    replacements = {
        "/tmp/forum-nginx": str(prefix),
        "listen 127.0.0.1:8080;": f"listen 127.0.0.1:{port};",
        "server 127.0.0.1:5001;": f"server {backends[0]};",
        "server 127.0.0.1:5002;": f"server {backends[1]};",
    }
    for old, new in replacements.items():
        assert old in text, f"deploy/nginx.conf no longer has {old!r}: update nginx_config() in this test"
        text = text.replace(old, new)
    return text


@pytest.fixture(scope="module")
def nginx_url(deployment, tmp_path_factory) -> Iterator[str]:
    if not NGINX.exists():
        unavailable(f"nginx is not installed ({NGINX}); .ci/run installs it (apt-get install nginx)")
    prefix = tmp_path_factory.mktemp("nginx")
    for folder in ("logs", "tmp"):
        (prefix / folder).mkdir()
    port = free_port()
    backends = [f"127.0.0.1:{server.port}" for server in (deployment.a, deployment.b)]
    (prefix / "nginx.conf").write_text(nginx_config(prefix, port, backends))
    command = [str(NGINX), "-p", str(prefix), "-c", str(prefix / "nginx.conf"), "-e", str(prefix / "logs/error.log"),
               "-g", "daemon off;"]
    with (prefix / "logs" / "stdout.log").open("w") as log:
        process = subprocess.Popen(command, stdout=log, stderr=log)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 15
        while True:
            assert process.poll() is None, f"nginx exited ({process.returncode}); see {prefix / 'logs'}"
            try:
                urllib.request.urlopen(url + "/", timeout=1)
                break
            except OSError:
                assert time.monotonic() < deadline, f"nginx did not answer within 15 s; see {prefix / 'logs'}"
                time.sleep(0.1)
        yield url
    finally:
        process.terminate()  # nginx's fast shutdown
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(10)


def test_through_nginx_a_member_reaches_members_on_both_processes(deployment, nginx_url):
    # Accounts and group through nginx's `location /`; the socket through its websocket upgrade.
    tokens = deployment.room("proxied", ["ana", "ben", "cleo", "dan"], via=nginx_url)
    outside = RoomClient(nginx_url, tokens["ana"], "proxied")  # sticky (ip_hash) to A or to B
    on_a = RoomClient(deployment.a.url, tokens["ben"], "proxied")
    on_b = RoomClient(deployment.b.url, tokens["cleo"], "proxied")
    # Long-polling first, then the upgrade: several requests that must all reach one process (ip_hash).
    polling = RoomClient(nginx_url, tokens["dan"], "proxied", transports=("polling", "websocket"))
    everyone = [outside, on_a, on_b, polling]
    try:
        on_a.connect()
        on_b.connect()
        outside.connect()
        polling.connect()
        assert outside.sio.transport() == "websocket"
        wait_until(lambda: polling.sio.transport() == "websocket", 5, "the polling client upgraded to websocket")
        assert sorted(polling.present) == ["proxied-ana", "proxied-ben", "proxied-cleo", "proxied-dan"]
        sent = [outside.send("through nginx")["id"], on_a.send("through A")["id"], on_b.send("through B")["id"],
                polling.send("polled through nginx")["id"]]
        wait_until(lambda: all(sorted(c.broadcasts) == sorted(sent) for c in everyone), 5,
                   "every member got every message", lambda: str([c.broadcasts for c in everyone]))
    finally:
        disconnect_all(everyone)
