"""The technique library, My toolkit and search as pages: private marks, private groups, cards in threads."""
from __future__ import annotations

import re

import pytest
import sqlalchemy as sa

from forum.extensions import db
from forum.models import Group, User
from forum.services import techniques


def _share(app, username: str, slug: str | None, title: str, tags=("anxiety",)) -> int:
    with app.app_context():
        user = db.session.scalar(sa.select(User).where(User.username == username))
        group = db.session.scalar(sa.select(Group).where(Group.slug == slug)) if slug else None
        return techniques.share_technique(user, group, title, "1. Breathe in.\n2. Breathe **out**.", "before sleep",
                                          list(tags)).id


def test_a_member_shares_a_technique_in_their_group_through_the_form(world, client_as, app):
    member = client_as("member")
    page = member.post("/groups/open/techniques/new", data={
        "title": "Five senses", "steps": "Name **five** things you see.", "when_it_helps": "panic",
        "tags": ["grounding", "panic"],
    })
    assert page.status_code == 302
    shown = member.get(page.headers["Location"])
    assert "Five senses" in shown.text and "<strong>five</strong>" in shown.text
    assert "Grounding" in shown.text and "0 tried it · 0 helped" in shown.text
    assert "Five senses" in member.get("/groups/open/techniques").text


def test_a_refused_technique_comes_back_with_what_was_typed(world, client_as):
    page = client_as("member").post("/techniques/new", data={"title": "", "steps": "My careful steps"})
    assert page.status_code == 422
    assert "My careful steps" in page.text and "can&#39;t be empty" in page.text


def test_outsiders_may_not_share_in_a_group(world, client_as):
    assert client_as("outsider").post("/groups/open/techniques/new", data={"title": "T", "steps": "S"}).status_code == 403
    assert client_as("outsider").get("/groups/closed/techniques/new").status_code == 404


def test_a_private_groups_techniques_are_not_found_for_outsiders(world, client_as, app):
    technique_id = _share(app, "member", "closed", "Closed trick")
    outsider = client_as("outsider")
    for path in ("/groups/closed/techniques", f"/techniques/{technique_id}"):
        assert outsider.get(path).status_code == 404
        assert client_as("member").get(path).status_code == 200
    assert outsider.post(f"/techniques/{technique_id}/marks/helped").status_code == 404
    assert outsider.post(f"/techniques/{technique_id}/toolkit").status_code == 404
    assert client_as(None).get(f"/techniques/{technique_id}").status_code == 404


def test_the_library_needs_an_account(world, client_as, app):
    technique_id = _share(app, "member", None, "Site trick")
    anonymous = client_as(None)
    for path in ("/techniques", f"/techniques/{technique_id}", "/toolkit", "/search?q=trick"):
        assert anonymous.get(path).status_code == 302


def test_marks_show_totals_to_everyone_and_the_pressed_state_only_to_the_marker(world, client_as, app):
    technique_id = _share(app, "author", None, "Cold water")
    member, outsider = client_as("member"), client_as("outsider")
    member.post(f"/techniques/{technique_id}/marks/helped", data={"on": "1"})
    member.post(f"/techniques/{technique_id}/marks/tried", data={"on": "1"})

    own = member.get(f"/techniques/{technique_id}").text
    other = outsider.get(f"/techniques/{technique_id}").text
    assert "1 tried it · 1 helped" in own and "1 tried it · 1 helped" in other
    assert re.search(r'data-kind="helped" aria-pressed="true"', own)
    assert not re.search(r'aria-pressed="true"', other)
    assert "member" not in other.split("<main", 1)[1].lower().replace("shared by", "")

    member.post(f"/techniques/{technique_id}/marks/helped", data={"on": "0"})
    assert "1 tried it · 0 helped" in outsider.get(f"/techniques/{technique_id}").text


def test_sort_and_tag_filter_on_the_library_page(world, client_as, app):
    _share(app, "author", None, "Alpha calm", tags=("anxiety",))
    beta = _share(app, "author", None, "Beta sleep", tags=("sleep",))
    client_as("member").post(f"/techniques/{beta}/marks/helped")
    member = client_as("member")
    helpful = member.get("/techniques?sort=helpful").text
    assert helpful.index("Beta sleep") < helpful.index("Alpha calm")
    only_anxiety = member.get("/techniques?tag=anxiety").text
    assert "Alpha calm" in only_anxiety and "Beta sleep" not in only_anxiety
    assert member.get("/techniques?sort=loudest").status_code == 422
    assert member.get("/techniques?page=999").status_code == 422


