"""The export holds every row the member wrote or set, of every kind, and nothing private of anyone else."""
from __future__ import annotations

import io
import json
import zipfile

import sqlalchemy as sa

from forum.extensions import db
from forum.models import (
    ApiToken, Block, CheckIn, Congratulation, Goal, LoginSession, Membership, Milestone, MilestoneReaction, Post,
    Reaction, Report, RoomMessage, RoomMessageReaction, StreakRestart, Technique, TechniqueMark, Thread, ToolkitItem,
)
from forum.services import export, notifications, preferences
from tests.support.member_data import MODERATOR, OTHER_PRIVATE_WORDS, SUBJECT
from tests.support.moderation import user


def _ids(query) -> list[int]:
    return list(db.session.scalars(query))


def _expected_ids(subject_id: int) -> dict[str, list[int]]:
    """Straight from the tables: the ids of the subject's own rows of each kind, oldest first."""
    goal_ids = sa.select(Goal.id).where(Goal.owner_id == subject_id)
    by_owner = {
        "memberships": (Membership, Membership.user_id),
        "threads": (Thread, Thread.author_id),
        "posts": (Post, Post.author_id),
        "room_messages": (RoomMessage, RoomMessage.author_id),
        "goals": (Goal, Goal.owner_id),
        "milestones": (Milestone, Milestone.owner_id),
        "techniques": (Technique, Technique.author_id),
        "technique_marks": (TechniqueMark, TechniqueMark.user_id),
        "toolkit": (ToolkitItem, ToolkitItem.user_id),
        "post_reactions": (Reaction, Reaction.user_id),
        "room_message_reactions": (RoomMessageReaction, RoomMessageReaction.user_id),
        "milestone_reactions": (MilestoneReaction, MilestoneReaction.user_id),
        "congratulations": (Congratulation, Congratulation.author_id),
        "reports": (Report, Report.reporter_id),
        "blocks": (Block, Block.blocker_id),
        "tokens": (ApiToken, ApiToken.user_id),
    }
    expected = {
        kind: _ids(sa.select(model.id).where(column == subject_id).order_by(model.id))
        for kind, (model, column) in by_owner.items()
    }
    expected["checkins"] = _ids(sa.select(CheckIn.id).where(CheckIn.goal_id.in_(goal_ids)).order_by(CheckIn.id))
    expected["new_starts"] = _ids(
        sa.select(StreakRestart.id).where(StreakRestart.goal_id.in_(goal_ids)).order_by(StreakRestart.id)
    )
    return expected


def test_the_export_has_every_row_of_every_kind_the_member_wrote_or_set(app, member_world):
    with app.app_context():
        exported = export.export(user(SUBJECT))
        expected = _expected_ids(member_world.subject_id)
        session_count = db.session.scalar(
            sa.select(sa.func.count()).select_from(LoginSession).where(LoginSession.user_id == member_world.subject_id)
        )
    for kind, ids in expected.items():
        assert ids, f"the fixture has no {kind} of the member"
        assert [row["id"] for row in exported[kind]] == ids, kind
    assert len(exported["sessions"]) == session_count >= 1
    assert exported["profile"] == {**exported["profile"], "username": SUBJECT, "display_name": "Heron Q",
                                   "pronouns": "they/them", "bio": "I watch herons at dawn.", "email": "heron@example.org"}


def test_the_export_holds_the_members_reading_and_notification_settings(app, member_world):
    with app.app_context():
        heron = user(SUBJECT)
        preferences.set_collapsed_themes(heron, ["grief", "trauma"])
        notifications.set_preferences(heron, {"mention": False})
        exported = export.export(heron)
        page = export.export_html(exported)
    assert exported["preferences"]["collapsed_themes"] == ["trauma", "grief"]  # in the list's order
    assert exported["preferences"]["notifications"]["mention"] is False
    assert exported["preferences"]["notifications"]["reply"] is True
    assert "Your settings" in page and "grief" in page


def test_the_export_says_where_milestones_are_shared_and_keeps_edit_history(app, member_world):
    with app.app_context():
        exported = export.export(user(SUBJECT))
    milestone = next(row for row in exported["milestones"] if row["id"] == member_world.subject_milestone)
    assert milestone["shared_with"] == ["harbour"]
    edited = next(row for row in exported["posts"] if row["id"] == member_world.subject_reply)
    assert edited["body"] == "Thanks otter"
    assert [rev["body"] for rev in edited["earlier_versions"]] == [f"Thanks otter, from {SUBJECT}"]
    assert edited["in_reply_to_post_id"] == member_world.other_reply
    assert [row["milestone_id"] for row in exported["congratulations"]] == [member_world.other_milestone]
    report = exported["reports"][0]
    assert report["note"] == "Not sure this was meant kindly"
    assert report["outcome"] == "waiting for a moderator"


def test_the_export_holds_nothing_private_of_anyone_else(app, member_world):
    with app.app_context():
        exported = export.export(user(SUBJECT))
        html = export.export_html(exported)
        other_rows = {
            "technique_marks": _ids(sa.select(TechniqueMark.id).where(TechniqueMark.user_id == member_world.other_id)),
            "toolkit": _ids(sa.select(ToolkitItem.id).where(ToolkitItem.user_id == member_world.other_id)),
            "blocks": _ids(sa.select(Block.id).where(Block.blocker_id == member_world.other_id)),
            "reports": _ids(sa.select(Report.id).where(Report.reporter_id == member_world.other_id)),
        }
        secrets = _ids(sa.select(ApiToken.token_hash)) + _ids(sa.select(LoginSession.id))
    text = json.dumps(exported)
    for private in (*OTHER_PRIVATE_WORDS, "Welcome, @heron_quiet", "Otter's opening words", "Proud of you", MODERATOR):
        assert private not in text
        assert private not in html
    for kind, ids in other_rows.items():
        assert not {row["id"] for row in exported[kind]} & set(ids), kind
    for secret in secrets:
        assert secret not in text


def test_the_download_is_a_zip_of_the_json_and_a_self_contained_page(app, member_world):
    with app.app_context():
        archive = zipfile.ZipFile(io.BytesIO(export.export_zip(user(SUBJECT))))
    assert sorted(archive.namelist()) == ["export.html", "export.json"]
    data = json.loads(archive.read("export.json"))
    html = archive.read("export.html").decode()
    assert data["profile"]["username"] == SUBJECT
    assert html.startswith("<!doctype html>")
    assert "Evenings are hard for me too" in html and "Box breathing" in html
    for outside in ("<script", "style=", "<link", "http://", "https://", "src="):
        assert outside not in html


def test_what_the_member_wrote_is_escaped_in_the_page(app, build, member_world):
    build.thread(SUBJECT, "harbour", title="<script>alert(1)</script>", body="<img src=x onerror=alert(1)>")
    with app.app_context():
        html = export.export_html(export.export(user(SUBJECT)))
    assert "<script>alert" not in html and "<img" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
