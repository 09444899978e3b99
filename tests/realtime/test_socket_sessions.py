"""Signing out, changing the password, revoking a token or being suspended closes live sockets at once."""
from __future__ import annotations

from dataclasses import dataclass, field

import pytest

from forum.extensions import db, socketio
from forum.services import accounts, sessions
from tests.conftest import PASSWORD
from tests.realtime.conftest import events, join, send


@dataclass
class Browser:
    """One person's browser: its HTTP client (cookies) and the sockets its pages opened."""

    http: object
    sockets: list = field(default_factory=list)

    def open_room(self, app):
        socket = socketio.test_client(app, flask_test_client=self.http)
        assert join(socket)["ok"]
        self.sockets.append(socket)
        return socket


@pytest.fixture
def browser(app, make_client, login):
    def _browser(username: str) -> Browser:
        http = make_client()
        login(http, username)
        return Browser(http)

    return _browser


def _closed_because(socket) -> list[str]:
    """The reasons the server gave in `sessions_ended` before closing this socket; it must be closed."""
    assert not socket.is_connected()
    # the test client keeps what a closed socket received, but only hands it over while connected
    return [item["args"][0]["reason"] for item in socket.queue if item["name"] == "sessions_ended"]


def test_signing_out_closes_that_browsers_sockets_and_no_others(people, app, browser, connect):
    laptop, phone = browser("ana"), browser("ana")
    laptop_room, laptop_second_tab, phone_room = laptop.open_room(app), laptop.open_room(app), phone.open_room(app)
    ben = connect("ben")
    join(ben)

    laptop.http.post("/logout")

    assert _closed_because(laptop_room) == ["signed_out"]
    assert _closed_because(laptop_second_tab) == ["signed_out"]
    assert phone_room.is_connected()
    send(ben, "still here?")
    assert [m["body"] for m in events(phone_room, "message")] == ["still here?"]
    assert [item["name"] for item in laptop_room.queue if item["name"] == "message"] == []


def test_the_cookie_of_a_signed_out_browser_signs_nobody_in_again(people, app, browser):
    laptop = browser("ana")
    copied_cookie = laptop.http.get_cookie("session").value
    laptop.http.post("/logout")

    replayed = app.test_client()
    replayed.set_cookie("session", copied_cookie)
    assert "Sign out" not in replayed.get("/").text
    assert not socketio.test_client(app, flask_test_client=replayed).is_connected()


def test_a_password_change_closes_the_other_browsers_and_keeps_this_one(people, app, browser):
    laptop, phone = browser("ana"), browser("ana")
    laptop_room, phone_room = laptop.open_room(app), phone.open_room(app)

    response = laptop.http.post(
        "/settings/password",
        data={"current_password": PASSWORD, "new_password": "a brand new passphrase", "confirm": "a brand new passphrase"},
    )
    assert response.status_code == 302

    assert _closed_because(phone_room) == ["password_changed"]
    assert "Sign out" not in phone.http.get("/").text
    assert laptop_room.is_connected()
    assert "Sign out" in laptop.http.get("/").text


def test_signing_out_everywhere_closes_every_socket_token_ones_too(people, app, browser, build, connect):
    laptop, phone = browser("ana"), browser("ana")
    laptop_room, phone_room = laptop.open_room(app), phone.open_room(app)
    bot = connect(auth={"token": build.token("ana")})
    join(bot)

    laptop.http.post("/settings/sessions/end")

    for socket in (laptop_room, phone_room, bot):
        assert _closed_because(socket) == ["signed_out_everywhere"]
    for device in (laptop, phone):
        assert "Sign out" not in device.http.get("/").text


def test_signing_out_other_browsers_keeps_this_one(people, app, browser):
    laptop, phone = browser("ana"), browser("ana")
    laptop_room, phone_room = laptop.open_room(app), phone.open_room(app)

    laptop.http.post("/settings/sessions/others/end")

    assert _closed_because(phone_room) == ["signed_out_elsewhere"]
    assert laptop_room.is_connected()
    sessions_page = laptop.http.get("/settings/sessions").text
    assert sessions_page.count("Signed in ") == 1 and "(this browser)" in sessions_page


def test_revoking_a_token_closes_the_sockets_it_opened(people, app, build, connect, browser):
    token = build.token("ana")
    bot, person = connect(auth={"token": token}), browser("ana").open_room(app)
    join(bot)
    with app.app_context():
        user = accounts.get_user_by_username("ana")
        accounts.revoke_token(user, accounts.list_tokens(user)[0].id)

    assert _closed_because(bot) == ["token_revoked"]
    assert person.is_connected()


def test_suspension_closes_every_socket_of_the_member(people, app, browser, connect):
    ana = browser("ana").open_room(app)
    ben = connect("ben")
    join(ben)
    with app.app_context():
        user = accounts.get_user_by_username("ana")
        user.is_suspended = True
        sessions.end_all_sessions(user, "suspended")

    assert _closed_because(ana) == ["suspended"]
    assert [event["left"] for event in events(ben, "presence")] == ["ana"]


def test_a_session_idle_too_long_signs_out_pages_and_sockets(people, app, browser):
    laptop = browser("ana")
    room = laptop.open_room(app)
    with app.app_context():
        db.session.execute(db.text("UPDATE login_sessions SET last_seen_at = '2000-01-01 00:00:00'"))
        db.session.commit()

    assert room.emit("sync", {"group": "circle", "after": 0}, callback=True)["error"] == "unauthorized"
    assert not room.is_connected()
    assert "Sign out" not in laptop.http.get("/").text


def test_a_session_older_than_its_absolute_lifetime_ends_even_while_in_use(people, app, browser):
    laptop = browser("ana")
    with app.app_context():
        db.session.execute(db.text("UPDATE login_sessions SET created_at = '2000-01-01 00:00:00'"))
        db.session.commit()
    assert "Sign out" not in laptop.http.get("/").text
