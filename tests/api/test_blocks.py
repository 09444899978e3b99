"""The blocks API, and what blocking and watched words do to API clients."""
from tests.support.watched import watch


def test_block_list_and_unblock(api, forum):
    token = forum.tokens["member"]
    created = api.post("/blocks/Outsider", token)
    assert created.status_code == 201
    assert created.json["block"]["user"]["username"] == "outsider" and created.json["block"]["created_at"]
    assert api.post("/blocks/outsider", token).status_code == 200  # already blocked
    assert [item["user"]["username"] for item in api.get("/blocks", token).json["blocks"]] == ["outsider"]
    assert api.get("/blocks", forum.tokens["outsider"]).json["blocks"] == []  # not told
    assert api.delete("/blocks/outsider", token).status_code == 204
    assert api.delete("/blocks/outsider", token).status_code == 204
    assert api.get("/blocks", token).json["blocks"] == []


def test_blocking_oneself_or_nobody_is_refused(api, forum):
    token = forum.tokens["member"]
    own = api.post("/blocks/member", token)
    assert (own.status_code, own.json["error"]) == (422, "invalid")
    missing = api.post("/blocks/nobody", token)
    assert (missing.status_code, missing.json["error"]) == (404, "not_found")
    assert api.delete("/blocks/nobody", token).json["error"] == "not_found"


def test_thread_views_mark_posts_by_blocked_authors_for_the_blocker_only(api, forum):
    api.post("/blocks/member", forum.tokens["moderator"])
    for who, blocked in (("moderator", True), ("outsider", False)):
        posts = api.get(f"/threads/{forum.thread}", forum.tokens[who]).json["posts"]
        assert [post["author_blocked"] for post in posts] == [blocked, blocked]


def test_a_reply_to_someone_who_blocked_you_is_reply_blocked(api, forum):
    api.post("/blocks/moderator", forum.tokens["member"])
    response = api.post(f"/threads/{forum.thread}/posts", forum.tokens["moderator"], json={"body": "hello"})
    assert (response.status_code, response.json["error"]) == (403, "reply_blocked")


def test_a_blocked_word_is_refused_with_its_code(app, api, forum):
    watch(app, "idiot", "block", group="garden")
    response = api.post(f"/threads/{forum.thread}/posts", forum.tokens["member"], json={"body": "you idiot"})
    assert (response.status_code, response.json["error"]) == (422, "blocked_word")
    assert "“idiot”" in response.json["message"]
    edit = api.patch(f"/posts/{forum.reply}", forum.tokens["member"], json={"body": "idiot"})
    assert edit.json["error"] == "blocked_word"


def test_crisis_words_go_through_and_the_answer_carries_help(app, api, forum):
    watch(app, "end it all", "crisis")
    token = forum.tokens["member"]
    reply = api.post(f"/threads/{forum.thread}/posts", token, json={"body": "I want to end it all"})
    assert reply.status_code == 201 and reply.json["post"]["body"] == "I want to end it all"
    assert reply.json["help"]["resources"] == app.config["CRISIS_RESOURCES"]
    thread = api.post("/groups/garden/threads", token, json={"title": "End it all", "body": "tonight"})
    assert thread.status_code == 201 and "help" in thread.json
    edit = api.patch(f"/posts/{forum.reply}", token, json={"body": "maybe I should end it all"})
    assert edit.status_code == 200 and "help" in edit.json
    calm = api.post(f"/threads/{forum.thread}/posts", token, json={"body": "a better day"})
    assert "help" not in calm.json
