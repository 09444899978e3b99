"""The moderation queue: list, review in context, claim, and resolve items with one action.

Every action writes its audit entry and its effects in one transaction, then the live events go
out (the moderators' room; the group's room for a removed message; the member's own room).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

import sqlalchemy as sa
import sqlalchemy.orm as so

from forum import metrics, payloads
from forum.events import publish
from forum.extensions import db
from forum.models import AuditEntry, Group, Membership, ModerationItem, Report, User
from forum.models.base import utcnow
from forum.models.moderation import HELD_ACTIONS, ITEM_STATUSES, MODERATION_ACTIONS, REPORT_REASONS
from forum.rooms import moderators_room, user_room
from forum.services import access, audit, notifications, sessions
from forum.services.errors import Conflict, Forbidden, Invalid
from forum.services.moderation_targets import TARGET_TYPES, Target
from forum.services.moderators import get_item, moderated_group_ids, require_moderator
from forum.services.validation import required_body

QUEUE_LIMIT = 200
MAX_REASON = 2000
MAX_MUTE_MINUTES = 60 * 24 * 30
GUIDELINE_QUOTE = 600
STATUS_FILTERS = (*ITEM_STATUSES, "all")


@dataclass
class ItemReview:
    """An item with what a moderator needs to decide: the reports, the surroundings, the author's history."""

    item: ModerationItem
    surroundings: list[dict[str, Any]] = field(default_factory=list)
    history: list[AuditEntry] = field(default_factory=list)
    still_there: bool = True


@dataclass
class MemberItems:
    author: User | None
    items: list[ModerationItem]


def queue(actor: User | None, group: object = None, status: object = None, reason: object = None) -> list[ModerationItem]:
    """The items the actor moderates: crisis first, then the most reported, then the oldest."""
    require_moderator(actor)
    status = status or "open"
    if status not in STATUS_FILTERS:
        raise Invalid(f"status is one of: {', '.join(STATUS_FILTERS)}.", field="status")
    filters = []
    if status != "all":
        filters.append(ModerationItem.status == status)
    group_ids = moderated_group_ids(actor)
    if group_ids is not None:
        filters.append(ModerationItem.group_id.in_(group_ids))
    if group not in (None, ""):
        filters.append(ModerationItem.group_id == access.get_group(group).id)
    if reason not in (None, ""):
        if reason not in REPORT_REASONS:
            raise Invalid(f"reason is one of: {', '.join(REPORT_REASONS)}.", field="reason")
        filters.append(ModerationItem.reports.any(Report.reason == reason))
    order = (ModerationItem.is_crisis.desc(), ModerationItem.report_count.desc(), ModerationItem.first_reported_at,
             ModerationItem.id)
    # Choose the page's items first, then join their people and groups: joining before the LIMIT
    # would join every open item (and hash every member) to keep QUEUE_LIMIT of them.
    page = sa.select(ModerationItem.id).where(*filters).order_by(*order).limit(QUEUE_LIMIT).subquery()
    query = (
        sa.select(ModerationItem)
        .join(page, page.c.id == ModerationItem.id)
        .options(
            so.selectinload(ModerationItem.reports).joinedload(Report.reporter),
            so.joinedload(ModerationItem.group),
            so.joinedload(ModerationItem.author),
            so.joinedload(ModerationItem.claimed_by),
        )
        .order_by(*order)
    )
    return list(db.session.scalars(query).unique())


def queue_by_member(actor: User | None, group: object = None, status: object = None, reason: object = None) -> list[MemberItems]:
    """The queue grouped by the reported member, the member with the most reports first."""
    grouped: dict[int | None, MemberItems] = {}
    for item in queue(actor, group, status, reason):
        grouped.setdefault(item.author_id, MemberItems(item.author, [])).items.append(item)
    return sorted(grouped.values(), key=lambda entry: -sum(item.report_count for item in entry.items))


def _target(item: ModerationItem) -> Target | None:
    return TARGET_TYPES[item.target_type].find(item.target_id, item.group)


def review(actor: User | None, item_id: object) -> ItemReview:
    item = get_item(actor, item_id)
    _load_reports_with_reporters(item)
    target = _target(item)
    surroundings = TARGET_TYPES[item.target_type].context(target) if target is not None else []
    return ItemReview(item, surroundings, audit.history_of(item.author), target is not None)


