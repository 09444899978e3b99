"""Held content in real browsers: a room message caught by a require-approval word waits on its
author's page only; the moderator approves it from the queue and it appears on the other pages live."""
from __future__ import annotations

import re

from playwright.sync_api import Browser, Page, expect

from tests.e2e.test_room_safety import _member_in_room, _send, _watch
from tests.support.browser import call_api, create_account, sign_in


def _signed_up(browser: Browser, base: str, name: str) -> Page:
    create_account(base, name)
    page = browser.new_context().new_page()
    sign_in(page, base, name)
    return page


def test_a_held_room_message_waits_for_approval_then_reaches_the_room(browser, live_server, site_admin):
    base, slug = live_server.url, "held-harbour"
    call_api(base, site_admin, "/groups", {"slug": slug, "name": "Held harbour", "agreement": "Be kind."})
    _watch(browser, base, slug, "my address", "Require approval by a moderator")
    moderator = _signed_up(browser, base, "harbour_mod")
    call_api(base, site_admin, f"/groups/{slug}/moderators", {"username": "harbour_mod"})
    author, reader = _member_in_room(browser, base, slug, "hal"), _member_in_room(browser, base, slug, "ria")

    _send(author, "Come visit, my address is 5 Elm St")
    held = author.locator("#room-log .room-message").filter(has_text="my address is 5 Elm St")
    expect(held).to_have_count(1)
    expect(held.locator(".room-held-note")).to_be_visible()
    _send(reader, "Hello everyone")
    expect(author.locator("#room-log .room-message").filter(has_text="Hello everyone")).to_have_count(1)
    expect(reader.locator("#room-log .room-message").filter(has_text="my address")).to_have_count(0)

    moderator.goto(f"{base}/mod/queue")
    queued = moderator.locator(".queue-item").filter(has_text="my address")
    expect(queued.locator(".held-badge")).to_be_visible()
    queued.get_by_role("link").click()
    moderator.get_by_label("Approve", exact=True).check()
    moderator.get_by_label(re.compile("^Reason")).fill("Fine to share here.")
    moderator.get_by_role("button", name="Resolve").click()
    expect(moderator.locator(".flash")).to_contain_text("Done: approved.")

    published = reader.locator("#room-log .room-message").filter(has_text="my address is 5 Elm St")
    expect(published).to_have_count(1)
    expect(reader.locator("#room-log .room-message").last).to_contain_text("my address is 5 Elm St")
    mine = author.locator("#room-log .room-message").filter(has_text="my address is 5 Elm St")
    expect(mine).to_have_count(1)
    expect(mine.locator(".room-held-note")).to_be_hidden()
