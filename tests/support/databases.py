"""Throwaway databases for tests that start real server processes or run migrations."""
from __future__ import annotations

import os
import uuid
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import sqlalchemy as sa

BASE_URL = os.environ.get("DATABASE_URL")
DEFAULT_POSTGRES_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"


def _is_postgres(url: str | None) -> bool:
    return bool(url) and url.startswith("postgresql")


def postgres_server_url() -> str:
    """The PostgreSQL server for tests that need one whatever this run's database is.

    POSTGRES_URL when set; else this run's DATABASE_URL when it is PostgreSQL; else the local default
    (the `postgres` superuser on 127.0.0.1:5432, as CI has it).
    """
    if os.environ.get("POSTGRES_URL"):
        return os.environ["POSTGRES_URL"]
    return BASE_URL if _is_postgres(BASE_URL) else DEFAULT_POSTGRES_URL


@contextmanager
def throwaway_postgres_database(server_url: str, prefix: str | None = None) -> Iterator[str]:
    """A new empty PostgreSQL database on `server_url`'s server, dropped afterwards (even with open connections).

    Raises sqlalchemy.exc.OperationalError when the server cannot be reached.
    """
    url = sa.make_url(server_url)
    name = f"{prefix or url.database}_{uuid.uuid4().hex[:8]}"
    admin = sa.create_engine(
        url.set(database="postgres"), isolation_level="AUTOCOMMIT", connect_args={"connect_timeout": 5}
    )
    try:
        with admin.connect() as conn:
            conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
        try:
            yield url.set(database=name).render_as_string(hide_password=False)
        finally:
            with admin.connect() as conn:
                conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    finally:
        admin.dispose()


@contextmanager
def throwaway_database(tmp_dir: Path) -> Iterator[str]:
    """A new empty database of the kind this run uses: a SQLite file, or a PostgreSQL database."""
    if not _is_postgres(BASE_URL):
        yield f"sqlite:///{tmp_dir / f'{uuid.uuid4().hex}.db'}"
        return
    with throwaway_postgres_database(BASE_URL) as url:
        yield url
