"""Notifications: private notes to one member about what concerns them.

A note is added to the caller's transaction and announced to the member's own room once that
commits (`notification`, with their new unread count). Nobody is told about their own acts, about
anything done by someone they blocked, about a kind they turned off (moderators' decisions can't
be turned off), or about a group's content they may not read (a private group they left).

Reactions are gathered: while a member has an unread note about reactions to one post (or one
shared milestone), the next reaction rewrites that note ("Ben and 3 others reacted ...") instead
of adding another, so ten reactions are one notification.
"""
from __future__ import annotations

import sqlalchemy as sa

from forum import payloads
from forum.events import publish
from forum.extensions import db
from forum.models import (
    Block, Congratulation, Group, MilestoneReaction, MilestoneShare, Notification, NotificationMute, Post, Reaction,
    RoomMessage, Thread, User,
)
from forum.models.base import utcnow
from forum.rooms import user_room
from forum.services import access, blocks, mentions
from forum.services.errors import Invalid, Unauthorized

LIST_LIMIT = 100
QUOTE_LENGTH = 200
# The kinds a member can turn on and off, as the settings page names them; all are on at first.
CHOICES = {
    "reply": "Replies to my threads and posts",
    "reaction": "Reactions to my posts",
    "milestone": "Reactions and congratulations on milestones I share",
    "mention": "Mentions of me (@username) in posts, threads and live rooms",
}
ALWAYS_ON = "moderation"  # moderators' decisions about what one wrote: always told
KINDS = (*CHOICES, ALWAYS_ON)


def _signed_in(user: User | None) -> User:
    if not access.signed_in(user):
        raise Unauthorized("Sign in first.")
    return user


# Telling


def _muted(user: User, kind: str) -> bool:
    if kind == ALWAYS_ON:
        return False
    return db.session.scalar(
        sa.select(NotificationMute.id).where(NotificationMute.user_id == user.id, NotificationMute.kind == kind)
    ) is not None


def _wanted(user: User, kind: str, actor: User | None, group: Group | None, live: bool) -> bool:
    """Whether `user` is to hear of this: not their own act, not a blocked member's, a kind they
    keep on, about content they may see (`live`: a live room's or its celebrations', for members only)."""
    if actor is not None and (actor.id == user.id or blocks.blocked_among(user, [actor.id])):
        return False
    if group is not None and not (access.is_member(user, group) if live else access.can_read(user, group)):
        return False
    return not _muted(user, kind)


def _announce(user: User, notification: Notification) -> None:
    db.session.flush()
    publish("notification", payloads.notification_event(notification, unread_count(user)), user_room(user.id))


def notify(
    user: User,
    kind: str,
    text: str,
    quote: str = "",
    *,
    actor: User | None = None,
    link: str = "",
    group: Group | None = None,
    live: bool = False,
) -> Notification | None:
    """Add a notification to the current transaction (the caller commits); None when `user` is not to be told.

    `group`: the notification is about that group's content, so only someone who may read it is told.
    """
    if not _wanted(user, kind, actor, group, live):
        return None
    notification = Notification(
        user_id=user.id, kind=kind, text=text, quote=quote, actor_id=actor.id if actor else None, link=link
    )
    db.session.add(notification)
    _announce(user, notification)
    return notification


def _gather(
    user: User, kind: str, subject: str, text: str, quote: str, actor: User, link: str, group: Group, live: bool
) -> Notification | None:
    """Rewrite the unread notification about `subject`, or add one."""
    if not _wanted(user, kind, actor, group, live):
        return None
    unread = db.session.scalar(
        sa.select(Notification).where(
            Notification.user_id == user.id, Notification.subject == subject, Notification.read_at.is_(None)
        )
    )
    if unread is None:
        unread = Notification(user_id=user.id, kind=kind, subject=subject)
        db.session.add(unread)
    unread.text, unread.quote, unread.actor_id, unread.link, unread.created_at = text, quote, actor.id, link, utcnow()
    _announce(user, unread)
    return unread


