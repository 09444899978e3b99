"""Goals, check-ins, new starts and milestones: private to their owner, shared only by choice."""
from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa

from forum.extensions import db
from forum.models import Congratulation, Goal, Milestone, MilestoneReaction, MilestoneShare, StreakRestart
from forum.services import accounts, goals
from forum.services.access import get_group
from forum.services.errors import Invalid, NotFound, NotMember, TooLong


@pytest.fixture
def people(build):
    """ana and ben share the public group `circle`; cal is in `other`; `quiet` is private, with ana."""
    for name in ("ana", "ben", "cal"):
        build.user(name)
    build.group("circle", members=("ana", "ben"))
    build.group("other", members=("cal",))
    build.group("quiet", "private", members=("ana",))


def user(name: str):
    return accounts.get_user_by_username(name)


def days_ago(n: int) -> str:
    return (goals.today() - timedelta(days=n)).isoformat()


def test_a_goal_is_private_to_its_owner_even_for_site_admins(ctx, people):
    goal = goals.create_goal(user("ana"), "Days without drinking", "For my kids", "streak", days_ago(3))
    assert goals.get_own_goal(user("ana"), goal.id) is goal
    for other in ("ben", "site-admin-circle"):
        with pytest.raises(NotFound):
            goals.get_own_goal(user(other), goal.id)
        with pytest.raises(NotFound):
            goals.check_in(user(other), goal, "sneaky", 3)
    assert goals.my_goals(user("ben")) == []
    assert goals.streak_days(goal) == 3


@pytest.mark.parametrize("kind, start, field", [
    ("sometimes", None, "kind"),
    ("streak", "tomorrow", "streak_started_on"),
    ("streak", "2026-02-30", "streak_started_on"),
])
def test_a_goal_with_a_bad_kind_or_start_is_refused(ctx, people, kind, start, field):
    with pytest.raises(Invalid) as refused:
        goals.create_goal(user("ana"), "A goal", None, kind, start)
    assert refused.value.field == field


def test_a_future_start_is_refused(ctx, people):
    future = (goals.today() + timedelta(days=1)).isoformat()
    with pytest.raises(Invalid):
        goals.create_goal(user("ana"), "A goal", None, "streak", future)


def test_check_ins_keep_a_short_note_and_an_optional_mood(ctx, people):
    goal = goals.create_goal(user("ana"), "Meetings", "", "count")
    goals.check_in(user("ana"), goal, "Went to one", 4)
    goals.check_in(user("ana"), goal, "", None)
    assert goals.goal_view(user("ana"), goal).checkin_count == 2
    with pytest.raises(Invalid):
        goals.check_in(user("ana"), goal, "", 6)
    with pytest.raises(TooLong):
        goals.check_in(user("ana"), goal, "x" * 281)


def test_a_new_start_keeps_the_earlier_streak_and_offers_its_milestones_again(ctx, people):
    goal = goals.create_goal(user("ana"), "Days without drinking", "", "streak", days_ago(8))
    assert goals.offered_milestones(goal) == [1, 7]
    goals.record_milestone(user("ana"), goal, None, days=7)
    assert goals.offered_milestones(goal) == [1]

    restart = goals.make_new_start(user("ana"), goal, days_ago(1))
    assert (restart.previous_days, goal.streak_started_on.isoformat()) == (7, days_ago(1))
    assert goals.streak_days(goal) == 1
    assert goals.offered_milestones(goal) == [1]  # the new streak's own first day
    assert db.session.scalar(sa.select(sa.func.count()).select_from(StreakRestart)) == 1


def test_only_a_streak_has_new_starts_and_never_before_the_current_one(ctx, people):
    plain = goals.create_goal(user("ana"), "Call my sister", "", "plain")
    with pytest.raises(Invalid):
        goals.make_new_start(user("ana"), plain)
    streak = goals.create_goal(user("ana"), "Streak", "", "streak", days_ago(2))
    with pytest.raises(Invalid):
        goals.make_new_start(user("ana"), streak, days_ago(5))


def test_streak_milestones_are_offered_never_recorded_by_themselves(ctx, people):
    goal = goals.create_goal(user("ana"), "Streak", "", "streak", days_ago(400))
    assert goals.offered_milestones(goal) == [1, 7, 30, 60, 90, 180, 365]
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Milestone)) == 0
    milestone = goals.record_milestone(user("ana"), goal, "", days=30)
    assert (milestone.title, milestone.days) == ("30 days", 30)
    assert goals.shared_with([milestone]) == {}
    with pytest.raises(Invalid):
        goals.record_milestone(user("ana"), goal, "", days=30)  # already recorded for this streak
    young = goals.create_goal(user("ana"), "Young streak", "", "streak", days_ago(10))
    with pytest.raises(Invalid):
        goals.record_milestone(user("ana"), young, "", days=30)  # not reached yet


