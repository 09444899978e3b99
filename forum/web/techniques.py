"""The technique library pages: site-wide and per group, one technique, My toolkit, and search."""
from __future__ import annotations

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from forum.models import Group, Technique
from forum.models.technique import MARK_KINDS, TECHNIQUE_TAGS
from forum.services import access, search, techniques
from forum.web.common import INPUT_ERRORS, page_blueprint, show_error
from forum.web.forms import TechniqueForm

bp = page_blueprint("techniques", __name__)


def _page_size() -> int:
    return current_app.config["PAGE_SIZE"]


def _library(group: Group | None):
    sort, tag = request.args.get("sort") or "helpful", request.args.get("tag") or None
    page = techniques.list_techniques(current_user, group, sort, tag, request.args.get("page"), _page_size())
    return render_template(
        "techniques/index.html", group=group, page=page, sort=sort, tag=tag,
        can_share=group is None or access.is_member(current_user, group),
    )


def _share(group: Group | None):
    form = TechniqueForm()
    if not form.validate_on_submit():
        if group is not None:
            access.require_reader(current_user, group, missing="There is no such group.")
            access.require_member(current_user, group)
        return render_template("techniques/new.html", group=group, form=form)
    try:
        technique = techniques.share_technique(
            current_user, group, form.title.data, form.steps.data, form.when_it_helps.data, form.tags.data
        )
    except INPUT_ERRORS as error:
        status = show_error(form, error)
        return render_template("techniques/new.html", group=group, form=form), status
    flash("Thank you for sharing what helps you.", "success")
    return redirect(url_for(".show", technique_id=technique.id))


@bp.get("/techniques")
@login_required
def library():
    """The site-wide library: most helpful or newest first, filtered by a tag."""
    return _library(None)


@bp.route("/techniques/new", methods=["GET", "POST"])
@login_required
def new():
    """Share a technique with everyone signed in."""
    return _share(None)


@bp.get("/groups/<slug>/techniques")
def group_library(slug: str):
    """A group's techniques (a private group's only for its members)."""
    return _library(access.get_group(slug))


@bp.route("/groups/<slug>/techniques/new", methods=["GET", "POST"])
def group_new(slug: str):
    """Members share a technique in their group."""
    return _share(access.get_group(slug))


def _technique(technique_id: int) -> Technique:
    return techniques.get_readable_technique(current_user, technique_id)


@bp.get("/techniques/<int:technique_id>")
def show(technique_id: int):
    """One technique: its steps, the totals of marks, and the reader's own marks and toolkit button."""
    technique = _technique(technique_id)
    return render_template(
        "techniques/show.html",
        technique=technique,
        mine=techniques.my_marks(current_user, technique),
        saved=techniques.in_toolkit(current_user, technique),
    )


@bp.route("/techniques/<int:technique_id>/edit", methods=["GET", "POST"])
def edit(technique_id: int):
    """The author rewrites their technique; marks and toolkit saves stay."""
    technique = techniques.get_own_technique(current_user, technique_id)
    form = TechniqueForm(obj=technique)
    if not form.validate_on_submit():
        return render_template("techniques/edit.html", technique=technique, form=form)
    try:
        techniques.edit_technique(
            current_user, technique.id, form.title.data, form.steps.data, form.when_it_helps.data, form.tags.data
        )
    except INPUT_ERRORS as error:
        status = show_error(form, error)
        return render_template("techniques/edit.html", technique=technique, form=form), status
    flash("Your technique is updated.", "success")
    return redirect(url_for(".show", technique_id=technique.id))


@bp.post("/techniques/<int:technique_id>/delete")
def delete(technique_id: int):
    """The author deletes their technique and is taken back to the library it was in."""
    technique = techniques.get_own_technique(current_user, technique_id)
    back = url_for(".group_library", slug=technique.group.slug) if technique.group else url_for(".library")
    techniques.delete_technique(current_user, technique.id)
    flash("Your technique is deleted.", "info")
    return redirect(back)


@bp.post("/techniques/<int:technique_id>/marks/<kind>")
def mark(technique_id: int, kind: str):
    """Press or release "tried it" / "helped me"; the button sends the state it was drawn for (on=1 / on=0)."""
    technique = _technique(technique_id)
    techniques.set_mark(current_user, technique, kind, on=request.form.get("on") != "0")
    return redirect(url_for(".show", technique_id=technique.id))


@bp.post("/techniques/<int:technique_id>/toolkit")
def toolkit_button(technique_id: int):
    """Save to, or remove from, My toolkit (on=1 / on=0)."""
    technique = _technique(technique_id)
    saved = techniques.save_to_toolkit(current_user, technique, saved=request.form.get("on") != "0")
    flash("Saved to your toolkit." if saved else "Removed from your toolkit.", "success")
    return redirect(url_for(".show", technique_id=technique.id))


@bp.get("/toolkit")
@login_required
def toolkit():
    """My toolkit: the techniques the member saved; private to them."""
    page = techniques.toolkit(current_user, request.args.get("page"), _page_size())
    return render_template("techniques/toolkit.html", page=page)


@bp.get("/search")
@login_required
def search_page():
    """Search threads, posts and techniques the member may read."""
    text = request.args.get("q", "")
    results = search.search(current_user, text, request.args.get("page"), _page_size())
    return render_template("techniques/search.html", text=text[: search.MAX_QUERY_CHARS], results=results)


def register_globals(app) -> None:
    app.jinja_env.globals.update(TECHNIQUE_TAGS=TECHNIQUE_TAGS, MARK_KINDS=MARK_KINDS)
