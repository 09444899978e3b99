"""Watched words and blocking in a real browser: a refused word comes back to the box, crisis words
show help at once, and a block folds the blocked member's messages live."""
from __future__ import annotations

import re

from playwright.sync_api import Browser, Page, expect

from tests.support.browser import call_api, create_account, sign_in

CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


def _member_in_room(browser: Browser, base: str, slug: str, name: str) -> Page:
    call_api(base, create_account(base, name), f"/groups/{slug}/join", {"accept_agreement": True})
    page = browser.new_context().new_page()
    sign_in(page, base, name)
    page.goto(f"{base}/groups/{slug}/room")
    expect(page.locator("#room-status")).to_have_text("Connected.")
    return page


def _watch(browser: Browser, base: str, slug: str, pattern: str, action_label: str) -> None:
    """The site admin adds a word on the group's watched-words page."""
    page = browser.new_context().new_page()
    sign_in(page, base, "founder")
    page.goto(f"{base}/groups/{slug}/watched-words")
    page.get_by_label("Word or phrase").fill(pattern)
    page.get_by_label(action_label).check()
    page.get_by_role("button", name="Add").click()
    expect(page.locator(".flash")).to_contain_text("is now watched")
    page.context.close()


def _send(page: Page, text: str) -> None:
    page.get_by_label("Your message").fill(text)
    page.get_by_label("Your message").press("Enter")


def _block(page: Page, base: str, username: str) -> None:
    """Block through the settings form, in the member's own session, without leaving the room page."""
    request = page.context.request
    token = CSRF.search(request.get(f"{base}/settings/blocks").text()).group(1)
    response = request.post(f"{base}/settings/blocks", form={"username": username, "csrf_token": token})
    assert response.ok


def test_watched_words_and_blocking_in_the_room(browser, live_server, site_admin):
    base, slug = live_server.url, "safe-harbour"
    call_api(base, site_admin, "/groups", {"slug": slug, "name": "Safe harbour", "agreement": "Be kind."})
    _watch(browser, base, slug, "idiot", "Block: refuse it and say why")
    _watch(browser, base, slug, "no reason to live", "Crisis: the post goes through and its author sees help resources")
    ana = _member_in_room(browser, base, slug, "harbour-ana")
    ben = _member_in_room(browser, base, slug, "harbour-ben")
    ben_bodies = ben.locator("#room-log .room-message .room-body")

    _send(ana, "what an idiot I am")
    expect(ana.locator("#room-status")).to_contain_text("Not sent: It contains “idiot”")
    expect(ana.get_by_label("Your message")).to_have_value("what an idiot I am")

    ana.get_by_label("Your message").fill("")
    _send(ana, "some nights there is no reason to live")
    expect(ana.locator("#room-help")).to_be_visible()
    expect(ana.locator("#room-help h2")).to_have_text("You don't have to carry this alone")
    expect(ana.locator("#room-help-resources li").first).to_contain_text("Find a Helpline")
    expect(ben_bodies).to_have_text(["some nights there is no reason to live"])
    expect(ben.locator("#room-help")).to_be_hidden()
    ana.get_by_role("button", name="Close").click()
    expect(ana.locator("#room-help")).to_be_hidden()

    _block(ben, base, "harbour-ana")
    folded = ben.locator("#room-log .blocked-post:not([hidden]) > summary")
    expect(folded).to_have_text(["Hidden: you blocked this member"])
    expect(ben_bodies.first).to_be_hidden()
    _send(ana, "thank you for listening")
    expect(folded).to_have_count(2)
    folded.first.click()
    expect(ben_bodies.first).to_be_visible()
    expect(ana.locator("#room-log .blocked-post:not([hidden])")).to_have_count(0)  # ana is not told
