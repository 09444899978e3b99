"""Publish after commit.

Services call `publish(...)` while they write; the event waits on the session and is emitted
only once the transaction commits. A rollback discards it. So nothing is broadcast that is not
stored, and nothing stored goes unannounced.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import event as sa_event
from sqlalchemy.orm import Session

from forum.extensions import db, socketio

_PENDING = "pending_events"


@dataclass(frozen=True)
class Event:
    name: str
    payload: dict[str, Any]
    room: str


def publish(name: str, payload: dict[str, Any], room: str) -> None:
    """Queue an event on the current session; it is emitted after the next commit."""
    db.session.info.setdefault(_PENDING, []).append(Event(name, payload, room))


def emit(evt: Event) -> None:
    socketio.emit(evt.name, evt.payload, to=evt.room)


@sa_event.listens_for(Session, "after_commit")
def _emit_pending(session: Session) -> None:
    pending = session.info.pop(_PENDING, [])
    for evt in pending:
        emit(evt)


@sa_event.listens_for(Session, "after_soft_rollback")
def _discard_pending(session: Session, previous_transaction) -> None:
    session.info.pop(_PENDING, None)