def test_my_toolkit_holds_what_i_saved_and_nobody_else_sees_it(world, client_as, app):
    technique_id = _share(app, "author", None, "Hand on heart")
    member = client_as("member")
    member.post(f"/techniques/{technique_id}/toolkit", data={"on": "1"})
    assert "Hand on heart" in member.get("/toolkit").text
    assert "Remove from my toolkit" in member.get(f"/techniques/{technique_id}").text
    assert "Hand on heart" not in client_as("outsider").get("/toolkit").text
    member.post(f"/techniques/{technique_id}/toolkit", data={"on": "0"})
    assert "Hand on heart" not in member.get("/toolkit").text


def test_a_technique_linked_in_a_post_shows_as_a_card(world, client_as, app, build):
    site_id = _share(app, "author", None, "Urge surfing")
    closed_id = _share(app, "author", "closed", "Closed-group secret")
    build.reply("member", world.open_thread, f"Try /techniques/{site_id} and /techniques/{closed_id}")
    page = client_as("outsider").get(f"/threads/{world.open_thread}").text
    assert 'class="technique-card"' in page and "Urge surfing" in page
    assert "Closed-group secret" not in page


def test_search_page_finds_what_the_reader_may_read_and_nothing_private(world, client_as):
    outsider, member = client_as("outsider"), client_as("member")
    assert "The open thread" in outsider.get("/search?q=open").text
    assert "The closed thread" not in outsider.get("/search?q=closed").text
    assert "Nothing found" in outsider.get("/search?q=closed").text
    assert "The closed thread" in member.get("/search?q=closed").text


@pytest.mark.parametrize("query", ['"', "NEAR(", "*", "x" * 10_000, "a) OR (b", "%00", "<script>alert(1)</script>"])
def test_hostile_search_queries_get_a_calm_page(world, client_as, query):
    page = client_as("member").get("/search", query_string={"q": query})
    assert page.status_code == 200
    assert "<script>alert" not in page.text


def test_the_author_edits_a_technique_through_the_form(world, client_as, app):
    technique_id = _share(app, "member", "open", "Box breathing")
    member = client_as("member")
    form = member.get(f"/techniques/{technique_id}/edit")
    assert form.status_code == 200 and 'value="Box breathing"' in form.text
    assert re.search(r'<input checked[^>]*value="anxiety"', form.text)
    page = member.post(f"/techniques/{technique_id}/edit", data={
        "title": "Square breathing", "steps": "In for *four*.", "when_it_helps": "", "tags": ["sleep"]})
    assert page.status_code == 302
    shown = member.get(page.headers["Location"]).text
    assert "Square breathing" in shown and "<em>four</em>" in shown and "Sleep" in shown and "Anxiety" not in shown


def test_a_refused_edit_comes_back_with_what_was_typed(world, client_as, app):
    technique_id = _share(app, "member", None, "Box breathing")
    page = client_as("member").post(f"/techniques/{technique_id}/edit", data={"title": "New name", "steps": ""})
    assert page.status_code == 422 and 'value="New name"' in page.text


def test_only_the_author_sees_edit_and_delete_and_others_are_refused(world, client_as, app):
    technique_id = _share(app, "member", "open", "Box breathing")
    assert f"/techniques/{technique_id}/edit" in client_as("member").get(f"/techniques/{technique_id}").text
    for who in ("author", "mod", "admin"):
        other = client_as(who)
        assert f"/techniques/{technique_id}/edit" not in other.get(f"/techniques/{technique_id}").text
        assert other.get(f"/techniques/{technique_id}/edit").status_code == 403
        assert other.post(f"/techniques/{technique_id}/delete").status_code == 403
    assert client_as(None).get(f"/techniques/{technique_id}/edit").status_code == 302  # to the sign-in page


def test_the_author_deletes_a_technique_and_lands_on_its_library(world, client_as, app):
    technique_id = _share(app, "member", "open", "Box breathing")
    member = client_as("member")
    page = member.post(f"/techniques/{technique_id}/delete")
    assert page.status_code == 302 and page.headers["Location"].endswith("/groups/open/techniques")
    assert member.get(f"/techniques/{technique_id}").status_code == 404
    assert "Box breathing" not in member.get("/groups/open/techniques").text
