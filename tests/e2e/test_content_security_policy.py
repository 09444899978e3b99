"""The room and thread pages work under the strict Content-Security-Policy, with no violation at all.

The browser reports every blocked script, style or connection as a `securitypolicyviolation`
event and a console error; both are collected from the first moment of each page.
"""
from __future__ import annotations

import itertools

from playwright.sync_api import Browser, Page, expect

from forum.security import CONTENT_SECURITY_POLICY
from tests.support.browser import call_api, create_account, sign_in

numbers = itertools.count(1)
RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(`${event.violatedDirective} blocked ${event.blockedURI}`);
});
"""


class Watched:
    """A signed-in member's page that records CSP violations, console errors and websockets opened."""

    def __init__(self, browser: Browser, base: str, username: str) -> None:
        self.context = browser.new_context()
        self.context.add_init_script(RECORD_VIOLATIONS)
        self.page: Page = self.context.new_page()
        self.console_errors: list[str] = []
        self.websockets: list[str] = []
        self.page.on("console", self._on_console)
        self.page.on("websocket", lambda socket: self.websockets.append(socket.url))
        sign_in(self.page, base, username)

    def _on_console(self, message) -> None:
        # The browser's own favicon request 404s (the forum has none); it is not the page's doing.
        if message.type == "error" and not message.location.get("url", "").endswith("/favicon.ico"):
            self.console_errors.append(f"{message.text} ({message.location.get('url')})")

    def violations(self) -> list[str]:
        return self.page.evaluate("window.__cspViolations")

    def assert_clean(self) -> None:
        assert self.violations() == []
        assert [text for text in self.console_errors if "Content Security Policy" in text] == []
        assert self.console_errors == []


def group_with_members(base: str, admin_token: str, count: int) -> tuple[str, list[tuple[str, str]]]:
    n = next(numbers)
    slug = f"csp-circle-{n}"
    call_api(base, admin_token, "/groups", {"slug": slug, "name": "CSP circle", "agreement": "Be kind."})
    people = []
    for name in [f"csp{n}m{i}" for i in range(count)]:
        token = create_account(base, name)
        call_api(base, token, f"/groups/{slug}/join", {"accept_agreement": True})
        people.append((name, token))
    return slug, people


def test_the_room_page_talks_over_a_websocket_without_csp_violations(browser, live_server, site_admin):
    base = live_server.url
    slug, [(ana, _), (ben, _)] = group_with_members(base, site_admin, 2)
    a, b = Watched(browser, base, ana), Watched(browser, base, ben)
    for member in (a, b):
        response = member.page.goto(f"{base}/groups/{slug}/room")
        assert response.headers["content-security-policy"] == CONTENT_SECURITY_POLICY
        expect(member.page.locator("#room-status")).to_have_text("Connected.")
    expect(a.page.locator("#room-present li")).to_have_count(2)

    a.page.get_by_label("Your message").fill("Hello **owls**, [a link](https://example.org)")
    a.page.get_by_label("Your message").press("Enter")
    message = b.page.locator("#room-log .room-message .room-body")
    expect(message).to_have_text(["Hello owls, a link"])
    expect(message.locator("strong")).to_have_text("owls")

    for member in (a, b):
        assert any(url.startswith(base.replace("http", "ws", 1) + "/socket.io/") for url in member.websockets)
        member.assert_clean()
        member.context.close()


def test_the_thread_page_updates_live_without_csp_violations(browser, live_server, site_admin):
    base = live_server.url
    slug, [(lina, lina_token), (_, omar_token)] = group_with_members(base, site_admin, 2)
    started = call_api(base, lina_token, f"/groups/{slug}/threads", {"title": "Small wins", "body": "Made my bed."})
    thread_id = started["thread"]["id"]

    reader = Watched(browser, base, lina)
    response = reader.page.goto(f"{base}/threads/{thread_id}")
    assert response.headers["content-security-policy"] == CONTENT_SECURITY_POLICY
    expect(reader.page.locator("#thread-live")).to_have_attribute("data-watching", "yes")
    call_api(base, omar_token, f"/threads/{thread_id}/posts", {"body": "That counts!"})
    expect(reader.page.locator("#thread-new-replies")).to_have_text("1 new reply — show it")
    reader.page.locator("#thread-new-replies").click()
    expect(reader.page.get_by_text("That counts!")).to_be_visible()

    reader.assert_clean()
    reader.context.close()