def test_sharing_is_only_with_groups_the_member_belongs_to(ctx, people):
    milestone = goals.record_milestone(user("ana"), None, "Called my sister")
    with pytest.raises(NotMember):
        goals.share_milestone(user("ana"), milestone, ["other"])
    with pytest.raises(NotMember):
        goals.record_milestone(user("ana"), None, "First meeting", share_with=["circle", "other"])
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Milestone)) == 1  # nothing half-stored
    with pytest.raises(NotFound):
        goals.share_milestone(user("ben"), milestone, ["circle"])  # not his milestone
    goals.share_milestone(user("ana"), milestone, ["circle", "quiet", "circle"])
    assert goals.shared_with([milestone]) == {milestone.id: ["circle", "quiet"]}


def test_unsharing_takes_the_milestone_and_its_responses_away(ctx, people):
    milestone = goals.record_milestone(user("ana"), None, "First meeting", share_with=["circle", "quiet"])
    circle = get_group("circle")
    goals.react_to_milestone(user("ben"), circle, milestone.id, "celebrate", True)
    goals.congratulate(user("ben"), circle, milestone.id, "So proud of you")
    assert [s.milestone.title for s in goals.celebrations(user("ben"), circle).shares] == ["First meeting"]

    goals.unshare_milestone(user("ana"), milestone, ["circle"])
    assert goals.celebrations(user("ben"), circle).shares == []
    with pytest.raises(NotFound):
        goals.react_to_milestone(user("ben"), circle, milestone.id, "support", True)
    assert goals.shared_with([milestone]) == {milestone.id: ["quiet"]}
    for model in (MilestoneReaction, Congratulation):
        assert db.session.scalar(sa.select(sa.func.count()).select_from(model)) == 0

    goals.unshare_milestone(user("ana"), milestone, "all")
    assert db.session.scalar(sa.select(sa.func.count()).select_from(MilestoneShare)) == 0


def test_reactions_are_celebrate_or_support_once_each(ctx, people):
    milestone = goals.record_milestone(user("ana"), None, "First meeting", share_with=["circle"])
    circle = get_group("circle")
    for _ in range(2):
        counts = goals.react_to_milestone(user("ben"), circle, milestone.id, "celebrate", True)
    assert counts == {"celebrate": 1}
    assert goals.react_to_milestone(user("ben"), circle, milestone.id, "celebrate", False) == {}
    with pytest.raises(Invalid):
        goals.react_to_milestone(user("ben"), circle, milestone.id, "helpful", True)


def test_congratulations_are_short(ctx, people):
    milestone = goals.record_milestone(user("ana"), None, "First meeting", share_with=["circle"])
    circle = get_group("circle")
    with pytest.raises(TooLong):
        goals.congratulate(user("ben"), circle, milestone.id, "x" * 281)
    with pytest.raises(Invalid):
        goals.congratulate(user("ben"), circle, milestone.id, "   ")
    assert goals.congratulate(user("ben"), circle, milestone.id, "x" * 280).body == "x" * 280


def test_a_private_groups_celebrations_do_not_exist_for_outsiders(ctx, people):
    goals.record_milestone(user("ana"), None, "First meeting", share_with=["quiet"])
    with pytest.raises(NotFound):
        goals.celebrations(user("ben"), get_group("quiet"))
    with pytest.raises(NotMember):
        goals.celebrations(user("cal"), get_group("circle"))


def test_archiving_keeps_the_goal_out_of_the_current_list(ctx, people):
    goal = goals.create_goal(user("ana"), "Meetings", "", "count")
    goals.set_archived(user("ana"), goal, True)
    assert goals.my_goals(user("ana")) == [] and goals.my_goals(user("ana"), archived=True) == [goal]
    with pytest.raises(Invalid):
        goals.set_archived(user("ana"), goal, "yes")
    assert db.session.get(Goal, goal.id).is_archived


def test_a_celebration_shows_its_latest_congratulations(ctx, people, monkeypatch):
    monkeypatch.setattr(goals, "SHOWN_CONGRATULATIONS", 2)
    milestone = goals.record_milestone(user("ana"), None, "First meeting", share_with=["circle"])
    circle = get_group("circle")
    for n in range(4):
        goals.congratulate(user("ben"), circle, milestone.id, f"note {n}")
    page = goals.celebrations(user("ben"), circle)
    assert [note.body for note in page.congratulations[page.shares[0].id]] == ["note 2", "note 3"]


def test_a_page_of_celebrations_costs_the_same_however_many_it_shows(ctx, people, count_queries):
    circle = get_group("circle")

    def shared(count: int) -> int:
        for n in range(count):
            milestone = goals.record_milestone(user("ana"), None, f"Milestone {n}", share_with=["circle"])
            goals.react_to_milestone(user("ben"), circle, milestone.id, "celebrate", True)
            goals.congratulate(user("ben"), circle, milestone.id, "Well done")
        db.session.expire_all()
        with count_queries() as queries:
            assert len(goals.celebrations(user("ben"), circle).shares) > 0
        return queries()

    assert shared(2) == shared(6)
