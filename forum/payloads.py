"""Every JSON shape the forum sends — API responses and Socket.IO events — built in one place."""
from __future__ import annotations

from typing import Any

from forum.models import ApiToken, Group, Membership, Post, Thread, User

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


def group(item: Group, moderators: list[User] | None = None) -> dict[str, Any]:
    data = {
        "slug": item.slug,
        "name": item.name,
        "description": item.description,
        "visibility": item.visibility,
        "agreement": item.agreement,
        "agreement_html": item.agreement_html,
    }
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


def thread(item: Thread) -> dict[str, Any]:
    return {
        "id": item.id,
        "group": item.group.slug,
        "title": item.title,
        "author": user(item.author),
        "response_preference": item.response_preference,
        "content_warning": item.content_warning,
        "reply_count": item.reply_count,
        "created_at": _time(item.created_at),
        "last_activity_at": _time(item.last_activity_at),
    }


def post(item: Post, counts: dict[str, int] | None = None, mine: set[str] | None = None) -> dict[str, Any]:
    data = {
        "id": item.id,
        "thread_id": item.thread_id,
        "parent_id": item.parent_id,
        "depth": item.depth,
        "author": user(item.author) if not item.is_deleted else None,
        "body": item.body,
        "body_html": item.body_html,
        "created_at": _time(item.created_at),
        "edited_at": _time(item.edited_at),
        "deleted": item.is_deleted,
    }
    if counts is not None:
        data["reactions"] = counts
    if mine is not None:
        data["my_reactions"] = sorted(mine)
    return data


def token(item: ApiToken) -> dict[str, Any]:
    return {"id": item.id, "name": item.name, "created_at": _time(item.created_at)}
