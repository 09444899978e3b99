"""The real server process's output: one JSON line per request and socket event, and no secrets in it."""
from __future__ import annotations

import json
import time
import uuid

import requests

from tests.integration.conftest import RoomClient, seed_room, wait_until

BODY = "a private message 4c1d"
QUERY_VALUE = "queryvalue8e2b"


def server_output(server) -> str:
    return server.log_path.read_text(errors="replace")


def access_lines(text: str) -> list[dict]:
    return [json.loads(line) for line in text.splitlines() if line.startswith('{"ts"')]


def test_the_server_logs_requests_and_socket_events_without_bodies_tokens_or_query_values(server):
    [token] = seed_room(server.database_url, "quiet-logs", 1)
    answer = requests.get(f"{server.url}/healthz", params={"token": QUERY_VALUE}, headers={"X-Request-Id": "probe-0001-abcd"}, timeout=10)
    assert answer.headers["X-Request-Id"] == "probe-0001-abcd"
    api = requests.get(f"{server.url}/api/v1/me", headers={"Authorization": f"Bearer {token}"}, timeout=10)
    assert api.status_code == 200

    member = RoomClient(server.url, token, "quiet-logs")
    member.connect()
    try:
        assert member.send(BODY, str(uuid.uuid4()))["body"] == BODY
    finally:
        member.disconnect()

    def logged_disconnect() -> bool:
        return any(line.get("event") == "disconnect" for line in access_lines(server_output(server)))

    wait_until(logged_disconnect, 10, "the server logged the disconnect")
    time.sleep(0.2)  # let the process finish writing
    output = server_output(server)
    for secret in (token, BODY, QUERY_VALUE):
        assert secret not in output

    lines = access_lines(output)
    probe = next(line for line in lines if line.get("request_id") == "probe-0001-abcd")
    assert (probe["path"], probe["query_keys"], probe["status"]) == ("/healthz", ["token"], 200)
    me = next(line for line in lines if line.get("path") == "/api/v1/me")
    assert me["status"] == 200 and isinstance(me["user_id"], int)
    events = [(line["event"], line["outcome"]) for line in lines if line.get("kind") == "socket" and line["user_id"] == me["user_id"]]
    assert ("send", "ok") in events and ("connect", "ok") in events