def _load_reports_with_reporters(item: ModerationItem) -> None:
    """One query for the reports and the people who filed them, however many there are."""
    reports = db.session.scalars(
        sa.select(Report).options(so.joinedload(Report.reporter)).where(Report.item_id == item.id).order_by(Report.id)
    ).all()
    so.attributes.set_committed_value(item, "reports", list(reports))


def claim(actor: User | None, item_id: object) -> ModerationItem:
    """Take an open item, so other moderators see who is looking at it."""
    item = get_item(actor, item_id)
    if not item.is_open:
        raise Conflict("That item has been resolved already.")
    if item.claimed_by_id == actor.id:
        return item
    if item.claimed_by_id is not None:
        raise Conflict(f"{item.claimed_by.shown_name} is looking at this item already.")
    item.claimed_by_id, item.claimed_at = actor.id, utcnow()
    db.session.flush()
    audit.record(actor, "claim", member=item.author, item=item)
    publish("report_updated", payloads.mod_item(item), moderators_room(item.group_id))
    db.session.commit()
    return item


def _minutes(value: object) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or not 1 <= value <= MAX_MUTE_MINUTES:
        raise Invalid(f"minutes is a whole number from 1 to {MAX_MUTE_MINUTES:,} (30 days).", field="minutes")
    return value


def _group_membership(item: ModerationItem, author: User, create: bool) -> Membership:
    """The author's membership of the item's group; a ban of a non-member creates a banned one."""
    if item.group is None:
        raise Invalid("This report is not about a group: only warn or suspend apply.", field="action")
    membership = db.session.scalar(
        sa.select(Membership).where(Membership.group_id == item.group_id, Membership.user_id == author.id)
    )
    if membership is None:
        if not create:
            raise Invalid("They are not a member of this group.", field="action")
        membership = Membership(group_id=item.group_id, user_id=author.id, status="banned")
        db.session.add(membership)
    return membership


def _guideline(group: Group | None) -> str:
    text = group.agreement if group is not None else ""
    return text if len(text) <= GUIDELINE_QUOTE else text[: GUIDELINE_QUOTE - 1] + "…"


def _where(item: ModerationItem) -> str:
    label = TARGET_TYPES[item.target_type].label
    place = f" in {item.group.name}" if item.group is not None else ""
    return f"your {label}{place}"


def _apply(actor: User, item: ModerationItem, action: str, reason: str, minutes: object) -> tuple[str, str, str]:
    """Carry out `action`; return what the author is told, and the before and after for the audit."""
    target = _target(item)
    author = item.author
    if action in HELD_ACTIONS:
        return _decide_held(item, target, action)
    if action in ("hide", "remove"):
        if target is None or not TARGET_TYPES[item.target_type].content_actions:
            raise Invalid("There is no content to hide or remove here; choose another action.", field="action")
        before = target.body
        getattr(TARGET_TYPES[item.target_type], action)(target)
        return f"A moderator {MODERATION_ACTIONS[action]} {_where(item)}.", before, f"({MODERATION_ACTIONS[action]})"
    if author is None:
        raise Invalid("The author's account is gone; hide or remove the content instead.", field="action")
    if author.id == actor.id or author.is_site_admin:
        raise Forbidden("That action can't be taken against this account.")
    if action == "warn":
        return f"A moderator sent you a reminder about {_where(item)}.", "", "warned"
    if action == "mute":
        count = _minutes(minutes)
        membership = _group_membership(item, author, create=False)
        before = f"muted until {membership.muted_until:%Y-%m-%d %H:%M} UTC" if membership.is_muted(utcnow()) else "not muted"
        membership.muted_until = utcnow() + timedelta(minutes=count)
        until = f"{membership.muted_until:%Y-%m-%d %H:%M} UTC"
        return f"A moderator paused your messages in {item.group.name} until {until}. You can still read.", before, f"muted until {until}"
    if action == "ban":
        membership = _group_membership(item, author, create=True)
        before = membership.status
        membership.status = "banned"
        publish("membership_ended", payloads.membership_ended(item.group, author), user_room(author.id))
        return f"A moderator removed you from {item.group.name}.", before, "banned"
    access.require_site_admin(actor)  # suspend
    author.is_suspended = True
    sessions.mark_all_ended(author, "suspended")
    return "A site administrator suspended your account.", "active", "suspended"


