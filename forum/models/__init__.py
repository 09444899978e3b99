"""Typed SQLAlchemy models: tables and relationships only, no business logic."""
from forum.models.group import Group, Membership
from forum.models.moderation import AuditEntry, ModerationItem, Notification, Report
from forum.models.room import RoomMessage, RoomMessageReaction
from forum.models.thread import Post, PostRevision, Reaction, Thread
from forum.models.user import ApiToken, User

__all__ = [
    "ApiToken", "AuditEntry", "Group", "Membership", "ModerationItem", "Notification", "Post", "PostRevision",
    "Reaction", "Report", "RoomMessage", "RoomMessageReaction", "Thread", "User",
]
