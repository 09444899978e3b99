"""Deleting an account in a real browser: the settings pages explain it, the password confirms it, and
another member's open room drops the erased words and the shared milestone at once."""
from __future__ import annotations

import itertools

from playwright.sync_api import Browser, expect

from tests.support.browser import PASSWORD, call_api, group_with_members, sign_in

numbers = itertools.count(1)


def test_a_member_erases_their_account_and_the_room_forgets_them(browser: Browser, live_server, site_admin):
    base = live_server.url
    n = next(numbers)
    slug, ana, ben = f"harbour-d{n}", f"ana-d{n}", f"ben-d{n}"
    tokens = group_with_members(base, site_admin, slug, "Harbour", (ana, ben))
    goal = call_api(base, tokens[ana], "/goals", {"title": "Evening walks", "kind": "plain"})
    call_api(base, tokens[ana], f"/goals/{goal['goal']['id']}/milestones", {"title": "First walk", "share_with": [slug]})

    ana_page = browser.new_context().new_page()
    sign_in(ana_page, base, ana)
    ana_page.goto(f"{base}/groups/{slug}/room")
    expect(ana_page.locator("#room-status")).to_have_text("Connected.")
    ana_page.get_by_label("Your message").fill("Hello from the harbour")
    ana_page.get_by_label("Your message").press("Enter")

    ben_page = browser.new_context().new_page()
    sign_in(ben_page, base, ben)
    ben_page.goto(f"{base}/groups/{slug}/room")
    expect(ben_page.locator("#room-status")).to_have_text("Connected.")
    expect(ben_page.locator("#room-log .room-message .room-body")).to_have_text(["Hello from the harbour"])
    expect(ben_page.locator(".room-celebration")).to_have_count(1)

    settings = browser.new_context().new_page()
    sign_in(settings, base, ana)
    settings.goto(f"{base}/settings/data")
    settings.get_by_role("link", name="Delete your account…").click()
    expect(settings.get_by_role("heading", name="Delete your account", level=2)).to_be_visible()
    settings.get_by_label("Erase my posts and room messages").check()
    settings.get_by_label("Your password, to confirm").fill("not my password")
    settings.get_by_role("button", name="Delete my account").click()
    expect(settings.locator(".error")).to_contain_text("That is not your password; nothing was deleted.")

    settings.get_by_label("Erase my posts and room messages").check()
    settings.get_by_label("Your password, to confirm").fill(PASSWORD)
    settings.get_by_role("button", name="Delete my account").click()
    expect(settings.locator(".flash")).to_contain_text("Your account is deleted.")
    expect(settings.get_by_role("link", name="Sign in")).to_be_visible()

    expect(ben_page.locator("#room-log .room-message")).to_have_count(0)
    expect(ben_page.locator(".room-celebration")).to_have_count(0)
    expect(ben_page.locator("#room-status")).to_have_text("Connected.")
