"""The caller's notifications: the list with the unread count, marking them read, per-kind preferences."""
from __future__ import annotations

from flask import jsonify

from forum import payloads
from forum.api import account_required, actor, bp, json_body
from forum.services import notifications


@bp.get("/notifications")
@bp.get("/me/notifications")
@account_required
def list_notifications():
    """The caller's notifications, newest first, and how many are unread (/me/notifications is an alias)."""
    member = actor()
    return jsonify(
        notifications=[payloads.notification(item) for item in notifications.for_member(member)],
        unread=notifications.unread_count(member),
    )


@bp.post("/notifications/read")
@account_required
def mark_read():
    """Mark every notification read."""
    return jsonify(marked=notifications.mark_all_read(actor()), unread=0)


@bp.get("/notifications/preferences")
@account_required
def preferences():
    """Which kinds of notification the caller receives."""
    return jsonify(preferences=notifications.preferences(actor()))


@bp.patch("/notifications/preferences")
@account_required
def set_preferences():
    """Turn kinds on or off ({"reply": false}); moderation can't be turned off."""
    return jsonify(preferences=notifications.set_preferences(actor(), json_body()))
