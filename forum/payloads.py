"""Every JSON shape the forum sends — API responses and Socket.IO events — built in one place."""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

from forum.models import (
    ApiToken, AuditEntry, Block, CheckIn, Congratulation, Goal, Group, Membership, Milestone, ModerationItem,
    Notification, Post, Report, RoomMessage, StreakRestart, Technique, Thread, User,
)
from forum.models.moderation import ITEM_ACTIONS, UNPUBLISHED
from forum.safety import HELP_MESSAGE, HELP_TITLE
from forum.themes import from_text as themes_of
from forum.text import clean_line

if TYPE_CHECKING:
    from forum.services.goals import CelebrationPage, GoalView
    from forum.services.reading import Page, ThreadView
    from forum.services.search import SearchResults
    from forum.services.techniques import TechniquePage

FORMER_MEMBER = "a former member"


def _time(value) -> str | None:
    return value.isoformat() + "Z" if value is not None else None


def user(member: User | None) -> dict[str, Any] | None:
    if member is None:
        return None
    return {
        "username": member.username,
        "display_name": member.shown_name,
        "pronouns": member.pronouns,
    }


def me(member: User) -> dict[str, Any]:
    return {**user(member), "bio": member.bio, "is_site_admin": member.is_site_admin}


def group_preview(item: Group) -> dict[str, Any]:
    """What anyone may know about a group, private or not."""
    return {"slug": item.slug, "name": item.name, "description": item.description, "visibility": item.visibility}


def group(item: Group, moderators: list[User] | None = None) -> dict[str, Any]:
    data = {**group_preview(item), "agreement": item.agreement, "agreement_html": item.agreement_html}
    if moderators is not None:
        data["moderators"] = [user(m) for m in moderators]
    return data


def membership(item: Membership) -> dict[str, Any]:
    return {
        "group": item.group.slug,
        "user": user(item.user),
        "role": item.role,
        "status": item.status,
        "agreement_accepted_at": _time(item.agreement_accepted_at),
    }


def thread(item: Thread, revealed: bool = False) -> dict[str, Any]:
    """A thread a moderator hid or removed keeps its place, not its title; held or rejected, its
    author and the moderators (`revealed`) still see the title."""
    return {
        "id": item.id,
        "group": item.group.slug,
        "title": "" if item.moderation and not (revealed and item.moderation in UNPUBLISHED) else item.title,
        "moderation": item.moderation,
        "author": user(item.author),
        "response_preference": item.response_preference,
        "content_warning": item.content_warning,
        "themes": themes_of(item.themes),
        "reply_count": item.reply_count,
        "created_at": _time(item.created_at),
        "last_activity_at": _time(item.last_activity_at),
    }


def post(
    item: Post, counts: dict[str, int] | None = None, mine: set[str] | None = None, revealed: bool = False
) -> dict[str, Any]:
    """A post; one a moderator removed, or hid or held (unless `revealed` to its author or a
    moderator), keeps its place in the tree without its words."""
    withheld = item.is_removed or ((item.is_hidden or item.moderation in UNPUBLISHED) and not revealed)
    data = {
        "id": item.id,
        "thread_id": item.thread_id,
        "parent_id": item.parent_id,
        "depth": item.depth,
        "author": user(item.author) if not (item.is_deleted or item.is_removed) else None,
        "body": "" if withheld else item.body,
        "body_html": "" if withheld else item.body_html,
        "created_at": _time(item.created_at),
        "edited_at": _time(item.edited_at),
        "deleted": item.is_deleted,
        "moderation": item.moderation,
        "themes": themes_of(item.themes),
        "collapsed_by_author": item.is_collapsed_by_author,
    }
    if counts is not None:
        data["reactions"] = counts
    if mine is not None:
        data["my_reactions"] = sorted(mine)
    return data


def thread_page(page: Page[Thread]) -> dict[str, Any]:
    """Held threads are in a list only for their author and the moderators, who see their titles."""
    return {"threads": [thread(item, item.moderation in UNPUBLISHED) for item in page.items], "next_cursor": page.next_cursor}


