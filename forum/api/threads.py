"""Threads, posts and reactions."""
from __future__ import annotations

from flask import jsonify, request

from forum import payloads
from forum.api import account_required, actor, bp, json_body, page_size
from forum.services import collapsing, reading, threads, watched_words
from forum.services.access import get_group, get_readable_post, get_readable_thread


@bp.get("/groups/<slug>/threads")
@account_required
def list_threads(slug: str):
    """One page of a group's threads, most recently active first."""
    page = reading.group_threads(actor(), get_group(slug), request.args.get("cursor"), page_size())
    return jsonify(payloads.thread_page(page))


@bp.post("/groups/<slug>/threads")
@account_required
def start_thread(slug: str):
    """Start a thread with its opening post (members)."""
    data = json_body()
    thread = threads.start_thread(
        actor(),
        get_group(slug),
        data.get("title"),
        data.get("body"),
        data.get("response_preference", "open"),
        data.get("content_warning"),
        data.get("themes"),
    )
    answer = {"thread": payloads.thread(thread, True), "post": payloads.post(threads.opening_post(thread), revealed=True)}
    return jsonify(_with_help(answer, thread)), 201


@bp.get("/threads/<int:thread_id>")
@account_required
def show_thread(thread_id: int):
    """A thread and one page of its posts in reading order."""
    user = actor()
    view = reading.thread_view(user, get_readable_thread(user, thread_id), request.args.get("cursor"), page_size())
    return jsonify(payloads.thread_view(view))


@bp.post("/threads/<int:thread_id>/posts")
@account_required
def reply(thread_id: int):
    """Reply to the thread, or to one of its posts with parent_id (members).

    On a "just listen" or "celebrate with me" thread an advice-like reply answers 409 `advice_nudge`
    until it is sent again with `"confirmed": true`."""
    data = json_body()
    user = actor()
    post = threads.post_reply(
        user, get_readable_thread(user, thread_id), data.get("body"), data.get("parent_id"), data.get("themes"),
        data.get("confirmed", False),
    )
    return jsonify(_with_help({"post": payloads.post(post, revealed=True)}, post)), 201


@bp.patch("/posts/<int:post_id>")
@account_required
def edit_post(post_id: int):
    """Change the text of one's own post."""
    data = json_body()
    user = actor()
    post = threads.edit_post(user, get_readable_post(user, post_id), data.get("body"), data.get("confirmed", False))
    return jsonify(_with_help({"post": payloads.post(post, revealed=True)}, post))


@bp.delete("/posts/<int:post_id>")
@account_required
def delete_post(post_id: int):
    """Delete one's own post; its place in the thread stays."""
    user = actor()
    return jsonify(post=payloads.post(threads.delete_post(user, get_readable_post(user, post_id))))


@bp.route("/posts/<int:post_id>/reactions/<kind>", methods=["POST", "DELETE"])
@account_required
def react(post_id: int, kind: str):
    """Add (POST) or take back (DELETE) one's reaction of this kind (members)."""
    user = actor()
    post = get_readable_post(user, post_id)
    counts = threads.set_reaction(user, post, kind, on=request.method == "POST")
    return jsonify(payloads.reactions(post, counts))


@bp.route("/posts/<int:post_id>/collapse", methods=["POST", "DELETE"])
@account_required
def collapse(post_id: int):
    """The thread's author folds a reply away (POST) or unfolds it (DELETE)."""
    user = actor()
    post = collapsing.set_collapsed(user, get_readable_post(user, post_id), collapsed=request.method == "POST")
    return jsonify(post=payloads.post(post))


def _with_help(answer: dict, written) -> dict:
    """Add the crisis help panel when what was just written matched a crisis rule."""
    help_panel = watched_words.crisis_help(written.verdict)
    return {**answer, "help": help_panel} if help_panel else answer
