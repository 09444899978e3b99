"""A member's own goals and milestones, sharing them, and a group's celebrations."""
from __future__ import annotations

from flask import jsonify, request

from forum import payloads
from forum.api import account_required, actor, bp, json_body
from forum.models import Milestone
from forum.services import goals
from forum.services.access import get_group
from forum.services.rooms import get_room_group


def _own_milestone_answer(milestone: Milestone, status: int = 200):
    return jsonify(milestone=payloads.own_milestone(milestone, goals.shared_with([milestone]).get(milestone.id, []))), status


@bp.get("/goals")
@account_required
def list_goals():
    """The caller's own goals (?archived=true for the archived ones)."""
    items = goals.my_goals(actor(), archived=request.args.get("archived") == "true")
    counts = goals.checkin_counts(items)
    return jsonify(goals=[payloads.goal(item, goals.streak_days(item), counts.get(item.id, 0)) for item in items])


@bp.post("/goals")
@account_required
def set_goal():
    """Set a new goal; private to the caller."""
    data = json_body()
    goal = goals.create_goal(
        actor(), data.get("title"), data.get("why"), data.get("kind", "plain"), data.get("streak_started_on")
    )
    return jsonify(goal=payloads.goal(goal, goals.streak_days(goal), 0)), 201


@bp.get("/goals/<int:goal_id>")
@account_required
def show_goal(goal_id: int):
    """One of the caller's goals with its check-ins, new starts, milestones and the streak milestones on offer."""
    user = actor()
    return jsonify(payloads.goal_view(goals.goal_view(user, goals.get_own_goal(user, goal_id))))


@bp.post("/goals/<int:goal_id>/archive")
@account_required
def archive_goal(goal_id: int):
    """Archive a goal ({"archived": false} brings it back)."""
    user = actor()
    goal = goals.set_archived(user, goals.get_own_goal(user, goal_id), json_body().get("archived", True))
    return jsonify(goal=payloads.goal(goal, goals.streak_days(goal), goals.checkin_counts([goal]).get(goal.id, 0)))


@bp.post("/goals/<int:goal_id>/checkins")
@account_required
def check_in_on_goal(goal_id: int):
    """Add a check-in: a short note and an optional mood from 1 to 5."""
    user = actor()
    data = json_body()
    item = goals.check_in(user, goals.get_own_goal(user, goal_id), data.get("note"), data.get("mood"))
    return jsonify(checkin=payloads.checkin(item)), 201


@bp.post("/goals/<int:goal_id>/new-start")
@account_required
def give_new_start(goal_id: int):
    """Start a streak again (today, or on `started_on`); the streak before is kept in the history."""
    user = actor()
    item = goals.make_new_start(user, goals.get_own_goal(user, goal_id), json_body().get("started_on"))
    return jsonify(new_start=payloads.new_start(item)), 201


@bp.post("/goals/<int:goal_id>/milestones")
@account_required
def record_goal_milestone(goal_id: int):
    """Record a milestone of the goal, shared only with the groups in `share_with`."""
    user = actor()
    data = json_body()
    milestone = goals.record_milestone(
        user, goals.get_own_goal(user, goal_id), data.get("title"), data.get("days"), data.get("share_with")
    )
    return _own_milestone_answer(milestone, 201)


@bp.get("/milestones")
@account_required
def list_milestones():
    """The caller's own milestones, each with the groups it is shared with."""
    items = goals.my_milestones(actor())
    slugs = goals.shared_with(items)
    return jsonify(milestones=[payloads.own_milestone(item, slugs.get(item.id, [])) for item in items])


@bp.post("/milestones/<int:milestone_id>/share")
@account_required
def share_milestone(milestone_id: int):
    """Share one's milestone with more of one's groups."""
    user = actor()
    milestone = goals.get_own_milestone(user, milestone_id)
    goals.share_milestone(user, milestone, json_body().get("groups"))
    return _own_milestone_answer(milestone)


@bp.post("/milestones/<int:milestone_id>/unshare")
@account_required
def unshare_milestone(milestone_id: int):
    """Take one's milestone back from some groups, or from all ("groups": "all")."""
    user = actor()
    milestone = goals.get_own_milestone(user, milestone_id)
    goals.unshare_milestone(user, milestone, json_body().get("groups"))
    return _own_milestone_answer(milestone)


@bp.post("/milestones/<int:milestone_id>/reactions")
@account_required
def react_to_milestone(milestone_id: int):
    """Celebrate or support a milestone shared with one's group (on: false takes it back)."""
    data = json_body()
    group = get_room_group(data.get("group"))
    counts = goals.react_to_milestone(actor(), group, milestone_id, data.get("kind"), data.get("on", True))
    return jsonify(payloads.milestone_reactions(group.slug, milestone_id, counts))


@bp.post("/milestones/<int:milestone_id>/congratulations")
@account_required
def congratulate_on_milestone(milestone_id: int):
    """A short congratulation (at most 280 characters) on a milestone shared with one's group."""
    data = json_body()
    group = get_room_group(data.get("group"))
    note = goals.congratulate(actor(), group, milestone_id, data.get("body"))
    return jsonify(payloads.milestone_congratulation(group.slug, milestone_id, note)), 201


@bp.get("/groups/<slug>/celebrations")
@account_required
def list_celebrations(slug: str):
    """One page of the milestones shared with the group, newest first (members)."""
    page = goals.celebrations(actor(), get_group(slug), request.args.get("cursor"))
    return jsonify(celebrations=payloads.celebrations(page), next_cursor=page.next_cursor)
