"""Everything a member wrote or set, gathered for them to take away (Settings → Your data, GET /me/export).

Only the member's own rows, and of other people's things only what the member acted on, by id
(the post they replied to, the technique they marked): never another member's words, private
marks or reports. Moderator names are left out of the member's reports (only the outcome is told).
"""
from __future__ import annotations

import io
import json
import zipfile
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
import sqlalchemy.orm as so
from flask import render_template

from forum import payloads
from forum.extensions import db
from forum.models import (
    ApiToken, Block, CheckIn, Congratulation, Goal, LoginSession, Membership, Milestone, MilestoneReaction,
    MilestoneShare, Post, PostRevision, Reaction, Report, RoomMessage, RoomMessageReaction, StreakRestart,
    Technique, TechniqueMark, Thread, ToolkitItem, User,
)
from forum.services import access, goals, notifications, preferences
from forum.services.errors import Unauthorized


@dataclass
class MemberData:
    """The member's rows of every kind, each list oldest first."""

    user: User
    memberships: list[Membership]
    threads: list[Thread]
    posts: list[Post]
    revisions: list[PostRevision]
    room_messages: list[RoomMessage]
    goals: list[Goal]
    checkins: list[CheckIn]
    new_starts: list[StreakRestart]
    milestones: list[Milestone]
    shared_with: dict[int, list[str]]
    techniques: list[Technique]
    technique_marks: list[TechniqueMark]
    toolkit: list[ToolkitItem]
    post_reactions: list[Reaction]
    room_message_reactions: list[RoomMessageReaction]
    milestone_reactions: list[MilestoneReaction]
    congratulations: list[Congratulation]
    reports: list[Report]
    blocks: list[Block]
    sessions: list[LoginSession]
    tokens: list[ApiToken]


def _all(query: sa.Select, order_by) -> list:
    return list(db.session.scalars(query.order_by(order_by)))


def gather(user: User | None) -> MemberData:
    """The member's own data, every kind of it."""
    if not access.signed_in(user):
        raise Unauthorized("Sign in first.")
    own_goal_ids = sa.select(Goal.id).where(Goal.owner_id == user.id)
    own_post_ids = sa.select(Post.id).where(Post.author_id == user.id)
    milestones = _all(sa.select(Milestone).where(Milestone.owner_id == user.id), Milestone.id)
    return MemberData(
        user=user,
        memberships=_all(
            sa.select(Membership).options(so.joinedload(Membership.group)).where(Membership.user_id == user.id),
            Membership.id,
        ),
        threads=_all(sa.select(Thread).options(so.joinedload(Thread.group)).where(Thread.author_id == user.id), Thread.id),
        posts=_all(
            sa.select(Post).options(so.joinedload(Post.thread).joinedload(Thread.group)).where(Post.author_id == user.id),
            Post.id,
        ),
        revisions=_all(sa.select(PostRevision).where(PostRevision.post_id.in_(own_post_ids)), PostRevision.id),
        room_messages=_all(
            sa.select(RoomMessage).options(so.joinedload(RoomMessage.group)).where(RoomMessage.author_id == user.id),
            RoomMessage.id,
        ),
        goals=_all(sa.select(Goal).where(Goal.owner_id == user.id), Goal.id),
        checkins=_all(sa.select(CheckIn).where(CheckIn.goal_id.in_(own_goal_ids)), CheckIn.id),
        new_starts=_all(sa.select(StreakRestart).where(StreakRestart.goal_id.in_(own_goal_ids)), StreakRestart.id),
        milestones=milestones,
        shared_with=goals.shared_with(milestones),
        techniques=_all(
            sa.select(Technique).options(so.joinedload(Technique.group)).where(Technique.author_id == user.id),
            Technique.id,
        ),
        technique_marks=_all(sa.select(TechniqueMark).where(TechniqueMark.user_id == user.id), TechniqueMark.id),
        toolkit=_all(
            sa.select(ToolkitItem).options(so.joinedload(ToolkitItem.technique)).where(ToolkitItem.user_id == user.id),
            ToolkitItem.id,
        ),
        post_reactions=_all(sa.select(Reaction).where(Reaction.user_id == user.id), Reaction.id),
        room_message_reactions=_all(
            sa.select(RoomMessageReaction).where(RoomMessageReaction.user_id == user.id), RoomMessageReaction.id
        ),
        milestone_reactions=_all(
            sa.select(MilestoneReaction).where(MilestoneReaction.user_id == user.id), MilestoneReaction.id
        ),
        congratulations=_all(sa.select(Congratulation).where(Congratulation.author_id == user.id), Congratulation.id),
        reports=_all(
            sa.select(Report).options(so.joinedload(Report.item)).where(Report.reporter_id == user.id), Report.id
        ),
        blocks=_all(sa.select(Block).options(so.joinedload(Block.blocked)).where(Block.blocker_id == user.id), Block.id),
        sessions=_all(sa.select(LoginSession).where(LoginSession.user_id == user.id), LoginSession.created_at),
        tokens=_all(sa.select(ApiToken).where(ApiToken.user_id == user.id), ApiToken.id),
    )


def _milestone_shares(reactions: list[MilestoneReaction], notes: list[Congratulation]) -> dict[int, MilestoneShare]:
    share_ids = {row.share_id for row in [*reactions, *notes]}
    if not share_ids:
        return {}
    rows = db.session.scalars(
        sa.select(MilestoneShare).options(so.joinedload(MilestoneShare.group)).where(MilestoneShare.id.in_(share_ids))
    )
    return {share.id: share for share in rows}


def export(user: User | None) -> dict[str, Any]:
    """The member's data as one JSON-ready dict (the API answer, and export.json)."""
    data = gather(user)
    exported = payloads.member_export(data, _milestone_shares(data.milestone_reactions, data.congratulations))
    exported["preferences"] = payloads.member_preferences(
        preferences.collapsed_themes(data.user), notifications.preferences(data.user)
    )
    return exported


def export_html(exported: dict[str, Any]) -> str:
    """The same data as a page to read: self-contained, no scripts, styles or outside links."""
    return render_template("export/export.html", data=exported).lstrip()


def export_zip(user: User | None) -> bytes:
    """A zip holding export.json and export.html."""
    exported = export(user)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("export.json", json.dumps(exported, indent=2, ensure_ascii=False))
        archive.writestr("export.html", export_html(exported))
    return buffer.getvalue()
