"""Storing a new room message so that, within a room, ids are committed in the order they were given.

Otherwise a client could see id 11 and sync past an id 10 still being committed. On PostgreSQL a
send therefore holds its room's lock (`SELECT … FOR UPDATE` on the group's row) from taking its id
until its commit; SQLite has a single writer anyway (and no FOR UPDATE).

Under gevent every round trip yields to the hub, which meanwhile runs other greenlets, whole
fan-outs of 200 sockets included. A lock held across three round trips (lock, insert, commit) made
every other send of the room wait for three turns of the hub, one message at a time. So a message
that commits alone sends its lock, insert and commit as one pipeline: PostgreSQL holds the lock
only while it runs them.
"""
from __future__ import annotations

import functools

import psycopg
import sqlalchemy as sa

from forum.extensions import db
from forum.models import Group, RoomMessage
from forum.services.errors import NotFound

_COLUMNS = ("group_id", "author_id", "client_id", "body", "body_html", "reply_to_id", "themes", "created_at", "held_at")
_MESSAGES = RoomMessage.__table__
_INSERT = sa.insert(_MESSAGES)
# The same row, inserted by a SELECT that takes the room's lock first (its id is drawn after the lock).
_LOCKED_INSERT = sa.insert(_MESSAGES).from_select(
    list(_COLUMNS),
    sa.select(Group.id, *(sa.bindparam(name, type_=_MESSAGES.c[name].type) for name in _COLUMNS[1:]))
    .where(Group.id == sa.bindparam("group_id"))
    .with_for_update(),
).returning(_MESSAGES.c.id)


def lock_room(group: Group) -> None:
    """Take the room's lock for the rest of this transaction (PostgreSQL; SQLite skips the query)."""
    if db.session.get_bind().dialect.name != "sqlite":
        db.session.execute(sa.select(Group.id).where(Group.id == group.id).with_for_update())


def insert(message: RoomMessage, commit_alone: bool = False) -> int:
    """Store a new message with one Core INSERT, under the room's lock, and give its id.

    `message` stays out of the session: the ORM's unit of work (add + flush) cost about a fifth of
    a send's CPU, and nothing reads the message back in this transaction.

    `commit_alone`: nothing else in this transaction needs to commit with the message, so on
    PostgreSQL it is committed at once, in the same round trip as its lock; the caller's own commit
    still runs the after-commit work (announcements). Otherwise the caller's commit stores it.
    """
    row = _row(message)
    if commit_alone and db.session.get_bind().dialect.name == "postgresql":
        return _insert_pipelined(row)
    lock_room(message.group)
    return db.session.connection().execute(_INSERT, row).inserted_primary_key[0]


def _row(message: RoomMessage) -> dict[str, object]:
    return {
        "group_id": message.group.id,
        "author_id": message.author.id,
        "client_id": message.client_id,
        "body": message.body,
        "body_html": message.body_html,
        "reply_to_id": message.reply_to.id if message.reply_to is not None else None,
        "themes": message.themes,
        "created_at": message.created_at,
        "held_at": message.held_at,
    }


def _insert_pipelined(row: dict[str, object]) -> int:
    """Lock, insert and commit in one round trip, on the session's own connection.

    psycopg runs them in pipeline mode. The session doesn't see this commit: its own later commit
    finds no transaction open on the connection and sends nothing (psycopg skips it), yet still runs
    its after-commit hooks. A failure comes back as SQLAlchemy's error, so a duplicate `client_id`
    is the same `IntegrityError` as on the plain path.
    """
    statement = _compiled(db.session.get_bind().dialect)
    connection = db.session.connection().connection.driver_connection
    try:
        with connection.pipeline(), connection.cursor() as cursor:
            cursor.execute(statement, row)
            connection.commit()
            inserted = cursor.fetchone()
    except psycopg.Error as error:
        raise sa.exc.DBAPIError.instance(statement, row, error, psycopg.Error) from error
    if inserted is None:  # the group was deleted meanwhile: its SELECT found no row to lock
        raise NotFound("This group no longer exists.")
    return inserted[0]


@functools.cache
def _compiled(dialect: sa.Dialect) -> str:
    return str(_LOCKED_INSERT.compile(dialect=dialect))
