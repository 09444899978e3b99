"""The moderation API end to end: report, see your own reports, queue, claim, resolve, audit; hostile input."""
from __future__ import annotations

import pytest

from tests.support.moderation import report


@pytest.fixture
def tokens(build, mod_world) -> dict[str, str]:
    return {name: build.token(name) for name in ("ana", "ben", "cara", "mod", "othermod", "admin")}


def test_report_then_the_reporter_follows_the_outcome_without_moderator_names(api, tokens, mod_world):
    filed = api.post("/reports", tokens["ben"], json={
        "target_type": "room_message", "target_id": mod_world.message, "reason": "harassment", "note": "Third time",
    })
    assert filed.status_code == 201
    assert filed.json["report"]["outcome"] == "waiting for a moderator"
    again = api.post("/reports", tokens["ben"], json={
        "target_type": "room_message", "target_id": mod_world.message, "reason": "spam",
    })
    assert again.status_code == 200 and again.json["report"]["reason"] == "harassment"

    [queued] = api.get("/mod/queue", tokens["mod"]).json["items"]
    assert (queued["report_count"], queued["snapshot"]["body"]) == (1, "A message in the room")
    resolved = api.post(f"/mod/items/{queued['id']}/resolve", tokens["mod"], json={"action": "remove", "reason": "Unkind"})
    assert resolved.status_code == 200 and resolved.json["item"]["status"] == "resolved"

    [mine] = api.get("/me/reports", tokens["ben"]).json["reports"]
    assert (mine["status"], mine["outcome"]) == ("reviewed", "reviewed: removed")
    assert "mod" not in str(mine)
    assert api.get("/me/reports", tokens["cara"]).json["reports"] == []


def test_the_author_sees_the_reason_in_a_notification(api, tokens, mod_world):
    item_id = report(api.client.application, "ben", "post", mod_world.post)
    api.post(f"/mod/items/{item_id}/resolve", tokens["mod"], json={"action": "warn", "reason": "Please ask before advising"})
    [note] = api.get("/me/notifications", tokens["ana"]).json["notifications"]
    assert "Please ask before advising" in note["text"] and note["quote"] == "Be kind."
    assert api.get("/me/notifications", tokens["ben"]).json["notifications"] == []


def test_a_removed_post_keeps_its_place_in_the_thread_without_its_words(api, tokens, mod_world):
    item_id = report(api.client.application, "ben", "post", mod_world.post)
    api.post(f"/mod/items/{item_id}/resolve", tokens["mod"], json={"action": "remove", "reason": "Personal attack"})
    posts = {p["id"]: p for p in api.get(f"/threads/{mod_world.thread}", tokens["cara"]).json["posts"]}
    assert (posts[mod_world.post]["moderation"], posts[mod_world.post]["body"], posts[mod_world.post]["author"]) == (
        "removed", "", None)


def test_a_hidden_post_is_still_shown_to_its_author_and_the_moderators(api, tokens, mod_world):
    item_id = report(api.client.application, "ben", "post", mod_world.post)
    api.post(f"/mod/items/{item_id}/resolve", tokens["mod"], json={"action": "hide", "reason": "Pausing this"})

    def body_for(who: str) -> str:
        posts = api.get(f"/threads/{mod_world.thread}", tokens[who]).json["posts"]
        return next(p["body"] for p in posts if p["id"] == mod_world.post)

    assert body_for("cara") == ""
    assert body_for("ana") == body_for("mod") == "A reply that worries someone"


def test_the_item_view_has_context_and_claiming_shows_who_has_it(api, tokens, mod_world):
    item_id = report(api.client.application, "ben", "post", mod_world.post)
    review = api.get(f"/mod/items/{item_id}", tokens["mod"]).json
    assert [entry["id"] for entry in review["surroundings"]] == [mod_world.opening, mod_world.post]
    assert review["author_history"] == []
    claimed = api.post(f"/mod/items/{item_id}/claim", tokens["mod"])
    assert claimed.json["item"]["claimed_by"]["username"] == "mod"
    taken = api.post(f"/mod/items/{item_id}/claim", tokens["admin"])
    assert (taken.status_code, taken.json["error"]) == (409, "conflict")


def test_the_queue_filters_and_groups_by_member(api, tokens, mod_world):
    app = api.client.application
    report(app, "ben", "post", mod_world.post, "spam")
    report(app, "ben", "room_message", mod_world.message, "crisis")
    by_reason = api.get("/mod/queue?reason=crisis", tokens["mod"]).json["items"]
    assert [item["target_type"] for item in by_reason] == ["room_message"]
    assert api.get("/mod/queue?group=other", tokens["mod"]).json["items"] == []
    [member] = api.get("/mod/queue?view=members", tokens["mod"]).json["members"]
    assert member["author"]["username"] == "ana" and len(member["items"]) == 2
    assert api.get("/mod/queue?status=resolved", tokens["mod"]).json["items"] == []


