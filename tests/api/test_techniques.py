"""The technique library, toolkit and search over the API: totals public, marks and toolkits private."""
from __future__ import annotations

import json

import pytest


def _share(api, token, path="/techniques", **fields):
    body = {"title": "Box breathing", "steps": "In for **four**.", "when_it_helps": "panic", "tags": ["anxiety"], **fields}
    response = api.post(path, token, json=body)
    assert response.status_code == 201, response.json
    return response.json["technique"]


def test_sharing_answers_the_technique_with_zero_totals(api, forum):
    technique = _share(api, forum.tokens["member"], "/groups/garden/techniques")
    assert technique["group"] == "garden" and technique["tags"] == ["anxiety"]
    assert technique["steps_html"] == "<p>In for <strong>four</strong>.</p>\n"
    assert technique["counts"] == {"tried": 0, "helped": 0}
    assert technique["author"]["username"] == "member"


@pytest.mark.parametrize("body, field", [
    ({"title": "", "steps": "x"}, "title"), ({"title": "T", "steps": ""}, "steps"),
    ({"title": "T", "steps": "x", "tags": ["nope"]}, "tags"), ({"title": "T", "steps": "x", "tags": {"a": 1}}, "tags"),
    ({"title": ["T"], "steps": "x"}, "title"), ({"title": "T", "steps": "x" * 10_001}, "steps"),
])
def test_bad_techniques_get_a_clear_422(api, forum, body, field):
    response = api.post("/techniques", forum.tokens["member"], json=body)
    assert response.status_code == 422
    assert response.json["error"] in {"invalid", "too_long"}


def test_no_answer_reveals_who_marked_a_technique(api, forum):
    technique = _share(api, forum.tokens["member"])
    marked = api.post(f"/techniques/{technique['id']}/marks/helped", forum.tokens["outsider"])
    assert marked.json == {"technique_id": technique["id"], "counts": {"tried": 0, "helped": 1}, "my_marks": ["helped"]}

    for name in ("member", "moderator", "admin"):
        seen = api.get(f"/techniques/{technique['id']}", forum.tokens[name]).json["technique"]
        assert seen["counts"] == {"tried": 0, "helped": 1}
        assert seen["my_marks"] == []
        listing = json.dumps(api.get("/techniques", forum.tokens[name]).json)
        assert "outsider" not in listing and "my_marks" not in listing
    assert api.get(f"/techniques/{technique['id']}", forum.tokens["outsider"]).json["technique"]["my_marks"] == ["helped"]

    undone = api.delete(f"/techniques/{technique['id']}/marks/helped", forum.tokens["outsider"])
    assert undone.json["counts"] == {"tried": 0, "helped": 0} and undone.json["my_marks"] == []


def test_an_unknown_mark_kind_is_refused(api, forum):
    technique = _share(api, forum.tokens["member"])
    response = api.post(f"/techniques/{technique['id']}/marks/loved", forum.tokens["member"])
    assert response.status_code == 422 and response.json["error"] == "invalid"


def test_sorting_filtering_and_bounded_pages(api, forum):
    token = forum.tokens["member"]
    first = _share(api, token, title="First", tags=["sleep"])
    _share(api, token, title="Second", tags=["anxiety"])
    api.post(f"/techniques/{first['id']}/marks/helped", forum.tokens["outsider"])
    assert [t["title"] for t in api.get("/techniques?sort=helpful", token).json["techniques"]] == ["First", "Second"]
    assert [t["title"] for t in api.get("/techniques?sort=newest", token).json["techniques"]] == ["Second", "First"]
    assert [t["title"] for t in api.get("/techniques?tag=sleep", token).json["techniques"]] == ["First"]
    for query in ("sort=loudest", "tag=nope", "page=0", "page=51", "page=x"):
        assert api.get(f"/techniques?{query}", token).status_code == 422


def test_the_toolkit_is_private_to_its_owner(api, forum):
    technique = _share(api, forum.tokens["member"])
    saved = api.call("PUT", f"/me/toolkit/{technique['id']}", forum.tokens["outsider"])
    assert saved.json == {"technique_id": technique["id"], "saved": True}
    assert [t["id"] for t in api.get("/me/toolkit", forum.tokens["outsider"]).json["techniques"]] == [technique["id"]]
    assert api.get("/me/toolkit", forum.tokens["member"]).json["techniques"] == []
    assert api.get(f"/techniques/{technique['id']}", forum.tokens["outsider"]).json["technique"]["saved"] is True
    assert api.get(f"/techniques/{technique['id']}", forum.tokens["member"]).json["technique"]["saved"] is False
    api.delete(f"/me/toolkit/{technique['id']}", forum.tokens["outsider"])
    assert api.get("/me/toolkit", forum.tokens["outsider"]).json["techniques"] == []


