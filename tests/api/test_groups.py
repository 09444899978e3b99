"""Groups through the API: creating, appointing moderators, joining with the agreement, requests, leaving."""
from __future__ import annotations

import pytest


@pytest.fixture
def people(build):
    """Tokens for a site admin, a moderator of both groups, and two newcomers."""
    build.admin("admin")
    for name in ("moderator", "river", "stone"):
        build.user(name)
    build.group("garden", moderators=("moderator",))
    build.group("quiet", "private", moderators=("moderator",))
    return {name: build.token(name) for name in ("admin", "moderator", "river", "stone")}


def test_a_site_admin_creates_a_group_everyone_can_then_see(api, people):
    created = api.post("/groups", people["admin"], json={
        "slug": "night-owls", "name": "Night owls", "description": "For the small hours",
        "agreement": "We listen **first**.", "visibility": "public",
    })
    assert created.status_code == 201
    assert created.json["group"]["agreement_html"] == "<p>We listen <strong>first</strong>.</p>\n"

    slugs = [group["slug"] for group in api.get("/groups").json["groups"]]
    assert "night-owls" in slugs
    assert api.get("/groups/night-owls").json["group"]["moderators"] == []


def test_a_group_slug_cannot_be_taken_twice(api, people):
    response = api.post("/groups", people["admin"], json={"slug": "garden", "name": "Again", "agreement": "a"})
    assert response.status_code == 409
    assert response.json["error"] == "conflict"


def test_an_appointed_moderator_is_listed_and_can_see_requests(api, people):
    appointed = api.post("/groups/quiet/moderators", people["admin"], json={"username": "river"})
    assert appointed.status_code == 200
    assert appointed.json["membership"]["role"] == "moderator"

    moderators = api.get("/groups/quiet", people["river"]).json["group"]["moderators"]
    assert [moderator["username"] for moderator in moderators] == ["moderator", "river"]
    assert api.get("/groups/quiet/requests", people["river"]).status_code == 200


def test_appointing_someone_who_does_not_exist_is_not_found(api, people):
    response = api.post("/groups/garden/moderators", people["admin"], json={"username": "nobody"})
    assert response.status_code == 404


def test_joining_a_public_group_makes_an_active_member(api, people):
    response = api.post("/groups/garden/join", people["river"], json={"accept_agreement": True})
    assert response.status_code == 200
    membership = response.json["membership"]
    assert (membership["status"], membership["role"]) == ("active", "member")
    assert membership["agreement_accepted_at"] is not None


def test_joining_needs_the_agreement_accepted(api, people):
    response = api.post("/groups/garden/join", people["river"], json={"accept_agreement": False})
    assert response.status_code == 422
    assert api.post("/groups/garden/threads", people["river"], json={"title": "t", "body": "b"}).status_code == 403


def test_a_private_group_join_waits_for_a_moderator(api, people):
    asked = api.post("/groups/quiet/join", people["river"], json={"accept_agreement": True})
    assert asked.status_code == 202
    assert asked.json["membership"]["status"] == "pending"
    assert api.get("/groups/quiet/threads", people["river"]).status_code == 404

    requests = api.get("/groups/quiet/requests", people["moderator"]).json["requests"]
    assert [request["user"]["username"] for request in requests] == ["river"]

    approved = api.post("/groups/quiet/requests/river/approve", people["moderator"])
    assert approved.json["membership"]["status"] == "active"
    assert api.get("/groups/quiet/threads", people["river"]).status_code == 200
    assert api.get("/groups/quiet/requests", people["moderator"]).json["requests"] == []


def test_a_declined_request_is_gone_and_may_be_asked_again(api, people):
    api.post("/groups/quiet/join", people["river"], json={"accept_agreement": True})

    declined = api.post("/groups/quiet/requests/river/decline", people["moderator"])
    assert declined.status_code == 200
    assert declined.json["membership"] is None
    assert api.get("/groups/quiet/requests", people["moderator"]).json["requests"] == []
    assert api.get("/groups/quiet/threads", people["river"]).status_code == 404
    assert api.post("/groups/quiet/join", people["river"], json={"accept_agreement": True}).status_code == 202


def test_deciding_a_request_nobody_made_is_not_found(api, people):
    response = api.post("/groups/quiet/requests/stone/approve", people["moderator"])
    assert response.status_code == 404


def test_after_leaving_a_member_can_no_longer_post(api, people):
    api.post("/groups/garden/join", people["river"], json={"accept_agreement": True})

    left = api.post("/groups/garden/leave", people["river"])
    assert left.status_code == 200
    assert left.json["membership"] is None

    response = api.post("/groups/garden/threads", people["river"], json={"title": "t", "body": "b"})
    assert response.status_code == 403
    assert response.json["error"] == "not_member"


def test_an_unknown_group_is_not_found(api, people):
    for response in (api.get("/groups/nowhere"), api.post("/groups/nowhere/join", people["river"],
                                                          json={"accept_agreement": True})):
        assert response.status_code == 404
        assert response.json["error"] == "not_found"
