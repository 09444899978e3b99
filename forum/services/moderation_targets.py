"""What can be reported, and what hiding or removing each kind of target does.

A target type is one class registered in TARGET_TYPES: add a class to make a new kind of content
reportable. `readable` loads a target for a reporter (who must
be able to read it: anything else is NotFound), `find` loads it for a moderator, and `hide` /
`remove` change it and queue the live events.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

import sqlalchemy as sa

from forum import payloads
from forum.events import publish
from forum.extensions import db
from forum.models import Group, Membership, Post, RoomMessage, Technique, Thread, User
from forum.models.base import utcnow
from forum.models.moderation import UNPUBLISHED
from forum.rooms import group_room, thread_room, user_room
from forum.services import access, notifications, room_store, rooms, techniques, threads
from forum.services.errors import Banned, Invalid, NotFound, NotMember


@dataclass
class Target:
    """A reported thing as a moderator sees it: where it is, who wrote it, and its words."""

    type: str
    id: int
    content: Any
    group: Group | None
    author: User | None
    title: str = ""
    body: str = ""


class TargetType:
    name: ClassVar[str]
    label: ClassVar[str]
    content_actions: ClassVar[bool] = True  # hide and remove apply to it

    def readable(self, reporter: User, target_id: object, group_slug: object) -> Target:
        raise NotImplementedError

    def find(self, target_id: int, group: Group | None) -> Target | None:
        raise NotImplementedError

    def hide(self, target: Target) -> None:
        raise NotImplementedError

    def remove(self, target: Target) -> None:
        raise NotImplementedError

    def restore(self, target: Target) -> None:
        """Undo a hide: the content is shown to everyone again."""
        raise NotImplementedError

    def context(self, target: Target) -> list[dict[str, Any]]:
        """What surrounds the target (nearby posts or messages), for a moderator's review."""
        return []

    def approve(self, target: Target) -> None:
        """Publish held content: it appears and is announced as if it had just been written."""
        raise Invalid("Only held content can be approved.", field="action")

    def reject(self, target: Target) -> None:
        """Turn held content down: it stays with its author only, who may edit and send it again."""
        raise Invalid("Only held content can be rejected.", field="action")


def _post_target(kind: str, post: Post) -> Target:
    return Target(kind, post.id, post, post.thread.group, post.author, post.thread.title, post.body)


class PostTarget(TargetType):
    name, label = "post", "post"
    AROUND = 3

    def readable(self, reporter, target_id, group_slug):
        post = access.get_readable_post(reporter, target_id)
        if post.is_deleted or post.is_removed or post.moderation in UNPUBLISHED:
            raise NotFound("There is no such post.")
        return _post_target(self.name, post)

    def find(self, target_id, group):
        post = access.find_by_id(Post, target_id)
        return _post_target(self.name, post) if post is not None else None

    def _set(self, target: Target, state: str | None) -> None:
        post: Post = target.content
        post.moderation = state
        publish("thread_post", payloads.post(post), thread_room(post.thread_id))

    def hide(self, target):
        self._set(target, "hidden")

    def remove(self, target):
        self._set(target, "removed")

    def restore(self, target):
        self._set(target, None)

    def context(self, target):
        post: Post = target.content
        before = db.session.scalars(
            sa.select(Post).where(Post.thread_id == post.thread_id, Post.path < post.path)
            .order_by(Post.path.desc()).limit(self.AROUND)
        )
        after = db.session.scalars(
            sa.select(Post).where(Post.thread_id == post.thread_id, Post.path > post.path)
            .order_by(Post.path).limit(self.AROUND)
        )
        return [payloads.context_post(item, item.id == post.id) for item in [*reversed(list(before)), post, *after]]

    def approve(self, target):
        post: Post = target.content
        threads.set_review_state(post, None)
        threads.announce_reply(post, utcnow())

    def reject(self, target):
        threads.set_review_state(target.content, "rejected")


class ThreadTarget(PostTarget):
    """A thread: its title and opening post. Hiding or removing it does so to both."""

    name, label = "thread", "thread"

    def _target(self, thread: Thread) -> Target:
        opening = threads.opening_post(thread)
        return Target(self.name, thread.id, thread, thread.group, thread.author, thread.title, opening.body)

    def readable(self, reporter, target_id, group_slug):
        thread = access.get_readable_thread(reporter, target_id)
        if thread.moderation in ("removed", *UNPUBLISHED):
            raise NotFound("There is no such thread.")
        return self._target(thread)

    def find(self, target_id, group):
        thread = access.find_by_id(Thread, target_id)
        return self._target(thread) if thread is not None else None

    def _set(self, target, state):
        thread: Thread = target.content
        thread.moderation = state
        opening = threads.opening_post(thread)
        super()._set(_post_target("post", opening), state)

    def context(self, target):
        opening = threads.opening_post(target.content)
        return super().context(_post_target("post", opening))

    def approve(self, target):
        opening = threads.opening_post(target.content)
        threads.set_review_state(opening, None)
        notifications.thread_started(target.content, opening)

    def reject(self, target):
        threads.set_review_state(threads.opening_post(target.content), "rejected")


