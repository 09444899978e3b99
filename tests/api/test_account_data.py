"""GET /me/export and POST /me/delete: the member's data to take away, and deleting the account."""
from __future__ import annotations

import json

import pytest

from forum.services import export
from tests.conftest import PASSWORD
from tests.support.member_data import MODERATOR, OTHER, SUBJECT, SUBJECT_DISPLAY
from tests.support.moderation import user


@pytest.fixture
def tokens(build, member_world) -> dict[str, str]:
    return {name: build.token(name) for name in (SUBJECT, OTHER, MODERATOR, "admin")}


def test_the_export_is_the_members_own_data_and_not_cached(app, api, tokens):
    response = api.get("/me/export", tokens[SUBJECT])
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    with app.app_context():
        assert response.json == json.loads(json.dumps(export.export(user(SUBJECT))))
    assert response.json["profile"]["username"] == SUBJECT
    assert api.get("/me/export", tokens[OTHER]).json["profile"]["username"] == OTHER


def test_the_export_needs_an_account(api, member_world):
    response = api.get("/me/export")
    assert (response.status_code, response.json["error"]) == (401, "unauthorized")


def test_a_wrong_password_is_refused_and_changes_nothing(api, tokens):
    response = api.post("/me/delete", tokens[SUBJECT], json={"password": "not my password", "content": "erase"})
    assert (response.status_code, response.json["error"]) == (403, "wrong_password")
    me = api.get("/me", tokens[SUBJECT])
    assert me.status_code == 200 and me.json["user"]["username"] == SUBJECT
    assert len(api.get("/me/export", tokens[SUBJECT]).json["posts"]) == 3


@pytest.mark.parametrize("body, status", [
    ({"password": PASSWORD}, 422),
    ({"password": PASSWORD, "content": "forget"}, 422),
    ({"password": PASSWORD, "content": ["keep"]}, 422),
    ({"content": "keep"}, 403),
    ({"password": 12345, "content": "keep"}, 403),
    ("keep", 400),
])
def test_broken_requests_get_a_clear_error(api, tokens, body, status):
    response = api.post("/me/delete", tokens[SUBJECT], json=body)
    assert response.status_code == status
    assert response.json["error"] in {"invalid", "wrong_password"}
    assert api.get("/me", tokens[SUBJECT]).status_code == 200


def test_after_deletion_the_token_and_the_old_credentials_no_longer_work(api, tokens, member_world):
    response = api.post("/me/delete", tokens[SUBJECT], json={"password": PASSWORD, "content": "keep"})
    assert response.status_code == 200
    assert response.json == {"deleted": True, "pseudonym": f"former member {member_world.subject_id}", "content": "keep"}
    assert api.get("/me", tokens[SUBJECT]).status_code == 401
    signed_in = api.post("/tokens", json={"username": SUBJECT, "password": PASSWORD})
    assert (signed_in.status_code, signed_in.json["error"]) == (401, "invalid_credentials")
    again = api.post("/accounts", json={"username": f"former member {member_world.subject_id}", "password": PASSWORD})
    assert again.status_code == 422


@pytest.mark.parametrize("content", ["keep", "erase"])
def test_no_api_answer_names_the_member_after_deletion(api, tokens, member_world, content):
    assert api.post("/me/delete", tokens[SUBJECT], json={"password": PASSWORD, "content": content}).status_code == 200
    reads = [
        (tokens[OTHER], f"/threads/{member_world.thread}"),
        (tokens[OTHER], f"/threads/{member_world.other_thread}"),
        (tokens[OTHER], "/groups/harbour/threads"),
        (tokens[OTHER], "/groups/harbour"),
        (tokens[OTHER], "/groups/harbour/celebrations"),
        (tokens[OTHER], f"/search?q={SUBJECT}"),
        (tokens[OTHER], "/search?q=checks"),
        (tokens[OTHER], "/techniques"),
        (tokens[OTHER], "/me/reports"),
        (tokens[OTHER], "/me/notifications"),
        (tokens[MODERATOR], "/mod/queue"),
        (tokens[MODERATOR], f"/mod/items/{member_world.hidden_item}"),
        (tokens["admin"], "/mod/queue?status=resolved"),
        (tokens["admin"], "/mod/audit"),
    ]
    for token, path in reads:
        response = api.get(path, token)
        assert response.status_code == 200, path
        text = response.get_data(as_text=True).casefold()
        assert SUBJECT.casefold() not in text and SUBJECT_DISPLAY.casefold() not in text, path
    assert api.get(f"/search?q={SUBJECT}", tokens[OTHER]).json["hits"] == []


def test_guessing_the_password_counts_against_the_sign_in_budget(api, tokens):
    wrong = {"password": "a guess at it", "content": "keep"}
    answers = [api.post("/me/delete", tokens[SUBJECT], json=wrong).status_code for _ in range(7)]
    assert answers == [403] * 6 + [429]
    assert api.post("/tokens", json={"username": SUBJECT, "password": PASSWORD}).status_code == 429
    assert api.get("/me", tokens[SUBJECT]).json["user"]["username"] == SUBJECT
