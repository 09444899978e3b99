"""A group's live room: who may enter, the stored history, sending and reacting.

Every message is stored before it is announced (publish-after-commit), with an id that only
grows, so a client that lost its connection asks for `messages_after(its last id)` and misses
nothing. The sender's `client_id` makes sending idempotent: a retry returns the stored message.
"""
from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa
import sqlalchemy.orm as so
from flask import current_app
from limits import parse
from limits.strategies import MovingWindowRateLimiter

from forum import payloads, themes as theme_list
from forum.events import publish
from forum.extensions import db, limiter
from forum.models import Group, Membership, RoomMessage, RoomMessageReaction, Technique, User
from forum.models.base import utcnow
from forum.models.room import MESSAGE_REACTION_KINDS
from forum.rooms import group_room, user_room
from forum.services import access, blocks, mentions, notifications, room_store, watched_words
from forum.services.tallies import count_reactions, reactions_of
from forum.services.techniques import linked_techniques
from forum.services.errors import (
    Banned, Invalid, Muted, NotFound, NotMember, RateLimited, ServiceError, Unauthorized,
)
from forum.services.validation import required_body
from forum.services.watched_words import Verdict
from forum.text import render_markdown

MAX_MESSAGE = 4000
PAGE_SIZE = 50


@dataclass
class MessagePage:
    """Messages in id order; `more` when further messages follow the last one."""

    messages: list[RoomMessage]
    more: bool
    reactions: dict[int, dict[str, int]] = field(default_factory=dict)
    mine: dict[int, set[str]] = field(default_factory=dict)  # the reader's own reactions
    techniques: dict[int, Technique] = field(default_factory=dict)  # the technique each message links


def get_room_group(slug: object) -> Group:
    if not isinstance(slug, str):
        raise Invalid("Say which group: `group` is the group's slug.", field="group")
    return access.get_group(slug)


def require_room_member(user: User | None, group: Group) -> Membership:
    """An active member who accepted the group's agreement (moderators, appointed by a site admin,
    may enter without it); a banned one is told so."""
    if not access.signed_in(user):
        raise Unauthorized("Sign in first.")
    membership = access.membership_of(user, group)
    if membership is not None and membership.is_banned:
        raise Banned("You can't enter this room: a moderator has removed you from the group.")
    accepted = membership is not None and (membership.agreement_accepted_at is not None or membership.is_moderator)
    if membership is None or not membership.is_active or not accepted:
        raise NotMember("Join this group and accept its agreement to enter its room.")
    return membership


def require_voice(user: User | None, group: Group) -> Membership:
    """A room member who may write: not muted."""
    return _unmuted(require_room_member(user, group))


def _unmuted(membership: Membership) -> Membership:
    if membership.is_muted(utcnow()):
        until = membership.muted_until.strftime("%Y-%m-%d %H:%M UTC")
        raise Muted(f"You can read this room, but a moderator has paused your messages until {until}.")
    return membership


def _after_id(after: object) -> int:
    if not isinstance(after, int) or isinstance(after, bool) or not 0 <= after <= access.MAX_ID:
        raise Invalid("`after` is the id of the last message you have (0 for the start).", field="after")
    return after


def _page(reader: User, query: sa.Select, newest_first: bool) -> MessagePage:
    rows = list(
        db.session.scalars(
            query.options(
                so.joinedload(RoomMessage.author),
                so.joinedload(RoomMessage.reply_to).joinedload(RoomMessage.author),
            )
            .order_by(RoomMessage.id.desc() if newest_first else RoomMessage.id)
            .limit(PAGE_SIZE + 1)
        )
    )
    more = len(rows) > PAGE_SIZE
    rows = rows[:PAGE_SIZE]
    if newest_first:
        rows.reverse()
        more = False  # the latest page: nothing newer follows it
    ids = [row.id for row in rows]
    mine = reactions_of(reader.id, RoomMessageReaction.user_id, RoomMessageReaction.message_id, RoomMessageReaction.kind, ids)
    return MessagePage(rows, more, reaction_counts(ids), mine, _linked_techniques(rows))


