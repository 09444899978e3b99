"""Members report what worries them; reports on the same target gather into one moderation item."""
from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
import sqlalchemy.orm as so
from flask import current_app
from limits import parse
from limits.strategies import MovingWindowRateLimiter

from forum import payloads
from forum.events import publish
from forum.extensions import db, limiter
from forum.models import ModerationItem, Report, User
from forum.models.base import utcnow
from forum.models.moderation import REPORT_REASONS
from forum.rooms import moderators_room
from forum.models.safety import CRISIS, FLAG, REQUIRE_APPROVAL
from forum.services import access, audit, watched_words
from forum.services.errors import Invalid, RateLimited, TooLong, Unauthorized
from forum.services.moderation_targets import Target, target_type
from forum.services.watched_words import Verdict
from forum.text import clean_body

MAX_NOTE = 1000
MY_REPORTS_LIMIT = 100


@dataclass
class Filed:
    report: Report
    created: bool  # False: this person had reported it already, nothing changed


def _note(reason: str, note: object) -> str:
    if note is None:
        note = ""
    if not isinstance(note, str):
        raise Invalid("The note must be text.", field="note")
    text = clean_body(note).strip()
    if len(text) > MAX_NOTE:
        raise TooLong(f"The note can be at most {MAX_NOTE:,} characters.", field="note")
    if reason == "other" and not text:
        raise Invalid("Tell the moderators a little about what worries you.", field="note")
    return text


def _take_report_token(user: User) -> None:
    if not limiter.enabled:
        return
    rate = parse(current_app.config["REPORT_RATE_LIMIT"])
    if not MovingWindowRateLimiter(limiter.storage).hit(rate, "report", str(user.id)):
        raise RateLimited("You've sent many reports in a short time. Please wait a little; the moderators have them.")


def _find_open_item(target: Target) -> ModerationItem | None:
    return db.session.scalar(
        sa.select(ModerationItem).where(
            ModerationItem.target_type == target.type,
            ModerationItem.target_id == target.id,
            ModerationItem.status == "open",
        )
    )


def _new_item(target: Target) -> ModerationItem:
    now = utcnow()
    return ModerationItem(
        target_type=target.type,
        target_id=target.id,
        group_id=target.group.id if target.group is not None else None,
        author_id=target.author.id if target.author is not None else None,
        snapshot_title=target.title[:200],
        snapshot_body=target.body,
        first_reported_at=now,
        last_reported_at=now,
        report_count=0,
        is_crisis=False,
    )


def _open_item(target: Target) -> ModerationItem:
    """The target's open item, made (with the snapshot) by its first report.

    Nothing is written before this in the transaction, so when a concurrent first report made the
    item first (the unique index refuses a second), rolling back and reading it loses nothing.
    """
    item = _find_open_item(target)
    if item is None:
        item = _new_item(target)
        db.session.add(item)
        try:
            db.session.flush()
        except sa.exc.IntegrityError:
            db.session.rollback()
            item = _find_open_item(target)
    return item


def file_report(
    user: User | None, kind: object, target_id: object, reason: object, note: object = None, group: object = None
) -> Filed:
    """Report a target the member can read. A second report by the same person changes nothing."""
    if not access.signed_in(user):
        raise Unauthorized("Sign in to report something.")
    target_kind = target_type(kind)
    if not isinstance(reason, str) or reason not in REPORT_REASONS:
        raise Invalid(f"reason is one of: {', '.join(REPORT_REASONS)}.", field="reason")
    note_text = _note(reason, note)
    target = target_kind.readable(user, target_id, group)
    if target.author is not None and target.author.id == user.id:
        raise Invalid("That is your own; you can edit or delete it instead.", field="target_id")
    item = _open_item(target)
    earlier = db.session.scalar(sa.select(Report).where(Report.item_id == item.id, Report.reporter_id == user.id))
    if earlier is not None:
        db.session.rollback()
        return Filed(earlier, created=False)
    _take_report_token(user)
    report = Report(item_id=item.id, reporter_id=user.id, reason=reason, note=note_text, created_at=utcnow())
    _add_report(item, report)
    db.session.flush()
    audit.record(user, "report", member=target.author, item=item, reason=f"{reason}: {note_text}".rstrip(": "),
                 before=target.body)
    publish("report", payloads.mod_item(item), moderators_room(item.group_id))
    db.session.commit()
    return Filed(report, created=True)


def _add_report(item: ModerationItem, report: Report) -> None:
    db.session.add(report)
    item.report_count += 1
    item.last_reported_at = report.created_at
    item.is_crisis = item.is_crisis or report.reason == "crisis"


@watched_words.when_flagged
def file_automatic_report(kind: str, target_id: int, verdict: Verdict, held: bool) -> None:
    """A flag or crisis watched word matched stored text, or the text was stored held for approval:
    an automatic report, in the writer's transaction.

    It has no reporter and says it is automatic, never that people flagged anything. A crisis match
    raises the item to the top of the queue; the words still went through. The target was just
    written, so no one else can be reporting it at this moment; on an edit its open item is reused,
    with at most one automatic report on it. A held item keeps the words as they are now: they are
    what the moderator approves.
    """
    target = target_type(kind).find(target_id, None)
    item = _find_open_item(target)
    if item is None:
        item = _new_item(target)
        db.session.add(item)
        db.session.flush()
    if held:
        item.is_held = True
        item.snapshot_title, item.snapshot_body = target.title[:200], target.body
    if any(report.reporter_id is None for report in item.reports):
        if held:
            publish("report_updated", payloads.mod_item(item), moderators_room(item.group_id))
        return
    rules = verdict.matching(CRISIS) + verdict.matching(FLAG) + verdict.matching(REQUIRE_APPROVAL)
    words = ", ".join(f"“{rule.quote}”" for rule in rules)
    note = f"Automatic: the watched words {words} matched." if rules else "Automatic: sent again after it was not approved."
    if held:
        note = f"{note} Held until a moderator approves it."
    _add_report(item, Report(item_id=item.id, reporter_id=None, reason="crisis" if verdict.crisis else "other",
                             note=note, created_at=utcnow()))
    db.session.flush()
    audit.record(None, "report", member=target.author, item=item, reason=note, before=target.body)
    publish("report", payloads.mod_item(item), moderators_room(item.group_id))


def my_reports(user: User | None) -> list[Report]:
    """The member's own reports, newest first, each with its item's outcome."""
    if not access.signed_in(user):
        raise Unauthorized("Sign in first.")
    return list(
        db.session.scalars(
            sa.select(Report)
            .options(so.joinedload(Report.item))
            .where(Report.reporter_id == user.id)
            .order_by(Report.id.desc())
            .limit(MY_REPORTS_LIMIT)
        )
    )


def report_target(user: User | None, kind: object, target_id: object, group: object = None) -> Target:
    """What the member is about to report (for the report form); NotFound unless they can read it."""
    if not access.signed_in(user):
        raise Unauthorized("Sign in to report something.")
    return target_type(kind).readable(user, target_id, group)
