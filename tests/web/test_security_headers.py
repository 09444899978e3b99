"""Every response carries the security headers, and no page holds anything the CSP would block.

The policy allows no inline script or style at all, so a template with `<script>` code,
`style=` or an `on*=` handler would break in the browser: this test finds it first.
"""
from html.parser import HTMLParser

import pytest

from forum.security import CONTENT_SECURITY_POLICY
from tests.web.test_page_markup import PAGES

OTHER_RESPONSES = ["/static/css/forum.css", "/static/js/room.js", "/api/v1/groups", "/api/v1/no-such-thing", "/healthz"]


class InlineCode(HTMLParser):
    """Collects what a strict CSP refuses: inline scripts, style elements and attributes, event handlers."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []
        self._in_inline_script = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "script" and not attrs.get("src"):
            self._in_inline_script = True
            self.found.append("<script> without src")
        if tag == "style":
            self.found.append("<style>")
        for name, value in attrs.items():
            if name == "style":
                self.found.append(f"style= on <{tag}>")
            if name.startswith("on"):
                self.found.append(f"{name}= on <{tag}>")
            if value and value.strip().lower().startswith("javascript:"):
                self.found.append(f"javascript: URL on <{tag}>")

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_inline_script = False


def assert_security_headers(response) -> None:
    assert response.headers["Content-Security-Policy"] == CONTENT_SECURITY_POLICY
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert "Strict-Transport-Security" not in response.headers  # no TLS configured here


def test_the_policy_forbids_inline_code_plugins_framing_and_other_origins():
    directives = dict(part.split(" ", 1) for part in CONTENT_SECURITY_POLICY.split("; "))
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert directives["object-src"] == "'none'"
    assert directives["base-uri"] == "'none'"
    assert directives["frame-ancestors"] == "'none'"
    assert "unsafe" not in CONTENT_SECURITY_POLICY


@pytest.mark.parametrize("path", PAGES)
def test_every_page_type_has_the_headers_and_no_inline_code(world, client_as, path):
    page = client_as("admin" if path == "/groups/new" else "moderator").get(path.format(**vars(world)))
    assert_security_headers(page)
    inline = InlineCode()
    inline.feed(page.text)
    assert inline.found == []


@pytest.mark.parametrize("who", ["anonymous", "member"])
def test_thread_and_reply_pages_have_no_inline_code(world, client_as, who):
    client = client_as(who)
    for path in (f"/threads/{world.open_thread}", f"/posts/{world.open_post}/edit"):
        page = client.get(path)
        assert_security_headers(page)
        inline = InlineCode()
        inline.feed(page.text)
        assert inline.found == []


@pytest.mark.parametrize("path", OTHER_RESPONSES)
def test_static_files_api_answers_and_probes_have_the_headers(client, path):
    assert_security_headers(client.get(path))


def test_redirects_and_form_errors_have_the_headers(client, build):
    build.user("river")
    assert_security_headers(client.get("/settings/profile"))  # 302 to sign in
    assert_security_headers(client.post("/login", data={"username": "river", "password": "wrong"}))  # 401


def test_the_thread_page_loads_its_scripts_once_and_in_the_body(world, client_as):
    page = client_as("member").get(f"/threads/{world.open_thread}").text
    head, body = page.split("<body>", 1)
    assert "<script" not in head
    assert body.count('src="/static/js/thread.js"') == 1
    assert "<title>The open thread · Peer support forum</title>" in head


def _cookie_flags(response, name: str) -> set[str]:
    header = next(value for value in response.headers.getlist("Set-Cookie") if value.startswith(f"{name}="))
    flags = set()
    for part in header.split(";")[1:]:
        key, _, value = part.strip().lower().partition("=")
        flags.add(f"{key}={value}" if key == "samesite" else key)
    return flags


def test_session_cookie_is_httponly_and_samesite_lax_without_tls(client, build, login):
    build.user("river")
    response = login(client, "river")
    flags = _cookie_flags(response, "session")
    assert {"httponly", "samesite=lax"} <= flags
    assert "secure" not in flags
    assert "Strict-Transport-Security" not in response.headers


class TestBehindTls:
    @pytest.fixture
    def app_config(self):
        return {"PREFERRED_URL_SCHEME": "https", "HSTS_MAX_AGE": 600}

    def test_cookies_are_secure_and_hsts_is_sent(self, client, build, login):
        build.user("river")
        response = login(client, "river")
        assert {"httponly", "secure", "samesite=lax"} <= _cookie_flags(response, "session")
        assert response.headers["Strict-Transport-Security"] == "max-age=600"
        assert client.get("/healthz").headers["Strict-Transport-Security"] == "max-age=600"

    def test_remember_me_cookie_is_secure_too(self, app):
        assert app.config["REMEMBER_COOKIE_SECURE"] is True
        assert app.config["REMEMBER_COOKIE_HTTPONLY"] is True
        assert app.config["REMEMBER_COOKIE_SAMESITE"] == "Lax"