def _linked_techniques(messages: list[RoomMessage]) -> dict[int, Technique]:
    """The first technique each message links to, as techniques.linked_techniques allows it."""
    if not messages:
        return {}
    texts = {message.id: message.body for message in messages if not message.is_removed}
    return {message_id: found[0] for message_id, found in linked_techniques(texts, messages[0].group).items()}


def _history(user: User, group: Group) -> sa.Select:
    """The room's messages this member may see: removed ones are gone from the history, hidden
    and held ones stay for their author and the group's moderators."""
    query = sa.select(RoomMessage).where(RoomMessage.group_id == group.id, RoomMessage.removed_at.is_(None))
    if not access.is_group_moderator(user, group):
        shown = sa.and_(RoomMessage.hidden_at.is_(None), RoomMessage.held_at.is_(None))
        query = query.where(sa.or_(shown, RoomMessage.author_id == user.id))
    return query


def _after(reader: User, group: Group, after_id: int) -> MessagePage:
    return _page(reader, _history(reader, group).where(RoomMessage.id > after_id), False)


def messages_after(user: User | None, group: Group, after: object) -> MessagePage:
    """Up to PAGE_SIZE messages with ids above `after`, oldest first (`sync`)."""
    require_room_member(user, group)
    return _after(user, group, _after_id(after))


def join_room(
    user: User | None, group: Group, after: object = None, admitted: Callable[[], None] = lambda: None
) -> MessagePage:
    """Check entry and give the history to show: the messages after `after`, or the latest page.

    `admitted()` runs once entry is allowed and before the history is read: the caller subscribes
    the socket there, so no message can fall between the history and the live feed.
    """
    require_room_member(user, group)
    after_id = None if after is None else _after_id(after)
    admitted()
    if after_id is not None:
        return _after(user, group, after_id)
    return _page(user, _history(user, group), True)


def _client_id(value: object) -> str:
    """The sender's UUID for this message, in canonical form."""
    try:
        if isinstance(value, str) and len(value) <= 36:
            return str(uuid.UUID(value))
    except ValueError:
        pass
    raise Invalid("`client_id` is a UUID the client makes for each new message.", field="client_id")


def _find_sent(user: User, group: Group, client_id: str) -> RoomMessage | None:
    sent = db.session.scalar(
        sa.select(RoomMessage).where(RoomMessage.author_id == user.id, RoomMessage.client_id == client_id)
    )
    if sent is not None and sent.group_id != group.id:
        raise Invalid("That `client_id` was already used for a message in another room.", field="client_id")
    return sent


def _reply_target(group: Group, reply_to: object) -> RoomMessage | None:
    if reply_to is None:
        return None
    if not isinstance(reply_to, int) or isinstance(reply_to, bool):
        raise Invalid("`reply_to` is the id of the message you answer.", field="reply_to")
    target = access.find_by_id(RoomMessage, reply_to)
    if target is None or target.group_id != group.id:
        raise NotFound("The message you are replying to is not in this room.")
    if target.is_removed:
        raise Invalid("That message was removed, so it can't be replied to.", field="reply_to")
    if target.is_held:
        raise Invalid("That message is waiting for a moderator's review, so it can't be replied to yet.", field="reply_to")
    return target


def _take_send_token(user: User) -> None:
    if not limiter.enabled:
        return
    rate = parse(current_app.config["ROOM_SEND_LIMIT"])
    if not MovingWindowRateLimiter(limiter.storage).hit(rate, "room-send", str(user.id)):
        raise RateLimited("You're sending faster than the room allows. Wait a few seconds; your message is kept.")


@dataclass(frozen=True)
class SentMessage:
    """A stored room message as announced (`payloads.room_message`), and what watched words found in it."""

    message: dict[str, Any]
    verdict: Verdict


def send_room_message(
    user: User | None, group: Group, body: object, client_id: object, reply_to: object = None, themes: object = None
) -> SentMessage:
    """Store a message and announce it to the room; a retry with the same client_id gets the stored one.

    A new message, the common case, costs no lookup of its client_id: the unique (author, client_id)
    constraint catches a retry, and so does any refusal, since a retry must get the stored message
    even if the member was muted or the rate limit reached since. The message comes back as
    announced, built once before the commit, so answering the sender costs no second round of
    queries. A retry screens the stored words again, so its answer carries the crisis help too,
    should the first answer have been lost.
    """
    membership = require_room_member(user, group)
    client_key = _client_id(client_id)
    try:
        return _store_new_message(user, group, membership, client_key, body, reply_to, themes)
    except (ServiceError, sa.exc.IntegrityError):
        db.session.rollback()
        sent = _find_sent(user, group, client_key)
        if sent is None:
            raise
        return _as_sent(sent, group)


