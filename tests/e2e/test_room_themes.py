"""Content warnings both ways, in a real browser: a member tags a live-room message "Self-harm"; a reader
who chose to fold that theme sees it folded, clicks, and reads it; a reader who did not sees it open."""
from __future__ import annotations

from playwright.sync_api import Browser, Page, expect

from tests.support.browser import call_api, create_account, sign_in


def _member_in_room(browser: Browser, base: str, slug: str, name: str) -> Page:
    token = create_account(base, name)
    call_api(base, token, f"/groups/{slug}/join", {"accept_agreement": True})
    page = browser.new_context().new_page()
    sign_in(page, base, name)
    return page


def _enter(page: Page, base: str, slug: str) -> None:
    page.goto(f"{base}/groups/{slug}/room")
    expect(page.locator("#room-status")).to_have_text("Connected.")


def test_a_reader_who_folds_self_harm_sees_a_tagged_message_folded_and_opens_it(browser, live_server, site_admin):
    base, slug = live_server.url, "tender-topics"
    call_api(base, site_admin, "/groups", {"slug": slug, "name": "Tender topics", "agreement": "Be kind."})
    writer = _member_in_room(browser, base, slug, "wren")
    reader = _member_in_room(browser, base, slug, "robin")
    other = _member_in_room(browser, base, slug, "lark")

    reader.goto(f"{base}/settings/reading")
    reader.get_by_label("Self-harm").check()
    reader.get_by_role("button", name="Save the reading preferences").click()
    expect(reader.get_by_text("Your reading preferences are saved.")).to_be_visible()

    for page in (writer, reader, other):
        _enter(page, base, slug)
    expect(writer.locator("#room-present li")).to_have_count(3)

    writer.get_by_text("Themes it touches (optional)").click()
    writer.get_by_label("Self-harm").check()
    writer.get_by_label("Your message").fill("Last night the old urges came back.")
    writer.get_by_label("Your message").press("Enter")
    expect(writer.get_by_label("Self-harm")).not_to_be_checked()  # the next message starts untagged

    folded = reader.locator("#room-log .room-message .theme-fold")
    expect(folded.locator("summary")).to_have_text("Themes: Self-harm (you chose to fold these)")
    words = reader.locator("#room-log .room-message .room-body")
    expect(words).to_have_text(["Last night the old urges came back."])
    expect(words).to_be_hidden()

    folded.locator("summary").click()
    expect(words).to_be_visible()

    expect(other.locator("#room-log .room-message .room-body")).to_be_visible()
    expect(other.locator("#room-log .room-message .room-themes")).to_have_text("Themes: Self-harm")
    expect(other.locator("#room-log .room-message .theme-fold")).to_be_hidden()
