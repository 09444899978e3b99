"""Through the API: the advice nudge (409 until confirmed), folding replies on one's own thread, themes and
the reader's reading preferences."""
from __future__ import annotations

import pytest

ADVICE = "Have you tried going to more meetings?"


@pytest.fixture
def tokens(build):
    for name in ("river", "stone", "moss"):
        build.user(name)
    build.group("garden", members=("river", "stone", "moss"))
    return {name: build.token(name) for name in ("river", "stone", "moss")}


def test_an_advice_like_reply_is_nudged_with_409_then_posted_when_confirmed(api, build, tokens):
    thread = build.thread("river", "garden", preference="just_listen")

    nudged = api.post(f"/threads/{thread}/posts", tokens["stone"], json={"body": ADVICE})
    assert nudged.status_code == 409
    assert nudged.json["error"] == "advice_nudge"
    assert "They asked to be heard" in nudged.json["message"]
    assert api.get(f"/threads/{thread}", tokens["stone"]).json["thread"]["reply_count"] == 0

    posted = api.post(f"/threads/{thread}/posts", tokens["stone"], json={"body": ADVICE, "confirmed": True})
    assert posted.status_code == 201
    assert posted.json["post"]["body"] == ADVICE


def test_sharing_ones_own_experience_is_not_nudged(api, build, tokens):
    thread = build.thread("river", "garden", preference="celebrate")
    posted = api.post(f"/threads/{thread}/posts", tokens["stone"], json={"body": "What helped me was walking. Well done!"})
    assert posted.status_code == 201


def test_editing_a_reply_into_advice_is_nudged_until_confirmed(api, build, tokens):
    thread = build.thread("river", "garden", preference="just_listen")
    reply = build.reply("stone", thread, "I'm here.")
    assert api.patch(f"/posts/{reply}", tokens["stone"], json={"body": ADVICE}).json["error"] == "advice_nudge"
    confirmed = api.patch(f"/posts/{reply}", tokens["stone"], json={"body": ADVICE, "confirmed": True})
    assert confirmed.status_code == 200 and confirmed.json["post"]["body"] == ADVICE


def test_the_thread_author_folds_and_unfolds_a_reply_and_the_replier_is_told(api, build, tokens):
    thread = build.thread("river", "garden", title="Hard week", preference="just_listen")
    reply = build.reply("stone", thread, "I'm sorry you're going through this.")

    refused = api.post(f"/posts/{reply}/collapse", tokens["moss"])
    assert (refused.status_code, refused.json["error"]) == (403, "forbidden")
    assert api.post(f"/posts/{reply}/collapse", tokens["stone"]).status_code == 403

    folded = api.post(f"/posts/{reply}/collapse", tokens["river"])
    assert folded.status_code == 200 and folded.json["post"]["collapsed_by_author"] is True
    posts = api.get(f"/threads/{thread}", tokens["moss"]).json["posts"]
    assert [p["collapsed_by_author"] for p in posts] == [False, True]
    notes = api.get("/me/notifications", tokens["stone"]).json["notifications"]
    assert [n["kind"] for n in notes] == ["collapsed"] and "Hard week" in notes[0]["text"]

    unfolded = api.delete(f"/posts/{reply}/collapse", tokens["river"])
    assert unfolded.status_code == 200 and unfolded.json["post"]["collapsed_by_author"] is False


def test_themes_travel_with_threads_and_replies_and_unknown_ones_are_invalid(api, build, tokens):
    created = api.post("/groups/garden/threads", tokens["river"], json={
        "title": "Losing my dad", "body": "It has been a month.", "themes": ["grief"],
    })
    assert created.status_code == 201 and created.json["thread"]["themes"] == ["grief"]
    thread = created.json["thread"]["id"]
    reply = api.post(f"/threads/{thread}/posts", tokens["stone"], json={"body": "Same here.", "themes": ["grief", "trauma"]})
    assert reply.json["post"]["themes"] == ["trauma", "grief"]
    bad = api.post(f"/threads/{thread}/posts", tokens["stone"], json={"body": "Same.", "themes": ["sorrow"]})
    assert (bad.status_code, bad.json["error"]) == (422, "invalid")


def test_reading_preferences_are_stored_per_member(api, tokens):
    assert api.get("/me/preferences", tokens["river"]).json == {"collapsed_themes": []}
    saved = api.call("PUT", "/me/preferences", tokens["river"], json={"collapsed_themes": ["self_harm", "eating"]})
    assert saved.status_code == 200 and saved.json == {"collapsed_themes": ["self_harm", "eating"]}
    assert api.get("/me/preferences", tokens["river"]).json == {"collapsed_themes": ["self_harm", "eating"]}
    assert api.get("/me/preferences", tokens["stone"]).json == {"collapsed_themes": []}
    refused = api.call("PUT", "/me/preferences", tokens["river"], json={"collapsed_themes": ["everything"]})
    assert (refused.status_code, refused.json["error"]) == (422, "invalid")
    assert api.call("PUT", "/me/preferences", tokens["river"], json={"collapsed_themes": "grief"}).status_code == 422
