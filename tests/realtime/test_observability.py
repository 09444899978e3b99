"""What operators see of the live rooms: metrics and log lines, and never what members wrote or their secrets."""
from __future__ import annotations

import json
import logging

import pytest

from tests.conftest import PASSWORD
from tests.ops.test_metrics import scrape, value
from tests.realtime.conftest import GROUP, send

MESSAGE_BODY = "my very private words 7f3a"
POST_BODY = "another private paragraph 91bc"
QUERY_VALUE = "cursorvalue55e0"
WRONG_PASSWORD = "wrong-password-5d1e"


@pytest.fixture
def logged(capsys, caplog):
    """logged() -> (every JSON access line written to stderr, everything written or logged at all)."""
    caplog.set_level(logging.DEBUG)

    def read() -> tuple[list[dict], str]:
        err = capsys.readouterr().err
        lines = [json.loads(line) for line in err.splitlines() if line.startswith('{"ts"')]
        return lines, err + caplog.text

    return read


def test_a_login_a_room_message_and_a_token_api_call_log_no_words_passwords_or_tokens(
    people, connect, make_client, build, logged
):
    token = build.token("ana")
    failed = make_client().post("/login", data={"username": "ana", "password": WRONG_PASSWORD})
    assert failed.status_code == 401
    ana = connect("ana")  # signs in through the login form with PASSWORD
    assert ana.emit("join", {"group": GROUP, "after": None}, callback=True)["ok"]
    assert send(ana, MESSAGE_BODY)["ok"]
    api = make_client()
    bearer = {"Authorization": f"Bearer {token}", "X-Request-Id": "trace-abc-12345678"}
    started = api.post(f"/api/v1/groups/{GROUP}/threads", json={"title": "Checking in", "body": POST_BODY}, headers=bearer)
    assert started.status_code == 201
    assert started.headers["X-Request-Id"] == "trace-abc-12345678"
    api.get(f"/api/v1/groups/{GROUP}/threads?cursor={QUERY_VALUE}", headers={"Authorization": f"Bearer {token}"})
    ana.disconnect()

    lines, everything = logged()
    for secret in (PASSWORD, WRONG_PASSWORD, token, MESSAGE_BODY, POST_BODY, QUERY_VALUE):
        assert secret not in everything

    http = [line for line in lines if line["kind"] == "http"]
    logins = [line for line in http if line["path"] == "/login"]
    assert [(line["method"], line["status"]) for line in logins] == [("POST", 401), ("POST", 302)]
    assert logins[0]["user_id"] is None and isinstance(logins[1]["user_id"], int)
    thread_call = next(line for line in http if line["request_id"] == "trace-abc-12345678")
    assert thread_call["path"] == f"/api/v1/groups/{GROUP}/threads"
    assert thread_call["status"] == 201
    assert thread_call["user_id"] == logins[1]["user_id"]  # the token's owner, ana
    listing = next(line for line in http if line["method"] == "GET" and line["path"] == f"/api/v1/groups/{GROUP}/threads")
    assert listing["query_keys"] == ["cursor"]
    for line in http:
        assert line["duration_ms"] >= 0
        assert line["request_id"]

    socket = [(line["event"], line["outcome"]) for line in lines if line["kind"] == "socket"]
    assert socket == [("connect", "ok"), ("join", "ok"), ("send", "ok"), ("disconnect", "ok")]


def test_refused_and_failed_socket_events_are_logged_with_their_code(people, connect, logged):
    refused = connect()
    assert not refused.is_connected()
    cal = connect("cal")  # in no group
    assert send(cal, MESSAGE_BODY)["error"] == "not_member"
    assert cal.emit("send", ["not", "an", "object"], callback=True)["error"] == "invalid"

    lines, everything = logged()
    assert MESSAGE_BODY not in everything
    socket = [(line["event"], line["outcome"]) for line in lines if line["kind"] == "socket"]
    assert socket == [("connect", "refused"), ("connect", "ok"), ("send", "not_member"), ("send", "invalid")]


def test_a_request_id_that_could_forge_log_lines_is_replaced(client, logged):
    response = client.get("/healthz", headers={"X-Request-Id": 'x" injected\\n{"ts'})
    given_back = response.headers["X-Request-Id"]
    assert "injected" not in given_back
    lines, _ = logged()
    assert [line["request_id"] for line in lines if line["path"] == "/healthz"] == [given_back]


def test_sockets_and_room_messages_are_counted(client, people, connect):
    before = scrape(client)
    ana = connect("ana")
    ben = connect("ben")
    assert ana.emit("join", {"group": GROUP, "after": None}, callback=True)["ok"]
    during = scrape(client)
    assert value(during, "forum_connected_sockets") - value(before, "forum_connected_sockets") == 2

    first = send(ana, "one")
    assert first["ok"]
    assert send(ana, "one again", client_id=first["message"]["client_id"])["ok"]  # a resend stores nothing new
    assert send(ana, "two")["ok"]
    assert not send(ana, "x" * 5000)["ok"]
    ben.disconnect()
    after = scrape(client)

    assert value(after, "forum_room_messages_total") - value(before, "forum_room_messages_total") == 2
    assert value(after, "forum_connected_sockets") - value(before, "forum_connected_sockets") == 1
    events = "forum_socket_events_total"
    assert value(after, events, event="send", outcome="ok") - value(before, events, event="send", outcome="ok") == 3
    assert value(after, events, event="send", outcome="too_long") - value(before, events, event="send", outcome="too_long") == 1
    ana.disconnect()


def test_a_refused_socket_is_not_counted_as_connected(client, people, connect):
    before = scrape(client)
    stranger = connect()  # not signed in: refused
    assert not stranger.is_connected()
    assert value(scrape(client), "forum_connected_sockets") == value(before, "forum_connected_sockets")


