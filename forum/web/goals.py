"""My goals: goals, check-ins, new starts and milestones, private to the member, and sharing milestones."""
from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from forum.models import Goal, Milestone
from forum.services import goals
from forum.web.common import INPUT_ERRORS, page_blueprint, show_error
from forum.web.forms import CheckInForm, GoalForm, MilestoneForm, NewStartForm

bp = page_blueprint("goals", __name__)


def _mood(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() else None


@bp.get("/goals")
@login_required
def index():
    """The member's goals, a form for a new one, and milestones recorded on their own."""
    return _index_page(GoalForm(), MilestoneForm())


@bp.post("/goals")
@login_required
def create():
    """Set a new goal; it is private."""
    form = GoalForm()
    try:
        goal = goals.create_goal(
            current_user, form.title.data, form.why.data, form.kind.data, form.streak_started_on.data or None
        )
    except INPUT_ERRORS as error:
        return _index_page(form, MilestoneForm(), show_error(form, error))
    flash("Your goal is set. Only you can see it.", "success")
    return redirect(url_for(".show", goal_id=goal.id))


@bp.get("/goals/<int:goal_id>")
@login_required
def show(goal_id: int):
    """A goal: its check-ins and moods, its milestones and where each is shared, and for a streak its new starts."""
    return _goal_page(goals.get_own_goal(current_user, goal_id))


@bp.post("/goals/<int:goal_id>/checkins")
@login_required
def check_in(goal_id: int):
    goal = goals.get_own_goal(current_user, goal_id)
    form = CheckInForm()
    try:
        goals.check_in(current_user, goal, form.note.data, _mood(form.mood.data))
    except INPUT_ERRORS as error:
        return _goal_page(goal, show_error(form, error), checkin_form=form)
    flash("Checked in.", "success")
    return redirect(url_for(".show", goal_id=goal.id))


@bp.post("/goals/<int:goal_id>/new-start")
@login_required
def new_start(goal_id: int):
    """A streak starts again; the days before stay in its history."""
    goal = goals.get_own_goal(current_user, goal_id)
    form = NewStartForm()
    try:
        goals.make_new_start(current_user, goal, form.started_on.data or None)
    except INPUT_ERRORS as error:
        return _goal_page(goal, show_error(form, error), new_start_form=form)
    flash("A new start. Every day you were on your way still counts.", "success")
    return redirect(url_for(".show", goal_id=goal.id))


@bp.post("/goals/<int:goal_id>/archive")
@login_required
def archive(goal_id: int):
    """Archive a goal (on=1) or bring it back (on=0)."""
    goal = goals.get_own_goal(current_user, goal_id)
    archived = request.form.get("on") != "0"
    goals.set_archived(current_user, goal, archived)
    flash("The goal is archived; its history stays." if archived else "The goal is back with your goals.", "info")
    return redirect(url_for(".show", goal_id=goal.id))


@bp.post("/goals/<int:goal_id>/milestones")
@login_required
def record_milestone(goal_id: int):
    """Record a milestone of this goal, shared with the ticked groups only."""
    goal = goals.get_own_goal(current_user, goal_id)
    form = MilestoneForm()
    try:
        milestone = goals.record_milestone(
            current_user, goal, form.title.data, form.days.data, request.form.getlist("share_with")
        )
    except INPUT_ERRORS as error:
        return _goal_page(goal, show_error(form, error), milestone_form=form)
    _flash_recorded(milestone)
    return redirect(url_for(".show", goal_id=goal.id, _anchor=f"milestone-{milestone.id}"))


@bp.post("/milestones")
@login_required
def record_own_milestone():
    """Record a milestone that belongs to no goal."""
    form = MilestoneForm()
    try:
        milestone = goals.record_milestone(current_user, None, form.title.data, None, request.form.getlist("share_with"))
    except INPUT_ERRORS as error:
        return _index_page(GoalForm(formdata=None), form, show_error(form, error))
    _flash_recorded(milestone)
    return redirect(url_for(".index", _anchor=f"milestone-{milestone.id}"))


@bp.post("/milestones/<int:milestone_id>/sharing")
@login_required
def sharing(milestone_id: int):
    """Share with exactly the ticked groups: unticking one takes the milestone back from it."""
    milestone = goals.get_own_milestone(current_user, milestone_id)
    goals.set_sharing(current_user, milestone, request.form.getlist("groups"))
    flash("Sharing saved." if request.form.getlist("groups") else "Your milestone is private again.", "success")
    return redirect(_milestone_url(milestone))


def _flash_recorded(milestone: Milestone) -> None:
    shared = goals.shared_with([milestone]).get(milestone.id)
    flash("Milestone recorded and shared. Well done." if shared else "Milestone recorded. Well done.", "success")


def _milestone_url(milestone: Milestone) -> str:
    anchor = f"milestone-{milestone.id}"
    if milestone.goal_id is None:
        return url_for(".index", _anchor=anchor)
    return url_for(".show", goal_id=milestone.goal_id, _anchor=anchor)


def _index_page(goal_form: GoalForm, milestone_form: MilestoneForm, status: int = 200):
    current = goals.my_goals(current_user)
    archived = goals.my_goals(current_user, archived=True)
    loose = [item for item in goals.my_milestones(current_user) if item.goal_id is None]
    html = render_template(
        "goals/index.html",
        goals=current,
        archived=archived,
        checkins=goals.checkin_counts(current + archived),
        streak_days=goals.streak_days,
        milestones=loose,
        shared_with=goals.shared_with(loose),
        my_groups=goals.shareable_groups(current_user),
        form=goal_form,
        milestone_form=milestone_form,
    )
    return html, status


def _goal_page(goal: Goal, status: int = 200, **forms):
    html = render_template(
        "goals/show.html",
        view=goals.goal_view(current_user, goal),
        my_groups=goals.shareable_groups(current_user),
        checkin_form=forms.get("checkin_form") or CheckInForm(formdata=None),
        new_start_form=forms.get("new_start_form") or NewStartForm(formdata=None),
        milestone_form=forms.get("milestone_form") or MilestoneForm(formdata=None),
        streak_title=goals.streak_title,
    )
    return html, status
