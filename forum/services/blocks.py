"""Blocking: a member folds away another member's posts and messages, and stops their replies.

The blocked member is never told, except by the refusal when they try to reply to the blocker.
"""
from __future__ import annotations

from collections.abc import Iterable

import sqlalchemy as sa
import sqlalchemy.orm as so

from forum import payloads
from forum.events import publish
from forum.extensions import db
from forum.models import Block, User
from forum.rooms import user_room
from forum.services import access
from forum.services.accounts import get_user_by_username
from forum.services.errors import Invalid, ReplyBlocked, Unauthorized


def _signed_in(user: User | None) -> User:
    if not access.signed_in(user):
        raise Unauthorized("Sign in first.")
    return user


def _find(blocker: User, blocked: User) -> Block | None:
    return db.session.scalar(sa.select(Block).where(Block.blocker_id == blocker.id, Block.blocked_id == blocked.id))


def block_member(user: User | None, username: object) -> tuple[Block, bool]:
    """Block the member with this username; returns the block and whether it is new."""
    blocker = _signed_in(user)
    target = get_user_by_username(username)
    if target.id == blocker.id:
        raise Invalid("You can't block yourself.", field="username")
    existing = _find(blocker, target)
    if existing is not None:
        return existing, False
    block = Block(blocker_id=blocker.id, blocked_id=target.id)
    db.session.add(block)
    try:
        db.session.flush()
    except sa.exc.IntegrityError:  # the same block from another tab won the race: same end state
        db.session.rollback()
        return _find(blocker, target), False
    _announce(blocker)
    db.session.commit()
    return block, True


def unblock_member(user: User | None, username: object) -> User:
    """Lift a block (nothing happens if there was none); returns the member unblocked."""
    blocker = _signed_in(user)
    target = get_user_by_username(username)
    existing = _find(blocker, target)
    if existing is not None:
        db.session.delete(existing)
        db.session.flush()
        _announce(blocker)
        db.session.commit()
    return target


def _announce(blocker: User) -> None:
    """The blocker's open room pages fold or unfold messages at once."""
    publish("blocked_members", payloads.blocked_members(blocked_usernames(blocker)), user_room(blocker.id))


def list_blocks(user: User | None) -> list[Block]:
    """The caller's blocks, by the blocked member's name."""
    blocker = _signed_in(user)
    return list(
        db.session.scalars(
            sa.select(Block)
            .join(User, User.id == Block.blocked_id)
            .options(so.contains_eager(Block.blocked))
            .where(Block.blocker_id == blocker.id)
            .order_by(User.username_key)
        )
    )


def blocked_usernames(user: User | None) -> list[str]:
    if not access.signed_in(user):
        return []
    return list(
        db.session.scalars(
            sa.select(User.username)
            .join(Block, Block.blocked_id == User.id)
            .where(Block.blocker_id == user.id)
            .order_by(User.username_key)
        )
    )


def blocked_among(user: User | None, author_ids: Iterable[int | None]) -> set[int]:
    """Which of these authors `user` has blocked, in one query."""
    ids = {author_id for author_id in author_ids if author_id is not None}
    if not ids or not access.signed_in(user):
        return set()
    return set(
        db.session.scalars(
            sa.select(Block.blocked_id).where(Block.blocker_id == user.id, Block.blocked_id.in_(ids))
        )
    )


def blocker_ids(user: User) -> list[int]:
    """Who blocked `user`: live signs of them (typing) are kept from these people."""
    return list(db.session.scalars(sa.select(Block.blocker_id).where(Block.blocked_id == user.id)))


def require_can_reply(user: User, *author_ids: int | None) -> None:
    """Refuse a reply to anything written by someone who blocked `user`."""
    ids = {author_id for author_id in author_ids if author_id is not None and author_id != user.id}
    if not ids:
        return
    blocked_by = db.session.scalar(
        sa.select(Block.id).where(Block.blocked_id == user.id, Block.blocker_id.in_(ids)).limit(1)
    )
    if blocked_by is not None:
        raise ReplyBlocked("You can't reply here: the person you are answering doesn't take replies from you.")
