"""Hostile text through every kind of form: never a 500, never live markup or script links on the page."""
from html.parser import HTMLParser

import pytest

HOSTILE = [
    "<script>alert('x')</script>",
    '<img src=x onerror="alert(1)">',
    "[click me](javascript:alert(1))",
    '<a href="javascript:alert(1)">click</a>',
    "<svg onload=alert(1)>",
    "nul\x00byte",
    "right-to-left \u202eexe.txt",
    "zero\u200bwidth\ufeff",
    "<iframe src=//evil.example>",
]
ONE_MEGABYTE = "x" * (1024 * 1024)
DANGEROUS_TAGS = {"script", "iframe", "svg", "img", "object", "embed", "style"}


class LiveMarkup(HTMLParser):
    """Collects what a browser would actually act on: tags, event handlers, script URLs."""

    def __init__(self) -> None:
        super().__init__()
        self.problems: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "script" and (dict(attrs).get("src") or "").startswith("/static/"):
            return  # the forum's own scripts, served from its static folder
        if tag in DANGEROUS_TAGS:
            self.problems.append(f"<{tag}> tag")
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"{name}= on <{tag}>")
            if name in {"href", "src", "action"} and (value or "").strip().lower().startswith("javascript:"):
                self.problems.append(f"javascript: {name} on <{tag}>")


def assert_inert(page: str) -> None:
    parser = LiveMarkup()
    parser.feed(page)
    assert parser.problems == []


@pytest.fixture
def circle(build):
    build.user("ana")
    build.user("ben")
    return build.group("circle", members=("ana", "ben"))


@pytest.fixture
def ana(client_as, circle):
    return client_as("ana")


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_threads_and_replies_render_inert(ana, build, text):
    response = ana.post(
        "/groups/circle/threads/new",
        data={"title": f"Title {text}", "body": f"Body {text}", "response_preference": "open", "content_warning": text},
    )
    assert response.status_code == 302
    thread_url = response.headers["Location"]
    reply = ana.post(f"{thread_url}/reply", data={"body": f"Reply {text}"})
    assert reply.status_code == 302
    for path in (thread_url, "/groups/circle", "/"):
        page = ana.get(path)
        assert page.status_code == 200
        assert_inert(page.text)


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_profiles_render_inert(ana, build, text):
    thread_id = build.thread("ana", "circle")
    response = ana.post("/settings/profile", data={"display_name": text[:60], "pronouns": text[:30], "bio": text})
    assert response.status_code == 302
    for path in ("/settings/profile", f"/threads/{thread_id}", "/groups/circle"):
        assert_inert(ana.get(path).text)


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_sign_up_and_sign_in_are_refused_cleanly(client, text):
    registered = client.post("/register", data={"username": text, "password": text, "email": text})
    assert registered.status_code == 422
    assert_inert(registered.text)
    signed_in = client.post("/login", data={"username": text, "password": text})
    assert signed_in.status_code == 401
    assert_inert(signed_in.text)


def test_hostile_group_text_from_an_admin_renders_inert(client_as, build):
    build.admin("root")
    root = client_as("root")
    text = " ".join(HOSTILE)
    response = root.post(
        "/groups/new",
        data={"slug": "odd", "name": "Odd <b>name</b>", "description": text, "agreement": text, "visibility": "public"},
    )
    assert response.status_code == 302
    for path in ("/groups/odd", "/groups/odd/join", "/"):
        assert_inert(root.get(path).text)


def test_invisible_and_direction_characters_are_removed_from_titles(ana):
    location = ana.post(
        "/groups/circle/threads/new",
        data={"title": "Ni\u200bce \u202eday\x00", "body": "hello", "response_preference": "open"},
    ).headers["Location"]
    page = ana.get(location).text
    assert '<h1 dir="auto">Nice day</h1>' in page


@pytest.mark.parametrize("title", ["", "   ", "\u200b\u200b", "\x00", "\u202e \t"])
def test_empty_titles_are_refused_and_the_body_is_kept(ana, title):
    response = ana.post(
        "/groups/circle/threads/new",
        data={"title": title, "body": "Please keep these words.", "response_preference": "advice_welcome"},
    )
    assert response.status_code == 422
    assert "The title can&#39;t be empty." in response.text
    assert "Please keep these words.</textarea>" in response.text


@pytest.mark.parametrize(
    ("path", "field"),
    [
        ("/groups/circle/threads/new", "body"),
        ("/threads/{thread_id}/reply", "body"),
        ("/posts/{post_id}/edit", "body"),
        ("/settings/profile", "bio"),
        ("/register", "username"),
        ("/login", "password"),
    ],
)
def test_a_one_megabyte_form_gets_a_clear_413_page(ana, build, path, field):
    thread_id = build.thread("ana", "circle")
    url = path.format(thread_id=thread_id, post_id=build.opening_post_id(thread_id))
    response = ana.post(url, data={field: ONE_MEGABYTE, "title": "big", "response_preference": "open"})
    assert response.status_code == 413
    assert "That is too large to send." in response.text
    assert "<h1>That is too large</h1>" in response.text


def test_nul_bytes_are_dropped_from_posts(ana, build):
    thread_id = build.thread("ana", "circle")
    response = ana.post(f"/threads/{thread_id}/reply", data={"body": "before\x00after"})
    post_id = int(response.headers["Location"].rsplit("-", 1)[1])
    assert build.post(post_id).body == "beforeafter"
    assert "beforeafter" in ana.get(f"/threads/{thread_id}").text


def test_safe_links_in_posts_still_work(ana, build):
    thread_id = build.thread("ana", "circle")
    ana.post(f"/threads/{thread_id}/reply", data={"body": "[a helpline](https://example.org/help)"})
    page = ana.get(f"/threads/{thread_id}").text
    assert '<a href="https://example.org/help" rel="nofollow noopener ugc">a helpline</a>' in page
