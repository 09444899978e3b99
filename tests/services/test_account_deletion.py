"""Deleting an account: the identity goes everywhere, the member's choice decides what happens to their words."""
from __future__ import annotations

import pytest
import sqlalchemy as sa

from forum.extensions import db
from forum.models import (
    ApiToken, AuditEntry, Block, CheckIn, Congratulation, Goal, LoginSession, Membership, Milestone, MilestoneReaction,
    MilestoneShare, ModerationItem, Notification, Post, PostRevision, Reaction, RoomMessage, RoomMessageReaction,
    Technique, TechniqueMark, Thread, ToolkitItem, User,
)
from forum.services import account_deletion, accounts
from forum.services.errors import Invalid, WrongPassword
from tests.conftest import PASSWORD
from tests.support.member_data import SUBJECT, SUBJECT_DISPLAY
from tests.support.moderation import user

# Everything that named the member or was theirs alone: none of it may be left in any table.
IDENTITY = (SUBJECT, SUBJECT_DISPLAY, "heron@example.org", "I watch herons at dawn.")


def _delete(content: str, password: str = PASSWORD) -> str:
    return account_deletion.delete_account(user(SUBJECT), password, content)


def _count(model, *conditions) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(model).where(*conditions))


def text_columns_holding(words: tuple[str, ...]) -> list[str]:
    """Every text cell of every table in the schema that holds one of `words` (case-insensitive)."""
    found = []
    for table in db.metadata.sorted_tables:
        columns = [column for column in table.columns if isinstance(column.type, sa.String)]
        for row in db.session.execute(sa.select(*columns)).all() if columns else []:
            for column, value in zip(columns, row):
                if isinstance(value, str) and any(word.casefold() in value.casefold() for word in words):
                    found.append(f"{table.name}.{column.name}: {value!r}")
    return found


@pytest.mark.parametrize("content", ["keep", "erase"])
def test_after_deletion_no_table_holds_the_old_name_or_profile(app, member_world, content):
    with app.app_context():
        assert text_columns_holding(IDENTITY)  # the fixture does name the member in many places
        pseudonym = _delete(content)
        assert pseudonym == f"former member {member_world.subject_id}"
        assert text_columns_holding(IDENTITY) == []


@pytest.mark.parametrize("content", ["keep", "erase"])
def test_the_identity_goes_and_the_old_credentials_no_longer_work(app, member_world, content):
    with app.app_context():
        _delete(content)
        former = db.session.get(User, member_world.subject_id)
        assert (former.username, former.display_name, former.pronouns, former.bio, former.email) == (
            f"former member {former.id}", "", "", "", None)
        assert former.is_deleted and not former.is_active
        assert accounts.authenticate(SUBJECT, PASSWORD) is None
        assert accounts.find_user(SUBJECT) is None
        assert _count(ApiToken, ApiToken.user_id == former.id) == 0
        assert _count(LoginSession, LoginSession.user_id == former.id, LoginSession.ended_at.is_(None)) == 0
        entry = db.session.scalar(sa.select(AuditEntry).where(AuditEntry.action == "account_deleted"))
        assert (entry.actor_id, entry.member_id) == (former.id, former.id)
        assert entry.after == f"former member {former.id} ({content})"


PRIVATE_KINDS = (
    (Goal, Goal.owner_id), (Milestone, Milestone.owner_id), (TechniqueMark, TechniqueMark.user_id),
    (ToolkitItem, ToolkitItem.user_id), (Block, Block.blocker_id), (Notification, Notification.user_id),
    (Membership, Membership.user_id),
)


def _others_rows(member_world) -> dict[str, int]:
    """Other people's rows of each private kind, leaving out marks and toolkit entries on the member's
    own technique (erasing the member's content takes that technique, and those with it)."""
    counts = {}
    for model, column in PRIVATE_KINDS:
        conditions = [column != member_world.subject_id]
        if model in (TechniqueMark, ToolkitItem):
            conditions.append(model.technique_id != member_world.subject_technique)
        counts[model.__name__] = _count(model, *conditions)
    return counts


