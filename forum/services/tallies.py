"""Reaction tallies, shared by thread posts and room messages."""
from __future__ import annotations

import sqlalchemy as sa
import sqlalchemy.orm as so

from forum.extensions import db


def count_reactions(target: so.InstrumentedAttribute, kind: so.InstrumentedAttribute, ids: list[int]) -> dict[int, dict[str, int]]:
    """{target id: {kind: count}} for the given ids, in one grouped query."""
    counts: dict[int, dict[str, int]] = {}
    if not ids:
        return counts
    rows = db.session.execute(sa.select(target, kind, sa.func.count()).where(target.in_(ids)).group_by(target, kind))
    for target_id, reaction_kind, count in rows:
        counts.setdefault(target_id, {})[reaction_kind] = count
    return counts


def reactions_of(
    user_id: int, owner: so.InstrumentedAttribute, target: so.InstrumentedAttribute,
    kind: so.InstrumentedAttribute, ids: list[int],
) -> dict[int, set[str]]:
    """{target id: kinds} of one person's own reactions among the given ids, in one query."""
    mine: dict[int, set[str]] = {}
    if not ids:
        return mine
    for target_id, reaction_kind in db.session.execute(sa.select(target, kind).where(owner == user_id, target.in_(ids))):
        mine.setdefault(target_id, set()).add(reaction_kind)
    return mine