def test_search_never_shows_or_counts_a_private_groups_content_to_outsiders(api, forum):
    _share(api, forum.tokens["member"], "/groups/quiet/techniques", title="Quiet lantern")
    _share(api, forum.tokens["member"], "/groups/garden/techniques", title="Garden lantern")
    outsider = api.get("/search?q=lantern", forum.tokens["outsider"]).json
    member = api.get("/search?q=lantern", forum.tokens["member"]).json
    assert [hit["title"] for hit in outsider["hits"]] == ["Garden lantern"]
    assert [hit["title"] for hit in member["hits"]] == ["Garden lantern", "Quiet lantern"]
    assert set(outsider) == {"hits", "page", "next_page"}
    outsider_posts = api.get("/search?q=opening", forum.tokens["outsider"]).json["hits"]
    member_posts = api.get("/search?q=opening", forum.tokens["member"]).json["hits"]
    assert [(hit["kind"], hit["group"]) for hit in outsider_posts] == [("post", "garden")]
    assert [(hit["kind"], hit["group"]) for hit in member_posts] == [("post", "quiet"), ("post", "garden")]


@pytest.mark.parametrize("query", ['"', "NEAR(a b", "*", "x" * 10_000, ")(", "a AND OR", "\x00", "\"'\\", "%"])
def test_hostile_search_queries_answer_200(api, forum, query):
    response = api.get("/search", forum.tokens["member"], query_string={"q": query})
    assert response.status_code == 200 and isinstance(response.json["hits"], list)


def test_search_without_a_query_finds_nothing_and_a_bad_page_is_422(api, forum):
    assert api.get("/search", forum.tokens["member"]).json == {"hits": [], "page": 1, "next_page": None}
    assert api.get("/search?q=a&page=21", forum.tokens["member"]).status_code == 422


def test_the_author_rewrites_a_technique_and_its_marks_stay(api, forum):
    technique = _share(api, forum.tokens["member"], tags=["anxiety", "sleep"])
    api.post(f"/techniques/{technique['id']}/marks/helped", forum.tokens["outsider"])
    response = api.call("PUT", f"/techniques/{technique['id']}", forum.tokens["member"], json={
        "title": "Square breathing", "steps": "In for *four*, out for four.", "tags": ["sleep", "panic"]})
    assert response.status_code == 200
    edited = response.json["technique"]
    assert edited["title"] == "Square breathing" and edited["tags"] == ["panic", "sleep"]
    assert edited["steps_html"] == "<p>In for <em>four</em>, out for four.</p>\n"
    assert edited["when_it_helps"] == "" and edited["counts"] == {"tried": 0, "helped": 1}
    assert api.get(f"/techniques/{technique['id']}", forum.tokens["outsider"]).json["technique"]["title"] == "Square breathing"


def test_a_refused_edit_changes_nothing(api, forum):
    technique = _share(api, forum.tokens["member"])
    response = api.call("PUT", f"/techniques/{technique['id']}", forum.tokens["member"],
                        json={"title": "New title", "steps": "", "tags": ["anxiety"]})
    assert response.status_code == 422 and response.json["error"] == "invalid"
    assert api.get(f"/techniques/{technique['id']}", forum.tokens["member"]).json["technique"]["title"] == "Box breathing"


def test_only_the_author_edits_or_deletes_and_a_deleted_technique_is_gone_from_toolkits(api, forum):
    technique = _share(api, forum.tokens["member"])
    path = f"/techniques/{technique['id']}"
    api.call("PUT", f"/me/toolkit/{technique['id']}", forum.tokens["outsider"])
    for name in ("outsider", "moderator", "admin"):
        assert api.call("PUT", path, forum.tokens[name], json={"title": "Mine", "steps": "x"}).status_code == 403
        assert api.delete(path, forum.tokens[name]).json["error"] == "forbidden"

    assert api.delete(path, forum.tokens["member"]).status_code == 204
    assert api.get(path, forum.tokens["member"]).status_code == 404
    assert api.get("/me/toolkit", forum.tokens["outsider"]).json["techniques"] == []
    assert api.delete(path, forum.tokens["member"]).status_code == 404
