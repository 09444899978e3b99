"""Publish after commit.

Services call `publish(...)` while they write; the event waits on the session and is emitted
only once the transaction commits. A rollback discards it. So nothing is broadcast that is not
stored, and nothing stored goes unannounced.

A layer that must act on an event on the server side as well (the live rooms take a former
member's sockets out of the group's room) registers a reaction with `react_to`.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from flask import current_app
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


Reaction = Callable[[Event], None]
_reactions: dict[str, list[Reaction]] = {}


def react_to(name: str) -> Callable[[Reaction], Reaction]:
    """Register `reaction(event)` to run in the committing process after each `name` event is emitted.

    It runs inside the commit, in a fresh app context: the committing session can no longer
    query, so the reaction (and any Socket.IO handler it sets off, such as a disconnect) gets a
    database session of its own. A failing reaction is logged; the commit stands.
    """

    def register(reaction: Reaction) -> Reaction:
        _reactions.setdefault(name, []).append(reaction)
        return reaction

    return register


def emit(evt: Event) -> None:
    socketio.emit(evt.name, evt.payload, to=evt.room)
    for reaction in _reactions.get(evt.name, ()):
        try:
            with current_app.app_context():
                reaction(evt)
        except Exception:
            current_app.logger.exception("Reaction to the %s event failed", evt.name)


@sa_event.listens_for(Session, "after_commit")
def _emit_pending(session: Session) -> None:
    pending = session.info.pop(_PENDING, [])
    for evt in pending:
        emit(evt)


@sa_event.listens_for(Session, "after_soft_rollback")
def _discard_pending(session: Session, previous_transaction) -> None:
    session.info.pop(_PENDING, None)
