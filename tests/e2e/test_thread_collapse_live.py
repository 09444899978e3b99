"""A reader with a thread open sees a reply fold the moment its author collapses it, and can still open it."""
import requests
from playwright.sync_api import expect

from tests.support.browser import call_api, create_account, sign_in


def test_a_reply_the_author_collapses_folds_live_for_a_reader_and_opens_on_click(browser, live_server, site_admin):
    base, slug = live_server.url, "heard-not-fixed"
    call_api(base, site_admin, "/groups", {"slug": slug, "name": "Heard, not fixed", "agreement": "Be kind."})
    tokens = {}
    for name in ("tove", "ulf", "vera"):
        tokens[name] = create_account(base, name)
        call_api(base, tokens[name], f"/groups/{slug}/join", {"accept_agreement": True})
    thread = call_api(base, tokens["tove"], f"/groups/{slug}/threads", {
        "title": "Just a bad day", "body": "Not looking for fixes.", "response_preference": "just_listen",
    })["thread"]["id"]
    reply = call_api(base, tokens["ulf"], f"/threads/{thread}/posts", {
        "body": "You should go for a run.", "confirmed": True,
    })["post"]["id"]

    page = browser.new_context().new_page()
    sign_in(page, base, "vera")
    page.goto(f"{base}/threads/{thread}")
    expect(page.locator("#thread-live")).to_have_attribute("data-watching", "yes")
    words = page.locator(f"#post-{reply} .post-body")
    expect(words).to_be_visible()

    folded = requests.post(f"{base}/api/v1/posts/{reply}/collapse", headers={"Authorization": f"Bearer {tokens['tove']}"},
                           timeout=10)
    assert folded.ok, folded.text

    summary = page.locator(f"#post-{reply} details.author-collapsed > summary")
    expect(summary).to_have_text("Collapsed at the author's request")
    expect(words).to_be_hidden()
    summary.click()
    expect(words).to_have_text("You should go for a run.")
    expect(words).to_be_visible()
