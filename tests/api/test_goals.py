"""The goals API: a member's goals and milestones are theirs alone; sharing is their choice and can be undone."""
from __future__ import annotations

from datetime import timedelta

import pytest

from forum.services.goals import today

MISSING = 2_000_000


def days_ago(n: int) -> str:
    return (today() - timedelta(days=n)).isoformat()


@pytest.fixture
def streak(api, forum) -> dict:
    """member's streak goal, started 31 days ago."""
    answer = api.post("/goals", forum.tokens["member"], json={
        "title": "Days without drinking", "why": "For my kids", "kind": "streak", "streak_started_on": days_ago(31),
    })
    assert answer.status_code == 201, answer.json
    return answer.json["goal"]


def test_a_member_sets_goals_and_lists_only_their_own(api, forum, streak):
    assert streak["streak_days"] == 31 and streak["kind"] == "streak" and streak["archived"] is False
    plain = api.post("/goals", forum.tokens["member"], json={"title": "Call my sister"}).json["goal"]
    assert plain["kind"] == "plain" and plain["streak_started_on"] is None
    listed = api.get("/goals", forum.tokens["member"]).json["goals"]
    assert [goal["title"] for goal in listed] == ["Call my sister", "Days without drinking"]
    assert api.get("/goals", forum.tokens["moderator"]).json["goals"] == []


def test_the_goal_offers_the_streak_milestones_reached_and_records_one_when_asked(api, forum, streak):
    token = forum.tokens["member"]
    view = api.get(f"/goals/{streak['id']}", token).json
    assert view["offered_milestones"] == [1, 7, 30] and view["milestones"] == []

    answer = api.post(f"/goals/{streak['id']}/milestones", token, json={"days": 30, "share_with": ["garden"]})
    assert answer.status_code == 201
    assert answer.json["milestone"] | {"id": 0, "created_at": ""} == {
        "id": 0, "goal_id": streak["id"], "title": "30 days", "days": 30, "created_at": "", "shared_with": ["garden"],
    }
    assert api.get(f"/goals/{streak['id']}", token).json["offered_milestones"] == [1, 7]


def test_check_ins_and_a_new_start_keep_the_history_in_kind_words(api, forum, streak):
    token = forum.tokens["member"]
    assert api.post(f"/goals/{streak['id']}/checkins", token, json={"note": "Hard day", "mood": 2}).status_code == 201
    answer = api.post(f"/goals/{streak['id']}/new-start", token, json={})
    assert answer.status_code == 201
    assert answer.json["new_start"]["previous_days"] == 31 and answer.json["new_start"]["new_start"] == today().isoformat()
    view = api.get(f"/goals/{streak['id']}", token)
    assert view.json["goal"]["streak_days"] == 0 and view.json["goal"]["checkins"] == 1
    assert [c["mood"] for c in view.json["checkins"]] == [2]
    for word in ("fail", "relapse"):
        assert word not in answer.text.lower() and word not in view.text.lower()


@pytest.mark.parametrize("body, code", [
    ({"title": ""}, "invalid"),
    ({"title": "x" * 201}, "too_long"),
    ({"title": "A goal", "kind": "forever"}, "invalid"),
    ({"title": "A goal", "kind": "streak", "streak_started_on": 20260101}, "invalid"),
])
def test_a_bad_goal_is_refused_with_a_stable_code(api, forum, body, code):
    answer = api.post("/goals", forum.tokens["member"], json=body)
    assert (answer.status_code, answer.json["error"]) == (422, code)


@pytest.mark.parametrize("body", [{"mood": 0}, {"mood": "5"}, {"note": ["list"]}, {"note": "x" * 281}])
def test_a_bad_check_in_is_refused(api, forum, streak, body):
    answer = api.post(f"/goals/{streak['id']}/checkins", forum.tokens["member"], json=body)
    assert answer.status_code == 422


