"""My goals and a group's Celebrations as pages: private to the member, shared only by their choice."""
from __future__ import annotations

import re
from datetime import timedelta

import pytest
import sqlalchemy as sa

from forum.extensions import db
from forum.models import Goal, Milestone
from forum.services.goals import today
from tests.conftest import PASSWORD
from tests.web.test_page_markup import PageOutline


def days_ago(n: int) -> str:
    return (today() - timedelta(days=n)).isoformat()


def only_id(app, model) -> int:
    with app.app_context():
        return db.session.scalar(sa.select(model.id).order_by(model.id.desc()))


@pytest.fixture
def author(world, client_as):
    return client_as("author")


@pytest.fixture
def streak(app, author) -> int:
    """author's streak goal, started 31 days ago."""
    response = author.post("/goals", data={
        "title": "Sober since spring", "why": "For my kids", "kind": "streak", "streak_started_on": days_ago(31),
    })
    assert response.status_code == 302
    return only_id(app, Goal)


def record_30_days(author, goal_id: int, share_with=()) -> None:
    response = author.post(f"/goals/{goal_id}/milestones", data={"days": "30", "title": "30 days", "share_with": list(share_with)})
    assert response.status_code == 302


def test_signing_in_comes_first(world, client_as):
    response = client_as(None).get("/goals")
    assert response.status_code == 302 and response.headers["Location"].startswith("/login")


def test_a_member_sets_a_goal_and_finds_it_on_their_page(author, streak):
    page = author.get(f"/goals/{streak}").text
    assert "Sober since spring" in page and "For my kids" in page
    assert "Private: only you see this goal" in page
    assert "31 days" in page
    assert "Sober since spring" in author.get("/goals").text


def test_a_goal_with_no_title_comes_back_with_the_message(author, world):
    response = author.post("/goals", data={"title": "", "why": "kept", "kind": "plain"})
    assert response.status_code == 422
    assert "The goal can&#39;t be empty." in response.text and "kept" in response.text


def test_check_ins_show_their_note_and_mood(author, streak):
    response = author.post(f"/goals/{streak}/checkins", data={"note": "A hard evening, but okay", "mood": "2"})
    assert response.status_code == 302
    page = author.get(f"/goals/{streak}").text
    assert "A hard evening, but okay" in page and "mood 2 of 5" in page


def test_streak_milestones_are_offered_and_recorded_only_when_asked(app, author, streak):
    page = author.get(f"/goals/{streak}").text
    assert [f"Record {label}" in page for label in ("1 day", "7 days", "30 days", "60 days")] == [True, True, True, False]
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Milestone)) == 0

    record_30_days(author, streak)
    page = author.get(f"/goals/{streak}").text
    assert "Record 30 days" not in page and "Record 7 days" in page
    assert re.search(r"Recorded .*· *\s*private", page, re.S)


def test_a_new_start_is_worded_kindly_and_keeps_the_history(author, streak):
    response = author.post(f"/goals/{streak}/new-start", data={"started_on": ""}, follow_redirects=True)
    page = response.text
    assert "A new start" in page and "after 31 days from" in page
    assert "0 days" in page
    assert "fail" not in page.lower() and "relapse" not in page.lower()


def test_sharing_with_ticked_groups_then_unticking_makes_it_private_again(app, author, client_as, streak):
    record_30_days(author, streak)
    milestone_id = only_id(app, Milestone)
    member = client_as("member")
    assert "30 days" not in member.get("/groups/open/celebrations").text

    assert author.post(f"/milestones/{milestone_id}/sharing", data={"groups": ["open", "closed"]}).status_code == 302
    for slug in ("open", "closed"):
        assert "30 days" in member.get(f"/groups/{slug}/celebrations").text
    assert re.search(r'shared with <span dir="auto">Closed</span>, <span dir="auto">Open</span>', author.get(f"/goals/{streak}").text)

    author.post(f"/milestones/{milestone_id}/sharing", data={"groups": ["closed"]})
    assert "30 days" not in member.get("/groups/open/celebrations").text
    assert "30 days" in member.get("/groups/closed/celebrations").text

    author.post(f"/milestones/{milestone_id}/sharing", data={})
    assert "30 days" not in member.get("/groups/closed/celebrations").text


def test_sharing_with_a_group_one_is_not_in_is_refused(app, author, build, streak):
    build.group("elsewhere")
    record_30_days(author, streak)
    response = author.post(f"/milestones/{only_id(app, Milestone)}/sharing", data={"groups": ["elsewhere"]})
    assert response.status_code == 403


def test_a_milestone_of_its_own_can_be_recorded_and_shared(author, client_as):
    response = author.post("/milestones", data={"title": "Called my sister", "share_with": ["open"]})
    assert response.status_code == 302
    assert "Called my sister" in author.get("/goals").text
    assert "Called my sister" in client_as("member").get("/groups/open/celebrations").text


