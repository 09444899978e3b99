"""A private group's discussions do not exist for anyone outside it, whichever API path they try."""
from __future__ import annotations

import pytest

MISSING = 2_000_000

# Each probe is aimed once at the private thread or post, and once at ids that do not exist.
PROBES = {
    "read thread": lambda forum, thread, post: ("GET", f"/threads/{thread}", None),
    "read page": lambda forum, thread, post: ("GET", f"/threads/{thread}?cursor=MDAwMDAwMDAwMQ", None),
    "reply": lambda forum, thread, post: ("POST", f"/threads/{thread}/posts", {"body": "hello?"}),
    "reply to post": lambda forum, thread, post: (
        "POST", f"/threads/{forum.thread}/posts", {"body": "hello?", "parent_id": post}
    ),
    "edit": lambda forum, thread, post: ("PATCH", f"/posts/{post}", {"body": "changed"}),
    "delete": lambda forum, thread, post: ("DELETE", f"/posts/{post}", None),
    "react": lambda forum, thread, post: ("POST", f"/posts/{post}/reactions/support", None),
    "unreact": lambda forum, thread, post: ("DELETE", f"/posts/{post}/reactions/support", None),
}


@pytest.mark.parametrize("probe", PROBES.values(), ids=PROBES.keys())
@pytest.mark.parametrize("who", ["outsider", "applicant"])
def test_private_threads_and_posts_answer_like_ids_that_do_not_exist(api, forum, build, who, probe):
    build.join(who, "garden")  # a member elsewhere, so only the private group stands in the way
    token = forum.tokens[who]

    method, path, body = probe(forum, forum.private_thread, forum.private_reply)
    private = api.call(method, path, token, json=body)
    method, path, body = probe(forum, MISSING, MISSING)
    missing = api.call(method, path, token, json=body)

    assert private.status_code == missing.status_code == 404
    assert private.json == missing.json


@pytest.mark.parametrize("who", ["outsider", "applicant"])
def test_a_private_groups_thread_list_is_not_found(api, forum, who):
    response = api.get("/groups/quiet/threads", forum.tokens[who])
    assert response.status_code == 404
    assert response.json["error"] == "not_found"


def test_outsiders_see_only_a_private_groups_name_and_description(api, forum):
    expected = {"slug": "quiet", "name": "Quiet", "description": "About quiet", "visibility": "private"}

    listed = {group["slug"]: group for group in api.get("/groups", forum.tokens["outsider"]).json["groups"]}
    shown = api.get("/groups/quiet", forum.tokens["outsider"]).json["group"]
    anonymous = api.get("/groups/quiet").json["group"]

    assert listed["quiet"] == shown == anonymous == expected
    assert listed["garden"]["agreement"] == "Be kind."


def test_members_see_a_private_groups_agreement_and_moderators(api, forum):
    shown = api.get("/groups/quiet", forum.tokens["member"]).json["group"]
    listed = {group["slug"]: group for group in api.get("/groups", forum.tokens["member"]).json["groups"]}

    assert shown["agreement"] == listed["quiet"]["agreement"] == "Be kind."
    assert [moderator["username"] for moderator in shown["moderators"]] == ["moderator"]


def test_once_approved_the_applicant_can_read_the_private_thread(api, forum):
    approved = api.post("/groups/quiet/requests/applicant/approve", forum.tokens["moderator"])
    assert approved.json["membership"]["status"] == "active"

    response = api.get(f"/threads/{forum.private_thread}", forum.tokens["applicant"])
    assert response.status_code == 200
    assert response.json["thread"]["title"] == "Only for us"
