"""A member with at least one row of every kind the export covers, and another member's private data
next to it, made through the services (for the export and account-deletion tests).

`heron_quiet` (display name "Heron Q") is the subject; `otter` shares the public group `harbour`
with them and has data of every private kind too; `keeper_wren` moderates harbour; `pike` is blocked.
The subject's name appears in texts a deletion must rewrite: their own thread title and post, an
edited post's history, otter's reply and report note, moderation snapshots and the audit log.
"""
from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import timedelta

import pytest
import sqlalchemy as sa

from forum.extensions import db
from forum.models import Group, Milestone, Post, Technique, Thread
from forum.services import accounts, blocks, goals, moderation, reports, rooms, sessions, techniques, threads
from tests.support.moderation import user

SUBJECT = "heron_quiet"
SUBJECT_DISPLAY = "Heron Q"
OTHER = "otter"
MODERATOR = "keeper_wren"
# Words only the other member wrote or set privately: none may reach the subject's export.
OTHER_PRIVATE_WORDS = (
    "OtterGoalWhy", "OtterCheckinNote", "OtterMilestoneSecret", "OtterReportNote", "OtterMemberReportNote",
)


@dataclass
class MemberWorld:
    subject_id: int
    other_id: int
    thread: int  # started by the subject
    opening: int
    other_thread: int
    other_reply: int  # otter's reply in the subject's thread, naming them
    subject_reply: int  # the subject's edited reply to otter
    subject_post_in_other_thread: int
    subject_message: int
    other_message: int
    subject_milestone: int
    other_milestone: int
    subject_technique: int
    other_technique: int
    hidden_item: int  # otter's report of the subject's post, resolved with a hide


def _group(slug: str) -> Group:
    return db.session.scalar(sa.select(Group).where(Group.slug == slug))


def _say(username: str, body: str, reply_to: int | None = None) -> int:
    sent = rooms.send_room_message(user(username), _group("harbour"), body, str(uuid.uuid4()), reply_to)
    return sent.message["id"]


@pytest.fixture
def member_world(app, build) -> MemberWorld:
    build.admin("admin")
    for name in (SUBJECT, OTHER, MODERATOR, "pike"):
        build.user(name)
    build.group("harbour", moderators=(MODERATOR,), members=(SUBJECT, OTHER))
    thread = build.thread(SUBJECT, "harbour", title=f"{SUBJECT} checks in", body=f"Week one. Signed, {SUBJECT}")
    other_thread = build.thread(OTHER, "harbour", title="Otter's evenings", body="Otter's opening words")
    other_reply = build.reply(OTHER, thread, f"Welcome, @{SUBJECT}!")
    subject_reply = build.reply(SUBJECT, thread, f"Thanks otter, from {SUBJECT}", other_reply)
    subject_post_in_other_thread = build.reply(SUBJECT, other_thread, "Evenings are hard for me too")
    with app.app_context():
        heron, otter = user(SUBJECT), user(OTHER)
        accounts.update_profile(heron, SUBJECT_DISPLAY, "they/them", "I watch herons at dawn.")
        heron.email = "heron@example.org"
        db.session.commit()
        threads.edit_post(heron, db.session.get(Post, subject_reply), "Thanks otter")
        other_opening = threads.opening_post(db.session.get(Thread, other_thread))
        threads.set_reaction(heron, other_opening, "support", True)
        threads.set_reaction(otter, db.session.get(Post, subject_reply), "celebrate", True)

        other_message = _say(OTHER, "Evening, harbour")
        subject_message = _say(SUBJECT, f"Hello room, {SUBJECT} here", reply_to=other_message)
        rooms.react_to_message(heron, _group("harbour"), other_message, "support", True)
        rooms.react_to_message(otter, _group("harbour"), subject_message, "celebrate", True)

        started = goals.today() - timedelta(days=10)
        heron_goal = goals.create_goal(heron, "No drinking", "For my mornings", "streak", started.isoformat())
        goals.check_in(heron, heron_goal, "A calm day", 4)
        goals.make_new_start(heron, heron_goal, goals.today().isoformat())
        subject_milestone = goals.record_milestone(heron, heron_goal, "First week", share_with=["harbour"]).id
        otter_goal = goals.create_goal(otter, "Walk daily", "OtterGoalWhy", "streak", started.isoformat())
        goals.check_in(otter, otter_goal, "OtterCheckinNote", 3)
        goals.make_new_start(otter, otter_goal, goals.today().isoformat())
        other_milestone = goals.record_milestone(otter, otter_goal, "Ten walks", share_with=["harbour"]).id
        goals.record_milestone(otter, otter_goal, "OtterMilestoneSecret")
        goals.react_to_milestone(heron, _group("harbour"), other_milestone, "celebrate", True)
        goals.react_to_milestone(otter, _group("harbour"), subject_milestone, "support", True)
        goals.congratulate(heron, _group("harbour"), other_milestone, "Well done, otter")
        goals.congratulate(otter, _group("harbour"), subject_milestone, f"Proud of you, {SUBJECT}")

        subject_technique = techniques.share_technique(heron, None, "Box breathing", "Breathe in for four", tags=["anxiety"]).id
        other_technique = techniques.share_technique(otter, None, "Cold water", "Splash your face").id
        techniques.set_mark(heron, db.session.get(Technique, other_technique), "helped", True)
        techniques.set_mark(otter, db.session.get(Technique, subject_technique), "tried", True)
        techniques.set_mark(otter, db.session.get(Technique, other_technique), "helped", True)
        techniques.save_to_toolkit(heron, db.session.get(Technique, other_technique), True)
        techniques.save_to_toolkit(otter, db.session.get(Technique, subject_technique), True)

        reports.file_report(heron, "post", other_reply, "other", "Not sure this was meant kindly")
        hidden_item = reports.file_report(
            otter, "post", subject_post_in_other_thread, "other", f"OtterReportNote about {SUBJECT}"
        ).report.item_id
        reports.file_report(otter, "member", heron.id, "other", "OtterMemberReportNote", "harbour")
        moderation.resolve(user(MODERATOR), hidden_item, "hide", f"Hidden while we talk with {SUBJECT}")

        blocks.block_member(heron, "pike")
        blocks.block_member(otter, "pike")
        sessions.start(heron)
        accounts.create_token(heron, "heron laptop")
        sessions.start(otter)
        accounts.create_token(otter, "otter phone")
        world = MemberWorld(
            subject_id=heron.id,
            other_id=otter.id,
            thread=thread,
            opening=threads.opening_post(db.session.get(Thread, thread)).id,
            other_thread=other_thread,
            other_reply=other_reply,
            subject_reply=subject_reply,
            subject_post_in_other_thread=subject_post_in_other_thread,
            subject_message=subject_message,
            other_message=other_message,
            subject_milestone=subject_milestone,
            other_milestone=other_milestone,
            subject_technique=subject_technique,
            other_technique=other_technique,
            hidden_item=hidden_item,
        )
        assert db.session.get(Milestone, subject_milestone) is not None
    return world
