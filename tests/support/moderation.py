"""A small forum for moderation tests, and helpers that act through the services.

Group `garden` (public): moderator `mod`, members `ana` (who wrote everything), `ben` (who reports)
and `cara`. Group `quiet` (private): `ana` only, with a thread. Group `other`: moderator `othermod`.
`admin` is a site admin in no group.
"""
from __future__ import annotations

import uuid
from dataclasses import dataclass

import pytest
import sqlalchemy as sa

from forum.extensions import db
from forum.models import Group, ModerationItem, RoomMessage
from forum.services import accounts, moderation, reports, rooms


@dataclass
class ModWorld:
    thread: int
    opening: int
    post: int
    message: int
    private_thread: int
    private_post: int
    ana_id: int


@pytest.fixture
def mod_world(app, build) -> ModWorld:
    build.admin("admin")
    for name in ("mod", "othermod", "ana", "ben", "cara"):
        build.user(name)
    build.group("garden", moderators=("mod",), members=("ana", "ben", "cara"))
    build.group("quiet", "private", members=("ana",))
    build.group("other", moderators=("othermod",))
    thread = build.thread("ana", "garden", title="Hard week", body="The opening words")
    private_thread = build.thread("ana", "quiet", title="Just us")
    with app.app_context():
        ana = accounts.get_user_by_username("ana")
        message = send_message("ana", "garden", "A message in the room")
        ana_id = ana.id
    return ModWorld(
        thread=thread,
        opening=build.opening_post_id(thread),
        post=build.reply("ana", thread, "A reply that worries someone"),
        message=message,
        private_thread=private_thread,
        private_post=build.reply("ana", private_thread, "Private words"),
        ana_id=ana_id,
    )


def user(username: str):
    return accounts.get_user_by_username(username)


def send_message(username: str, slug: str, body: str) -> int:
    """Inside an app context: `username` says `body` in the group's room; returns the message id."""
    group = db.session.scalar(sa.select(Group).where(Group.slug == slug))
    return rooms.send_room_message(user(username), group, body, str(uuid.uuid4())).message["id"]


def report(app, username: str, target_type: str, target_id: int, reason: str = "harassment", note: str = "", group=None) -> int:
    """`username` reports the target; returns the moderation item's id."""
    with app.app_context():
        filed = reports.file_report(user(username), target_type, target_id, reason, note, group)
        return filed.report.item_id


def resolve(app, moderator: str, item_id: int, action: str, reason: str = "Please keep it kind.", minutes=None) -> None:
    with app.app_context():
        moderation.resolve(user(moderator), item_id, action, reason, minutes)


def item(app, item_id: int) -> ModerationItem:
    with app.app_context():
        found = db.session.get(ModerationItem, item_id)
        db.session.expunge(found)
        return found


def message(app, message_id: int) -> RoomMessage:
    with app.app_context():
        found = db.session.get(RoomMessage, message_id)
        db.session.expunge(found)
        return found