def test_the_audit_log_lists_reports_and_actions(api, tokens, mod_world):
    item_id = report(api.client.application, "ben", "post", mod_world.post)
    api.post(f"/mod/items/{item_id}/resolve", tokens["mod"], json={"action": "remove", "reason": "Unkind"})
    entries = api.get("/mod/audit?member=ana", tokens["mod"]).json["entries"]
    assert [(e["action"], e["actor"]["username"]) for e in entries] == [("remove", "mod"), ("report", "ben")]
    assert entries[0]["before"] == "A reply that worries someone" and entries[0]["reason"] == "Unkind"
    assert [e["action"] for e in api.get("/mod/audit?moderator=mod", tokens["admin"]).json["entries"]] == ["remove"]


HOSTILE_REPORTS = [
    ({"target_type": "post", "target_id": "1", "reason": "spam"}, 404),
    ({"target_type": "post", "target_id": -1, "reason": "spam"}, 404),
    ({"target_type": "post", "target_id": 2**63, "reason": "spam"}, 404),
    ({"target_type": "post", "target_id": None, "reason": "spam"}, 404),
    ({"target_type": "post", "target_id": [1], "reason": "spam"}, 404),
    ({"target_type": "member", "target_id": True, "reason": "spam"}, 404),
    ({"target_type": ["post"], "target_id": 1, "reason": "spam"}, 422),
    ({"target_type": "goal", "target_id": 1, "reason": "spam"}, 422),
    ({"target_type": "technique", "target_id": 1, "reason": "spam"}, 404),
    ({"target_type": "post", "target_id": "{post}", "reason": {"a": 1}}, 422),
    ({"target_type": "post", "target_id": "{post}", "reason": "spam", "note": "x" * 100_000}, 422),
    ({"target_type": "post", "target_id": "{post}", "reason": "spam", "note": 5}, 422),
    ({"target_type": "post", "target_id": "{post}", "reason": "other", "note": "   "}, 422),
    ({"target_type": "member", "target_id": "{ana}", "reason": "spam", "group": "nope\x00"}, 404),
    ({"target_type": "member", "target_id": "{ana}", "reason": "spam", "group": 7}, 404),
]


@pytest.mark.parametrize("body, status", HOSTILE_REPORTS)
def test_hostile_reports_get_a_json_error(api, tokens, mod_world, body, status):
    ids = {"{post}": mod_world.post, "{ana}": mod_world.ana_id}
    body = {key: ids.get(value, value) if isinstance(value, str) else value for key, value in body.items()}
    response = api.post("/reports", tokens["ben"], json=body)
    assert response.status_code == status, response.json
    assert set(response.json) == {"error", "message"}


@pytest.mark.parametrize("body", [
    {"action": "explode", "reason": "x"},
    {"action": ["remove"], "reason": "x"},
    {"action": "remove"},
    {"action": "remove", "reason": ""},
    {"action": "remove", "reason": 12},
    {"action": "remove", "reason": "x" * 5000},
    {"action": "mute", "reason": "x", "minutes": "ten"},
    {"action": "mute", "reason": "x", "minutes": 10**12},
])
def test_hostile_resolutions_get_a_json_error_and_change_nothing(api, tokens, mod_world, body):
    item_id = report(api.client.application, "ben", "post", mod_world.post)
    response = api.post(f"/mod/items/{item_id}/resolve", tokens["mod"], json=body)
    assert response.status_code == 422 and set(response.json) == {"error", "message"}
    assert api.get(f"/mod/items/{item_id}", tokens["mod"]).json["item"]["status"] == "open"


@pytest.mark.parametrize("path", ["/mod/items/0", "/mod/items/99999999999", "/mod/items/abc", "/mod/queue?status=%00",
                                  "/mod/queue?group=%00", "/mod/queue?reason=nope", "/mod/audit?member=%00"])
def test_bad_ids_and_filters_are_4xx_json(api, tokens, mod_world, path):
    response = api.get(path, tokens["mod"])
    assert 400 <= response.status_code < 500 or (response.status_code == 200 and path.startswith("/mod/audit"))
    assert response.is_json


def test_a_body_that_is_not_an_object_is_400(api, tokens, mod_world):
    item_id = report(api.client.application, "ben", "post", mod_world.post)
    for path in ("/reports", f"/mod/items/{item_id}/resolve"):
        response = api.post(path, tokens["mod"], data="[1,2]", content_type="application/json")
        assert (response.status_code, response.json["error"]) == (400, "invalid")
