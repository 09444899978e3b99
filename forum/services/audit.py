"""The audit log: every report and every moderation action, written in the action's own transaction.

There is deliberately no function here that changes or deletes an entry (and the model refuses).
"""
from __future__ import annotations

import csv
import io

import sqlalchemy as sa
import sqlalchemy.orm as so

from forum.extensions import db
from forum.models import AuditEntry, ModerationItem, User
from forum.services import access
from forum.services.accounts import find_user
from forum.services.moderators import moderated_group_ids, require_moderator

SEARCH_LIMIT = 200
CSV_COLUMNS = ("id", "when", "moderator", "action", "member", "group", "target_type", "target_id", "reason", "before", "after")


def record(
    actor: User | None,
    action: str,
    *,
    member: User | None = None,
    group_id: int | None = None,
    item: ModerationItem | None = None,
    reason: str = "",
    before: str = "",
    after: str = "",
) -> AuditEntry:
    """Add an entry to the current transaction; the caller's commit writes it with the action itself."""
    entry = AuditEntry(
        actor_id=actor.id if actor is not None else None,
        action=action,
        member_id=member.id if member is not None else None,
        group_id=group_id if group_id is not None else (item.group_id if item is not None else None),
        item_id=item.id if item is not None else None,
        target_type=item.target_type if item is not None else None,
        target_id=item.target_id if item is not None else None,
        reason=reason,
        before=before,
        after=after,
    )
    db.session.add(entry)
    return entry


def _person_filter(column, username: object):
    """A filter on `column` for the member named `username`; an unknown name matches nothing."""
    if username in (None, ""):
        return None
    person = find_user(username) if isinstance(username, str) else None
    return column == (person.id if person is not None else -1)


def search(actor: User | None, member: object = None, moderator: object = None) -> list[AuditEntry]:
    """The newest entries the actor may see (site admins: all; moderators: their groups'),
    optionally only those about `member` or by `moderator` (usernames)."""
    require_moderator(actor)
    query = (
        sa.select(AuditEntry)
        .options(so.joinedload(AuditEntry.actor), so.joinedload(AuditEntry.member), so.joinedload(AuditEntry.group))
        .order_by(AuditEntry.id.desc())
        .limit(SEARCH_LIMIT)
    )
    group_ids = moderated_group_ids(actor)
    if group_ids is not None:
        query = query.where(AuditEntry.group_id.in_(group_ids))
    for condition in (_person_filter(AuditEntry.member_id, member), _person_filter(AuditEntry.actor_id, moderator)):
        if condition is not None:
            query = query.where(condition)
    return list(db.session.scalars(query))


def history_of(member: User | None, limit: int = 10) -> list[AuditEntry]:
    """A member's moderation history: the actions taken about them, newest first."""
    if member is None:
        return []
    return list(
        db.session.scalars(
            sa.select(AuditEntry)
            .where(AuditEntry.member_id == member.id, AuditEntry.action.not_in(("report", "claim")))
            .order_by(AuditEntry.id.desc())
            .limit(limit)
        )
    )


def export_csv(actor: User | None, member: object = None, moderator: object = None) -> str:
    """The audit log as CSV (site admins)."""
    access.require_site_admin(actor)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    for entry in search(actor, member, moderator):
        writer.writerow([
            entry.id, entry.created_at.isoformat() + "Z", entry.actor.username if entry.actor else "",
            entry.action, entry.member.username if entry.member else "", entry.group.slug if entry.group else "",
            entry.target_type or "", entry.target_id or "", _cell(entry.reason), _cell(entry.before), _cell(entry.after),
        ])
    return out.getvalue()


def _cell(text: str) -> str:
    """Spreadsheets run cells that start with = + - @ as formulas: quote them."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text
