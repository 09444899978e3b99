"""Typed SQLAlchemy models: tables and relationships only, no business logic."""
from forum.models.group import Group, Membership
from forum.models.room import RoomMessage, RoomMessageReaction
from forum.models.safety import Block, WatchedWord
from forum.models.thread import Post, PostRevision, Reaction, Thread
from forum.models.user import ApiToken, User

__all__ = [
    "ApiToken", "Block", "Group", "Membership", "Post", "PostRevision", "Reaction",
    "RoomMessage", "RoomMessageReaction", "Thread", "User", "WatchedWord",
]