def _store_new_message(
    user: User, group: Group, membership: Membership, client_key: str, body: object, reply_to: object, themes: object
) -> SentMessage:
    _unmuted(membership)
    text = required_body(body, label="A message", max_length=MAX_MESSAGE)
    tagged = theme_list.clean_themes(themes)
    target = _reply_target(group, reply_to)
    if target is not None:
        blocks.require_can_reply(user, target.author_id)
    verdict = watched_words.screen(text, group)
    verdict.refuse_if_blocked()
    _take_send_token(user)
    now = utcnow()
    message = RoomMessage(
        group=group,
        author=user,
        client_id=client_key,
        body=text,
        body_html=render_markdown(text),
        reply_to=target,
        themes=theme_list.to_text(tagged),
        created_at=now,
        held_at=now if verdict.needs_approval else None,
    )
    # A report or a mention's notification commits with its message; the common message has neither.
    alone = not verdict.reported(message.is_held) and not mentions.mentioned_names(text)
    message.id = room_store.insert(message, commit_alone=alone)
    watched_words.report_matches(verdict, "room_message", message.id, held=message.is_held)
    announced = payloads.room_message(message, {}, technique=_linked_techniques([message]).get(message.id))
    # A held message reaches only its author's own sockets until a moderator approves it.
    publish("message", announced, user_room(user.id) if message.is_held else group_room(group.id))
    if not message.is_held:
        notifications.room_message_sent(message)
    db.session.commit()
    return SentMessage(announced, verdict)


def _as_sent(message: RoomMessage, group: Group) -> SentMessage:
    counts = reaction_counts([message.id]).get(message.id, {})
    technique = _linked_techniques([message]).get(message.id)
    return SentMessage(payloads.room_message(message, counts, technique=technique), watched_words.screen(message.body, group))


def react_to_message(user: User | None, group: Group, message_id: object, kind: object, on: object) -> dict[str, int]:
    """Add (on=True) or take back a reaction; one of each kind per member. Returns the message's counts."""
    require_voice(user, group)
    if not isinstance(kind, str) or kind not in MESSAGE_REACTION_KINDS:
        raise Invalid("A reaction is `support` or `celebrate`.", field="kind")
    if not isinstance(on, bool):
        raise Invalid("`on` is true to react, false to take it back.", field="on")
    message = access.find_by_id(RoomMessage, message_id)
    if message is None or message.group_id != group.id or message.is_removed or message.is_held:
        raise NotFound("There is no such message in this room.")
    mine = sa.and_(
        RoomMessageReaction.message_id == message.id,
        RoomMessageReaction.user_id == user.id,
        RoomMessageReaction.kind == kind,
    )
    existing = db.session.scalar(sa.select(RoomMessageReaction).where(mine))
    if (existing is not None) == on:
        return reaction_counts([message.id]).get(message.id, {})
    if on:
        db.session.add(RoomMessageReaction(message_id=message.id, user_id=user.id, kind=kind))
    else:
        db.session.delete(existing)
    try:
        db.session.flush()
    except sa.exc.IntegrityError:  # an identical reaction from another tab won the race: same end state
        db.session.rollback()
        return reaction_counts([message.id]).get(message.id, {})
    counts = reaction_counts([message.id]).get(message.id, {})
    publish("message_reaction", payloads.message_reactions(group, message.id, counts), group_room(group.id))
    db.session.commit()
    return counts


def reaction_counts(message_ids: list[int]) -> dict[int, dict[str, int]]:
    return count_reactions(RoomMessageReaction.message_id, RoomMessageReaction.kind, message_ids)


def groups_with_ids(group_ids: list[int]) -> list[Group]:
    if not group_ids:
        return []
    return list(db.session.scalars(sa.select(Group).where(Group.id.in_(group_ids))))