def _excerpt(text: str) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= QUOTE_LENGTH else flat[: QUOTE_LENGTH - 1].rstrip() + "…"


def post_link(post: Post) -> str:
    return f"/threads/{post.thread_id}#post-{post.id}"


def _others(count: int) -> str:
    if count <= 0:
        return ""
    return " and 1 other" if count == 1 else f" and {count} others"


def _reactors(column: sa.Column, target_id: int, user_column: sa.Column, owner: User, actor: User) -> int:
    """How many people besides `actor` (and the owner, and anyone the owner blocked) reacted."""
    blocked = sa.select(Block.blocked_id).where(Block.blocker_id == owner.id)
    return db.session.scalar(
        sa.select(sa.func.count(sa.distinct(user_column))).where(
            column == target_id, user_column.not_in([owner.id, actor.id]), user_column.not_in(blocked)
        )
    )


def thread_started(thread: Thread, post: Post) -> None:
    """A new thread: members it mentions are told."""
    _mentions(thread.author, f"{post.body}\n{thread.title}", thread.group, post_link(post),
              f"mentioned you in the thread “{thread.title}”.", _excerpt(post.body), skip=set())


def reply_posted(post: Post, parent: Post) -> None:
    """A reply: the thread's author and the author of the post answered are told, then those it mentions."""
    thread, author = post.thread, post.author
    told: set[int] = set()
    if thread.author is not None:
        where = f"replied to your thread “{thread.title}”."
        if notify(thread.author, "reply", f"{author.shown_name} {where}", _excerpt(post.body), actor=author,
                  link=post_link(post), group=thread.group):
            told.add(thread.author_id)
    if parent.depth > 0 and parent.author is not None and parent.author_id not in told:
        where = f"replied to your post in “{thread.title}”."
        if notify(parent.author, "reply", f"{author.shown_name} {where}", _excerpt(post.body), actor=author,
                  link=post_link(post), group=thread.group):
            told.add(parent.author_id)
    _mentions(author, post.body, thread.group, post_link(post), f"mentioned you in “{thread.title}”.",
              _excerpt(post.body), skip=told)


def room_message_sent(message: RoomMessage) -> None:
    """A live-room message: the room's members it mentions are told."""
    group = message.group
    _mentions(message.author, message.body, group, f"/groups/{group.slug}/room",
              f"mentioned you in the live room of {group.name}.", _excerpt(message.body), skip=set(), live=True)


def _mentions(
    author: User, text: str, group: Group, link: str, what: str, quote: str, skip: set[int], live: bool = False
) -> None:
    for member in mentions.mentioned_members(text):
        if member.id not in skip:
            notify(member, "mention", f"{author.shown_name} {what}", quote, actor=author, link=link, group=group,
                   live=live)


def post_reacted(post: Post, actor: User) -> None:
    """A reaction to a post: its author's unread note about that post's reactions says who and how many."""
    owner = post.author
    if owner is None:
        return
    others = _reactors(Reaction.post_id, post.id, Reaction.user_id, owner, actor)
    text = f"{actor.shown_name}{_others(others)} reacted to your post in “{post.thread.title}”."
    _gather(owner, "reaction", f"post:{post.id}", text, _excerpt(post.body), actor, post_link(post),
            post.thread.group, live=False)


def _celebration_link(share: MilestoneShare) -> str:
    return f"/groups/{share.group.slug}/celebrations#celebration-{share.milestone_id}"


def milestone_reacted(share: MilestoneShare, actor: User) -> None:
    """A reaction to a shared milestone, gathered like reactions to a post."""
    owner = share.milestone.owner
    others = _reactors(MilestoneReaction.share_id, share.id, MilestoneReaction.user_id, owner, actor)
    text = (f"{actor.shown_name}{_others(others)} reacted to your milestone “{share.milestone.title}” "
            f"in {share.group.name}.")
    _gather(owner, "milestone", f"share:{share.id}", text, "", actor, _celebration_link(share), share.group, live=True)


