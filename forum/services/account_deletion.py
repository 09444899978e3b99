"""Deleting an account: the identity goes; the member chooses whether their words stay or go.

The account row stays as "former member <id>", so what stays keeps an author and the moderation
records keep a subject, but nothing in the forum names the person any more: every text the forum
keeps (their own posts if kept, edit history, moderation snapshots, the audit log, notes and
notifications) has the old username replaced by the pseudonym. The pseudonym uses the account's id:
unique without a retry, and no more telling than the id the API already shows; it has spaces, so it
never matches USERNAME_PATTERN and nobody can register it or sign in with it.

Everything happens in one transaction; the live events (milestones leaving celebration feeds,
erased room messages leaving rooms, the member's sockets closing) go out after it commits.
"""
from __future__ import annotations

import re

import sqlalchemy as sa
from werkzeug.security import check_password_hash

from forum import payloads
from forum.events import publish
from forum.extensions import db
from forum.models import (
    ApiToken, AuditEntry, Block, CheckIn, Congratulation, Goal, Membership, Milestone, MilestoneReaction,
    ModerationItem, Notification, NotificationMute, Post, PostRevision, Reaction, Report, RoomMessage, RoomMessageReaction,
    StreakRestart, Technique, TechniqueMark, Thread, ToolkitItem, User,
)
from forum.models.base import utcnow
from forum.rooms import group_room
from forum.services import access, audit, goals, sessions
from forum.services.errors import Invalid, Unauthorized, WrongPassword
from forum.text import render_markdown

CONTENT_CHOICES = {
    "keep": "Keep my posts and room messages, shown as written by a former member",
    "erase": "Erase my posts and room messages",
}
ERASED_TITLE = "Removed at the author's request"
UNUSABLE_PASSWORD = "!account-deleted"  # not a werkzeug hash: check_password_hash is always False
# Characters a username may hold next to the name without being part of it ("sam." is "sam").
_NAME_EDGE = r"[A-Za-z0-9_]"
# Display names shorter than this are too common to replace in text without hitting other words.
MIN_DISPLAY_NAME_TO_REPLACE = 3

# Texts the forum keeps, where the old name is replaced: (model, column, the HTML column rendered from it).
NAMED_TEXTS = (
    (Post, "body", "body_html"),
    (PostRevision, "body", None),
    (Thread, "title", None),
    (Thread, "content_warning", None),
    (RoomMessage, "body", "body_html"),
    (Technique, "title", None),
    (Technique, "steps", "steps_html"),
    (Technique, "when_it_helps", None),
    (Congratulation, "body", None),
    (ModerationItem, "snapshot_title", None),
    (ModerationItem, "snapshot_body", None),
    (ModerationItem, "resolution_reason", None),
    (Report, "note", None),
    (Notification, "text", None),
    (Notification, "quote", None),
    (AuditEntry, "reason", None),
    (AuditEntry, "before", None),
    (AuditEntry, "after", None),
)


def pseudonym(user: User) -> str:
    return f"former member {user.id}"


def delete_account(user: User | None, password: object, content: object) -> str:
    """Delete the member's account, confirmed with their password; `content` is "keep" or "erase".

    Returns the pseudonym. A wrong password changes nothing.
    """
    if not access.signed_in(user):
        raise Unauthorized("Sign in first.")
    if not isinstance(content, str) or content not in CONTENT_CHOICES:
        raise Invalid("Choose whether your posts and messages stay (keep) or go (erase).", field="content")
    if not isinstance(password, str) or not check_password_hash(user.password_hash, password):
        raise WrongPassword("That is not your password; nothing was deleted.", field="password")
    new_name = pseudonym(user)
    old_username, old_display_name = user.username, user.display_name

    _erase_goals(user)
    _erase_private_data(user)
    if content == "erase":
        _erase_content(user)
    _replace_names(user, old_username, old_display_name, new_name)
    _forget_profile_snapshots(user, new_name)
    _end_identity(user, new_name)
    audit.record(user, "account_deleted", member=user, after=f"{new_name} ({content})")
    db.session.commit()
    return new_name


def _erase_goals(user: User) -> None:
    """Goals, check-ins and milestones go; shared milestones leave the groups' feeds and live rooms."""
    milestones = list(db.session.scalars(sa.select(Milestone).where(Milestone.owner_id == user.id)))
    for milestone in milestones:
        goals.unshare_everywhere(milestone)
    goal_ids = sa.select(Goal.id).where(Goal.owner_id == user.id).scalar_subquery()
    db.session.execute(sa.delete(Milestone).where(Milestone.owner_id == user.id))
    db.session.execute(sa.delete(CheckIn).where(CheckIn.goal_id.in_(goal_ids)))
    db.session.execute(sa.delete(StreakRestart).where(StreakRestart.goal_id.in_(goal_ids)))
    db.session.execute(sa.delete(Goal).where(Goal.owner_id == user.id))


def _erase_private_data(user: User) -> None:
    """What only the member saw or set: marks (the public totals drop), toolkit, blocks, notifications,
    memberships, API tokens; their sign-ins end and every live socket closes."""
    marks = db.session.execute(
        sa.select(TechniqueMark.technique_id, TechniqueMark.kind).where(TechniqueMark.user_id == user.id)
    ).all()
    for technique_id, kind in marks:
        counter = Technique.tried_count if kind == "tried" else Technique.helped_count
        db.session.execute(sa.update(Technique).where(Technique.id == technique_id).values({counter: counter - 1}))
    for model, column in (
        (TechniqueMark, TechniqueMark.user_id), (ToolkitItem, ToolkitItem.user_id), (Block, Block.blocker_id),
        (Notification, Notification.user_id), (NotificationMute, NotificationMute.user_id),
        (Membership, Membership.user_id), (ApiToken, ApiToken.user_id),
    ):
        db.session.execute(sa.delete(model).where(column == user.id))
    sessions.mark_all_ended(user, "account_deleted")


