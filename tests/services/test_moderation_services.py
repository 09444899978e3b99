"""Reports gather into items; moderators resolve them with one action; every step is audited."""
from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa

from forum.extensions import db
from forum.models import AuditEntry, Membership, ModerationItem, Notification, Post, Report, Thread, User
from forum.models.base import utcnow
from forum.services import audit, moderation, reports, rooms, threads
from forum.services.errors import Conflict, Forbidden, Invalid, NotFound, RateLimited, TooLong
from tests.support.moderation import item, report, resolve, user


def test_reports_on_one_target_become_one_item_with_count_reasons_and_reporters(app, mod_world):
    first = report(app, "ben", "post", mod_world.post, "harassment")
    second = report(app, "cara", "post", mod_world.post, "crisis")
    assert first == second
    with app.app_context():
        found = db.session.get(ModerationItem, first)
        assert found.report_count == 2 and found.is_crisis
        assert sorted((r.reporter.username, r.reason) for r in found.reports) == [("ben", "harassment"), ("cara", "crisis")]
        assert found.first_reported_at <= found.last_reported_at
        assert found.group.slug == "garden" and found.author.username == "ana"


def test_a_second_report_by_the_same_person_does_not_inflate_the_count(app, mod_world):
    item_id = report(app, "ben", "post", mod_world.post)
    report(app, "ben", "post", mod_world.post, "spam")
    assert item(app, item_id).report_count == 1


def test_the_snapshot_keeps_the_words_as_reported_after_an_edit_and_a_delete(app, mod_world):
    item_id = report(app, "ben", "post", mod_world.post)
    with app.app_context():
        post = db.session.get(Post, mod_world.post)
        threads.edit_post(user("ana"), post, "Softer words now")
        threads.delete_post(user("ana"), db.session.get(Post, mod_world.post))
    assert item(app, item_id).snapshot_body == "A reply that worries someone"


def test_every_target_type_can_be_reported(app, mod_world):
    with app.app_context():
        ana_id = user("ana").id
    kinds = {
        "post": mod_world.post, "thread": mod_world.thread, "room_message": mod_world.message, "member": ana_id,
    }
    for kind, target_id in kinds.items():
        found = item(app, report(app, "ben", kind, target_id, group="garden" if kind == "member" else None))
        assert (found.target_type, found.target_id) == (kind, target_id)
    assert item(app, report(app, "ben", "thread", mod_world.thread)).snapshot_title == "Hard week"


def test_reporting_what_you_cannot_read_is_not_found(app, mod_world):
    with app.app_context():
        for kind, target_id in (("post", mod_world.private_post), ("thread", mod_world.private_thread),
                                ("post", 999_999), ("room_message", 999_999)):
            with pytest.raises(NotFound):
                reports.file_report(user("ben"), kind, target_id, "spam")
        with pytest.raises(NotFound):  # not a member of the room
            reports.file_report(user("othermod"), "room_message", mod_world.message, "spam")


@pytest.mark.parametrize("kind, target_id, reason, note, field", [
    ("story", 1, "spam", "", "target_type"),
    ("post", 1, "rude", "", "reason"),
    ("post", 1, "other", "", "note"),
    ("post", 1, "other", "x" * 1001, "note"),
    ("post", 1, "spam", 42, "note"),
])
def test_bad_reports_are_refused_with_the_field(app, mod_world, kind, target_id, reason, note, field):
    with app.app_context(), pytest.raises((Invalid, TooLong)) as refused:
        reports.file_report(user("ben"), kind, mod_world.post if target_id == 1 else target_id, reason, note)
    assert refused.value.field == field


def test_other_needs_a_note_and_keeps_it(app, mod_world):
    item_id = report(app, "ben", "post", mod_world.post, "other", "  It shares a phone number  ")
    with app.app_context():
        assert db.session.get(ModerationItem, item_id).reports[0].note == "It shares a phone number"


@pytest.mark.parametrize("app_config", [{"REPORT_RATE_LIMIT": "2 per minute"}])
def test_reports_are_rate_limited(app, mod_world):
    report(app, "ben", "post", mod_world.post)
    report(app, "ben", "thread", mod_world.thread)
    with app.app_context(), pytest.raises(RateLimited):
        reports.file_report(user("ben"), "room_message", mod_world.message, "spam")
    report(app, "ben", "post", mod_world.post)  # a repeat is not a new report: no budget spent, no error