def _decide_held(item: ModerationItem, target: Target | None, action: str) -> tuple[str, str, str]:
    """Publish (approve) or turn down (reject) held content; the item follows a message that approval re-numbers."""
    if target is None:
        raise Invalid("The content is gone; there is nothing to approve or reject.", field="action")
    getattr(TARGET_TYPES[item.target_type], action)(target)
    item.target_id = target.id
    if action == "approve":
        return f"A moderator approved {_where(item)}: everyone can see it now.", target.body, "(published)"
    again = "send it again" if item.target_type == "room_message" else "edit it to send it again for review"
    return f"A moderator didn't approve {_where(item)}. You can {again}.", target.body, "(not approved)"


def _check_action_fits(item: ModerationItem, action: str) -> None:
    """Held content is approved or rejected, and nothing else is (dismissing would leave it held)."""
    if item.is_held and action not in HELD_ACTIONS:
        raise Invalid("This is held content: approve or reject it.", field="action")
    if not item.is_held and action in HELD_ACTIONS:
        raise Invalid("Only held content is approved or rejected.", field="action")


def resolve(actor: User | None, item_id: object, action: object, reason: object, minutes: object = None) -> ModerationItem:
    """Resolve an item with one action and a reason the author sees (dismiss: the author is not told)."""
    item = get_item(actor, item_id)
    if not isinstance(action, str) or action not in MODERATION_ACTIONS:
        raise Invalid(f"action is one of: {', '.join(MODERATION_ACTIONS)}.", field="action")
    if action == "suspend":
        access.require_site_admin(actor)
    reason_text = required_body(reason, field="reason", label="The reason", max_length=MAX_REASON)
    if not item.is_open:
        raise Conflict("That item has been resolved already.")
    if item.claimed_by_id not in (None, actor.id):
        raise Conflict(f"{item.claimed_by.shown_name} is looking at this item; ask them first.")
    _check_action_fits(item, action)
    before = after = ""
    if action != "dismiss":
        told, before, after = _apply(actor, item, action, reason_text, minutes)
        if item.author is not None:
            quote = _guideline(item.group) if action == "warn" else before if action == "reject" else ""
            notifications.notify(item.author, "moderation", f"{told} The reason: {reason_text}", quote)
    item.status, item.action, item.resolution_reason = "resolved", action, reason_text
    item.resolved_by_id, item.resolved_at = actor.id, utcnow()
    if item.claimed_by_id is None:
        item.claimed_by_id, item.claimed_at = actor.id, item.resolved_at
    db.session.flush()
    audit.record(actor, action, member=item.author, item=item, reason=reason_text, before=before, after=after)
    publish("report_updated", payloads.mod_item(item), moderators_room(item.group_id))
    db.session.commit()
    return item


def restore(actor: User | None, item_id: object, reason: object) -> ModerationItem:
    """Undo a hide (hiding is reversible; removing is not): the content is shown again and the author told."""
    item = get_item(actor, item_id)
    reason_text = required_body(reason, field="reason", label="The reason", max_length=MAX_REASON)
    if item.action != "hide":
        raise Conflict("Only hidden content can be restored.")
    target = _target(item)
    if target is None:
        raise Conflict("The content is gone; there is nothing to restore.")
    TARGET_TYPES[item.target_type].restore(target)
    if item.author is not None:
        notifications.notify(item.author, "moderation", f"A moderator restored {_where(item)}. The reason: {reason_text}")
    item.action, item.resolution_reason = "restore", reason_text
    item.resolved_by_id, item.resolved_at = actor.id, utcnow()
    db.session.flush()
    audit.record(actor, "restore", member=item.author, item=item, reason=reason_text, before="(hidden)", after=target.body)
    publish("report_updated", payloads.mod_item(item), moderators_room(item.group_id))
    db.session.commit()
    return item


@metrics.scrape_time_gauge("forum_open_reports", "Moderation items waiting in the queue (all groups).")
def open_items_count() -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(ModerationItem).where(ModerationItem.status == "open"))
