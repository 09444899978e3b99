"""A group's Celebrations: the milestones its members chose to share, with reactions and congratulations."""
from __future__ import annotations

from flask import redirect, render_template, request, url_for
from flask_login import current_user

from forum.models import Group
from forum.models.goal import MILESTONE_REACTION_KINDS
from forum.services import access, goals
from forum.services.errors import NotMember
from forum.web.common import INPUT_ERRORS, page_blueprint, show_error
from forum.web.forms import CongratulationForm

bp = page_blueprint("celebrations", __name__)


@bp.get("/groups/<slug>/celebrations")
def show(slug: str):
    """Members see the feed; others of a public group are asked to join, and a private group stays hidden."""
    return _feed_page(access.get_group(slug))


@bp.post("/groups/<slug>/celebrations/<int:milestone_id>/reactions/<kind>")
def react(slug: str, milestone_id: int, kind: str):
    """Press (on=1) or release (on=0) a celebrate or support button."""
    group = access.get_group(slug)
    goals.react_to_milestone(current_user, group, milestone_id, kind, request.form.get("on") != "0")
    return redirect(_back(group, milestone_id))


@bp.post("/groups/<slug>/celebrations/<int:milestone_id>/congratulations")
def congratulate(slug: str, milestone_id: int):
    group = access.get_group(slug)
    form = CongratulationForm()
    try:
        goals.congratulate(current_user, group, milestone_id, form.body.data)
    except INPUT_ERRORS as error:
        return _feed_page(group, form=form, form_for=milestone_id, status=show_error(form, error))
    return redirect(_back(group, milestone_id))


def _back(group: Group, milestone_id: int) -> str:
    return url_for(".show", slug=group.slug, cursor=request.args.get("cursor"), _anchor=f"celebration-{milestone_id}")


def _feed_page(group: Group, form: CongratulationForm | None = None, form_for: int | None = None, status: int = 200):
    try:
        page = goals.celebrations(current_user, group, request.args.get("cursor"))
    except NotMember as error:
        join_url = url_for("groups.join", slug=group.slug)
        return render_template("error.html", status=error.status, message=error.message, join_url=join_url), error.status
    html = render_template(
        "groups/celebrations.html",
        group=group,
        page=page,
        reaction_kinds=MILESTONE_REACTION_KINDS,
        form=form,
        form_for=form_for,
        cursor=request.args.get("cursor"),
    )
    return html, status