def test_a_report_is_audited_and_announced_to_the_groups_moderators_only(app, mod_world, emitted):
    item_id = report(app, "ben", "post", mod_world.post, "spam")
    with app.app_context():
        garden = db.session.get(ModerationItem, item_id).group_id
        entry = db.session.scalar(sa.select(AuditEntry).where(AuditEntry.action == "report"))
        assert (entry.actor.username, entry.member.username, entry.before) == ("ben", "ana", "A reply that worries someone")
    assert [(e.name, e.room) for e in emitted if e.name == "report"] == [("report", f"moderators:{garden}")]


def test_the_queue_puts_crisis_first_then_report_count_then_age(app, mod_world):
    oldest = report(app, "ben", "thread", mod_world.thread, "spam")
    most = report(app, "ben", "post", mod_world.opening, "spam")
    report(app, "cara", "post", mod_world.opening, "spam")
    crisis = report(app, "ben", "room_message", mod_world.message, "crisis")
    with app.app_context():
        assert [i.id for i in moderation.queue(user("mod"))] == [crisis, most, oldest]
        assert [i.id for i in moderation.queue(user("mod"), reason="crisis")] == [crisis]
        assert moderation.queue(user("othermod")) == []
        assert len(moderation.queue(user("admin"))) == 3
        with pytest.raises(Forbidden):
            moderation.queue(user("ben"))
        with pytest.raises(Invalid):
            moderation.queue(user("mod"), status="maybe")


def test_the_queue_grouped_by_member(app, mod_world):
    report(app, "ben", "post", mod_world.post)
    report(app, "ben", "room_message", mod_world.message)
    report(app, "ana", "member", _id_of(app, "cara"), group="garden")
    with app.app_context():
        grouped = moderation.queue_by_member(user("mod"))
        assert [(g.author.username, len(g.items)) for g in grouped] == [("ana", 2), ("cara", 1)]


def _id_of(app, username: str) -> int:
    with app.app_context():
        return user(username).id


def test_an_item_comes_with_its_surroundings_and_the_authors_history(app, mod_world):
    earlier = report(app, "ben", "post", mod_world.opening)
    resolve(app, "mod", earlier, "warn", "Gentle reminder")
    item_id = report(app, "ben", "post", mod_world.post)
    with app.app_context():
        review = moderation.review(user("mod"), item_id)
        assert [entry["reported"] for entry in review.surroundings] == [False, True]
        assert [(h.action, h.reason) for h in review.history] == [("warn", "Gentle reminder")]
        with pytest.raises(NotFound):
            moderation.review(user("othermod"), item_id)


def test_claiming_shows_who_has_it_and_others_cannot_take_it(app, mod_world, emitted):
    item_id = report(app, "ben", "post", mod_world.post)
    with app.app_context():
        moderation.claim(user("mod"), item_id)
        with pytest.raises(Conflict):
            moderation.claim(user("admin"), item_id)
        with pytest.raises(Conflict):
            moderation.resolve(user("admin"), item_id, "dismiss", "fine")
    assert item(app, item_id).claimed_by_id is not None
    assert [e.name for e in emitted][-1] == "report_updated"


def test_remove_a_post_shows_it_removed_keeps_the_snapshot_and_tells_the_author(app, mod_world, emitted):
    item_id = report(app, "ben", "post", mod_world.post)
    resolve(app, "mod", item_id, "remove", "Personal attack")
    with app.app_context():
        post = db.session.get(Post, mod_world.post)
        assert post.is_removed and post.body == "A reply that worries someone"
        note = db.session.scalar(sa.select(Notification).where(Notification.user_id == mod_world.ana_id))
        assert "removed your post in Garden" in note.text and "Personal attack" in note.text
        entry = db.session.scalar(sa.select(AuditEntry).where(AuditEntry.action == "remove"))
        assert (entry.actor.username, entry.member.username, entry.reason) == ("mod", "ana", "Personal attack")
        assert (entry.before, entry.after) == ("A reply that worries someone", "(removed)")
    thread_post = [e for e in emitted if e.name == "thread_post"][-1]
    assert thread_post.payload["moderation"] == "removed" and thread_post.payload["body"] == ""
    assert item(app, item_id).action == "remove"


def test_hide_a_thread_hides_its_title_and_opening_post(app, mod_world):
    resolve(app, "mod", report(app, "ben", "thread", mod_world.thread), "hide", "Off topic")
    with app.app_context():
        assert db.session.get(Thread, mod_world.thread).moderation == "hidden"
        assert db.session.get(Post, mod_world.opening).is_hidden


def test_remove_a_room_message_takes_it_from_the_room_and_the_history(app, mod_world, emitted):
    resolve(app, "mod", report(app, "ben", "room_message", mod_world.message), "remove", "Not kind")
    removed = [e for e in emitted if e.name == "message_removed"]
    assert [(e.payload, e.room) for e in removed] == [({"group": "garden", "message_id": mod_world.message}, removed[0].room)]
    with app.app_context():
        garden = rooms.get_room_group("garden")
        assert removed[0].room == f"group:{garden.id}"
        assert rooms.messages_after(user("ben"), garden, 0).messages == []
        assert rooms.messages_after(user("ana"), garden, 0).messages == []