class RoomMessageTarget(TargetType):
    name, label = "room_message", "message in the live room"
    AROUND = 5

    def readable(self, reporter, target_id, group_slug):
        message = access.find_by_id(RoomMessage, target_id)
        if message is None or message.is_removed or message.hidden_at is not None or message.is_held:
            raise NotFound("There is no such message.")
        try:
            rooms.require_room_member(reporter, message.group)
        except (Banned, NotMember):
            raise NotFound("There is no such message.") from None
        return self._target(message)

    def _target(self, message: RoomMessage) -> Target:
        return Target(self.name, message.id, message, message.group, message.author, "", message.body)

    def find(self, target_id, group):
        message = access.find_by_id(RoomMessage, target_id)
        return self._target(message) if message is not None else None

    def _take_away(self, message: RoomMessage) -> None:
        """Every connected client drops the message; the history no longer gives it (rooms._history)."""
        publish("message_removed", payloads.message_removed(message), group_room(message.group_id))

    def hide(self, target):
        target.content.hidden_at = utcnow()
        self._take_away(target.content)

    def remove(self, target):
        target.content.removed_at = utcnow()
        self._take_away(target.content)

    def restore(self, target):
        """The message comes back: announced again as a `message`, which clients place by its id."""
        message: RoomMessage = target.content
        message.hidden_at = None
        counts = rooms.reaction_counts([message.id]).get(message.id, {})
        publish("message", payloads.room_message(message, counts), group_room(message.group_id))

    def approve(self, target):
        """The held message is published under a new id, the room's newest: clients that catch up
        with `sync` after their last id get it too, and the order ids promise holds. The author's
        sockets drop the held copy (`message_removed`) as the published one arrives."""
        held: RoomMessage = target.content
        published = RoomMessage(
            group_id=held.group_id, author_id=held.author_id, client_id=held.client_id, body=held.body,
            body_html=held.body_html, reply_to_id=held.reply_to_id, themes=held.themes, created_at=utcnow(),
        )
        if held.author_id is not None:
            publish("message_removed", payloads.message_removed(held), user_room(held.author_id))
        db.session.delete(held)
        db.session.flush()
        room_store.lock_room(held.group)
        db.session.add(published)
        db.session.flush()
        target.id, target.content = published.id, published
        publish("message", payloads.room_message(published, {}), group_room(published.group_id))
        notifications.room_message_sent(published)

    def reject(self, target):
        """The message is taken away from its author's view too; the notification quotes their words."""
        message: RoomMessage = target.content
        message.removed_at = utcnow()
        if message.author_id is not None:
            publish("message_removed", payloads.message_removed(message), user_room(message.author_id))

    def context(self, target):
        message: RoomMessage = target.content
        in_room = sa.select(RoomMessage).where(RoomMessage.group_id == message.group_id)
        before = db.session.scalars(
            in_room.where(RoomMessage.id < message.id).order_by(RoomMessage.id.desc()).limit(self.AROUND)
        )
        after = db.session.scalars(in_room.where(RoomMessage.id > message.id).order_by(RoomMessage.id).limit(self.AROUND))
        return [
            payloads.context_message(item, item.id == message.id)
            for item in [*reversed(list(before)), message, *after]
        ]


class MemberTarget(TargetType):
    """A member. Reported from a group (`group`: its slug) the group's moderators see it; without
    one, the site admins do."""

    name, label = "member", "member"
    content_actions = False

    def readable(self, reporter, target_id, group_slug):
        member = access.find_by_id(User, target_id)
        if member is None or not member.is_active:
            raise NotFound("There is no such member.")
        group = None
        if group_slug is not None:
            group = access.get_group(group_slug)
            if not access.can_read(reporter, group) or not self._belongs(member, group):
                raise NotFound("That member is not in that group.")
        return self._target(member, group)

    @staticmethod
    def _belongs(member: User, group: Group) -> bool:
        return db.session.scalar(
            sa.select(Membership.id).where(Membership.group_id == group.id, Membership.user_id == member.id)
        ) is not None

    def _target(self, member: User, group: Group | None) -> Target:
        return Target(self.name, member.id, member, group, member, member.shown_name, member.bio)

    def find(self, target_id, group):
        member = access.find_by_id(User, target_id)
        return self._target(member, group) if member is not None else None

    def hide(self, target):
        raise Invalid("A member can't be hidden: warn, mute, ban or suspend them instead.", field="action")

    remove = restore = hide


class TechniqueTarget(TargetType):
    """A shared technique: a group's goes to that group's moderators, a site-wide one to the site admins."""

    name, label = "technique", "shared technique"

    def readable(self, reporter, target_id, group_slug):
        technique = access.find_by_id(Technique, target_id)
        if technique is None or technique.moderation is not None or not techniques.can_read_technique(reporter, technique):
            raise NotFound("There is no such technique.")
        return self._target(technique)

    def _target(self, technique: Technique) -> Target:
        return Target(self.name, technique.id, technique, technique.group, technique.author, technique.title, technique.steps)

    def find(self, target_id, group):
        technique = access.find_by_id(Technique, target_id)
        return self._target(technique) if technique is not None else None

    def hide(self, target):
        target.content.moderation = "hidden"

    def remove(self, target):
        target.content.moderation = "removed"

    def restore(self, target):
        target.content.moderation = None


TARGET_TYPES: dict[str, TargetType] = {
    kind.name: kind
    for kind in (PostTarget(), ThreadTarget(), RoomMessageTarget(), MemberTarget(), TechniqueTarget())
}


def target_type(name: object) -> TargetType:
    if not isinstance(name, str) or name not in TARGET_TYPES:
        raise Invalid(f"target_type is one of: {', '.join(TARGET_TYPES)}.", field="target_type")
    return TARGET_TYPES[name]