def thread_view(view: ThreadView) -> dict[str, Any]:
    """A thread with one page of its posts, each with its reaction counts and the reader's own.

    `author_blocked` marks the posts of members the reader blocked, for clients to fold away.
    """
    return {
        "thread": thread(view.thread, view.moderates or view.thread.author_id == view.viewer_id),
        "posts": [
            {
                **post(item, view.counts.get(item.id, {}), view.mine.get(item.id, set()), view.reveals(item)),
                "author_blocked": item.author_id in view.blocked_authors,
            }
            for item in view.posts.items
        ],
        "next_cursor": view.posts.next_cursor,
    }


def post_collapsed(item: Post) -> dict[str, Any]:
    """To a thread's readers: its author folded (or unfolded) a reply."""
    return {"post_id": item.id, "thread_id": item.thread_id, "collapsed": item.is_collapsed_by_author}


def reading_preferences(collapsed_themes: list[str]) -> dict[str, Any]:
    return {"collapsed_themes": collapsed_themes}


def member_preferences(collapsed_themes: list[str], notification_kinds: dict[str, bool]) -> dict[str, Any]:
    """What a member chose in settings, for their export."""
    return {**reading_preferences(collapsed_themes), "notifications": notification_kinds}


def reactions(item: Post, counts: dict[str, int]) -> dict[str, Any]:
    return {"post_id": item.id, "thread_id": item.thread_id, "counts": counts}


def token(item: ApiToken, secret: str | None = None) -> dict[str, Any]:
    """A personal token; `secret` (the plaintext) only in the answer that created it."""
    data = {"id": item.id, "name": item.name, "created_at": _time(item.created_at)}
    if secret is not None:
        data["secret"] = secret
    return data


def block(item: Block) -> dict[str, Any]:
    """One of the caller's blocks."""
    return {"user": user(item.blocked), "created_at": _time(item.created_at)}


def blocked_members(usernames: list[str]) -> dict[str, Any]:
    """To the blocker's own sockets, after a block or unblock: whose room messages to fold away."""
    return {"blocked": usernames}


def crisis_help(resources: list[dict[str, str]]) -> dict[str, Any]:
    """The calm panel shown to the author of words that matched a crisis rule (CRISIS_RESOURCES)."""
    return {"title": HELP_TITLE, "message": HELP_MESSAGE, "resources": resources}


REPLY_EXCERPT = 140


def _excerpt(text: str) -> str:
    line = clean_line(text)
    return line if len(line) <= REPLY_EXCERPT else line[: REPLY_EXCERPT - 1] + "…"


def _quoted(item: RoomMessage | None) -> dict[str, Any] | None:
    if item is None:
        return None
    return {
        "id": item.id,
        "author": None if item.is_removed else user(item.author),
        "excerpt": "" if item.is_removed else _excerpt(item.body),
        "removed": item.is_removed,
    }


def room_message(
    item: RoomMessage, counts: dict[str, int], mine: set[str] | None = None, technique: Technique | None = None
) -> dict[str, Any]:
    """A live-room message; a removed one keeps its place (id) but not its words or author.

    `my_reactions` are the reader's own: filled in history pages (join, sync), empty in broadcasts.
    `technique` is the card of a technique the message links to (`/techniques/<id>`), when every
    member of the room may read it (forum/services/techniques.py `linked_techniques`).
    """
    return {
        "id": item.id,
        "group": item.group.slug,
        "author": None if item.is_removed else user(item.author),
        "client_id": item.client_id,
        "body": "" if item.is_removed else item.body,
        "body_html": "" if item.is_removed else item.body_html,
        "reply_to": _quoted(item.reply_to),
        "created_at": _time(item.created_at),
        "removed": item.is_removed,
        "hidden": item.hidden_at is not None,
        "themes": themes_of(item.themes),
        "held": item.is_held,
        "reactions": counts,
        "my_reactions": sorted(mine or ()),
        "technique": technique_card(technique) if technique is not None and not item.is_removed else None,
    }


def room_messages(
    items: list[RoomMessage], counts: dict[int, dict[str, int]], mine: dict[int, set[str]],
    techniques: dict[int, Technique] | None = None,
) -> list[dict[str, Any]]:
    techniques = techniques or {}
    return [room_message(item, counts.get(item.id, {}), mine.get(item.id), techniques.get(item.id)) for item in items]