def test_a_hidden_room_message_stays_for_its_author_and_the_moderators(app, mod_world):
    resolve(app, "mod", report(app, "ben", "room_message", mod_world.message), "hide", "Let's pause this")
    with app.app_context():
        garden = rooms.get_room_group("garden")
        assert rooms.messages_after(user("ben"), garden, 0).messages == []
        assert [m.id for m in rooms.messages_after(user("ana"), garden, 0).messages] == [mod_world.message]
        assert [m.id for m in rooms.messages_after(user("mod"), garden, 0).messages] == [mod_world.message]


def test_warn_sends_a_private_notification_quoting_the_guideline(app, mod_world):
    resolve(app, "mod", report(app, "ben", "post", mod_world.post), "warn", "Please no advice unless asked")
    with app.app_context():
        note = db.session.scalar(sa.select(Notification).where(Notification.user_id == mod_world.ana_id))
        assert note.quote == "Be kind." and "Please no advice unless asked" in note.text


def test_mute_sets_muted_until_and_the_room_refuses_sends(app, mod_world):
    resolve(app, "mod", report(app, "ben", "room_message", mod_world.message), "mute", "A short pause", minutes=30)
    with app.app_context():
        garden = rooms.get_room_group("garden")
        muted = rooms.require_room_member(user("ana"), garden)
        assert muted.muted_until > utcnow() + timedelta(minutes=29)
        with pytest.raises(rooms.Muted):
            rooms.send_room_message(user("ana"), garden, "hello", "7f1b9a1e-2c3d-4e5f-8a9b-0c1d2e3f4a5b")


@pytest.mark.parametrize("minutes", [None, 0, -5, 10**9, "30", True, 1.5])
def test_mute_needs_a_sensible_number_of_minutes(app, mod_world, minutes):
    item_id = report(app, "ben", "post", mod_world.post)
    with app.app_context(), pytest.raises(Invalid):
        moderation.resolve(user("mod"), item_id, "mute", "pause", minutes)
    assert item(app, item_id).status == "open"


def test_ban_ends_the_membership_and_tells_the_members_sockets(app, mod_world, emitted):
    resolve(app, "mod", report(app, "ben", "post", mod_world.post), "ban", "Repeated harassment")
    with app.app_context():
        garden = rooms.get_room_group("garden")
        membership = db.session.scalar(sa.select(Membership).where(
            Membership.user_id == mod_world.ana_id, Membership.group_id == garden.id))
        assert membership.is_banned
    ended = [e for e in emitted if e.name == "membership_ended"]
    assert [(e.payload["group"], e.room) for e in ended] == [("garden", f"user:{mod_world.ana_id}")]


def test_only_site_admins_suspend_and_the_sessions_end(app, mod_world, emitted):
    item_id = report(app, "ben", "post", mod_world.post)
    with app.app_context(), pytest.raises(Forbidden):
        moderation.resolve(user("mod"), item_id, "suspend", "Threats")
    resolve(app, "admin", item_id, "suspend", "Threats")
    with app.app_context():
        assert db.session.get(User, mod_world.ana_id).is_suspended
    assert [(e.payload, e.room) for e in emitted if e.name == "sessions_ended"] == [
        ({"user_id": mod_world.ana_id, "reason": "suspended", "only": None}, f"user:{mod_world.ana_id}")
    ]


def test_dismiss_tells_nobody_and_the_reporter_sees_the_outcome_without_names(app, mod_world):
    item_id = report(app, "ben", "post", mod_world.post)
    resolve(app, "mod", item_id, "dismiss", "No violation")
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Notification)) == 0
        mine = reports.my_reports(user("ben"))
        assert [r.item.status for r in mine] == ["resolved"]
    assert item(app, item_id).action == "dismiss"


def test_a_resolved_item_cannot_be_resolved_again_and_a_new_report_opens_a_new_item(app, mod_world):
    first = report(app, "ben", "post", mod_world.post)
    resolve(app, "mod", first, "dismiss", "Fine")
    with app.app_context(), pytest.raises(Conflict):
        moderation.resolve(user("mod"), first, "remove", "Changed my mind")
    assert report(app, "cara", "post", mod_world.post) != first


