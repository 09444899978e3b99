"""Moderation in real browsers: a report reaches the open queue live, and a removal reaches every room page."""
from __future__ import annotations

import itertools
import re

import requests
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


def test_a_removed_post_changes_in_place_for_a_reader_and_a_restored_hide_comes_back(browser, live_server, site_admin):
    base, n = live_server.url, next(numbers)
    slug = f"morning-circle-{n}"
    call_api(base, site_admin, "/groups", {"slug": slug, "name": "Morning circle", "agreement": "Be kind."})
    tokens = {}
    for name in (f"cy{n}", f"di{n}", f"mo{n}"):
        tokens[name] = create_account(base, name)
        call_api(base, tokens[name], f"/groups/{slug}/join", {"accept_agreement": True})
    call_api(base, site_admin, f"/groups/{slug}/moderators", {"username": f"mo{n}"})
    thread = call_api(base, tokens[f"cy{n}"], f"/groups/{slug}/threads", {"title": "Mornings", "body": "Coffee first"})
    harsh = call_api(base, tokens[f"cy{n}"], f"/threads/{thread['thread']['id']}/posts", {"body": "You are all weak"})["post"]
    odd = call_api(base, tokens[f"cy{n}"], f"/threads/{thread['thread']['id']}/posts", {"body": "An odd joke"})["post"]

    reader = signed_in_page(browser, base, f"di{n}")
    reader.goto(f"{base}/threads/{thread['thread']['id']}")
    expect(reader.locator("#thread-live")).to_have_attribute("data-watching", "yes")

    for post in (harsh, odd):
        call_api(base, tokens[f"di{n}"], "/reports", {"target_type": "post", "target_id": post["id"], "reason": "harassment"})
    queue = {item["target_id"]: item["id"] for item in _queue(base, tokens[f"mo{n}"])}
    moderator = tokens[f"mo{n}"]
    call_api(base, moderator, f"/mod/items/{queue[harsh['id']]}/resolve", {"action": "remove", "reason": "Unkind"})
    call_api(base, moderator, f"/mod/items/{queue[odd['id']]}/resolve", {"action": "hide", "reason": "Pausing"})

    expect(reader.locator(f"#post-{harsh['id']}")).to_contain_text("removed by a moderator")
    expect(reader.locator(f"#post-{odd['id']}")).to_contain_text("hidden by a moderator")
    expect(reader.locator(f"#post-{harsh['id']}")).not_to_contain_text("You are all weak")

    call_api(base, moderator, f"/mod/items/{queue[odd['id']]}/restore", {"reason": "It was a joke"})
    expect(reader.locator(f"#post-{odd['id']} .post-body")).to_have_text("An odd joke")


def _queue(base: str, token: str) -> list[dict]:
    response = requests.get(f"{base}/api/v1/mod/queue", headers={"Authorization": f"Bearer {token}"}, timeout=10)
    assert response.ok, response.text
    return response.json()["items"]