@pytest.mark.parametrize("who", ["member", "mod", "admin", "outsider"])
def test_nobody_else_sees_or_touches_a_goal_or_milestone(app, author, client_as, streak, who):
    author.post(f"/goals/{streak}/checkins", data={"note": "my private note"})
    record_30_days(author, streak)
    milestone_id = only_id(app, Milestone)
    other = client_as(who)
    assert other.get(f"/goals/{streak}").status_code == 404
    for path, data in [
        (f"/goals/{streak}/checkins", {"note": "x"}),
        (f"/goals/{streak}/new-start", {}),
        (f"/goals/{streak}/archive", {"on": "1"}),
        (f"/goals/{streak}/milestones", {"title": "x"}),
        (f"/milestones/{milestone_id}/sharing", {"groups": ["open"]}),
    ]:
        assert other.post(path, data=data).status_code == 404, path
    mine = other.get("/goals").text
    assert "Sober since spring" not in mine and "30 days" not in mine
    for slug in ("open", "closed"):
        assert "30 days" not in other.get(f"/groups/{slug}/celebrations").text
    assert "my private note" not in author.get("/groups/open/celebrations").text


# path, then the expected answer for: anonymous, outsider, member, moderator, admin
FEEDS = [("/groups/open/celebrations", "login", 403, 200, 200, 403), ("/groups/closed/celebrations", 404, 404, 200, 200, 403)]


@pytest.mark.parametrize("role", ("anonymous", "outsider", "member", "moderator", "admin"))
def test_a_groups_celebrations_are_for_its_members(world, client_as, role):
    client = client_as(role)
    for path, *answers in FEEDS:
        response = client.get(path)
        answered = "login" if response.status_code == 302 else response.status_code
        assert answered == answers[("anonymous", "outsider", "member", "moderator", "admin").index(role)], path


def test_members_celebrate_and_congratulate_on_the_feed(app, author, client_as, streak):
    record_30_days(author, streak, share_with=["open"])
    milestone_id = only_id(app, Milestone)
    member = client_as("member")
    response = member.post(f"/groups/open/celebrations/{milestone_id}/reactions/celebrate", data={"on": "1"})
    assert response.status_code == 302
    page = member.get("/groups/open/celebrations").text
    assert re.search(r'aria-pressed="true">Celebrate <span class="count">1</span>', page)

    response = member.post(f"/groups/open/celebrations/{milestone_id}/congratulations", data={"body": "x" * 281})
    assert response.status_code == 422 and "at most 280 characters" in response.text and "x" * 281 in response.text
    member.post(f"/groups/open/celebrations/{milestone_id}/congratulations", data={"body": "So proud of you"})
    assert "So proud of you" in author.get("/groups/open/celebrations").text
    assert "So proud of you" not in author.get("/groups/closed/celebrations").text


@pytest.mark.parametrize("path", ["/goals", "/goals/{goal}", "/groups/open/celebrations"])
def test_goal_pages_are_accessible_and_self_contained(author, streak, path):
    record_30_days(author, streak, share_with=["open"])
    outline = PageOutline()
    outline.feed(author.get(path.format(goal=streak)).text)
    assert outline.h1_count == 1
    assert [control for control in outline.control_ids if control not in outline.label_targets] == []
    assert all(url.startswith("/") for url in outline.resources)


POST_ROUTES = [
    "/goals",
    "/goals/{goal}/checkins",
    "/goals/{goal}/new-start",
    "/goals/{goal}/archive",
    "/goals/{goal}/milestones",
    "/milestones",
    "/milestones/{milestone}/sharing",
    "/groups/open/celebrations/{milestone}/reactions/celebrate",
    "/groups/open/celebrations/{milestone}/congratulations",
]


def test_every_goal_form_needs_its_csrf_token(app, world, make_client, csrf_token):
    app.config["WTF_CSRF_ENABLED"] = True
    client = make_client()
    token = csrf_token(client, "/login")
    client.post("/login", data={"username": "author", "password": PASSWORD, "csrf_token": token})
    token = csrf_token(client, "/goals")
    client.post("/goals", data={"title": "A goal", "kind": "plain", "csrf_token": token})
    goal = only_id(app, Goal)
    client.post(f"/goals/{goal}/milestones", data={"title": "M", "share_with": ["open"], "csrf_token": token})
    milestone = only_id(app, Milestone)
    for route in POST_ROUTES:
        response = client.post(route.format(goal=goal, milestone=milestone), data={"title": "forged", "on": "1", "body": "x"})
        assert response.status_code == 400, route
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Goal)) == 1


def test_every_goal_form_route_is_in_the_list(app):
    served = {
        rule.rule for rule in app.url_map.iter_rules()
        if "POST" in rule.methods and rule.endpoint.split(".")[0] in {"goals", "celebrations"}
    }
    listed = {
        route.replace("{goal}", "<int:goal_id>").replace("{milestone}", "<int:milestone_id>")
        .replace("/open/", "/<slug>/").replace("/celebrate", "/<kind>")
        for route in POST_ROUTES
    }
    assert served == listed


def test_a_milestone_stays_shared_with_a_group_left_since_until_unticked(app, author, client_as, streak):
    record_30_days(author, streak, share_with=["open", "closed"])
    milestone_id = only_id(app, Milestone)
    author.post("/groups/closed/leave")
    assert "closed (you are no longer a member)" in author.get(f"/goals/{streak}").text

    assert author.post(f"/milestones/{milestone_id}/sharing", data={"groups": ["open", "closed"]}).status_code == 302
    assert "30 days" in client_as("member").get("/groups/closed/celebrations").text
    author.post(f"/milestones/{milestone_id}/sharing", data={"groups": ["open"]})
    assert "30 days" not in client_as("member").get("/groups/closed/celebrations").text
