"""Throwaway databases for tests that start real server processes or run migrations."""
from __future__ import annotations

import os
import uuid
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import sqlalchemy as sa

BASE_URL = os.environ.get("DATABASE_URL")


@contextmanager
def throwaway_database(tmp_dir: Path) -> Iterator[str]:
    """A new empty database of the kind this run uses: a SQLite file, or a PostgreSQL database."""
    if not BASE_URL or BASE_URL.startswith("sqlite"):
        yield f"sqlite:///{tmp_dir / f'{uuid.uuid4().hex}.db'}"
        return
    url = sa.make_url(BASE_URL)
    name = f"{url.database}_{uuid.uuid4().hex[:8]}"
    admin = sa.create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    try:
        yield url.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
