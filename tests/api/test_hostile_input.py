"""Hostile or broken input: stored as written where harmless, never run as script, never a 500."""
from __future__ import annotations

from html.parser import HTMLParser

import pytest

HOSTILE_BODY = "\n\n".join([
    "<script>alert('x')</script>",
    '<img src=x onerror="alert(1)">',
    '<a href="javascript:alert(1)" onclick="alert(2)">click</a>',
    "[a link](javascript:alert(3))",
    "[another](JaVaScRiPt:alert(4) 'title')",
    "<svg onload=alert(5)>",
    "**still** readable, [safely linked](https://example.org)",
])


class _Tags(HTMLParser):
    def __init__(self, html: str) -> None:
        super().__init__()
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, attrs))


def assert_harmless(html: str) -> None:
    tags = _Tags(html).tags
    assert "script" not in {tag for tag, _ in tags}
    for tag, attrs in tags:
        for name, value in attrs:
            assert not name.startswith("on"), (tag, name)
            assert not (value or "").strip().lower().startswith("javascript:"), (tag, name, value)


@pytest.fixture
def member(build):
    build.user("river")
    build.group("garden", members=("river",))
    return build.token("river")


def test_scripts_are_kept_as_text_but_never_rendered(api, member):
    created = api.post("/groups/garden/threads", member, json={"title": "<b>hi</b>", "body": HOSTILE_BODY})
    assert created.status_code == 201
    post = created.json["post"]
    assert post["body"] == HOSTILE_BODY
    assert_harmless(post["body_html"])
    assert "<strong>still</strong>" in post["body_html"]
    assert 'href="https://example.org"' in post["body_html"]
    assert created.json["thread"]["title"] == "<b>hi</b>"

    shown = api.get(f"/threads/{created.json['thread']['id']}", member).json["posts"][0]
    assert shown["body_html"] == post["body_html"]


def test_replies_and_edits_are_sanitised_too(api, member):
    thread = api.post("/groups/garden/threads", member, json={"title": "t", "body": "b"}).json["thread"]
    reply = api.post(f"/threads/{thread['id']}/posts", member, json={"body": HOSTILE_BODY}).json["post"]
    assert_harmless(reply["body_html"])

    edited = api.patch(f"/posts/{reply['id']}", member, json={"body": "again: " + HOSTILE_BODY}).json["post"]
    assert edited["body"] == "again: " + HOSTILE_BODY
    assert_harmless(edited["body_html"])


def test_a_one_megabyte_body_is_refused_as_too_large(api, member):
    response = api.post("/groups/garden/threads", member, json={"title": "big", "body": "x" * 1024 * 1024})
    assert response.status_code == 413
    assert response.json["error"] == "too_large"


def test_an_oversized_sign_in_is_refused_as_too_large(api):
    response = api.post("/tokens", json={"username": "river", "password": "x" * 1024 * 1024})
    assert response.status_code == 413
    assert response.json["error"] == "too_large"


def test_a_post_over_the_length_limit_says_so(api, member):
    response = api.post("/groups/garden/threads", member, json={"title": "long", "body": "x" * 20_001})
    assert response.status_code == 422
    assert response.json["error"] == "too_long"


def test_nul_bytes_are_stripped(api, member):
    created = api.post("/groups/garden/threads", member, json={"title": "ti\x00tle", "body": "bo\x00dy"})
    assert created.status_code == 201
    assert created.json["thread"]["title"] == "title"
    assert created.json["post"]["body"] == "body"


@pytest.mark.parametrize(
    "title",
    ["", "   ", "\t\n", "\u202e", "\u202e\u202d\u2066", "\u200b\u200b", "\ufeff\u200d", "\x00\x01"],
    ids=["empty", "spaces", "whitespace", "rtl-override", "bidi-controls", "zero-width", "bom-zwj", "controls"],
)
def test_titles_that_show_nothing_are_refused(api, member, title):
    response = api.post("/groups/garden/threads", member, json={"title": title, "body": "Something"})
    assert response.status_code == 422
    assert response.json["error"] == "invalid"


def test_invisible_characters_are_removed_from_titles(api, member):
    created = api.post("/groups/garden/threads", member, json={"title": "\u202eday one\u200b", "body": "b"})
    assert created.json["thread"]["title"] == "day one"


