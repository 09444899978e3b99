"""Held content on the pages: its author sees it waiting, other members do not see it at all, the
moderator approves or rejects it from the item page, and a rejected post is edited and sent again."""
from __future__ import annotations

from tests.support.watched import watch


def _signed_in(make_client, login, username):
    client = make_client()
    login(client, username)
    return client


def _held_reply(make_client, login, mod_world):
    watch_client = _signed_in(make_client, login, "ben")
    sent = watch_client.post(f"/threads/{mod_world.thread}/reply", data={"body": "come by, my address is below"})
    assert sent.status_code == 302
    return watch_client


def test_the_author_sees_a_held_reply_waiting_and_other_members_do_not_see_it(app, make_client, login, mod_world):
    watch(app, "my address", "require_approval")
    ben = _held_reply(make_client, login, mod_world)
    own = ben.get(f"/threads/{mod_world.thread}").text
    assert "come by, my address is below" in own and "Waiting for a moderator's review" in own
    cara = _signed_in(make_client, login, "cara").get(f"/threads/{mod_world.thread}").text
    assert "my address" not in cara and "Waiting for a moderator" not in cara


def test_a_moderator_approves_a_held_reply_from_its_item_page(app, make_client, login, mod_world):
    watch(app, "my address", "require_approval")
    ben = _held_reply(make_client, login, mod_world)
    moderator = _signed_in(make_client, login, "mod")
    [item] = moderator.get("/api/v1/mod/queue").json["items"]
    assert item["held"] is True
    page = moderator.get(f"/mod/items/{item['id']}").text
    assert 'value="approve"' in page and 'value="reject"' in page and 'value="ban"' not in page
    assert "Waiting for approval" in moderator.get("/mod/queue").text

    done = moderator.post(f"/mod/items/{item['id']}/resolve", data={"action": "approve", "reason": "Fine here."})
    assert done.status_code == 302
    cara = _signed_in(make_client, login, "cara").get(f"/threads/{mod_world.thread}").text
    assert "come by, my address is below" in cara
    assert "approved your post" in ben.get("/notifications").text


def test_a_rejected_reply_is_edited_and_sent_back_for_review(app, make_client, login, mod_world):
    watch(app, "my address", "require_approval")
    ben = _held_reply(make_client, login, mod_world)
    moderator = _signed_in(make_client, login, "mod")
    [item] = moderator.get("/api/v1/mod/queue").json["items"]
    moderator.post(f"/mod/items/{item['id']}/resolve", data={"action": "reject", "reason": "Keep your address private."})
    told = ben.get("/notifications").text
    assert "didn&#39;t approve your post" in told and "Keep your address private." in told
    page = ben.get(f"/threads/{mod_world.thread}").text
    assert "Edit it to send it again for review" in page

    post_id = moderator.get(f"/api/v1/mod/items/{item['id']}").json["item"]["target_id"]
    ben.post(f"/posts/{post_id}/edit", data={"body": "come by the library instead"})
    [again] = moderator.get("/api/v1/mod/queue").json["items"]
    assert again["held"] and again["id"] != item["id"] and again["snapshot"]["body"] == "come by the library instead"
    assert "come by the library" not in _signed_in(make_client, login, "cara").get(f"/threads/{mod_world.thread}").text


def test_a_held_thread_is_missing_for_other_members_and_waiting_for_its_author(app, make_client, login, mod_world):
    watch(app, "my address", "require_approval")
    ben = _signed_in(make_client, login, "ben")
    sent = ben.post("/groups/garden/threads/new", data={"title": "Visit", "body": "my address is 5 Elm St",
                                                        "response_preference": "open"})
    thread_url = sent.headers["Location"].split("#")[0]
    assert "waiting for a moderator's review" in ben.get("/groups/garden").text
    assert "Replies open once a moderator has approved this thread." in ben.get(thread_url).text
    cara = _signed_in(make_client, login, "cara")
    assert cara.get(thread_url).status_code == 404 and "Visit" not in cara.get("/groups/garden").text
