"""Accounts and API tokens: registering, signing in for a token, revoking, and how tokens are kept."""
from __future__ import annotations

import hashlib

import pytest
import sqlalchemy as sa
from flask import session as request_session
from flask_wtf.csrf import generate_csrf

from forum.extensions import db
from tests.conftest import PASSWORD


def test_a_registered_token_works_until_it_is_revoked(api):
    registered = api.post("/accounts", json={"username": "river", "password": PASSWORD, "email": "r@example.org"})
    assert registered.status_code == 201
    token = registered.json["token"]
    assert registered.json["user"]["username"] == "river"

    me = api.get("/me", token["secret"])
    assert me.status_code == 200
    assert me.json["user"]["username"] == "river"
    assert [item["id"] for item in api.get("/tokens", token["secret"]).json["tokens"]] == [token["id"]]

    assert api.delete(f"/tokens/{token['id']}", token["secret"]).status_code == 204

    after = api.get("/me", token["secret"])
    assert after.status_code == 401
    assert after.json["error"] == "unauthorized"


def test_tokens_are_stored_hashed(app, api):
    secret = api.post("/accounts", json={"username": "river", "password": PASSWORD}).json["token"]["secret"]
    secret2 = api.post("/tokens", json={"username": "river", "password": PASSWORD}).json["token"]["secret"]

    with app.app_context():
        rows = db.session.execute(sa.text("SELECT * FROM api_tokens")).all()
    stored = " ".join(str(value) for row in rows for value in row)
    assert len(rows) == 2
    for plaintext in (secret, secret2):
        assert plaintext not in stored
        assert hashlib.sha256(plaintext.encode()).hexdigest() in stored


def test_a_token_is_listed_without_its_secret(api, build):
    build.user("river")
    created = api.post("/tokens", json={"username": "river", "password": PASSWORD, "name": "my bot"})
    assert created.status_code == 201
    listed = api.get("/tokens", created.json["token"]["secret"]).json["tokens"]
    assert listed == [{key: value for key, value in created.json["token"].items() if key != "secret"}]
    assert listed[0]["name"] == "my bot"


def test_someone_elses_token_cannot_be_revoked(api, build):
    build.user("river")
    build.user("stone")
    river = api.post("/tokens", json={"username": "river", "password": PASSWORD}).json["token"]
    stone = build.token("stone")

    response = api.delete(f"/tokens/{river['id']}", stone)

    assert response.status_code == 404
    assert api.get("/me", river["secret"]).status_code == 200


@pytest.mark.parametrize("header", ["Bearer fsp_not-a-real-token", "Bearer nonsense", "Bearer " + "x" * 5000])
def test_an_invalid_token_is_refused(api, header):
    response = api.get("/groups", headers={"Authorization": header})
    assert response.status_code == 401
    assert response.json["error"] == "unauthorized"


def test_wrong_credentials_say_the_same_whether_or_not_the_account_exists(api, build):
    build.user("river")
    wrong_password = api.post("/tokens", json={"username": "river", "password": "not the password"})
    no_such_user = api.post("/tokens", json={"username": "nobody", "password": "not the password"})

    assert wrong_password.status_code == no_such_user.status_code == 401
    assert wrong_password.json == no_such_user.json
    assert wrong_password.json["error"] == "invalid_credentials"


def test_the_seventh_failed_sign_in_within_a_minute_is_refused(api, build):
    build.user("river")
    wrong = {"username": "river", "password": "guess number n"}
    for _ in range(6):
        assert api.post("/tokens", json=wrong).status_code == 401

    seventh = api.post("/tokens", json=wrong)
    assert seventh.status_code == 429
    assert seventh.json["error"] == "rate_limited"
    # the address is blocked even for the right password until the minute is over
    assert api.post("/tokens", json={"username": "river", "password": PASSWORD}).status_code == 429


def test_successful_sign_ins_do_not_count_against_the_limit(api, build):
    build.user("river")
    for _ in range(8):
        assert api.post("/tokens", json={"username": "river", "password": PASSWORD}).status_code == 201


def test_a_taken_username_is_a_conflict_whatever_its_case(api, build):
    build.user("river")
    response = api.post("/accounts", json={"username": "River", "password": PASSWORD})
    assert response.status_code == 409
    assert response.json["error"] == "conflict"


@pytest.mark.parametrize(
    "body",
    [
        {"username": "ri", "password": PASSWORD},
        {"username": "river", "password": "short"},
        {"username": ["river"], "password": PASSWORD},
        {"username": "river", "password": 1234567890123},
        {"username": "river", "password": PASSWORD, "email": "not an address"},
        {"username": "river", "password": PASSWORD, "email": 42},
    ],
)
def test_unusable_registrations_are_refused(api, body):
    response = api.post("/accounts", json=body)
    assert response.status_code == 422
    assert response.json["error"] == "invalid"


class TestSessionCookie:
    """The web session works for the API too; unsafe methods then need the CSRF token."""

    @pytest.fixture
    def app_config(self):
        return {"WTF_CSRF_ENABLED": True}

    def test_reading_needs_no_csrf_token(self, api, build, session_for):
        build.user("river")
        session_for("river")
        assert api.get("/me").json["user"]["username"] == "river"

    def test_a_change_without_the_csrf_token_is_refused(self, api, build, session_for):
        build.user("river")
        session_for("river")
        response = api.post("/groups/garden/join", json={"accept_agreement": True})
        assert response.status_code == 400
        assert response.json["error"] == "csrf_failed"

    def test_a_change_with_the_csrf_token_is_accepted(self, app, api, build, session_for):
        build.user("river")
        build.group("garden")
        client = session_for("river")
        with client.session_transaction() as session, app.test_request_context():
            token = generate_csrf()
            session["csrf_token"] = request_session["csrf_token"]

        response = api.post("/groups/garden/join", json={"accept_agreement": True}, headers={"X-CSRFToken": token})
        assert response.status_code == 200

    def test_a_bearer_token_needs_no_csrf_token(self, api, build):
        build.user("river")
        build.group("garden")
        response = api.post("/groups/garden/join", build.token("river"), json={"accept_agreement": True})
        assert response.status_code == 200


def test_with_csrf_checks_off_session_changes_need_no_csrf_token(api, build, session_for):
    build.user("river")
    build.group("garden")
    session_for("river")
    response = api.post("/groups/garden/join", json={"accept_agreement": True})
    assert response.status_code == 200