@pytest.mark.parametrize("content", ["keep", "erase"])
def test_private_data_is_erased_and_the_others_is_untouched(app, member_world, content):
    with app.app_context():
        others_before = _others_rows(member_world)
        other_technique = db.session.get(Technique, member_world.other_technique)
        helped_before = other_technique.helped_count
        _delete(content)
        for model, column in PRIVATE_KINDS:
            assert _count(model, column == member_world.subject_id) == 0, model.__name__
        assert _others_rows(member_world) == others_before
        assert _count(CheckIn) == 1  # otter's
        assert _count(MilestoneShare, MilestoneShare.milestone_id == member_world.subject_milestone) == 0
        assert _count(MilestoneShare, MilestoneShare.milestone_id == member_world.other_milestone) == 1
        db.session.refresh(other_technique)
        assert other_technique.helped_count == helped_before - 1
        marks_on_own_technique = _count(TechniqueMark, TechniqueMark.technique_id == member_world.subject_technique)
        assert marks_on_own_technique == (1 if content == "keep" else 0)


def test_keep_leaves_the_words_authored_by_the_pseudonym(app, member_world):
    with app.app_context():
        pseudonym = _delete("keep")
        opening = db.session.get(Post, member_world.opening)
        assert opening.author_id == member_world.subject_id
        assert opening.body == f"Week one. Signed, {pseudonym}"
        assert pseudonym in opening.body_html
        assert db.session.get(Thread, member_world.thread).title == f"{pseudonym} checks in"
        assert db.session.get(Post, member_world.other_reply).body == f"Welcome, @{pseudonym}!"
        revision = db.session.scalar(sa.select(PostRevision).where(PostRevision.post_id == member_world.subject_reply))
        assert revision.body == f"Thanks otter, from {pseudonym}"
        message = db.session.get(RoomMessage, member_world.subject_message)
        assert (message.body, message.removed_at) == (f"Hello room, {pseudonym} here", None)
        assert db.session.get(Technique, member_world.subject_technique).author_id == member_world.subject_id
        assert _count(Reaction, Reaction.user_id == member_world.subject_id) == 1
        item = db.session.get(ModerationItem, member_world.hidden_item)
        assert item.snapshot_body == "Evenings are hard for me too"
        member_item = db.session.scalar(sa.select(ModerationItem).where(ModerationItem.target_type == "member"))
        assert (member_item.snapshot_title, member_item.snapshot_body) == (pseudonym, "")


def test_erase_leaves_placeholders_in_threads_and_takes_the_rest(app, member_world, emitted):
    with app.app_context():
        _delete("erase")
        for post_id in (member_world.opening, member_world.subject_reply, member_world.subject_post_in_other_thread):
            post = db.session.get(Post, post_id)
            assert (post.body, post.body_html, post.author_id) == ("", "", None)
            assert post.is_deleted
        assert _count(PostRevision) == 0
        thread = db.session.get(Thread, member_world.thread)
        assert (thread.title, thread.author_id) == (account_deletion.ERASED_TITLE, None)
        reply = db.session.get(Post, member_world.other_reply)  # otter's reply stays, under the placeholder
        assert reply.author_id == member_world.other_id and not reply.is_deleted
        message = db.session.get(RoomMessage, member_world.subject_message)
        assert message.is_removed and (message.body, message.author_id) == ("", None)
        assert db.session.get(RoomMessage, member_world.other_message).body == "Evening, harbour"
        assert db.session.get(Technique, member_world.subject_technique) is None
        for model, column in ((Reaction, Reaction.user_id), (RoomMessageReaction, RoomMessageReaction.user_id),
                              (MilestoneReaction, MilestoneReaction.user_id), (Congratulation, Congratulation.author_id)):
            assert _count(model, column == member_world.subject_id) == 0, model.__name__
    removed = [(evt.name, evt.payload) for evt in emitted if evt.name == "message_removed"]
    assert removed == [("message_removed", {"group": "harbour", "message_id": member_world.subject_message})]


