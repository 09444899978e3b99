"""The notifications API: the list with its unread count, marking read, per-kind preferences."""
import pytest


def test_a_reply_reaches_the_authors_list_with_link_actor_and_unread_count(api, forum, build):
    build.reply("moderator", forum.thread, "Welcome, glad you wrote")
    answer = api.get("/notifications", forum.tokens["member"]).json
    assert answer["unread"] == 1
    [note] = answer["notifications"]
    assert (note["kind"], note["read"], note["actor"]["username"]) == ("reply", False, "moderator")
    assert note["link"].startswith(f"/threads/{forum.thread}#post-")
    assert note["quote"] == "Welcome, glad you wrote"
    assert api.get("/me/notifications", forum.tokens["member"]).json == answer  # the older name still answers
    assert api.get("/notifications", forum.tokens["moderator"]).json == {"notifications": [], "unread": 0}


def test_marking_read_leaves_the_list_and_empties_the_count(api, forum, build):
    build.reply("moderator", forum.thread, "One")
    build.reply("moderator", forum.thread, "Two")
    assert api.post("/notifications/read", forum.tokens["member"]).json == {"marked": 2, "unread": 0}
    answer = api.get("/notifications", forum.tokens["member"]).json
    assert answer["unread"] == 0 and [note["read"] for note in answer["notifications"]] == [True, True]
    assert api.post("/notifications/read", forum.tokens["member"]).json == {"marked": 0, "unread": 0}


def test_preferences_are_all_on_until_turned_off_and_moderation_stays_on(api, forum, build):
    token = forum.tokens["member"]
    assert set(api.get("/notifications/preferences", token).json["preferences"].values()) == {True}
    answer = api.patch("/notifications/preferences", token, json={"reply": False})
    assert answer.status_code == 200 and answer.json["preferences"]["reply"] is False
    build.reply("moderator", forum.thread, "Not told")
    assert api.get("/notifications", token).json["unread"] == 0

    refused = api.patch("/notifications/preferences", token, json={"moderation": False})
    assert refused.status_code == 422
    assert refused.json["error"] == "invalid" and "can't be turned off" in refused.json["message"]


@pytest.mark.parametrize("body", [{"reply": "off"}, {"everything": False}, {"reply": None}])
def test_preferences_refuse_what_is_not_a_kind_turned_on_or_off(api, forum, body):
    answer = api.patch("/notifications/preferences", forum.tokens["member"], json=body)
    assert (answer.status_code, answer.json["error"]) == (422, "invalid")
    assert set(api.get("/notifications/preferences", forum.tokens["member"]).json["preferences"].values()) == {True}


def test_preferences_refuse_a_body_that_is_not_an_object(api, forum):
    answer = api.patch("/notifications/preferences", forum.tokens["member"], json=["reply"])
    assert (answer.status_code, answer.json["error"]) == (400, "invalid")


@pytest.mark.parametrize("method, path", [
    ("GET", "/notifications"), ("POST", "/notifications/read"),
    ("GET", "/notifications/preferences"), ("PATCH", "/notifications/preferences"),
])
def test_notifications_need_an_account(api, forum, method, path):
    answer = api.call(method, path, json={})
    assert (answer.status_code, answer.json["error"]) == (401, "unauthorized")
