"""Live notifications in a real browser: a reaction to a shared milestone raises the owner's header count on another page."""
from __future__ import annotations

import itertools
import re
from datetime import date, timedelta

from playwright.sync_api import Browser, expect

from tests.support.browser import call_api, group_with_members, sign_in

numbers = itertools.count(1)


def test_a_reaction_in_the_live_room_reaches_the_milestone_owner_on_another_page(browser: Browser, live_server, site_admin):
    base = live_server.url
    n = next(numbers)
    slug, ana, ben = f"evening-calm-{n}", f"ana-n{n}", f"ben-n{n}"
    tokens = group_with_members(base, site_admin, slug, "Evening calm", (ana, ben))
    started = (date.today() - timedelta(days=31)).isoformat()  # the server counts in UTC; 31 days keeps 30 reached
    goal = call_api(base, tokens[ana], "/goals", {"title": "Days without drinking", "kind": "streak", "streak_started_on": started})

    ben_page = browser.new_context().new_page()
    sign_in(ben_page, base, ben)
    ben_page.goto(f"{base}/groups/{slug}/room")
    expect(ben_page.locator("#room-status")).to_have_text("Connected.")

    ana_page = browser.new_context().new_page()
    sign_in(ana_page, base, ana)
    ana_page.goto(f"{base}/goals/{goal['goal']['id']}")
    offer = ana_page.locator(".offered-milestone", has_text="30 days")
    offer.get_by_label("Evening calm").check()
    offer.get_by_role("button", name="Record 30 days").click()
    expect(ana_page.locator(".flash")).to_have_text("Milestone recorded and shared. Well done.")

    ana_page.goto(f"{base}/techniques")  # another page, far from the room
    badge = ana_page.locator("#notification-count")
    expect(badge).to_be_hidden()
    expect(badge).to_have_attribute("data-live", "yes")
    ana_page.evaluate("window.notReloaded = true")

    celebration = ben_page.locator(".room-celebration")
    expect(celebration).to_have_count(1)
    celebration.get_by_role("button", name="Celebrate").click()
    expect(celebration.get_by_role("button", name="Celebrate")).to_have_attribute("aria-pressed", "true")

    expect(badge).to_be_visible()
    expect(badge.locator(".count")).to_have_text("1")
    celebration.get_by_label("Congratulate (a short note)").fill("So proud of you!")
    celebration.get_by_role("button", name="Send").click()
    expect(badge.locator(".count")).to_have_text("2")
    assert ana_page.evaluate("window.notReloaded") is True
    expect(ben_page.locator("#notification-count")).to_be_hidden()  # the reactor is told nothing

    ana_page.get_by_role("link", name="Notifications").click()
    notes = ana_page.locator(".notification.unread")
    expect(notes).to_have_count(2)
    expect(notes.first).to_contain_text(f"{ben} congratulated you on “30 days” in Evening calm.")
    expect(notes.first).to_contain_text("So proud of you!")
    expect(notes.nth(1)).to_contain_text(f"{ben} reacted to your milestone “30 days” in Evening calm.")
    expect(ana_page.locator("#notification-count")).to_be_hidden()
    notes.nth(1).get_by_role("link").click()
    expect(ana_page).to_have_url(re.compile(rf"/groups/{slug}/celebrations#celebration-\d+$"))
    expect(ana_page.locator(".celebration .congratulations")).to_contain_text("So proud of you!")