def test_shared_milestones_leave_the_feeds_and_the_sockets_are_told(app, member_world, emitted):
    with app.app_context():
        _delete("keep")
    names = [(evt.name, evt.payload) for evt in emitted]
    assert ("milestone_removed", {"group": "harbour", "id": member_world.subject_milestone}) in names
    assert ("sessions_ended", {"reason": "account_deleted", "user_id": member_world.subject_id, "only": None}) in names
    assert not any(name == "message_removed" for name, _ in names)


def test_a_wrong_password_changes_nothing(app, member_world, emitted):
    with app.app_context():
        with pytest.raises(WrongPassword):
            _delete("erase", password="not my password")
        db.session.rollback()
        assert user(SUBJECT).display_name == SUBJECT_DISPLAY
        assert _count(Goal, Goal.owner_id == member_world.subject_id) == 1
        assert db.session.get(Post, member_world.opening).body.startswith("Week one")
        assert accounts.authenticate(SUBJECT, PASSWORD) is not None
    assert emitted == []


@pytest.mark.parametrize("content", [None, "", "delete", ["keep"], 1])
def test_the_choice_must_be_keep_or_erase(app, member_world, content):
    with app.app_context():
        with pytest.raises(Invalid) as refused:
            account_deletion.delete_account(user(SUBJECT), PASSWORD, content)
        assert refused.value.field == "content"
        db.session.rollback()
        assert user(SUBJECT).deleted_at is None


def test_the_display_name_is_only_replaced_in_texts_about_the_member(app, build, member_world):
    """Someone else called Heron Q in another thread is not rewritten: only the username is unique."""
    thread = build.thread("otter", "harbour", title="Birds", body=f"I saw a {SUBJECT_DISPLAY} at the lake")
    with app.app_context():
        _delete("keep")
        opening = db.session.scalar(sa.select(Post).where(Post.thread_id == thread))
        assert opening.body == f"I saw a {SUBJECT_DISPLAY} at the lake"


# Every column that points at an account, and what deleting the account does with the rows it marks.
# A new table that points at users must be added here, after deciding what deletion does with it
# (forum/services/account_deletion.py) and whether the export carries it (forum/services/export.py).
ACCOUNT_REFERENCES = {
    "api_tokens.user_id": "deleted",
    "login_sessions.user_id": "ended (no identity in the row)",
    "memberships.user_id": "deleted",
    "blocks.blocker_id": "deleted",
    "blocks.blocked_id": "kept: another member's choice, now naming the pseudonym",
    "notifications.user_id": "deleted",
    "notifications.actor_id": "kept: the text names the pseudonym; the quote goes with erased words",
    "notification_mutes.user_id": "deleted",
    "goals.owner_id": "deleted, with check-ins and new starts",
    "milestones.owner_id": "unshared live, then deleted",
    "milestone_reactions.user_id": "kept (keep) or deleted (erase)",
    "milestone_congratulations.author_id": "kept (keep) or deleted (erase); names replaced",
    "technique_marks.user_id": "deleted, totals lowered",
    "toolkit_items.user_id": "deleted",
    "techniques.author_id": "kept (keep) or deleted (erase); names replaced",
    "threads.author_id": "kept (keep) or titled as removed at the author's request (erase)",
    "posts.author_id": "kept (keep) or emptied in place (erase); names replaced",
    "reactions.user_id": "kept (keep) or deleted (erase)",
    "room_messages.author_id": "kept (keep) or removed live (erase); names replaced",
    "room_message_reactions.user_id": "kept (keep) or deleted (erase)",
    "reports.reporter_id": "kept for the moderators; names replaced in notes",
    "moderation_items.author_id": "kept; snapshots carry the pseudonym",
    "moderation_items.claimed_by_id": "kept (a moderator's record)",
    "moderation_items.resolved_by_id": "kept (a moderator's record)",
    "audit_log.actor_id": "kept (append-only); names replaced",
    "audit_log.member_id": "kept (append-only); names replaced",
    "watched_words.created_by_id": "kept (a moderator's rule)",
}


def test_every_reference_to_an_account_has_a_decided_fate(app):
    with app.app_context():
        references = {
            f"{table.name}.{column.name}"
            for table in db.metadata.sorted_tables
            for column in table.columns
            if any(key.column.table.name == "users" for key in column.foreign_keys)
        }
    assert references == set(ACCOUNT_REFERENCES)
