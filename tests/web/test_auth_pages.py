"""Creating an account, signing in and out: forum/web/auth.py."""
import re

import pytest

from tests.conftest import PASSWORD

FAILED = "That username and password don&#39;t match."


def test_registering_signs_you_in(client):
    response = client.post("/register", data={"username": "Ana", "password": PASSWORD, "email": ""})
    assert response.status_code == 302 and response.headers["Location"] == "/"
    home = client.get("/").text
    assert "Welcome, Ana" in home and "Sign out" in home


def test_registering_goes_on_to_a_safe_next_page(client, build):
    build.group("circle")
    response = client.post("/register?next=/groups/circle", data={"username": "ana", "password": PASSWORD})
    assert response.headers["Location"] == "/groups/circle"


def test_usernames_are_unique_regardless_of_case(client, build):
    build.user("Sam")
    response = client.post("/register", data={"username": "sAM", "password": PASSWORD, "email": "me@example.org"})
    assert response.status_code == 409
    assert "That username is taken." in response.text
    assert 'value="sAM"' in response.text and 'value="me@example.org"' in response.text


@pytest.mark.parametrize(
    ("username", "password", "message"),
    [
        ("a", PASSWORD, "A username is 3 to 32 letters"),
        ("no spaces please", PASSWORD, "A username is 3 to 32 letters"),
        ("valid_name", "short", "Choose a password of at least 10 characters."),
    ],
)
def test_refused_registration_explains_why_and_keeps_the_username(client, username, password, message):
    response = client.post("/register", data={"username": username, "password": password})
    assert response.status_code == 422
    assert message in response.text
    assert f'value="{username}"' in response.text
    assert "Sign out" not in response.text


def test_signing_in_goes_home_and_shows_you_signed_in(client, build):
    build.user("ana")
    response = client.post("/login", data={"username": "ana", "password": PASSWORD})
    assert response.status_code == 302 and response.headers["Location"] == "/"
    assert "Sign out" in client.get("/").text


def test_signing_in_is_case_insensitive_for_the_username(client, build):
    build.user("Ana")
    assert client.post("/login", data={"username": "ANA", "password": PASSWORD}).status_code == 302


@pytest.mark.parametrize("target", ["/groups/circle", "/threads/1?cursor=abc"])
def test_signing_in_returns_to_a_local_next_page(client, build, target):
    build.user("ana")
    response = client.post("/login", query_string={"next": target}, data={"username": "ana", "password": PASSWORD})
    assert response.headers["Location"] == target


@pytest.mark.parametrize(
    "target", ["https://evil.example/", "//evil.example/", "/\\evil.example", "/\t/evil.example", "javascript:alert(1)"]
)
def test_signing_in_never_redirects_to_another_site(client, build, target):
    build.user("ana")
    response = client.post("/login", query_string={"next": target}, data={"username": "ana", "password": PASSWORD})
    assert response.headers["Location"] == "/"


def _comparable(page: str, username: str) -> str:
    return re.sub(r'name="csrf_token" value="[^"]*"', "", page).replace(username, "USERNAME")


def test_a_failed_sign_in_says_the_same_for_unknown_users_and_wrong_passwords(client, build):
    build.user("ana")
    unknown = client.post("/login", data={"username": "nobody", "password": PASSWORD})
    wrong = client.post("/login", data={"username": "ana", "password": "not the password"})
    assert unknown.status_code == wrong.status_code == 401
    assert FAILED in unknown.text
    assert _comparable(unknown.text, "nobody") == _comparable(wrong.text, "ana")


def test_the_seventh_failed_sign_in_within_a_minute_is_refused(client, build):
    build.user("ana")
    statuses = [client.post("/login", data={"username": "ana", "password": "wrong guess!"}).status_code for _ in range(7)]
    assert statuses == [401] * 6 + [429]
    refused = client.post("/login", data={"username": "ana", "password": PASSWORD})
    assert refused.status_code == 429
    assert "Too many attempts" in refused.text


def test_successful_sign_ins_do_not_use_up_the_limit(make_client, build):
    build.user("ana")
    statuses = [
        make_client().post("/login", data={"username": "ana", "password": PASSWORD}).status_code for _ in range(8)
    ]
    assert statuses == [302] * 8


def test_the_session_cookie_is_http_only_and_same_site_lax(client, build):
    build.user("ana")
    response = client.post("/login", data={"username": "ana", "password": PASSWORD})
    cookie = next(value for value in response.headers.getlist("Set-Cookie") if value.startswith("session="))
    assert "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie


def test_signing_out_ends_the_session(client, build, login):
    build.user("ana")
    login(client, "ana")
    response = client.post("/logout")
    assert response.status_code == 302
    assert "You are signed out." in client.get("/").text
    assert client.get("/settings/profile").status_code == 302


def test_signing_out_needs_a_post(client, build, login):
    build.user("ana")
    login(client, "ana")
    assert client.get("/logout").status_code == 405
    assert "Sign out" in client.get("/").text
