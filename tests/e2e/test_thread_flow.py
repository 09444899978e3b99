"""The main discussion flow, in a real browser: register, join, start a "just listen" thread, reply in a tree."""
import re

from playwright.sync_api import Page, expect

from tests.support.browser import PASSWORD, sign_in


def register(page: Page, base: str, username: str) -> None:
    page.goto(base + "/register")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Create the account").click()
    expect(page.get_by_role("button", name=re.compile("Sign out"))).to_be_visible()


def join(page: Page, base: str, slug: str) -> None:
    page.goto(f"{base}/groups/{slug}/join")
    expect(page.get_by_text("Speak from your own experience")).to_be_visible()
    page.get_by_label("I have read and accept the group agreement").check()
    page.get_by_role("button", name="Join the group").click()
    expect(page.get_by_role("link", name="Start a thread")).to_be_visible()


def reply_to(page: Page, post_id: str, text: str) -> None:
    post = page.locator(f"#{post_id}")
    post.locator("details.reply > summary").first.click()
    expect(post.locator(".response-preference").first).to_contain_text("Just listen")
    post.locator(f"#reply-{post_id.removeprefix('post-')}").fill(text)
    post.get_by_role("button", name="Post reply").first.click()


def test_members_hold_a_just_listen_thread_with_nested_replies(browser, live_server, site_admin, artifacts):
    base = live_server.url
    founder, river, sam = (browser.new_context() for _ in range(3))
    admin_page, river_page, sam_page = founder.new_page(), river.new_page(), sam.new_page()

    # The site admin (the server's first account, made by the site_admin fixture) creates the group.
    sign_in(admin_page, base, "founder")
    admin_page.goto(base + "/groups/new")
    admin_page.get_by_label("Address (slug)").fill("evening-circle")
    admin_page.get_by_label("Name", exact=True).fill("Evening circle")
    admin_page.get_by_label("Description").fill("For the hard hours after work.")
    admin_page.get_by_label("Group agreement (Markdown)").fill("1. **Speak from your own experience.**\n2. Be kind.")
    admin_page.get_by_label(re.compile("^Public")).check()
    admin_page.get_by_role("button", name="Open the group").click()
    expect(admin_page.get_by_role("heading", name="Evening circle")).to_be_visible()

    # A new member registers, joins accepting the agreement, and starts a "just listen" thread.
    register(river_page, base, "river")
    join(river_page, base, "evening-circle")
    river_page.get_by_role("link", name="Start a thread").click()
    river_page.get_by_label("Title").fill("Evenings are the hardest part")
    river_page.get_by_label(re.compile("^Just listen")).check()
    river_page.get_by_label(re.compile("What would you like to say")).fill("I just need to say it: 6 to 9 pm is rough.")
    river_page.get_by_role("button", name="Start the thread").click()
    expect(river_page.get_by_role("heading", name="Evenings are the hardest part")).to_be_visible()
    thread_url = river_page.url

    # A second member opens it and sees the author's wish right above the reply box.
    register(sam_page, base, "sam")
    join(sam_page, base, "evening-circle")
    sam_page.goto(thread_url)
    main_reply = sam_page.locator("section.main-reply")
    expect(main_reply.locator(".response-preference")).to_contain_text("river asked:")
    expect(main_reply.locator(".response-preference")).to_contain_text("Just listen")
    main_reply.get_by_label("Your reply").fill("I'm here. Listening.")
    main_reply.get_by_role("button", name="Post reply").click()
    first_reply = sam_page.locator("li.post.depth-1", has_text="I'm here. Listening.")
    expect(first_reply).to_be_visible()

    # The author answers that reply, and the second member replies to the answer: a tree three deep.
    river_page.goto(thread_url)
    reply_to(river_page, river_page.locator("li.post.depth-1").first.get_attribute("id"), "Thank you, that helps.")
    answer = river_page.locator("li.post.depth-2", has_text="Thank you, that helps.")
    expect(answer).to_be_visible()

    sam_page.goto(thread_url)
    nested = sam_page.locator("li.post.depth-2", has_text="Thank you, that helps.")
    expect(nested.locator(".response-preference")).to_be_hidden()  # the reply box is closed until opened
    reply_to(sam_page, nested.get_attribute("id"), "Any time.")
    deepest = sam_page.locator("li.post.depth-3", has_text="Any time.")
    expect(deepest).to_be_visible()

    depths = sam_page.locator("ol.posts > li.post").evaluate_all(
        "items => items.map(li => [li.className.match(/depth-(\\d)/)[1], li.querySelector('.post-body')?.innerText.trim()])"
    )
    assert depths == [
        ["0", "I just need to say it: 6 to 9 pm is rough."],
        ["1", "I'm here. Listening."],
        ["2", "Thank you, that helps."],
        ["3", "Any time."],
    ]
    indent = [sam_page.locator(f"li.post.depth-{d}").first.bounding_box()["x"] for d in range(4)]
    assert indent == sorted(indent) and len(set(indent)) == 4  # each level sits further in
    sam_page.screenshot(path=str(artifacts / "thread-page.png"), full_page=True)
