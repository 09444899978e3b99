"""Threaded discussions: start a thread, reply (nested), edit, delete, react."""
from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa

from forum import payloads
from forum import themes as theme_list
from forum.events import publish
from forum.extensions import db
from forum.models import Group, Post, PostRevision, Reaction, Thread, User
from forum.models.base import utcnow
from forum.models.moderation import UNPUBLISHED
from forum.models.thread import REACTION_KINDS, RESPONSE_PREFERENCES
from forum.rooms import thread_room
from forum.services import access, advice, blocks, notifications, watched_words
from forum.services.tallies import count_reactions, reactions_of
from forum.services.errors import AdviceNudge, Forbidden, Invalid, NotFound
from forum.services.validation import MAX_TITLE, optional_line, required_body, required_line
from forum.text import render_markdown

MAX_DEPTH = 5
SEGMENT_WIDTH = 10
# Preferences where the author asked to be heard rather than advised: advice-like replies get a nudge.
HEARD_PREFERENCES = {"just_listen", "celebrate"}
NUDGE = "They asked to be heard: post anyway, or edit."


def _segment(post_id: int) -> str:
    return f"{post_id:0{SEGMENT_WIDTH}d}"


def _place_in_tree(post: Post, parent: Post | None) -> None:
    """Give a flushed post its depth and path; replies past MAX_DEPTH become siblings of their parent."""
    if parent is None:
        post.depth, post.path = 0, _segment(post.id)
    elif parent.depth < MAX_DEPTH:
        post.depth, post.path = parent.depth + 1, parent.path + _segment(post.id)
    else:
        post.depth, post.path = parent.depth, parent.path[:-SEGMENT_WIDTH] + _segment(post.id)


def start_thread(
    user: User | None,
    group: Group,
    title: object,
    body: object,
    response_preference: object = "open",
    content_warning: object = None,
    themes: object = None,
) -> Thread:
    access.require_member(user, group)
    if not isinstance(response_preference, str) or response_preference not in RESPONSE_PREFERENCES:
        raise Invalid("Choose what kind of replies you would like.", field="response_preference")
    title_text = required_line(title, "title", "The title", MAX_TITLE)
    body_text = required_body(body)
    warning = optional_line(content_warning, "content_warning", "The content warning", 200)
    tagged = theme_list.clean_themes(themes)
    verdict = watched_words.screen("\n".join((title_text, warning, body_text)), group)
    verdict.refuse_if_blocked()
    now = utcnow()
    thread = Thread(
        group_id=group.id,
        author_id=user.id,
        title=title_text,
        response_preference=response_preference,
        content_warning=warning or None,
        themes=theme_list.to_text(tagged),
        created_at=now,
        last_activity_at=now,
    )
    db.session.add(thread)
    db.session.flush()
    post = Post(thread_id=thread.id, author_id=user.id, body=body_text, body_html=render_markdown(body_text), created_at=now)
    db.session.add(post)
    db.session.flush()
    _place_in_tree(post, None)
    thread.verdict = post.verdict = verdict
    if verdict.needs_approval:
        thread.moderation = post.moderation = "held"
    watched_words.report_matches(verdict, "thread", thread.id, held=verdict.needs_approval)
    if not verdict.needs_approval:
        notifications.thread_started(thread, post)
    db.session.commit()
    return thread


def opening_post(thread: Thread) -> Post:
    return db.session.scalar(sa.select(Post).where(Post.thread_id == thread.id, Post.depth == 0))


def _nudge_unless_confirmed(user: User, thread: Thread, text: str, confirmed: object) -> None:
    """Raise AdviceNudge when the thread's author asked to be heard and this reply reads like advice.

    Never a refusal: with `confirmed` true the reply goes through. The author's own replies are
    theirs to word as they like.
    """
    if confirmed is True or thread.response_preference not in HEARD_PREFERENCES or thread.author_id == user.id:
        return
    if advice.looks_like_advice(text):
        raise AdviceNudge(NUDGE, field="body")


def post_reply(
    user: User | None, thread: Thread, body: object, parent_id: object = None, themes: object = None,
    confirmed: object = False,
) -> Post:
    """Reply to the thread (parent_id None: to its opening post) or to one of its posts.

    On a thread whose author asked to be heard, an advice-like reply raises AdviceNudge until it
    comes back `confirmed`."""
    access.require_reader(user, thread.group)
    access.require_member(user, thread.group)
    if parent_id is None:
        parent = opening_post(thread)
    else:
        if not isinstance(parent_id, int) or isinstance(parent_id, bool):
            raise Invalid("parent_id is the id (a whole number) of the post you reply to.", field="parent_id")
        parent = access.find_by_id(Post, parent_id)
        if parent is None or parent.thread_id != thread.id:
            raise NotFound("The post you are replying to is not in this thread.")
        if parent.is_deleted:
            raise Invalid("That post was deleted, so it can't be replied to.", field="parent_id")
    if thread.moderation in UNPUBLISHED or parent.moderation in UNPUBLISHED:
        raise Invalid("That is waiting for a moderator's review, so it can't be replied to yet.", field="parent_id")
    blocks.require_can_reply(user, thread.author_id, parent.author_id)
    body_text = required_body(body)
    tagged = theme_list.clean_themes(themes)
    verdict = watched_words.screen(body_text, thread.group)
    verdict.refuse_if_blocked()
    _nudge_unless_confirmed(user, thread, body_text, confirmed)
    now = utcnow()
    post = Post(
        thread_id=thread.id,
        author_id=user.id,
        parent_id=parent.id,
        body=body_text,
        body_html=render_markdown(body_text),
        themes=theme_list.to_text(tagged),
        created_at=now,
    )
    db.session.add(post)
    db.session.flush()
    _place_in_tree(post, parent)
    post.verdict = verdict
    if verdict.needs_approval:
        post.moderation = "held"
    watched_words.report_matches(verdict, "post", post.id, held=verdict.needs_approval)
    if not verdict.needs_approval:
        announce_reply(post, now)
    db.session.commit()
    return post