def test_sharing_needs_membership_and_unsharing_takes_it_out_of_the_feed(api, forum, streak):
    token = forum.tokens["member"]
    milestone = api.post(f"/goals/{streak['id']}/milestones", token, json={"title": "First meeting"}).json["milestone"]
    assert milestone["shared_with"] == []
    assert api.get("/groups/garden/celebrations", forum.tokens["moderator"]).json["celebrations"] == []

    refused = api.post(f"/milestones/{milestone['id']}/share", token, json={"groups": ["garden", "nowhere"]})
    assert refused.status_code == 404
    assert api.post("/groups/quiet/leave", token).status_code == 200
    refused = api.post(f"/milestones/{milestone['id']}/share", token, json={"groups": ["quiet"]})
    assert (refused.status_code, refused.json["error"]) == (403, "not_member")

    shared = api.post(f"/milestones/{milestone['id']}/share", token, json={"groups": ["garden"]})
    assert shared.json["milestone"]["shared_with"] == ["garden"]
    feed = api.get("/groups/garden/celebrations", forum.tokens["moderator"]).json["celebrations"]
    assert [(item["id"], item["member"]["username"], item["title"]) for item in feed] == [
        (milestone["id"], "member", "First meeting")
    ]
    assert "goal_id" not in feed[0]  # the goal behind it stays private

    unshared = api.post(f"/milestones/{milestone['id']}/unshare", token, json={"groups": "all"})
    assert unshared.json["milestone"]["shared_with"] == []
    assert api.get("/groups/garden/celebrations", forum.tokens["moderator"]).json["celebrations"] == []
    gone = api.post(f"/milestones/{milestone['id']}/reactions", forum.tokens["moderator"],
                    json={"group": "garden", "kind": "celebrate"})
    assert gone.status_code == 404


def test_members_react_and_congratulate_and_see_it_in_the_feed(api, forum, streak):
    milestone = api.post(f"/goals/{streak['id']}/milestones", forum.tokens["member"],
                         json={"days": 30, "share_with": ["garden"]}).json["milestone"]
    mod = forum.tokens["moderator"]
    reacted = api.post(f"/milestones/{milestone['id']}/reactions", mod, json={"group": "garden", "kind": "celebrate"})
    assert reacted.json == {"group": "garden", "milestone_id": milestone["id"], "counts": {"celebrate": 1}}
    taken_back = api.post(f"/milestones/{milestone['id']}/reactions", mod,
                          json={"group": "garden", "kind": "celebrate", "on": False})
    assert taken_back.json["counts"] == {}
    api.post(f"/milestones/{milestone['id']}/reactions", mod, json={"group": "garden", "kind": "support"})
    note = api.post(f"/milestones/{milestone['id']}/congratulations", mod, json={"group": "garden", "body": "Wonderful"})
    assert note.status_code == 201 and note.json["congratulation"]["body"] == "Wonderful"
    too_long = api.post(f"/milestones/{milestone['id']}/congratulations", mod, json={"group": "garden", "body": "x" * 281})
    assert (too_long.status_code, too_long.json["error"]) == (422, "too_long")

    [item] = api.get("/groups/garden/celebrations", forum.tokens["member"]).json["celebrations"]
    assert item["days"] == 30 and item["reactions"] == {"support": 1}
    assert [(c["author"]["username"], c["body"]) for c in item["congratulations"]] == [("moderator", "Wonderful")]


def test_outsiders_cannot_respond_and_a_private_groups_feed_is_not_found(api, forum, streak):
    milestone = api.post(f"/goals/{streak['id']}/milestones", forum.tokens["member"],
                         json={"title": "One month", "share_with": ["garden", "quiet"]}).json["milestone"]
    outsider = forum.tokens["outsider"]
    answer = api.post(f"/milestones/{milestone['id']}/reactions", outsider, json={"group": "garden", "kind": "support"})
    assert (answer.status_code, answer.json["error"]) == (403, "not_member")
    assert api.get("/groups/garden/celebrations", outsider).json["error"] == "not_member"
    for who in ("outsider", "applicant"):
        assert api.get("/groups/quiet/celebrations", forum.tokens[who]).status_code == 404
        answer = api.post(f"/milestones/{milestone['id']}/congratulations", forum.tokens[who],
                          json={"group": "quiet", "body": "hi"})
        assert answer.status_code == 404


