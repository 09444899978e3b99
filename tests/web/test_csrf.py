"""Every form POST needs the CSRF token its page carries; without it the answer is 400 and nothing changes."""
import pytest

from tests.conftest import PASSWORD

POST_ROUTES = [
    "/register",
    "/login",
    "/logout",
    "/settings/profile",
    "/settings/password",
    "/settings/tokens",
    "/settings/tokens/1/revoke",
    "/settings/sessions/others/end",
    "/settings/sessions/end",
    "/groups/new",
    "/groups/open/join",
    "/groups/open/leave",
    "/groups/open/requests/outsider",
    "/groups/open/moderators",
    "/groups/open/threads/new",
    "/threads/{open_thread}/reply",
    "/posts/{open_post}/edit",
    "/posts/{open_post}/delete",
    "/posts/{open_post}/reactions/support",
    "/settings/blocks",
    "/settings/blocks/outsider/unblock",
    "/admin/watched-words",
    "/groups/open/watched-words",
    "/watched-words/1/delete",
    "/settings/notifications",
    "/settings/delete",
    "/posts/{open_post}/collapse",
    "/settings/reading",
    "/groups/open/moderators/outsider/demote",
    "/techniques/new",
    "/groups/open/techniques/new",
    "/techniques/7/edit",
    "/techniques/7/delete",
    "/techniques/7/marks/tried",
    "/techniques/7/toolkit",
]
PAGE_BLUEPRINTS = {"home", "auth", "settings", "groups", "threads", "watched_words", "techniques"}


@pytest.fixture
def app_config():
    return {"WTF_CSRF_ENABLED": True}


@pytest.fixture
def author(world, make_client, csrf_token):
    """The author of the open thread, signed in through the real form, token and all."""
    client = make_client()
    token = csrf_token(client, "/login")
    response = client.post("/login", data={"username": "author", "password": PASSWORD, "csrf_token": token})
    assert response.status_code == 302
    return client


@pytest.mark.parametrize("route", POST_ROUTES)
def test_a_form_post_without_the_token_is_refused(world, author, build, route):
    response = author.post(route.format(**vars(world)), data={"body": "forged", "on": "1", "username": "author"})
    assert response.status_code == 400
    assert "The form expired or was sent from elsewhere." in response.text
    assert build.post(world.open_post).body == "A reply in open"
    assert "Sign out" in author.get("/").text  # still signed in


def test_a_token_from_another_session_is_refused(world, author, make_client, csrf_token):
    stranger_token = csrf_token(make_client(), "/login")
    response = author.post(
        "/settings/profile", data={"display_name": "Forged", "pronouns": "", "bio": "", "csrf_token": stranger_token}
    )
    assert response.status_code == 400


def test_the_same_form_with_its_token_goes_through(world, author, csrf_token):
    token = csrf_token(author, "/settings/profile")
    response = author.post(
        "/settings/profile", data={"display_name": "Real", "pronouns": "", "bio": "", "csrf_token": token}
    )
    assert response.status_code == 302
    assert 'value="Real"' in author.get("/settings/profile").text


def test_every_page_form_route_is_in_the_list(app):
    """A new POST route on a page blueprint must be added above, so its CSRF protection is checked too."""
    page_posts = {
        rule.rule
        for rule in app.url_map.iter_rules()
        if "POST" in rule.methods and rule.endpoint.split(".")[0] in PAGE_BLUEPRINTS
    }
    listed = {
        route.replace("1/revoke", "<int:token_id>/revoke")
        .replace("1/delete", "<int:rule_id>/delete")
        .replace("{open_thread}", "<int:thread_id>")
        .replace("{open_post}", "<int:post_id>")
        .replace("/open/", "/<slug>/")
        .replace("/outsider", "/<username>")
        .replace("/support", "/<kind>")
        .replace("/techniques/7/", "/techniques/<int:technique_id>/")
        .replace("/tried", "/<kind>")
        for route in POST_ROUTES
    }
    assert page_posts == listed