# (method, path, raw body or JSON, expected status); {thread} and {post} are filled in.
BROKEN = [
    ("POST", "/groups/garden/threads", b"{not json", 400),
    ("POST", "/groups/garden/threads", b"", 400),
    ("POST", "/groups/garden/threads", b"[" * 100_000, 400),
    ("POST", "/groups/garden/threads", [], 400),
    ("POST", "/groups/garden/threads", "a string", 400),
    ("POST", "/groups/garden/threads", 42, 400),
    ("POST", "/groups/garden/threads", {"title": 123, "body": "b"}, 422),
    ("POST", "/groups/garden/threads", {"title": "t", "body": 123}, 422),
    ("POST", "/groups/garden/threads", {"title": "t", "body": ["b"]}, 422),
    ("POST", "/groups/garden/threads", {"title": "t", "body": "b", "response_preference": []}, 422),
    ("POST", "/groups/garden/threads", {"title": "t", "body": "b", "response_preference": "shout"}, 422),
    ("POST", "/groups/garden/threads", {"title": "t", "body": "b", "content_warning": {"x": 1}}, 422),
    ("POST", "/threads/{thread}/posts", {"body": 123}, 422),
    ("POST", "/threads/{thread}/posts", {"body": "b", "parent_id": "x"}, 422),
    ("POST", "/threads/{thread}/posts", {"body": "b", "parent_id": True}, 422),
    ("POST", "/threads/{thread}/posts", {"body": "b", "parent_id": 1.5}, 422),
    ("POST", "/threads/{thread}/posts", {"body": "b", "parent_id": [1]}, 422),
    ("PATCH", "/posts/{post}", {"body": None}, 422),
    ("PATCH", "/posts/{post}", {"body": {"text": "b"}}, 422),
    ("POST", "/groups/garden/join", {"accept_agreement": "yes"}, 422),
    ("POST", "/groups/garden/join", {"accept_agreement": 1}, 422),
    ("POST", "/groups/garden/join", {}, 422),
    ("POST", "/groups/garden/moderators", {"username": 5}, 422),
    ("POST", "/groups", {"slug": 5, "name": "n", "agreement": "a"}, 422),
    ("POST", "/groups", {"slug": "s", "name": "n", "agreement": "a", "visibility": ["public"]}, 422),
    ("POST", "/groups", {"slug": "s", "name": "n", "agreement": "a", "visibility": {"a": 1}}, 422),
    ("POST", "/accounts", {"username": {"a": 1}, "password": None}, 422),
    ("POST", "/posts/{post}/reactions/hug", None, 422),
]


@pytest.mark.parametrize("method, path, payload, expected", BROKEN)
def test_malformed_requests_get_a_json_error_not_a_crash(api, build, member, method, path, payload, expected):
    admin = build.admin()  # allowed everything these routes offer, so only the input can be wrong
    build.join(admin, "garden")
    thread = build.thread(admin, "garden")
    url = path.format(thread=thread, post=build.opening_post_id(thread))
    kwargs = {"data": payload, "content_type": "application/json"} if isinstance(payload, bytes) else {"json": payload}

    response = api.call(method, url, build.token(admin), **kwargs)

    assert response.status_code == expected, response.get_data(as_text=True)
    assert response.json["error"] == "invalid"


def test_json_sent_without_a_json_content_type_is_refused(api, member):
    response = api.post("/groups/garden/threads", member, data='{"title": "t", "body": "b"}', content_type="text/plain")
    assert response.status_code == 400
    assert response.json["error"] == "invalid"


@pytest.mark.parametrize(
    "method, path, payload",
    [
        ("GET", "/threads/99999999999999999999999", None),
        ("GET", "/threads/2147483648", None),
        ("PATCH", "/posts/99999999999999999999999", {"body": "b"}),
        ("DELETE", "/posts/99999999999999999999999", None),
        ("POST", "/posts/99999999999999999999999/reactions/support", None),
        ("DELETE", "/tokens/99999999999999999999999", None),
        ("POST", "/threads/{thread}/posts", {"body": "b", "parent_id": 10**30}),
        ("POST", "/threads/{thread}/posts", {"body": "b", "parent_id": -1}),
        ("GET", "/groups/gar%00den", None),
        ("GET", "/groups/gar%00den/threads", None),
    ],
)
def test_impossible_ids_are_simply_not_found(api, build, member, method, path, payload):
    url = path.format(thread=build.thread("river", "garden"))
    response = api.call(method, url, member, json=payload)
    assert response.status_code == 404
    assert response.json["error"] == "not_found"


def test_unknown_api_paths_and_methods_answer_json(api, member):
    missing = api.get("/nothing-here", member)
    assert missing.status_code == 404
    assert missing.json["error"] == "not_found"
    wrong_method = api.call("PUT", "/groups", member, json={})
    assert wrong_method.status_code == 405
    assert wrong_method.json["error"] == "method_not_allowed"
