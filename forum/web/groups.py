"""Group pages: the group itself, joining and leaving, join requests, and admin tools."""
from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from forum.models import Group
from forum.services import access, blocks, groups, reading
from forum.services.errors import NotFound
from forum.web.common import INPUT_ERRORS, page_blueprint, show_error
from forum.web.forms import AppointForm, GroupForm, JoinForm

bp = page_blueprint("groups", __name__, url_prefix="/groups")

DECISIONS = {"approve": True, "decline": False}
JOINED = {
    "active": ("Welcome to {name}.", "success"),
    "pending": ("Your request to join {name} is waiting for a moderator.", "info"),
    "banned": ("You can no longer take part in {name}.", "info"),
}


@bp.route("/new", methods=["GET", "POST"])
@login_required
def new():
    """Site admins open a new group."""
    form = GroupForm()
    if not form.validate_on_submit():
        access.require_site_admin(current_user)
        return render_template("groups/new.html", form=form)
    try:
        group = groups.create_group(
            current_user,
            form.slug.data,
            form.name.data,
            form.description.data,
            form.agreement.data,
            form.visibility.data,
        )
    except INPUT_ERRORS as error:
        status = show_error(form, error)
        return render_template("groups/new.html", form=form), status
    flash(f"The group “{group.name}” is open.", "success")
    return redirect(url_for(".show", slug=group.slug))


@bp.get("/<slug>")
def show(slug: str):
    """The group: what it is about, and its discussions for those who may read them."""
    return _group_page(access.get_group(slug), AppointForm())


@bp.route("/<slug>/join", methods=["GET", "POST"])
@login_required
def join(slug: str):
    """Read the agreement and join (public group) or ask to join (private group)."""
    group = access.get_group(slug)
    form = JoinForm()
    if not form.validate_on_submit():
        membership = access.membership_of(current_user, group)
        return render_template("groups/join.html", group=group, form=form, membership=membership)
    try:
        membership = groups.join_group(current_user, group, form.accept_agreement.data)
    except INPUT_ERRORS as error:
        status = show_error(form, error)
        return render_template("groups/join.html", group=group, form=form, membership=None), status
    message, category = JOINED[membership.status]
    flash(message.format(name=group.name), category)
    return redirect(url_for(".show", slug=group.slug))


@bp.post("/<slug>/leave")
@login_required
def leave(slug: str):
    """Leave the group (or withdraw a pending request)."""
    group = access.get_group(slug)
    groups.leave_group(current_user, group)
    flash(f"You left {group.name}.", "info")
    return redirect(url_for(".show", slug=group.slug))


@bp.get("/<slug>/requests")
@login_required
def join_requests(slug: str):
    """Moderators: the requests to join waiting for a decision."""
    group = access.get_group(slug)
    pending = groups.pending_requests(current_user, group)
    return render_template("groups/requests.html", group=group, pending=pending)


@bp.post("/<slug>/requests/<username>")
@login_required
def decide(slug: str, username: str):
    """Moderators: approve or decline one request."""
    group = access.get_group(slug)
    decision = request.form.get("decision")
    if decision not in DECISIONS:
        abort(400)
    approve = DECISIONS[decision]
    groups.decide_request(current_user, group, username, approve)
    flash(f"{username} is now a member." if approve else f"The request from {username} was declined.", "success")
    return redirect(url_for(".join_requests", slug=group.slug))


@bp.post("/<slug>/moderators")
@login_required
def appoint(slug: str):
    """Site admins make a member a moderator of the group."""
    group = access.get_group(slug)
    form = AppointForm()
    try:
        membership = groups.appoint_moderator(current_user, group, form.username.data)
    except (*INPUT_ERRORS, NotFound) as error:  # NotFound here: no account has that username
        status = show_error(form, error)
        return _group_page(group, form, status)
    flash(f"{membership.user.username} is now a moderator of {group.name}.", "success")
    return redirect(url_for(".show", slug=group.slug))


@bp.post("/<slug>/moderators/<username>/demote")
@login_required
def demote(slug: str, username: str):
    """Site admins make a moderator a member again; their queue stops getting the group's reports at once."""
    group = access.get_group(slug)
    groups.demote_moderator(current_user, group, username)
    flash(f"{username} is a member of {group.name} again, no longer a moderator.", "success")
    return redirect(url_for(".show", slug=group.slug))


def _group_page(group: Group, appoint_form: AppointForm, status: int = 200):
    """Private groups show strangers only their name and description; threads need a signed-in reader."""
    readable = access.can_read(current_user, group)
    page = (
        reading.group_threads(current_user, group, request.args.get("cursor"), current_app.config["PAGE_SIZE"])
        if readable
        else None
    )
    html = render_template(
        "groups/show.html",
        group=group,
        membership=access.membership_of(current_user, group),
        is_moderator=access.is_group_moderator(current_user, group),
        moderators=groups.moderators_of(group) if readable else [],
        page=page,
        blocked_authors=blocks.blocked_among(current_user, (thread.author_id for thread in page.items)) if page else set(),
        appoint_form=appoint_form,
    )
    return html, status
