"""Who may open which page: every page route for each kind of visitor."""
import pytest

from tests.conftest import PASSWORD

LOGIN = "login"  # expected: a redirect to the sign-in page

# path, then the expected answer for: anonymous, outsider, member, moderator, admin
MATRIX = [
    ("/", 200, 200, 200, 200, 200),
    ("/login", 200, 200, 200, 200, 200),
    ("/register", 200, 200, 200, 200, 200),
    ("/settings/profile", LOGIN, 200, 200, 200, 200),
    ("/settings/password", LOGIN, 200, 200, 200, 200),
    ("/settings/tokens", LOGIN, 200, 200, 200, 200),
    ("/settings/reading", LOGIN, 200, 200, 200, 200),
    ("/groups/new", LOGIN, 403, 403, 403, 200),
    ("/groups/open", 200, 200, 200, 200, 200),
    ("/groups/closed", 200, 200, 200, 200, 200),
    ("/groups/nowhere", 404, 404, 404, 404, 404),
    ("/groups/open/join", LOGIN, 200, 200, 200, 200),
    ("/groups/closed/join", LOGIN, 200, 200, 200, 200),
    ("/groups/open/requests", LOGIN, 403, 403, 200, 200),
    ("/groups/closed/requests", LOGIN, 403, 403, 200, 200),
    ("/groups/open/room", LOGIN, 403, 200, 200, 403),
    ("/groups/closed/room", 404, 404, 200, 200, 403),
    ("/groups/open/threads/new", LOGIN, 403, 200, 200, 403),
    ("/groups/closed/threads/new", LOGIN, 403, 200, 200, 403),
    ("/threads/{open_thread}", LOGIN, 200, 200, 200, 200),
    ("/threads/{closed_thread}", 404, 404, 200, 200, 200),
    ("/threads/999999", 404, 404, 404, 404, 404),
    ("/posts/{open_post}/edit", LOGIN, 403, 403, 403, 403),
    ("/posts/{closed_post}/edit", 404, 404, 403, 403, 403),
    ("/posts/999999/edit", 404, 404, 404, 404, 404),
]
ROLES = ("anonymous", "outsider", "member", "moderator", "admin")


@pytest.mark.parametrize("role", ROLES)
def test_page_access_by_role(world, client_as, role):
    client = client_as(role)
    expected, answered = {}, {}
    for path, *answers in MATRIX:
        url = path.format(**vars(world))
        expected[url] = answers[ROLES.index(role)]
        response = client.get(url)
        went_to_login = response.status_code == 302 and response.headers["Location"].startswith("/login?next=")
        answered[url] = LOGIN if went_to_login else response.status_code
    assert answered == expected


def test_the_author_may_edit_their_own_post(world, client_as):
    response = client_as("author").get(f"/posts/{world.open_post}/edit")
    assert response.status_code == 200
    assert "A reply in open" in response.text


def test_signing_in_after_the_redirect_comes_back_to_the_page(world, client_as):
    client = client_as(None)
    login_url = client.get(f"/threads/{world.open_thread}").headers["Location"]
    response = client.post(login_url, data={"username": "member", "password": PASSWORD})
    assert response.headers["Location"] == f"/threads/{world.open_thread}"
    assert "The open thread" in client.get(response.headers["Location"]).text


class TestPrivateGroupThreadsStayInvisible:
    """To a signed-in outsider a private group's threads do not exist: 404, like an unknown id."""

    def test_the_group_page_shows_only_name_and_description(self, world, client_as):
        page = client_as("outsider").get("/groups/closed").text
        assert "Closed" in page and "About closed" in page
        assert "The closed thread" not in page
        assert "Be kind." not in page  # the agreement
        assert "Ask to join" in page

    def test_anonymous_visitors_see_no_threads_either(self, world, client_as):
        page = client_as(None).get("/groups/closed").text
        assert "The closed thread" not in page and "Be kind." not in page

    @pytest.mark.parametrize(
        ("method", "path", "data"),
        [
            ("GET", "/threads/{closed_thread}", {}),
            ("GET", "/posts/{closed_post}/edit", {}),
            ("POST", "/posts/{closed_post}/edit", {"body": "taken over"}),
            ("POST", "/threads/{closed_thread}/reply", {"body": "let me in"}),
            ("POST", "/threads/{closed_thread}/reply", {"body": "let me in", "parent_id": "{closed_post}"}),
            ("POST", "/posts/{closed_post}/reactions/support", {"on": "1"}),
            ("POST", "/posts/{closed_post}/delete", {}),
        ],
    )
    def test_guessed_urls_are_not_found(self, world, client_as, method, path, data):
        ids = vars(world)
        response = client_as("outsider").open(
            path.format(**ids), method=method, data={key: value.format(**ids) for key, value in data.items()}
        )
        assert response.status_code == 404
        assert "The closed thread" not in response.text and "A reply in closed" not in response.text

    def test_nothing_was_changed_by_the_guesses(self, world, client_as, build):
        outsider = client_as("outsider")
        outsider.post(f"/threads/{world.closed_thread}/reply", data={"body": "let me in"})
        outsider.post(f"/posts/{world.closed_post}/reactions/support", data={"on": "1"})
        page = client_as("member").get(f"/threads/{world.closed_thread}").text
        assert "let me in" not in page
        assert 'aria-pressed="false">\n        Support <span class="count">0</span>' in page
        assert build.post(world.closed_post).body == "A reply in closed"