def _erase_content(user: User) -> None:
    """The member's words go. Posts and threads keep their place in the tree (others replied to them);
    room messages leave every connected client; techniques, congratulations and reactions go, and so
    do the quotes of their words in other members' notifications."""
    now = utcnow()
    own_posts = sa.select(Post.id).where(Post.author_id == user.id).scalar_subquery()
    db.session.execute(sa.delete(PostRevision).where(PostRevision.post_id.in_(own_posts)))
    db.session.execute(
        sa.update(Post).where(Post.author_id == user.id)
        .values(body="", body_html="", author_id=None, deleted_at=sa.func.coalesce(Post.deleted_at, now))
    )
    db.session.execute(
        sa.update(Thread).where(Thread.author_id == user.id)
        .values(title=ERASED_TITLE, content_warning=None, author_id=None)
    )
    messages = list(db.session.scalars(sa.select(RoomMessage).where(RoomMessage.author_id == user.id)))
    for message in messages:
        if message.removed_at is None:
            message.removed_at = now
            publish("message_removed", payloads.message_removed(message), group_room(message.group_id))
        message.body, message.body_html, message.author_id = "", "", None
    for technique in db.session.scalars(sa.select(Technique).where(Technique.author_id == user.id)):
        db.session.delete(technique)
    db.session.execute(sa.update(Notification).where(Notification.actor_id == user.id).values(quote=""))
    for model, column in (
        (Congratulation, Congratulation.author_id), (Reaction, Reaction.user_id),
        (RoomMessageReaction, RoomMessageReaction.user_id), (MilestoneReaction, MilestoneReaction.user_id),
    ):
        db.session.execute(sa.delete(model).where(column == user.id))
    db.session.flush()


def _name_pattern(names: list[str]) -> re.Pattern[str]:
    alternatives = "|".join(re.escape(name) for name in sorted(names, key=len, reverse=True))
    return re.compile(rf"(?<!{_NAME_EDGE})(?:{alternatives})(?!{_NAME_EDGE})", re.IGNORECASE)


def _replace_names(user: User, username: str, display_name: str, new_name: str) -> None:
    """Write the pseudonym wherever a kept text names the member.

    The username is replaced in every kept text, whoever wrote it. The display name, being a free
    choice that other people may share, only in the texts about the member: their own content, edit
    history, moderation items about them and audit entries about or by them. Plain UPDATEs: the audit
    log's append-only guard stops the ORM, and this is the one change it may take.
    """
    db.session.flush()
    _replace_in_texts(_name_pattern([username]), username, new_name, None)
    if len(display_name.strip()) >= MIN_DISPLAY_NAME_TO_REPLACE and display_name.casefold() != username.casefold():
        _replace_in_texts(_name_pattern([display_name.strip()]), display_name.strip(), new_name, user)


def _about(model: type, user: User):
    """The rows of `model` that are the member's own or about them."""
    conditions = {
        Post: Post.author_id == user.id,
        PostRevision: PostRevision.post_id.in_(sa.select(Post.id).where(Post.author_id == user.id)),
        Thread: Thread.author_id == user.id,
        RoomMessage: RoomMessage.author_id == user.id,
        Technique: Technique.author_id == user.id,
        Congratulation: Congratulation.author_id == user.id,
        ModerationItem: ModerationItem.author_id == user.id,
        Report: Report.reporter_id == user.id,
        AuditEntry: sa.or_(AuditEntry.member_id == user.id, AuditEntry.actor_id == user.id),
        Notification: Notification.actor_id == user.id,
    }
    return conditions.get(model, sa.false())


def _replace_in_texts(pattern: re.Pattern[str], name: str, new_name: str, only_about: User | None) -> None:
    like = "%" + name.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
    for model, column_name, html_name in NAMED_TEXTS:
        table = model.__table__
        column = table.c[column_name]
        query = sa.select(table.c.id, column).where(column.ilike(like, escape="\\"))
        if only_about is not None:
            query = query.where(table.c.id.in_(sa.select(model.id).where(_about(model, only_about))))
        for row_id, text in db.session.execute(query).all():
            changed = pattern.sub(new_name, text)
            if changed == text:
                continue
            values = {column_name: changed}
            if html_name is not None:
                values[html_name] = render_markdown(changed)
            db.session.execute(sa.update(table).where(table.c.id == row_id).values(values))


def _forget_profile_snapshots(user: User, new_name: str) -> None:
    """Reports about the member themselves snapshot their name and bio (the item, and the audit entry
    of each report): those go with the profile."""
    db.session.execute(
        sa.update(ModerationItem)
        .where(ModerationItem.target_type == "member", ModerationItem.target_id == user.id)
        .values(snapshot_title=new_name, snapshot_body="")
    )
    audit_log = AuditEntry.__table__
    db.session.execute(
        sa.update(audit_log)
        .where(audit_log.c.target_type == "member", audit_log.c.target_id == user.id, audit_log.c.action == "report")
        .values(before="")
    )


def _end_identity(user: User, new_name: str) -> None:
    user.username, user.username_key = new_name, new_name
    user.email, user.display_name, user.pronouns, user.bio = None, "", "", ""
    user.collapsed_themes = ""
    user.password_hash = UNUSABLE_PASSWORD
    user.is_site_admin = False
    user.deleted_at = utcnow()
