"""Consistent snapshots of the SQLite database while the forum runs (sqlite3's online backup API).

The backup API copies the database as one read transaction sees it: writes that commit during the
copy are not half in the snapshot (with WAL, they don't even wait). The snapshot is a plain
self-contained file (journal mode DELETE, no -wal/-shm beside it), checked with
`PRAGMA integrity_check` before it is moved into place. PostgreSQL is backed up with pg_dump.
"""
from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import sqlalchemy as sa

PG_DUMP_HINT = (
    "This forum runs on PostgreSQL: back it up with pg_dump, e.g.\n"
    "  pg_dump --format=custom --file=forum.dump postgresql://USER@HOST:5432/forum\n"
    "and restore into a new, empty database with\n"
    "  pg_restore --no-owner --dbname=postgresql://USER@HOST:5432/forum_restored forum.dump\n"
    "(see the README, 'Backups')."
)


class BackupError(Exception):
    pass


def sqlite_path(database_url: str) -> Path:
    """The file behind a sqlite:/// URL; BackupError for any other database."""
    url = sa.make_url(database_url)
    if url.get_backend_name() == "postgresql":
        raise BackupError(PG_DUMP_HINT)
    if url.get_backend_name() != "sqlite" or not url.database or url.database == ":memory:":
        raise BackupError(f"flask backup only snapshots a SQLite file; this database is {url.get_backend_name()}.")
    return Path(url.database)


def snapshot(source: Path, target: Path) -> None:
    """Copy `source` (a live SQLite database) to `target`, which must not exist yet."""
    if not source.exists():
        raise BackupError(f"There is no database at {source}.")
    if target.exists():
        raise BackupError(f"{target} exists already; choose a new file name.")
    partial = target.with_name(target.name + ".partial")
    partial.unlink(missing_ok=True)
    live = sqlite3.connect(source)
    copy = sqlite3.connect(partial)
    try:
        live.execute("PRAGMA busy_timeout=5000")
        live.backup(copy)
        copy.execute("PRAGMA journal_mode=DELETE")
        verdict = copy.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        copy.close()
        live.close()
    if verdict != "ok":
        partial.unlink(missing_ok=True)
        raise BackupError(f"The snapshot failed its integrity check: {verdict}")
    os.replace(partial, target)