def message_reactions(group: Group, message_id: int, counts: dict[str, int]) -> dict[str, Any]:
    return {"group": group.slug, "message_id": message_id, "counts": counts}


def presence_joined(group_slug: str, person: dict[str, Any]) -> dict[str, Any]:
    """Someone arrived in a group's room (their first connection there): `person` is a user() payload.

    Presence changes travel as deltas; the full list comes once, in the `join` acknowledgement.
    """
    return {"group": group_slug, "joined": person}


def presence_left(group_slug: str, username: str) -> dict[str, Any]:
    """The last connection of someone left a group's room."""
    return {"group": group_slug, "left": username}


def typing(group: Group, member: User) -> dict[str, Any]:
    return {"group": group.slug, "user": user(member)}


def moderation_ended(group: Group, member: User) -> dict[str, Any]:
    """To the person alone: they no longer moderate the group; its reports stop reaching them."""
    return {"group": group.slug, "group_id": group.id, "username": member.username}


def membership_ended(group: Group, member: User) -> dict[str, Any]:
    """To the person alone: they left or lost the group, so its room is closed to them.

    `group_id` and `username` let the server, which reacts to this event after the commit (when
    it can no longer query), take their sockets out of the room and tell the others they left.
    """
    return {"group": group.slug, "group_id": group.id, "username": member.username}


def sessions_ended(user_id: int, reason: str, only: list[str] | None) -> dict[str, Any]:
    """To the person alone: some of their sessions ended, so the sockets signed in by them close.

    `only` lists the credentials ended (`session:<id>`, `token:<id>`); None means every socket.
    The server reacts to this event (forum/realtime/live.py) and closes them; the page says why.
    """
    return {"reason": reason, "user_id": user_id, "only": only}


def _day(value) -> str | None:
    return value.isoformat() if value is not None else None


def goal(item: Goal, days: int | None, checkins: int) -> dict[str, Any]:
    """One of the member's own goals: only ever sent to its owner."""
    return {
        "id": item.id,
        "title": item.title,
        "why": item.why,
        "kind": item.kind,
        "streak_started_on": _day(item.streak_started_on),
        "streak_days": days,
        "checkins": checkins,
        "created_at": _time(item.created_at),
        "archived": item.is_archived,
    }


def checkin(item: CheckIn) -> dict[str, Any]:
    return {"id": item.id, "goal_id": item.goal_id, "note": item.note, "mood": item.mood, "created_at": _time(item.created_at)}


def new_start(item: StreakRestart) -> dict[str, Any]:
    """A new start of a streak, with the length of the streak before it."""
    return {
        "id": item.id,
        "goal_id": item.goal_id,
        "previous_start": _day(item.previous_start),
        "previous_days": item.previous_days,
        "new_start": _day(item.new_start),
        "created_at": _time(item.created_at),
    }


def own_milestone(item: Milestone, shared_with: list[str]) -> dict[str, Any]:
    """A milestone as its owner sees it, with the slugs of the groups it is shared with."""
    return {
        "id": item.id,
        "goal_id": item.goal_id,
        "title": item.title,
        "days": item.days,
        "created_at": _time(item.created_at),
        "shared_with": shared_with,
    }


def goal_view(view: GoalView) -> dict[str, Any]:
    """A goal with its recent check-ins, new starts, milestones and the streak milestones on offer."""
    return {
        "goal": goal(view.goal, view.days, view.checkin_count),
        "checkins": [checkin(item) for item in view.checkins],
        "new_starts": [new_start(item) for item in view.new_starts],
        "milestones": [own_milestone(item, view.shared_with.get(item.id, [])) for item in view.milestones],
        "offered_milestones": view.offered,
    }


def congratulation(item: Congratulation) -> dict[str, Any]:
    return {"id": item.id, "author": user(item.author), "body": item.body, "created_at": _time(item.created_at)}


def celebration(
    item: Milestone, group_slug: str, shared_at, counts: dict[str, int], notes: list[Congratulation]
) -> dict[str, Any]:
    """A milestone shared with a group (the `milestone` event): never its goal, only what was shared."""
    return {
        "id": item.id,
        "group": group_slug,
        "member": user(item.owner),
        "title": item.title,
        "days": item.days,
        "shared_at": _time(shared_at),
        "reactions": counts,
        "congratulations": [congratulation(note) for note in notes],
    }


