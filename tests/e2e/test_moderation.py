"""Moderation in real browsers: a report reaches the open queue live, and a removal reaches every room page."""
from __future__ import annotations

import itertools
import re

from playwright.sync_api import Browser, Page, expect

from tests.support.browser import call_api, create_account, sign_in

numbers = itertools.count(1)


def signed_in_page(browser: Browser, base: str, username: str) -> Page:
    page = browser.new_context().new_page()
    sign_in(page, base, username)
    return page


def test_a_reported_room_message_is_removed_live_and_the_author_is_told(browser, live_server, site_admin, artifacts):
    base, n = live_server.url, next(numbers)
    slug, amy, bea, moe = f"evening-circle-{n}", f"amy{n}", f"bea{n}", f"moe{n}"
    call_api(base, site_admin, "/groups", {"slug": slug, "name": "Evening circle", "agreement": "Be kind to each other."})
    for name in (amy, bea, moe):
        token = create_account(base, name)
        if name != moe:
            call_api(base, token, f"/groups/{slug}/join", {"accept_agreement": True})
    call_api(base, site_admin, f"/groups/{slug}/moderators", {"username": moe})

    m = signed_in_page(browser, base, moe)
    m.goto(f"{base}/mod/queue")
    expect(m.locator("#queue-status")).to_have_text("Live: new reports appear here.")
    expect(m.locator(".queue-item")).to_have_count(0)

    a, b = signed_in_page(browser, base, amy), signed_in_page(browser, base, bea)
    for page in (a, b):
        page.goto(f"{base}/groups/{slug}/room")
        expect(page.locator("#room-status")).to_have_text("Connected.")
    b.get_by_label("Your message").fill("Nobody here cares about you")
    b.get_by_label("Your message").press("Enter")
    message = a.locator("#room-log .room-message").filter(has_text="Nobody here cares about you")
    expect(message).to_have_count(1)

    with a.context.expect_page() as opened:
        message.get_by_role("link", name="Report").click()
    report = opened.value
    report.get_by_label("Harassment or hate").check()
    report.get_by_role("button", name="Send to the moderators").click()
    expect(report.locator(".report-outcome")).to_have_text(["waiting for a moderator"])

    queued = m.locator(".queue-item")
    expect(queued).to_have_count(1)  # arrived without a reload
    expect(queued).to_contain_text("Nobody here cares about you")
    m.screenshot(path=str(artifacts / "moderation-queue.png"), full_page=True)
    queued.get_by_role("link").click()
    m.get_by_label("Remove", exact=True).check()
    m.get_by_label(re.compile("^Reason")).fill("Unkind words towards the group")
    m.get_by_role("button", name="Resolve").click()
    expect(m.locator(".flash")).to_contain_text("Done: removed.")

    for page in (a, b):
        expect(page.locator("#room-log .room-message").filter(has_text="Nobody here cares about you")).to_have_count(0)
    b.goto(f"{base}/notifications")
    expect(b.locator(".notification")).to_contain_text("Unkind words towards the group")
    report.reload()
    expect(report.locator(".report-outcome")).to_have_text(["reviewed: removed"])
    m.goto(f"{base}/mod/audit?member={bea}")
    expect(m.locator(".audit-entry").filter(has_text="remove")).to_contain_text("Unkind words towards the group")
    m.screenshot(path=str(artifacts / "moderation-audit.png"), full_page=True)
