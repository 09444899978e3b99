"""The watched-word pages: the site-wide list for site admins, a group's list for its moderators."""
import pytest
import sqlalchemy as sa

from forum.extensions import db
from forum.models import WatchedWord
from tests.support.watched import watch


def _rules(app):
    with app.app_context():
        return [(rule.pattern, rule.is_regex, rule.action, rule.group_id is None)
                for rule in db.session.scalars(sa.select(WatchedWord).order_by(WatchedWord.id))]


@pytest.mark.parametrize("who, status", [("outsider", 403), ("member", 403), ("moderator", 403), ("admin", 200)])
def test_only_site_admins_open_the_site_wide_list(world, client_as, who, status):
    assert client_as(who).get("/admin/watched-words").status_code == status


@pytest.mark.parametrize(
    "who, path, status",
    [
        ("member", "/groups/open/watched-words", 403),
        ("outsider", "/groups/open/watched-words", 403),
        ("outsider", "/groups/closed/watched-words", 404),  # a private group stays hidden
        ("moderator", "/groups/open/watched-words", 200),
        ("moderator", "/groups/closed/watched-words", 200),
        ("admin", "/groups/closed/watched-words", 200),
    ],
)
def test_a_groups_list_is_for_its_moderators_and_site_admins(world, client_as, who, path, status):
    assert client_as(who).get(path).status_code == status


def test_a_site_admin_adds_a_regex_and_it_is_listed(world, client_as, app):
    admin = client_as("admin")
    form = admin.get("/admin/watched-words").text
    assert "regular expression (site administrators only)" in form
    response = admin.post("/admin/watched-words", data={"pattern": r"\bhurt (myself|me)\b", "is_regex": "y", "action": "crisis"})
    assert response.headers["Location"] == "/admin/watched-words"
    page = admin.get("/admin/watched-words").text
    assert "is now watched" in page and "hurt (myself|me)" in page and "Crisis:" in page
    assert _rules(app) == [(r"\bhurt (myself|me)\b", True, "crisis", True)]


def test_a_hostile_regex_gets_a_clear_form_error_and_keeps_what_was_typed(world, client_as, app):
    response = client_as("admin").post("/admin/watched-words", data={"pattern": "(a|aa)+$", "is_regex": "y", "action": "block"})
    assert response.status_code == 422
    assert "takes too long" in response.text and 'value="(a|aa)+$"' in response.text
    broken = client_as("admin").post("/admin/watched-words", data={"pattern": "[oops", "is_regex": "y", "action": "block"})
    assert broken.status_code == 422 and "not valid" in broken.text
    assert _rules(app) == []


def test_a_moderator_adds_words_for_their_group_and_sees_the_site_wide_ones(world, client_as, app):
    watch(app, "sitewide", "flag")
    mod = client_as("moderator")
    page = mod.get("/groups/open/watched-words").text
    assert "sitewide" in page and "regular expression (site administrators only)" not in page
    response = mod.post("/groups/open/watched-words", data={"pattern": "Dealer", "action": "require_approval"})
    assert response.headers["Location"] == "/groups/open/watched-words"
    assert ("Dealer", False, "require_approval", False) in _rules(app)
    assert "Watched words</a>" in mod.get("/groups/open").text


def test_a_moderator_cannot_add_a_regex_or_a_site_wide_rule(world, client_as, app):
    mod = client_as("moderator")
    assert mod.post("/groups/open/watched-words", data={"pattern": "a+b", "is_regex": "y", "action": "block"}).status_code == 403
    assert mod.post("/admin/watched-words", data={"pattern": "word", "action": "block"}).status_code == 403
    assert _rules(app) == []


def test_members_cannot_add_rules(world, client_as, app):
    assert client_as("member").post("/groups/open/watched-words", data={"pattern": "x", "action": "block"}).status_code == 403
    assert _rules(app) == []


def test_removing_a_rule_goes_back_to_its_list(world, client_as, app):
    group_rule = client_as("moderator").post("/groups/open/watched-words", data={"pattern": "word", "action": "flag"})
    assert group_rule.status_code == 302
    with app.app_context():
        rule_id = db.session.scalar(sa.select(WatchedWord.id))
    assert client_as("member").post(f"/watched-words/{rule_id}/delete").status_code == 403
    site_rule = watch(app, "other", "flag")
    assert client_as("moderator").post(f"/watched-words/{site_rule}/delete").status_code == 403
    response = client_as("moderator").post(f"/watched-words/{rule_id}/delete")
    assert response.headers["Location"] == "/groups/open/watched-words"
    assert _rules(app) == [("other", False, "flag", True)]
    assert client_as("admin").post("/watched-words/999/delete").status_code == 404