def celebrations(page: CelebrationPage) -> list[dict[str, Any]]:
    return [
        celebration(share.milestone, share.group.slug, share.shared_at, page.counts.get(share.id, {}),
                    page.congratulations.get(share.id, []))
        for share in page.shares
    ]


def milestone_removed(group_slug: str, milestone_id: int) -> dict[str, Any]:
    return {"group": group_slug, "id": milestone_id}


def milestone_reactions(group_slug: str, milestone_id: int, counts: dict[str, int]) -> dict[str, Any]:
    return {"group": group_slug, "milestone_id": milestone_id, "counts": counts}


def milestone_congratulation(group_slug: str, milestone_id: int, note: Congratulation) -> dict[str, Any]:
    return {"group": group_slug, "milestone_id": milestone_id, "congratulation": congratulation(note)}


def message_removed(item: RoomMessage) -> dict[str, Any]:
    """To the group's room: a moderator took this message away, or its author erased it with their account; clients drop it."""
    return {"group": item.group.slug, "message_id": item.id}


def context_post(item: Post, reported: bool) -> dict[str, Any]:
    """A post near a reported one, as a moderator reviews it (hidden words included)."""
    return {
        "type": "post", "id": item.id, "author": user(item.author), "body": item.body,
        "created_at": _time(item.created_at), "moderation": item.moderation, "deleted": item.is_deleted,
        "reported": reported,
    }


def context_message(item: RoomMessage, reported: bool) -> dict[str, Any]:
    """A room message near a reported one, as a moderator reviews it."""
    return {
        "type": "room_message", "id": item.id, "author": user(item.author), "body": item.body,
        "created_at": _time(item.created_at), "moderation": _message_state(item), "deleted": False,
        "reported": reported,
    }


def _message_state(item: RoomMessage) -> str | None:
    return "removed" if item.is_removed else "hidden" if item.hidden_at is not None else None


def mod_item(item: ModerationItem) -> dict[str, Any]:
    """A moderation item for moderators: the reports gathered on one target, and its state."""
    reasons: dict[str, int] = {}
    for report in item.reports:
        reasons[report.reason] = reasons.get(report.reason, 0) + 1
    return {
        "id": item.id,
        "target_type": item.target_type,
        "target_id": item.target_id,
        "group": item.group.slug if item.group is not None else None,
        "author": user(item.author),
        "status": item.status,
        "crisis": item.is_crisis,
        "held": item.is_held,
        "report_count": item.report_count,
        "reasons": reasons,
        "reports": [
            {"reporter": user(report.reporter), "automatic": report.is_automatic, "reason": report.reason, "note": report.note,
             "created_at": _time(report.created_at)}
            for report in item.reports
        ],
        "first_reported_at": _time(item.first_reported_at),
        "last_reported_at": _time(item.last_reported_at),
        "snapshot": {"title": item.snapshot_title, "body": item.snapshot_body},
        "claimed_by": user(item.claimed_by),
        "action": item.action,
        "resolution_reason": item.resolution_reason,
        "resolved_by": user(item.resolved_by),
        "resolved_at": _time(item.resolved_at),
    }


def item_review(review) -> dict[str, Any]:
    return {
        "item": mod_item(review.item),
        "still_there": review.still_there,
        "surroundings": review.surroundings,
        "author_history": [audit_entry(entry) for entry in review.history],
    }


def outcome(item: ModerationItem) -> str:
    """What a reporter is told: whether it was reviewed and what came of it, never by whom."""
    if item.status != "resolved":
        return "waiting for a moderator"
    return f"reviewed: {ITEM_ACTIONS[item.action]}"


def my_report(item: Report) -> dict[str, Any]:
    """One of the member's own reports, with its outcome and no moderator names."""
    return {**_my_report_outcome(item), "excerpt": _excerpt(item.item.summary)}


def audit_entry(item: AuditEntry) -> dict[str, Any]:
    return {
        "id": item.id,
        "created_at": _time(item.created_at),
        "actor": user(item.actor),
        "action": item.action,
        "member": user(item.member),
        "group": item.group.slug if item.group is not None else None,
        "item_id": item.item_id,
        "target_type": item.target_type,
        "target_id": item.target_id,
        "reason": item.reason,
        "before": item.before,
        "after": item.after,
    }


