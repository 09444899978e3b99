"""Who may call what: every API route for anonymous callers, outsiders, members, moderators and admins."""
from __future__ import annotations

from datetime import timedelta

import pytest

from forum.extensions import db
from forum.models import Group
from forum.services import accounts, goals, techniques
from tests.api import test_moderation_permissions as moderation_permissions
from tests.conftest import PASSWORD

ROLES = ("anonymous", "outsider", "member", "moderator", "admin")

NEW_GROUP = {
    "slug": "new-circle", "name": "New circle", "description": "", "agreement": "Be kind.", "visibility": "public",
}
NEW_TECHNIQUE = {"title": "Box breathing", "steps": "In for four, hold for four.", "tags": ["anxiety"]}
NEW_THREAD = {"title": "Checking in", "body": "Day three.", "response_preference": "just_listen"}

# (method, path, JSON body, expected status for each of ROLES: anonymous, outsider, member, moderator, admin)
MATRIX = [
    ("POST", "/accounts", {"username": "newcomer", "password": PASSWORD}, (201, 201, 201, 201, 201)),
    ("POST", "/tokens", {"username": "member", "password": PASSWORD}, (201, 201, 201, 201, 201)),
    ("GET", "/tokens", None, (401, 200, 200, 200, 200)),
    ("DELETE", "/tokens/{own_token}", None, (401, 204, 204, 204, 204)),
    ("GET", "/me", None, (401, 200, 200, 200, 200)),
    ("GET", "/groups", None, (200, 200, 200, 200, 200)),
    ("GET", "/groups/quiet", None, (200, 200, 200, 200, 200)),
    ("POST", "/groups", NEW_GROUP, (401, 403, 403, 403, 201)),
    ("POST", "/groups/garden/moderators", {"username": "outsider"}, (401, 403, 403, 403, 200)),
    ("POST", "/groups/garden/join", {"accept_agreement": True}, (401, 200, 200, 200, 200)),
    ("POST", "/groups/quiet/join", {"accept_agreement": True}, (401, 202, 200, 200, 202)),
    ("POST", "/groups/garden/leave", None, (401, 403, 200, 200, 403)),
    ("GET", "/groups/quiet/requests", None, (401, 403, 403, 200, 200)),
    ("POST", "/groups/quiet/requests/applicant/approve", None, (401, 403, 403, 200, 200)),
    ("POST", "/groups/quiet/requests/applicant/decline", None, (401, 403, 403, 200, 200)),
    ("GET", "/groups/garden/threads", None, (401, 200, 200, 200, 200)),
    ("GET", "/groups/quiet/threads", None, (401, 404, 200, 200, 200)),
    ("POST", "/groups/garden/threads", NEW_THREAD, (401, 403, 201, 201, 403)),
    ("GET", "/threads/{thread}", None, (401, 200, 200, 200, 200)),
    ("GET", "/threads/{private_thread}", None, (401, 404, 200, 200, 200)),
    ("POST", "/threads/{thread}/posts", {"body": "Same here."}, (401, 403, 201, 201, 403)),
    ("PATCH", "/posts/{reply}", {"body": "Edited."}, (401, 403, 200, 403, 403)),
    ("DELETE", "/posts/{reply}", None, (401, 403, 200, 403, 403)),
    ("POST", "/posts/{reply}/reactions/support", None, (401, 403, 200, 200, 403)),
    ("DELETE", "/posts/{reply}/reactions/support", None, (401, 403, 200, 200, 403)),
    ("GET", "/goals", None, (401, 200, 200, 200, 200)),
    ("POST", "/goals", {"title": "Walk every day"}, (401, 201, 201, 201, 201)),
    ("GET", "/goals/{goal}", None, (401, 404, 200, 404, 404)),
    ("POST", "/goals/{goal}/archive", {}, (401, 404, 200, 404, 404)),
    ("POST", "/goals/{goal}/checkins", {"note": "A good day"}, (401, 404, 201, 404, 404)),
    ("POST", "/goals/{goal}/new-start", {}, (401, 404, 201, 404, 404)),
    ("POST", "/goals/{goal}/milestones", {"title": "First meeting"}, (401, 404, 201, 404, 404)),
    ("GET", "/milestones", None, (401, 200, 200, 200, 200)),
    ("POST", "/milestones/{milestone}/share", {"groups": ["garden"]}, (401, 404, 200, 404, 404)),
    ("POST", "/milestones/{milestone}/unshare", {"groups": "all"}, (401, 404, 200, 404, 404)),
    ("POST", "/milestones/{milestone}/reactions", {"group": "garden", "kind": "celebrate"}, (401, 403, 200, 200, 403)),
    ("POST", "/milestones/{milestone}/congratulations", {"group": "garden", "body": "Well done"},
     (401, 403, 201, 201, 403)),
    ("GET", "/groups/garden/celebrations", None, (401, 403, 200, 200, 403)),
    ("GET", "/blocks", None, (401, 200, 200, 200, 200)),
    ("POST", "/blocks/applicant", None, (401, 201, 201, 201, 201)),
    ("DELETE", "/blocks/applicant", None, (401, 204, 204, 204, 204)),
    ("GET", "/techniques", None, (401, 200, 200, 200, 200)),
    ("POST", "/techniques", NEW_TECHNIQUE, (401, 201, 201, 201, 201)),
    ("GET", "/groups/garden/techniques", None, (401, 200, 200, 200, 200)),
    ("GET", "/groups/quiet/techniques", None, (401, 404, 200, 200, 200)),
    ("POST", "/groups/garden/techniques", NEW_TECHNIQUE, (401, 403, 201, 201, 403)),
    ("POST", "/groups/quiet/techniques", NEW_TECHNIQUE, (401, 404, 201, 201, 403)),
    ("GET", "/techniques/{technique}", None, (401, 200, 200, 200, 200)),
    ("GET", "/techniques/{private_technique}", None, (401, 404, 200, 200, 200)),
    ("POST", "/techniques/{technique}/marks/helped", None, (401, 200, 200, 200, 200)),
    ("DELETE", "/techniques/{technique}/marks/helped", None, (401, 200, 200, 200, 200)),
    ("POST", "/techniques/{private_technique}/marks/tried", None, (401, 404, 200, 200, 200)),
    ("PUT", "/techniques/{technique}", NEW_TECHNIQUE, (401, 403, 200, 403, 403)),
    ("PUT", "/techniques/{private_technique}", NEW_TECHNIQUE, (401, 404, 200, 403, 403)),
    ("DELETE", "/techniques/{technique}", None, (401, 403, 204, 403, 403)),
    ("GET", "/me/toolkit", None, (401, 200, 200, 200, 200)),
    ("PUT", "/me/toolkit/{technique}", None, (401, 200, 200, 200, 200)),
    ("PUT", "/me/toolkit/{private_technique}", None, (401, 404, 200, 200, 200)),
    ("DELETE", "/me/toolkit/{technique}", None, (401, 200, 200, 200, 200)),
    ("GET", "/search?q=opening", None, (401, 200, 200, 200, 200)),
    ("GET", "/openapi.json", None, (200, 200, 200, 200, 200)),
    ("GET", "/notifications", None, (401, 200, 200, 200, 200)),
    ("POST", "/notifications/read", None, (401, 200, 200, 200, 200)),
    ("GET", "/notifications/preferences", None, (401, 200, 200, 200, 200)),
    ("PATCH", "/notifications/preferences", {"mention": False}, (401, 200, 200, 200, 200)),
    ("GET", "/me/export", None, (401, 200, 200, 200, 200)),
    ("POST", "/me/delete", {"password": "not the password", "content": "keep"}, (401, 403, 403, 403, 403)),
    ("POST", "/posts/{reply}/collapse", None, (401, 403, 200, 403, 403)),
    ("DELETE", "/posts/{reply}/collapse", None, (401, 403, 200, 403, 403)),
    ("GET", "/me/preferences", None, (401, 200, 200, 200, 200)),
    ("PUT", "/me/preferences", {"collapsed_themes": ["grief"]}, (401, 200, 200, 200, 200)),
]
ERROR_CODES = {401: {"unauthorized"}, 403: {"forbidden", "not_member", "wrong_password"}, 404: {"not_found"}}
CASES = [
    pytest.param(method, path, body, role, expected[i], id=f"{method} {path} as {role}")
    for method, path, body, expected in MATRIX
    for i, role in enumerate(ROLES)
]


