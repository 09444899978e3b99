"""The full-text indexes behind forum/services/search.py, created next to the tables they index.

They are not models: SQLite keeps FTS5 external-content tables (named `search_*`) in step with
`posts`, `threads` and `techniques` through triggers; PostgreSQL has GIN indexes on `to_tsvector`
expressions (also named `search_*`). The DDL runs after `create_all` creates each table, and the
migration creates the same objects; migrations/env.py leaves every `search_*` name out of
autogenerate, which cannot see them.
"""
from __future__ import annotations

import sqlalchemy as sa

from forum.models.technique import Technique
from forum.models.thread import Post, Thread

SEARCH_PREFIX = "search_"
TEXT_SEARCH_CONFIG = "english"

# table → the columns its full-text index covers
INDEXED_COLUMNS = {
    "posts": ("body",),
    "threads": ("title",),
    "techniques": ("title", "steps", "when_it_helps"),
}


def pg_document(table: str) -> str:
    """The SQL expression PostgreSQL indexes for `table`; queries must repeat it exactly to use the index."""
    columns = " || ' ' || ".join(f"{table}.{column}" for column in INDEXED_COLUMNS[table])
    return f"to_tsvector('{TEXT_SEARCH_CONFIG}'::regconfig, {columns})"


def sqlite_statements(table: str) -> list[str]:
    fts = f"{SEARCH_PREFIX}{table}"
    columns = INDEXED_COLUMNS[table]
    names = ", ".join(columns)
    new = ", ".join(f"new.{column}" for column in columns)
    old = ", ".join(f"old.{column}" for column in columns)
    return [
        f"CREATE VIRTUAL TABLE {fts} USING fts5({names}, content='{table}', content_rowid='id', "
        "tokenize='porter unicode61 remove_diacritics 2')",
        f"CREATE TRIGGER {fts}_insert AFTER INSERT ON {table} BEGIN "
        f"INSERT INTO {fts}(rowid, {names}) VALUES (new.id, {new}); END",
        f"CREATE TRIGGER {fts}_delete AFTER DELETE ON {table} BEGIN "
        f"INSERT INTO {fts}({fts}, rowid, {names}) VALUES ('delete', old.id, {old}); END",
        f"CREATE TRIGGER {fts}_update AFTER UPDATE OF {names} ON {table} BEGIN "
        f"INSERT INTO {fts}({fts}, rowid, {names}) VALUES ('delete', old.id, {old}); "
        f"INSERT INTO {fts}(rowid, {names}) VALUES (new.id, {new}); END",
    ]


def postgresql_statements(table: str) -> list[str]:
    return [f"CREATE INDEX {SEARCH_PREFIX}{table} ON {table} USING gin (({pg_document(table)}))"]


def _attach(model: type) -> None:
    table = model.__table__
    for statement in sqlite_statements(table.name):
        sa.event.listen(table, "after_create", sa.DDL(statement).execute_if(dialect="sqlite"))
    for statement in postgresql_statements(table.name):
        sa.event.listen(table, "after_create", sa.DDL(statement).execute_if(dialect="postgresql"))


for _model in (Post, Thread, Technique):
    _attach(_model)


def include_in_autogenerate(name: str | None, type_: str, parent_names: dict) -> bool:
    """Alembic's include_name hook: leave the full-text objects (and SQLite's FTS5 shadow tables) alone."""
    return not (name or "").startswith(SEARCH_PREFIX)
