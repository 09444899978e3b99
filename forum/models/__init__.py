"""Typed SQLAlchemy models: tables and relationships only, no business logic."""
from forum.models.goal import CheckIn, Congratulation, Goal, Milestone, MilestoneReaction, MilestoneShare, StreakRestart
from forum.models.group import Group, Membership
from forum.models.moderation import AuditEntry, ModerationItem, Notification, NotificationMute, Report
from forum.models.room import RoomMessage, RoomMessageReaction
from forum.models.safety import Block, WatchedWord
from forum.models.session import LoginSession
from forum.models.technique import Technique, TechniqueMark, TechniqueTag, ToolkitItem
from forum.models.thread import Post, PostRevision, Reaction, Thread
from forum.models.user import ApiToken, User
from forum.models import search_index  # noqa: E402,F401  (creates the full-text indexes with their tables)

__all__ = [
    "ApiToken", "AuditEntry", "Block", "CheckIn", "Congratulation", "Goal", "Group", "LoginSession", "Milestone",
    "MilestoneReaction", "MilestoneShare", "ModerationItem", "Notification", "NotificationMute", "Membership", "Post", "PostRevision",
    "Reaction", "Report", "RoomMessage", "RoomMessageReaction", "StreakRestart", "Technique", "TechniqueMark",
    "TechniqueTag", "Thread", "ToolkitItem", "User", "WatchedWord",
]