@pytest.fixture
def member_goal(app, forum) -> dict[str, int]:
    """member's streak goal (started a week ago) and a milestone of it shared with garden."""
    with app.app_context():
        member = accounts.get_user_by_username("member")
        goal = goals.create_goal(member, "Days without drinking", "", "streak", (goals.today() - timedelta(days=7)).isoformat())
        milestone = goals.record_milestone(member, goal, None, days=7, share_with=["garden"])
        return {"goal": goal.id, "milestone": milestone.id}


@pytest.fixture
def member_techniques(app, forum) -> dict[str, int]:
    """member's techniques in garden (public) and in quiet (private)."""
    with app.app_context():
        member = accounts.get_user_by_username("member")
        shared = {}
        for key, slug in (("technique", "garden"), ("private_technique", "quiet")):
            group = db.session.query(Group).filter_by(slug=slug).one()
            shared[key] = techniques.share_technique(member, group, "Cold water", "Splash your face.").id
        return shared


@pytest.mark.parametrize("method, path, body, role, expected", CASES)
def test_permission_matrix(api, forum, member_goal, member_techniques, method, path, body, role, expected):
    url = path.format(
        own_token=forum.token_ids.get(role, forum.token_ids["member"]),
        thread=forum.thread,
        reply=forum.reply,
        private_thread=forum.private_thread,
        **member_goal,
        **member_techniques,
    )

    response = api.call(method, url, forum.tokens[role], json=body)

    assert response.status_code == expected, response.get_data(as_text=True)
    if expected >= 400:
        assert response.json["error"] in ERROR_CODES[expected]


def test_the_matrix_covers_every_api_route(app):
    adapter = app.url_map.bind("localhost")
    ids = {"own_token": 1, "thread": 1, "reply": 1, "private_thread": 1, "goal": 1, "milestone": 1,
           "technique": 1, "private_technique": 1}
    covered = {
        (adapter.match("/api/v1" + path.format(**ids).split("?")[0], method, return_rule=True)[0].rule, method)
        for method, path, _body, _expected in MATRIX
    } | {
        (adapter.match("/api/v1" + path, method, return_rule=True)[0].rule, method)
        for method, path in moderation_permissions.api_routes()
    }
    registered = {
        (rule.rule, method)
        for rule in app.url_map.iter_rules()
        if rule.endpoint.startswith("api.")
        for method in rule.methods - {"HEAD", "OPTIONS"}
    }
    assert registered - covered == set()
