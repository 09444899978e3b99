"""A shared milestone in a real browser: it arrives live in the group's room, others react, and unsharing takes it away."""
from __future__ import annotations

import itertools
from datetime import date, timedelta

from playwright.sync_api import Browser, expect

from tests.support.browser import call_api, group_with_members, sign_in

numbers = itertools.count(1)


def test_a_shared_30_day_milestone_is_celebrated_live_and_unsharing_removes_it(browser: Browser, live_server, site_admin):
    base = live_server.url
    n = next(numbers)
    slug, ana, ben = f"morning-light-{n}", f"ana-c{n}", f"ben-c{n}"
    tokens = group_with_members(base, site_admin, slug, "Morning light", (ana, ben))
    started = (date.today() - timedelta(days=31)).isoformat()  # the server counts in UTC; 31 days keeps 30 reached
    goal = call_api(base, tokens[ana], "/goals", {"title": "Days without drinking", "kind": "streak", "streak_started_on": started})

    ben_page = browser.new_context().new_page()
    sign_in(ben_page, base, ben)
    ben_page.goto(f"{base}/groups/{slug}/room")
    expect(ben_page.locator("#room-status")).to_have_text("Connected.")
    expect(ben_page.locator(".room-celebration")).to_have_count(0)

    ana_page = browser.new_context().new_page()
    sign_in(ana_page, base, ana)
    ana_page.goto(f"{base}/goals/{goal['goal']['id']}")
    offer = ana_page.locator(".offered-milestone", has_text="30 days")
    offer.get_by_label("Morning light").check()
    offer.get_by_role("button", name="Record 30 days").click()
    expect(ana_page.locator(".flash")).to_have_text("Milestone recorded and shared. Well done.")

    celebration = ben_page.locator(".room-celebration")
    expect(celebration).to_have_count(1)
    expect(celebration.locator(".celebration-title")).to_have_text(f"{ana} celebrates 30 days")
    celebration.get_by_role("button", name="Celebrate").click()
    expect(celebration.get_by_role("button", name="Celebrate")).to_have_attribute("aria-pressed", "true")
    expect(celebration.get_by_role("button", name="Celebrate")).to_contain_text("1")
    celebration.get_by_label("Congratulate (a short note)").fill("So proud of you!")
    celebration.get_by_role("button", name="Send").click()
    expect(celebration.locator(".congratulations li")).to_have_text([f"{ben}: So proud of you!"])

    ana_page.goto(f"{base}/groups/{slug}/celebrations")
    expect(ana_page.locator(".celebration .reaction[data-kind='celebrate'] .count")).to_have_text("1")
    expect(ana_page.locator(".celebration .congratulations")).to_contain_text("So proud of you!")

    ana_page.goto(f"{base}/goals/{goal['goal']['id']}")
    recorded = ana_page.locator(".milestone", has_text="30 days")
    recorded.get_by_label("Morning light").uncheck()
    recorded.get_by_role("button", name="Save sharing").click()
    expect(ana_page.locator(".flash")).to_have_text("Your milestone is private again.")
    expect(ben_page.locator(".room-celebration")).to_have_count(0)
