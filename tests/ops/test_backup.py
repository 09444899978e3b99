"""`flask backup PATH`: a consistent SQLite snapshot taken while the forum runs, and a restore from it.

These tests make their own SQLite forum whatever database the suite runs on: the command only
snapshots SQLite (PostgreSQL is backed up with pg_dump, which the command says).
"""
from __future__ import annotations

import shutil
import sqlite3
import subprocess
import threading
from contextlib import ExitStack

import pytest
import sqlalchemy as sa

from forum.extensions import db
from tests.conftest import Builder, make_app
from tests.support import unavailable
from tests.support.databases import postgres_server_url, throwaway_postgres_database

SECRET_KEY = "backup-test-secret"


def sqlite_forum(path):
    app = make_app(f"sqlite:///{path}", SECRET_KEY=SECRET_KEY, RATELIMIT_STORAGE_URI="memory://")
    with app.app_context():
        db.create_all()
    return app


def dispose(app) -> None:
    with app.app_context():
        db.engine.dispose()


@pytest.fixture
def live_forum(tmp_path):
    """A forum on its own SQLite file, with a member's thread and reply in it."""
    app = sqlite_forum(tmp_path / "live.db")
    build = Builder(app)
    build.user("river")
    build.group("harbour", members=("river",))
    thread_id = build.thread("river", "harbour", title="Ninety days today", body="I made it this far.")
    build.reply("river", thread_id, "Thank you all for being here.")
    yield app, thread_id
    dispose(app)


def backup(app, target):
    return app.test_cli_runner().invoke(args=["backup", str(target)])


def test_backup_and_restore_round_trip(live_forum, tmp_path, login):
    app, thread_id = live_forum
    snapshot = tmp_path / "snapshots" / "forum-2026-11-23.db"
    snapshot.parent.mkdir()

    result = backup(app, snapshot)
    assert result.exit_code == 0, result.output
    assert f"written to {snapshot}" in result.output
    assert not list(snapshot.parent.glob("*-wal")) and not list(snapshot.parent.glob("*.partial"))

    restored_path = tmp_path / "restored" / "forum.db"
    restored_path.parent.mkdir()
    shutil.copy(snapshot, restored_path)
    restored = sqlite_forum(restored_path)
    try:
        member = restored.test_client()
        login(member, "river")
        page = member.get(f"/threads/{thread_id}")
        assert page.status_code == 200
        assert "Ninety days today" in page.text
        assert "I made it this far." in page.text
        assert "Thank you all for being here." in page.text
    finally:
        dispose(restored)


def test_the_snapshot_leaves_out_a_write_that_had_not_committed(live_forum, tmp_path):
    """A transaction open during the backup is either wholly in the snapshot or not at all: here, not."""
    app, _ = live_forum
    database = app.config["SQLALCHEMY_DATABASE_URI"].removeprefix("sqlite:///")
    writer = sqlite3.connect(database, isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")
    writer.execute("UPDATE threads SET title = 'half-way edit'")
    try:
        result = backup(app, tmp_path / "during-write.db")
    finally:
        writer.execute("ROLLBACK")
        writer.close()
    assert result.exit_code == 0, result.output
    copy = sqlite3.connect(tmp_path / "during-write.db")
    assert copy.execute("SELECT title FROM threads").fetchall() == [("Ninety days today",)]
    assert copy.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    copy.close()


def test_a_backup_while_members_keep_writing_is_consistent(live_forum, tmp_path):
    """Replies keep arriving during the backup; the snapshot holds a whole number of them, intact."""
    app, thread_id = live_forum
    build = Builder(app)
    stop = threading.Event()

    def keep_replying():
        n = 0
        while not stop.is_set() and n < 200:
            build.reply("river", thread_id, f"reply {n}")
            n += 1

    writer = threading.Thread(target=keep_replying)
    writer.start()
    try:
        result = backup(app, tmp_path / "busy.db")
    finally:
        stop.set()
        writer.join(30)
    assert result.exit_code == 0, result.output
    copy = sqlite3.connect(tmp_path / "busy.db")
    assert copy.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    posts = copy.execute("SELECT count(*) FROM posts WHERE thread_id = ?", (thread_id,)).fetchone()[0]
    replies = copy.execute("SELECT reply_count FROM threads WHERE id = ?", (thread_id,)).fetchone()[0]
    assert posts == replies + 1  # the opening post; a reply and its count commit together
    copy.close()


def test_backup_refuses_to_overwrite_a_file(live_forum, tmp_path):
    app, _ = live_forum
    existing = tmp_path / "existing.db"
    existing.write_text("yesterday's snapshot")
    result = backup(app, existing)
    assert result.exit_code != 0
    assert "exists already" in result.output
    assert existing.read_text() == "yesterday's snapshot"


def test_backup_on_postgresql_points_to_pg_dump(tmp_path):
    app = make_app("postgresql+psycopg://forum@127.0.0.1:5432/forum", SECRET_KEY=SECRET_KEY)
    result = backup(app, tmp_path / "forum.db")
    assert result.exit_code != 0
    assert "pg_dump" in result.output and "pg_restore" in result.output
    assert not (tmp_path / "forum.db").exists()


def libpq_url(url: str) -> str:
    """The URL as pg_dump and pg_restore take it: without SQLAlchemy's driver name."""
    return sa.make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


def test_postgresql_dump_and_restore_with_the_readme_commands(tmp_path, login):
    if shutil.which("pg_dump") is None or shutil.which("pg_restore") is None:
        unavailable("pg_dump/pg_restore are not installed (apt-get install postgresql-client)")
    server_url = postgres_server_url()
    with ExitStack() as cleanup:
        try:
            source_url = cleanup.enter_context(throwaway_postgres_database(server_url, prefix="forum_backup"))
            restored_url = cleanup.enter_context(throwaway_postgres_database(server_url, prefix="forum_restored"))
        except sa.exc.OperationalError as error:
            unavailable(f"PostgreSQL is not reachable at {server_url} ({error.orig}); start it or set POSTGRES_URL")
        source = make_app(source_url, SECRET_KEY=SECRET_KEY)
        cleanup.callback(dispose, source)
        with source.app_context():
            db.create_all()
        build = Builder(source)
        build.user("river")
        build.group("harbour", members=("river",))
        thread_id = build.thread("river", "harbour", title="Ninety days today", body="I made it this far.")

        dump = tmp_path / "forum.dump"
        dumped = subprocess.run(
            ["pg_dump", "--format=custom", f"--file={dump}", libpq_url(source_url)], capture_output=True, text=True
        )
        assert dumped.returncode == 0, dumped.stderr
        restored = subprocess.run(
            ["pg_restore", "--no-owner", f"--dbname={libpq_url(restored_url)}", str(dump)], capture_output=True, text=True
        )
        assert restored.returncode == 0, restored.stderr

        fresh = make_app(restored_url, SECRET_KEY=SECRET_KEY)
        cleanup.callback(dispose, fresh)
        member = fresh.test_client()
        login(member, "river")
        page = member.get(f"/threads/{thread_id}")
        assert page.status_code == 200
        assert "Ninety days today" in page.text and "I made it this far." in page.text