def announce_reply(post: Post, at: datetime) -> None:
    """A published reply counts in its thread, reaches the people watching it and notifies the
    people it answers or mentions (a held one waits for its approval, forum/services/moderation_targets.py)."""
    db.session.execute(
        sa.update(Thread)
        .where(Thread.id == post.thread_id)
        .values(reply_count=Thread.reply_count + 1, last_activity_at=at)
    )
    publish("thread_post", payloads.post(post), thread_room(post.thread_id))
    notifications.reply_posted(post, db.session.get(Post, post.parent_id))


def set_review_state(post: Post, state: str | None) -> None:
    """Hold, reject or publish a post; an opening post takes its thread with it. A reply counts in
    its thread only while published (announce_reply adds it back on approval)."""
    if post.depth == 0:
        post.thread.moderation = state
    elif post.moderation is None and state is not None:
        db.session.execute(sa.update(Thread).where(Thread.id == post.thread_id).values(reply_count=Thread.reply_count - 1))
    post.moderation = state


def get_editable_post(user: User | None, post_id: object) -> Post:
    """A post its author may still change: readable, their own, not deleted."""
    post = access.get_readable_post(user, post_id)
    _own_live_post(user, post)
    return post


def _own_live_post(user: User | None, post: Post) -> None:
    access.require_reader(user, post.thread.group)
    if post.author_id != user.id:
        raise Forbidden("You can only change your own posts.")
    if post.is_deleted:
        raise NotFound("That post was deleted.")


def edit_post(user: User | None, post: Post, body: object, confirmed: object = False) -> Post:
    """Change a post's text; the previous text is kept as a revision and the post shows 'edited'.

    A reply edited into advice on a thread whose author asked to be heard gets the same nudge as a new one."""
    _own_live_post(user, post)
    body_text = required_body(body)
    if body_text == post.body:
        return post
    verdict = watched_words.screen(body_text, post.thread.group)
    verdict.refuse_if_blocked()
    if post.depth > 0:
        _nudge_unless_confirmed(user, post.thread, body_text, confirmed)
    post.verdict = verdict
    db.session.add(PostRevision(post_id=post.id, body=post.body))
    post.body, post.body_html, post.edited_at = body_text, render_markdown(body_text), utcnow()
    was_published = post.moderation not in UNPUBLISHED
    # Held again: a require-approval match, or a resubmission of held or rejected words.
    held = post.moderation in (None, *UNPUBLISHED) and (verdict.needs_approval or not was_published)
    if held:
        set_review_state(post, "held")
    kind, target_id = ("thread", post.thread_id) if post.depth == 0 and held else ("post", post.id)
    watched_words.report_matches(verdict, kind, target_id, held=held)
    if was_published:
        publish("thread_post", payloads.post(post), thread_room(post.thread_id))
    db.session.commit()
    return post


def delete_post(user: User | None, post: Post) -> Post:
    """Soft delete: the text and its history are erased, the place in the tree stays."""
    _own_live_post(user, post)
    post.deleted_at = utcnow()
    post.body, post.body_html = "", ""
    db.session.execute(sa.delete(PostRevision).where(PostRevision.post_id == post.id))
    if post.moderation not in UNPUBLISHED:
        publish("thread_post", payloads.post(post), thread_room(post.thread_id))
    db.session.commit()
    return post


def set_reaction(user: User | None, post: Post, kind: object, on: bool) -> dict[str, int]:
    """Add (on=True) or remove a reaction; at most one of each kind per member. Returns the counts."""
    access.require_reader(user, post.thread.group)
    access.require_member(user, post.thread.group)
    if kind not in REACTION_KINDS:
        raise Invalid("Reactions are support, celebrate, helpful or same_here.", field="kind")
    if post.is_deleted:
        raise NotFound("That post was deleted.")
    if post.moderation in UNPUBLISHED:
        raise Invalid("That post is waiting for a moderator's review, so it can't take reactions yet.", field="kind")
    existing = db.session.scalar(
        sa.select(Reaction).where(Reaction.post_id == post.id, Reaction.user_id == user.id, Reaction.kind == kind)
    )
    if on and existing is None:
        db.session.add(Reaction(post_id=post.id, user_id=user.id, kind=kind))
    elif not on and existing is not None:
        db.session.delete(existing)
    else:
        return reaction_counts([post.id]).get(post.id, {})
    try:
        db.session.flush()
    except sa.exc.IntegrityError:  # a concurrent identical reaction won the race: same end state
        db.session.rollback()
        return reaction_counts([post.id]).get(post.id, {})
    counts = reaction_counts([post.id]).get(post.id, {})
    publish("reaction", payloads.reactions(post, counts), thread_room(post.thread_id))
    if on:
        notifications.post_reacted(post, user)
    db.session.commit()
    return counts


def reaction_counts(post_ids: list[int]) -> dict[int, dict[str, int]]:
    return count_reactions(Reaction.post_id, Reaction.kind, post_ids)


def my_reactions(user: User | None, post_ids: list[int]) -> dict[int, set[str]]:
    if not access.signed_in(user):
        return {}
    return reactions_of(user.id, Reaction.user_id, Reaction.post_id, Reaction.kind, post_ids)