def test_a_failure_in_the_middle_of_an_action_leaves_neither_the_change_nor_its_audit(app, mod_world, monkeypatch):
    item_id = report(app, "ben", "post", mod_world.post)

    def broken(*args, **kwargs):
        raise RuntimeError("the disk is full")

    monkeypatch.setattr(audit, "record", broken)
    with app.app_context():
        with pytest.raises(RuntimeError):
            moderation.resolve(user("mod"), item_id, "remove", "Personal attack")
        db.session.rollback()
        assert not db.session.get(Post, mod_world.post).is_removed
        assert db.session.get(ModerationItem, item_id).status == "open"
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Notification)) == 0
        assert db.session.scalar(sa.select(sa.func.count()).where(AuditEntry.action == "remove")) == 0


def test_the_audit_log_is_append_only(app, mod_world):
    report(app, "ben", "post", mod_world.post)
    with app.app_context():
        entry = db.session.scalar(sa.select(AuditEntry))
        entry.reason = "rewritten"
        with pytest.raises(RuntimeError):
            db.session.commit()
        db.session.rollback()
        db.session.delete(db.session.scalar(sa.select(AuditEntry)))
        with pytest.raises(RuntimeError):
            db.session.commit()


def test_the_audit_log_is_searchable_by_member_and_moderator(app, mod_world):
    resolve(app, "mod", report(app, "ben", "post", mod_world.post), "warn", "Reminder")
    report(app, "ana", "member", _id_of(app, "cara"), "spam", group="garden")
    with app.app_context():
        assert {e.action for e in audit.search(user("mod"), member="ana")} == {"report", "warn"}
        assert [e.action for e in audit.search(user("mod"), moderator="mod")] == ["warn"]
        assert audit.search(user("mod"), member="nobody-here") == []
        assert audit.search(user("othermod")) == []
        assert len(audit.search(user("admin"))) == 3
        with pytest.raises(Forbidden):
            audit.search(user("ben"))


def test_the_csv_export_is_for_site_admins_and_defuses_formulas(app, mod_world):
    resolve(app, "mod", report(app, "ben", "post", mod_world.post), "warn", "=HYPERLINK(\"x\")")
    with app.app_context():
        with pytest.raises(Forbidden):
            audit.export_csv(user("mod"))
        text = audit.export_csv(user("admin"))
    assert text.splitlines()[0].startswith("id,when,moderator,action")
    assert "'=HYPERLINK" in text


def test_member_actions_need_a_group_and_content_actions_need_content(app, mod_world):
    item_id = report(app, "ben", "member", mod_world.ana_id)
    with app.app_context():
        with pytest.raises(Invalid):
            moderation.resolve(user("admin"), item_id, "hide", "No")
        with pytest.raises(Invalid):
            moderation.resolve(user("admin"), item_id, "mute", "No", 10)
        with pytest.raises(NotFound):  # a member reported without a group is for site admins
            moderation.resolve(user("mod"), item_id, "warn", "No")
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Report)) == 1


def test_a_hide_can_be_restored_and_the_author_is_told(app, mod_world, emitted):
    item_id = report(app, "ben", "room_message", mod_world.message)
    resolve(app, "mod", item_id, "hide", "Pausing this")
    with app.app_context():
        moderation.restore(user("mod"), item_id, "It was fine after all")
        garden = rooms.get_room_group("garden")
        assert [m.id for m in rooms.messages_after(user("ben"), garden, 0).messages] == [mod_world.message]
        texts = list(db.session.scalars(sa.select(Notification.text).order_by(Notification.id)))
        assert "restored your message in the live room in Garden" in texts[-1]
        entry = db.session.scalar(sa.select(AuditEntry).where(AuditEntry.action == "restore"))
        assert (entry.before, entry.after, entry.reason) == ("(hidden)", "A message in the room", "It was fine after all")
        assert reports.my_reports(user("ben"))[0].item.action == "restore"
    assert [e.payload["id"] for e in emitted if e.name == "message"][-1] == mod_world.message


def test_only_a_hide_can_be_restored(app, mod_world):
    item_id = report(app, "ben", "post", mod_world.post)
    resolve(app, "mod", item_id, "remove", "Unkind")
    with app.app_context(), pytest.raises(Conflict):
        moderation.restore(user("mod"), item_id, "Changed my mind")


def test_a_first_report_that_raced_another_joins_the_item_the_other_made(app, mod_world, monkeypatch):
    first = report(app, "ben", "post", mod_world.post)
    real_lookup, lookups = reports._find_open_item, []

    def too_late(target):  # the first look saw no item: the other report had not committed yet
        lookups.append(target)
        return None if len(lookups) == 1 else real_lookup(target)

    monkeypatch.setattr(reports, "_find_open_item", too_late)
    assert report(app, "cara", "post", mod_world.post) == first
    assert item(app, first).report_count == 2