OWNER_ONLY = {
    "read goal": lambda goal, milestone: ("GET", f"/goals/{goal}", None),
    "check in": lambda goal, milestone: ("POST", f"/goals/{goal}/checkins", {"note": "hi"}),
    "new start": lambda goal, milestone: ("POST", f"/goals/{goal}/new-start", {}),
    "archive": lambda goal, milestone: ("POST", f"/goals/{goal}/archive", {}),
    "record milestone": lambda goal, milestone: ("POST", f"/goals/{goal}/milestones", {"title": "mine now"}),
    "share": lambda goal, milestone: ("POST", f"/milestones/{milestone}/share", {"groups": ["garden"]}),
    "unshare": lambda goal, milestone: ("POST", f"/milestones/{milestone}/unshare", {"groups": "all"}),
}


@pytest.mark.parametrize("probe", OWNER_ONLY.values(), ids=OWNER_ONLY.keys())
@pytest.mark.parametrize("who", ["moderator", "admin"])
def test_someone_elses_goal_or_milestone_answers_like_an_id_that_does_not_exist(api, forum, streak, who, probe):
    milestone = api.post(f"/goals/{streak['id']}/milestones", forum.tokens["member"],
                         json={"title": "Private", "share_with": ["garden"]}).json["milestone"]
    method, path, body = probe(streak["id"], milestone["id"])
    theirs = api.call(method, path, forum.tokens[who], json=body)
    method, path, body = probe(MISSING, MISSING)
    missing = api.call(method, path, forum.tokens[who], json=body)
    assert theirs.status_code == missing.status_code == 404
    assert theirs.json["error"] == missing.json["error"] == "not_found"
    assert api.get("/milestones", forum.tokens[who]).json["milestones"] == []
    assert api.get(f"/goals/{streak['id']}", forum.tokens["member"]).json["goal"]["streak_days"] == 31  # unchanged


def test_anonymous_callers_are_unauthorized(api, forum, streak):
    assert api.get("/goals").status_code == 401
    assert api.post("/goals", json={"title": "x"}).status_code == 401
    assert api.get("/groups/garden/celebrations").status_code == 401


def test_archived_goals_are_listed_apart(api, forum, streak):
    token = forum.tokens["member"]
    assert api.post(f"/goals/{streak['id']}/archive", token, json={}).json["goal"]["archived"] is True
    assert api.get("/goals", token).json["goals"] == []
    assert [g["id"] for g in api.get("/goals?archived=true", token).json["goals"]] == [streak["id"]]
    assert api.post(f"/goals/{streak['id']}/archive", token, json={"archived": "no"}).status_code == 422


HOSTILE = [
    ("/goals", {"title": {"x": 1}, "kind": ["streak"]}),
    ("/goals", {"title": "ok", "kind": "streak", "streak_started_on": "2026-13-45"}),
    ("/goals", {"title": "ok\x00", "why": 12, "kind": "plain"}),
    ("/goals/{goal}/checkins", {"note": None, "mood": True}),
    ("/goals/{goal}/new-start", {"started_on": "\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00"}),
    ("/goals/{goal}/milestones", {"title": "x", "share_with": "garden"}),
    ("/goals/{goal}/milestones", {"title": "x", "share_with": [1, 2]}),
    ("/goals/{goal}/milestones", {"days": "30"}),
    ("/goals/{goal}/milestones", {"days": 365}),
    ("/milestones/{milestone}/share", {"groups": "all"}),
    ("/milestones/{milestone}/share", {"groups": ["gar\x00den"]}),
    ("/milestones/{milestone}/unshare", {"groups": None}),
    ("/milestones/{milestone}/reactions", {"group": ["garden"], "kind": "celebrate"}),
    ("/milestones/{milestone}/reactions", {"group": "garden", "kind": "celebrate", "on": "yes"}),
    ("/milestones/{milestone}/congratulations", {"group": "garden", "body": {"text": "hi"}}),
]


@pytest.mark.parametrize("path, body", HOSTILE)
def test_broken_input_gets_a_clear_error_never_a_500(api, forum, streak, path, body):
    token = forum.tokens["member"]
    milestone = api.post(f"/goals/{streak['id']}/milestones", token, json={"title": "x", "share_with": ["garden"]})
    url = path.format(goal=streak["id"], milestone=milestone.json["milestone"]["id"])
    answer = api.post(url, token, json=body)
    assert 400 <= answer.status_code < 500 and answer.json["error"] in {"invalid", "too_long", "not_found"}
    assert api.post(url, token, data="[1, 2]", content_type="application/json").status_code == 400