def notification(item: Notification) -> dict[str, Any]:
    return {
        "id": item.id, "kind": item.kind, "text": item.text, "quote": item.quote,
        "created_at": _time(item.created_at), "read": item.read_at is not None,
        "link": item.link, "actor": user(item.actor),
    }


def notification_event(item: Notification, unread: int) -> dict[str, Any]:
    """The `notification` event: a new (or newly gathered) notification and the member's unread count."""
    return {"notification": notification(item), "unread": unread}


def notifications_read(unread: int) -> dict[str, Any]:
    return {"unread": unread}


def technique_card(item: Technique) -> dict[str, Any]:
    """What a post or room message linking a technique shows of it."""
    return {"id": item.id, "title": item.title, "tags": item.tags}


def technique(item: Technique, mine: set[str] | None = None, saved: bool | None = None) -> dict[str, Any]:
    """A technique with its public mark totals; `my_marks` and `saved` only in answers to that member."""
    data = {
        **technique_card(item),
        "group": item.group.slug if item.group else None,
        "author": user(item.author),
        "steps": item.steps,
        "steps_html": item.steps_html,
        "when_it_helps": item.when_it_helps,
        "counts": {"tried": item.tried_count, "helped": item.helped_count},
        "created_at": _time(item.created_at),
    }
    if mine is not None:
        data["my_marks"] = sorted(mine)
    if saved is not None:
        data["saved"] = saved
    return data


def technique_page(page: TechniquePage) -> dict[str, Any]:
    return {"techniques": [technique(item) for item in page.items], "page": page.page, "next_page": page.next_page}


def technique_marks(item: Technique, mine: set[str]) -> dict[str, Any]:
    return {"technique_id": item.id, "counts": {"tried": item.tried_count, "helped": item.helped_count},
            "my_marks": sorted(mine)}


def search_results(results: SearchResults) -> dict[str, Any]:
    """Search hits, newest first; never a total (it would count what the reader may not see)."""
    return {
        "hits": [
            {"kind": hit.kind, "id": hit.id, "title": hit.title, "snippet": hit.snippet,
             "group": hit.group.slug if hit.group else None, "thread_id": hit.thread_id,
             "created_at": _time(hit.created_at)}
            for hit in results.hits
        ],
        "page": results.page,
        "next_page": results.next_page,
    }


def ack(**fields: Any) -> dict[str, Any]:
    """A Socket.IO acknowledgement that succeeded."""
    return {"ok": True, **fields}


def ack_error(code: str, message: str) -> dict[str, Any]:
    """A Socket.IO acknowledgement that failed, with a stable error code (docs/ERRORS.md)."""
    return {"ok": False, "error": code, "message": message}


# A member's own data, to take away (forum/services/export.py)

EXPORT_FORMAT = "forum-export/1"


def _export_post(item: Post, revisions: list) -> dict[str, Any]:
    """One of the member's posts; the thread is named only by id unless the member started it."""
    return {
        "id": item.id,
        "thread_id": item.thread_id,
        "group": item.thread.group.slug,
        "in_reply_to_post_id": item.parent_id,
        "body": item.body,
        "themes": themes_of(item.themes),
        "created_at": _time(item.created_at),
        "edited_at": _time(item.edited_at),
        "deleted": item.is_deleted,
        "moderation": item.moderation,
        "earlier_versions": [{"id": rev.id, "body": rev.body, "replaced_at": _time(rev.created_at)} for rev in revisions],
    }


def _my_report_outcome(item: Report) -> dict[str, Any]:
    """One of the member's reports: their own reason and note and the outcome; not the reported words."""
    return {
        "id": item.id,
        "target_type": item.item.target_type,
        "target_id": item.item.target_id,
        "reason": item.reason,
        "note": item.note,
        "created_at": _time(item.created_at),
        "status": "reviewed" if item.item.status == "resolved" else "open",
        "outcome": outcome(item.item),
    }


