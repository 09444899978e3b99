"""Threads, replies, edits, deletions and reactions through the API."""
from __future__ import annotations

import pytest


@pytest.fixture
def river(build):
    build.user("river")
    build.user("stone")
    build.group("garden", members=("river", "stone"))
    return build.token("river")


@pytest.fixture
def stone(build, river):
    return build.token("stone")


def test_a_new_thread_comes_with_its_opening_post_and_the_authors_wishes(api, river):
    created = api.post("/groups/garden/threads", river, json={
        "title": "Ninety days", "body": "I made it.", "response_preference": "celebrate",
        "content_warning": "mentions drinking",
    })
    assert created.status_code == 201
    thread, post = created.json["thread"], created.json["post"]
    assert (thread["title"], thread["response_preference"], thread["content_warning"]) == (
        "Ninety days", "celebrate", "mentions drinking",
    )
    assert (post["thread_id"], post["depth"], post["body_html"]) == (thread["id"], 0, "<p>I made it.</p>\n")
    assert api.get("/groups/garden/threads", river).json["threads"][0]["id"] == thread["id"]


def test_replies_nest_under_the_post_they_answer(api, build, river, stone):
    thread = build.thread("river", "garden")
    first = api.post(f"/threads/{thread}/posts", stone, json={"body": "Well done."}).json["post"]
    answer = api.post(f"/threads/{thread}/posts", river, json={"body": "Thanks!", "parent_id": first["id"]})
    assert answer.status_code == 201
    assert (answer.json["post"]["parent_id"], answer.json["post"]["depth"]) == (first["id"], 2)

    view = api.get(f"/threads/{thread}", river).json
    assert view["thread"]["reply_count"] == 2
    assert [post["body"] for post in view["posts"]] == ["Opening words", "Well done.", "Thanks!"]


def test_an_edit_changes_the_text_and_shows_as_edited(api, build, river):
    thread = build.thread("river", "garden")
    reply = build.reply("river", thread, "Frist")

    edited = api.patch(f"/posts/{reply}", river, json={"body": "*First*"})

    assert edited.status_code == 200
    assert edited.json["post"]["body_html"] == "<p><em>First</em></p>\n"
    assert edited.json["post"]["edited_at"] is not None


def test_a_deleted_post_keeps_its_place_but_loses_its_words(api, build, river, stone):
    thread = build.thread("river", "garden")
    reply = build.reply("river", thread, "Too much, sorry")
    build.reply("stone", thread, "An answer", parent_id=reply)

    deleted = api.delete(f"/posts/{reply}", river)

    assert deleted.status_code == 200
    assert (deleted.json["post"]["deleted"], deleted.json["post"]["body"], deleted.json["post"]["author"]) == (
        True, "", None,
    )
    posts = api.get(f"/threads/{thread}", stone).json["posts"]
    assert [(post["id"] == reply, post["body"]) for post in posts] == [
        (False, "Opening words"), (True, ""), (False, "An answer"),
    ]
    assert api.patch(f"/posts/{reply}", river, json={"body": "back"}).status_code == 404


def test_only_the_author_can_change_a_post(api, build, river, stone):
    reply = build.reply("river", build.thread("river", "garden"), "Mine")
    for response in (api.patch(f"/posts/{reply}", stone, json={"body": "Yours"}), api.delete(f"/posts/{reply}", stone)):
        assert response.status_code == 403
        assert response.json["error"] == "forbidden"
    assert build.post(reply).body == "Mine"


def test_reactions_are_counted_once_per_member_and_shown_to_the_reader(api, build, river, stone):
    thread = build.thread("river", "garden")
    post = build.opening_post_id(thread)

    api.post(f"/posts/{post}/reactions/support", stone)
    again = api.post(f"/posts/{post}/reactions/support", stone)
    river_too = api.post(f"/posts/{post}/reactions/support", river)
    assert again.json["counts"] == {"support": 1}
    assert river_too.json == {"post_id": post, "thread_id": thread, "counts": {"support": 2}}

    api.post(f"/posts/{post}/reactions/same_here", stone)
    stone_view = api.get(f"/threads/{thread}", stone).json["posts"][0]
    assert stone_view["reactions"] == {"support": 2, "same_here": 1}
    assert stone_view["my_reactions"] == ["same_here", "support"]

    taken_back = api.delete(f"/posts/{post}/reactions/support", stone)
    assert taken_back.json["counts"] == {"support": 1, "same_here": 1}
    assert api.get(f"/threads/{thread}", river).json["posts"][0]["my_reactions"] == ["support"]
