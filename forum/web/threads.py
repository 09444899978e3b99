"""Threaded discussions: start a thread, read it as a tree, reply, edit, delete, react."""
from __future__ import annotations

from urllib.parse import urlencode

from flask import current_app, flash, redirect, render_template, request, session, url_for
from flask_login import current_user

from forum import themes
from forum.models import Post, Thread
from forum.services import access, collapsing, preferences, reading, techniques, threads, watched_words
from forum.services.errors import AdviceNudge
from forum.services.threads import SEGMENT_WIDTH
from forum.web.common import INPUT_ERRORS, page_blueprint, show_error
from forum.web.forms import PostForm, ReplyForm, ThreadForm

bp = page_blueprint("threads", __name__)

# Shown with the author's wish above every reply box, in the replier's words.
PREFERENCE_HINTS = {
    "just_listen": "please reply with listening, not advice.",
    "advice_welcome": "suggestions and your own experience are welcome.",
    "celebrate": "please celebrate this with them.",
    "open": "any caring reply is welcome.",
}


HELP_KEY = "crisis_help"


@bp.app_template_filter("theme_keys")
def theme_keys(text: str | None) -> list[str]:
    """The theme keys (forum/themes.py) stored on a thread, post or message."""
    return themes.from_text(text)


def after_writing(item: Thread | Post, anchor: str | None = None) -> str | None:
    """Where on the thread page to land. If what was just written matched a crisis rule, the page
    shows the help panel once, at the top, and the author lands on it."""
    if item.verdict is not None and item.verdict.crisis:
        session[HELP_KEY] = True
        return "help-panel"
    return anchor


def get_thread(thread_id: int) -> Thread:
    """A thread the visitor may read (404 for private groups they are not in)."""
    return access.get_readable_thread(current_user, thread_id)


def get_post(post_id: int) -> Post:
    """A post the visitor may read."""
    return access.get_readable_post(current_user, post_id)


@bp.route("/groups/<slug>/threads/new", methods=["GET", "POST"])
def new(slug: str):
    """Members start a thread and say what kind of replies they would like."""
    group = access.get_group(slug)
    form = ThreadForm()
    if not form.validate_on_submit():
        access.require_member(current_user, group)
        return render_template("threads/new.html", group=group, form=form)
    try:
        thread = threads.start_thread(
            current_user,
            group,
            form.title.data,
            form.body.data,
            form.response_preference.data,
            form.content_warning.data,
            form.themes.data,
        )
    except INPUT_ERRORS as error:
        status = show_error(form, error)
        return render_template("threads/new.html", group=group, form=form), status
    return redirect(url_for(".show", thread_id=thread.id, _anchor=after_writing(thread)))


@bp.get("/threads/<int:thread_id>")
def show(thread_id: int):
    """One page of the thread, as an indented tree."""
    thread = get_thread(thread_id)
    cursor = request.args.get("cursor")
    view = reading.thread_view(current_user, thread, cursor, current_app.config["PAGE_SIZE"])
    return render_template(
        "threads/show.html",
        thread=thread,
        view=view,
        cursor=cursor,
        cursor_query=_cursor_query(cursor),
        crisis_help=watched_words.help_panel() if session.pop(HELP_KEY, False) else None,
        can_take_part=access.is_member(current_user, thread.group),
        folded_themes=set(preferences.collapsed_themes(current_user)),
        answers_earlier={post.id for post in view.posts.items if _answers_an_earlier_post(post)},
        technique_cards=techniques.linked_techniques(
            {post.id: post.body for post in view.posts.items if not post.is_deleted}, thread.group
        ),
    )


@bp.post("/threads/<int:thread_id>/reply")
def reply(thread_id: int):
    """Reply to the thread or to one post; a refused reply comes back with its text.

    An advice-like reply to an author who asked to be heard comes back too, with the text, a gentle
    nudge and a "Post anyway" button (no JavaScript needed)."""
    thread = get_thread(thread_id)
    form = ReplyForm()
    if not form.validate_on_submit():
        return render_template("threads/reply.html", thread=thread, form=form), 422
    try:
        post = threads.post_reply(
            current_user, thread, form.body.data, form.parent_id.data, form.themes.data, form.confirmed.data
        )
    except AdviceNudge as nudge:
        return render_template("threads/reply.html", thread=thread, form=form, nudge=nudge.message)
    except INPUT_ERRORS as error:
        status = show_error(form, error)
        return render_template("threads/reply.html", thread=thread, form=form), status
    return redirect(url_for(".show", thread_id=thread.id, _anchor=after_writing(post, f"post-{post.id}")))


@bp.route("/posts/<int:post_id>/edit", methods=["GET", "POST"])
def edit(post_id: int):
    """The author changes their post; the earlier text is kept as a revision."""
    post = threads.get_editable_post(current_user, post_id)
    form = PostForm(obj=post)
    if form.validate_on_submit():
        try:
            threads.edit_post(current_user, post, form.body.data, form.confirmed.data)
        except AdviceNudge as nudge:
            return render_template("threads/edit.html", post=post, form=form, nudge=nudge.message)
        except INPUT_ERRORS as error:
            status = show_error(form, error)
            return render_template("threads/edit.html", post=post, form=form), status
        return redirect(url_for(".show", thread_id=post.thread_id, _anchor=after_writing(post, f"post-{post.id}")))
    return render_template("threads/edit.html", post=post, form=form)


@bp.post("/posts/<int:post_id>/delete")
def delete(post_id: int):
    """The author erases their post's words; its place in the tree stays."""
    post = get_post(post_id)
    threads.delete_post(current_user, post)
    flash("Your post was deleted.", "info")
    return redirect(url_for(".show", thread_id=post.thread_id, _anchor=f"post-{post.id}"))


@bp.post("/posts/<int:post_id>/collapse")
def collapse(post_id: int):
    """The thread's author folds a reply away (`on=1`) or unfolds it (`on=0`)."""
    post = get_post(post_id)
    collapsing.set_collapsed(current_user, post, collapsed=request.form.get("on") != "0")
    cursor = request.args.get("cursor")
    return redirect(url_for(".show", thread_id=post.thread_id, cursor=cursor, _anchor=f"post-{post.id}"))


@bp.post("/posts/<int:post_id>/reactions/<kind>")
def react(post_id: int, kind: str):
    """Press or release a reaction button.

    The button sends the state it was rendered for (`on=1` to add, `on=0` to remove), so a double
    submit lands on the same state instead of undoing itself.
    """
    post = get_post(post_id)
    threads.set_reaction(current_user, post, kind, on=request.form.get("on") != "0")
    cursor = request.args.get("cursor")
    return redirect(url_for(".show", thread_id=post.thread_id, cursor=cursor, _anchor=f"post-{post.id}"))


def _cursor_query(cursor: str | None) -> str:
    """The "?cursor=..." that every per-post link of a page repeats, encoded once instead of once per link."""
    return "" if cursor is None else "?" + urlencode({"cursor": cursor})


def _answers_an_earlier_post(post: Post) -> bool:
    """Past the depth cap a reply sits beside its parent, so the indentation no longer shows what it answers.

    A post's path ends with its tree parent's id segment and then its own.
    """
    tree_parent = post.path[-2 * SEGMENT_WIDTH : -SEGMENT_WIDTH]
    return post.parent_id is not None and tree_parent != f"{post.parent_id:0{SEGMENT_WIDTH}d}"