def member_export(data, shares: dict[int, Any]) -> dict[str, Any]:
    """Everything in a MemberData (forum/services/export.py) as plain JSON; `shares` maps the ids of the
    shared milestones the member reacted to or congratulated to their MilestoneShare."""
    member = data.user
    revisions: dict[int, list] = {}
    for rev in data.revisions:
        revisions.setdefault(rev.post_id, []).append(rev)
    return {
        "format": EXPORT_FORMAT,
        "profile": {
            "id": member.id, "username": member.username, "display_name": member.display_name,
            "pronouns": member.pronouns, "bio": member.bio, "email": member.email,
            "is_site_admin": member.is_site_admin, "created_at": _time(member.created_at),
        },
        "memberships": [
            {"id": row.id, "group": row.group.slug, "group_name": row.group.name, "role": row.role, "status": row.status,
             "agreement_accepted_at": _time(row.agreement_accepted_at), "muted_until": _time(row.muted_until),
             "created_at": _time(row.created_at)}
            for row in data.memberships
        ],
        "threads": [
            {"id": row.id, "group": row.group.slug, "title": row.title, "response_preference": row.response_preference,
             "content_warning": row.content_warning, "themes": themes_of(row.themes), "created_at": _time(row.created_at),
             "moderation": row.moderation}
            for row in data.threads
        ],
        "posts": [_export_post(row, revisions.get(row.id, [])) for row in data.posts],
        "room_messages": [
            {"id": row.id, "group": row.group.slug, "body": row.body, "reply_to_message_id": row.reply_to_id,
             "themes": themes_of(row.themes), "created_at": _time(row.created_at), "removed": row.is_removed, "hidden": row.hidden_at is not None}
            for row in data.room_messages
        ],
        "goals": [
            {"id": row.id, "title": row.title, "why": row.why, "kind": row.kind,
             "streak_started_on": _day(row.streak_started_on), "created_at": _time(row.created_at),
             "archived_at": _time(row.archived_at)}
            for row in data.goals
        ],
        "checkins": [checkin(row) for row in data.checkins],
        "new_starts": [new_start(row) for row in data.new_starts],
        "milestones": [own_milestone(row, data.shared_with.get(row.id, [])) for row in data.milestones],
        "techniques": [
            {"id": row.id, "group": row.group.slug if row.group is not None else None, "title": row.title,
             "steps": row.steps, "when_it_helps": row.when_it_helps, "tags": row.tags, "created_at": _time(row.created_at)}
            for row in data.techniques
        ],
        "technique_marks": [
            {"id": row.id, "technique_id": row.technique_id, "kind": row.kind, "created_at": _time(row.created_at)}
            for row in data.technique_marks
        ],
        "toolkit": [
            {"id": row.id, "technique_id": row.technique_id, "title": row.technique.title, "saved_at": _time(row.created_at)}
            for row in data.toolkit
        ],
        "post_reactions": [
            {"id": row.id, "post_id": row.post_id, "kind": row.kind, "created_at": _time(row.created_at)}
            for row in data.post_reactions
        ],
        "room_message_reactions": [
            {"id": row.id, "message_id": row.message_id, "kind": row.kind, "created_at": _time(row.created_at)}
            for row in data.room_message_reactions
        ],
        "milestone_reactions": [
            {"id": row.id, "milestone_id": shares[row.share_id].milestone_id, "group": shares[row.share_id].group.slug,
             "kind": row.kind, "created_at": _time(row.created_at)}
            for row in data.milestone_reactions
        ],
        "congratulations": [
            {"id": row.id, "milestone_id": shares[row.share_id].milestone_id, "group": shares[row.share_id].group.slug,
             "body": row.body, "created_at": _time(row.created_at)}
            for row in data.congratulations
        ],
        "reports": [_my_report_outcome(row) for row in data.reports],
        "blocks": [
            {"id": row.id, "username": row.blocked.username, "created_at": _time(row.created_at)} for row in data.blocks
        ],
        "sessions": [
            {"created_at": _time(row.created_at), "last_seen_at": _time(row.last_seen_at),
             "ended_at": _time(row.ended_at), "ended_reason": row.ended_reason}
            for row in data.sessions
        ],
        "tokens": [
            {"id": row.id, "name": row.name, "created_at": _time(row.created_at), "revoked_at": _time(row.revoked_at)}
            for row in data.tokens
        ],
    }