def milestone_congratulated(share: MilestoneShare, note: Congratulation) -> None:
    """A congratulation on a shared milestone, with its words."""
    text = f"{note.author.shown_name} congratulated you on “{share.milestone.title}” in {share.group.name}."
    notify(share.milestone.owner, "milestone", text, note.body, actor=note.author, link=_celebration_link(share),
           group=share.group, live=True)


# Reading


def for_member(user: User | None) -> list[Notification]:
    """The member's latest notifications, newest (or most recently gathered) first."""
    member = _signed_in(user)
    return list(
        db.session.scalars(
            sa.select(Notification)
            .where(Notification.user_id == member.id)
            .order_by(Notification.created_at.desc(), Notification.id.desc())
            .limit(LIST_LIMIT)
        )
    )


def open_inbox(user: User | None) -> tuple[list[Notification], set[int]]:
    """The member's latest notifications and the ids of the unread ones, which are then all marked
    read (the member is opening them). The rows are detached first, so the commit does not expire
    them and the page reads them without one more query each."""
    shown = for_member(user)
    unread = {note.id for note in shown if note.read_at is None}
    for note in shown:
        db.session.expunge(note)
    mark_all_read(user)
    return shown, unread


# Built once: the header's badge asks on every page.
_UNREAD_COUNT = sa.select(sa.func.count(Notification.id)).where(
    Notification.user_id == sa.bindparam("user_id"), Notification.read_at.is_(None)
)


def unread_count(user: User | None) -> int:
    if not access.signed_in(user):
        return 0
    return db.session.scalar(_UNREAD_COUNT, {"user_id": user.id})


def mark_all_read(user: User | None) -> int:
    """Mark every notification read; returns how many were unread. The member's other pages hear of it."""
    member = _signed_in(user)
    marked = db.session.execute(
        sa.update(Notification)
        .where(Notification.user_id == member.id, Notification.read_at.is_(None))
        .values(read_at=utcnow())
    ).rowcount
    if marked:
        publish("notifications_read", payloads.notifications_read(0), user_room(member.id))
    db.session.commit()
    return marked


# Preferences


def preferences(user: User | None) -> dict[str, bool]:
    """{kind: on} for every kind, moderation (always on) included."""
    member = _signed_in(user)
    off = set(db.session.scalars(sa.select(NotificationMute.kind).where(NotificationMute.user_id == member.id)))
    return {kind: kind not in off for kind in KINDS}


def set_preferences(user: User | None, choices: object) -> dict[str, bool]:
    """Turn kinds on or off: `{kind: true or false}`; kinds not named stay as they are."""
    member = _signed_in(user)
    if not isinstance(choices, dict):
        raise Invalid("Send the kinds to turn on or off as an object: {\"reply\": false}.")
    for kind, on in choices.items():
        if kind == ALWAYS_ON:
            if on is not True:
                raise Invalid("Moderators' decisions about what you wrote are always sent; they can't be turned off.",
                              field=kind)
        elif kind not in CHOICES:
            raise Invalid(f"The kinds are {', '.join(KINDS)}.", field=str(kind)[:40])
        elif not isinstance(on, bool):
            raise Invalid("Each kind is true (on) or false (off).", field=kind)
    current = preferences(member)
    for kind, on in choices.items():
        if kind == ALWAYS_ON or current[kind] == on:
            continue
        if on:
            db.session.execute(
                sa.delete(NotificationMute).where(NotificationMute.user_id == member.id, NotificationMute.kind == kind)
            )
        else:
            db.session.add(NotificationMute(user_id=member.id, kind=kind))
    try:
        db.session.commit()
    except sa.exc.IntegrityError:  # the same change from another tab won the race: same end state
        db.session.rollback()
    return preferences(member)
