"""A reader of a thread sees new replies announced and reactions counted without reloading."""
import requests
from playwright.sync_api import expect

from tests.support.live_server import flask_command

PASSWORD = "a calm long password"


def api(base: str, method: str, path: str, token: str | None = None, **body) -> dict:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    response = requests.request(method, f"{base}/api/v1{path}", json=body, headers=headers, timeout=10)
    assert response.ok, response.text
    return response.json()


def member(base: str, username: str, slug: str) -> str:
    token = api(base, "POST", "/accounts", username=username, password=PASSWORD)["token"]["secret"]
    api(base, "POST", f"/groups/{slug}/join", token, accept_agreement=True)
    return token


def test_new_replies_are_announced_and_reactions_counted_live(browser, live_server):
    base = live_server.url
    made = flask_command(["create-admin", "keeper", "--password", PASSWORD], live_server.env)
    assert made.returncode == 0, made.stderr
    admin = api(base, "POST", "/tokens", username="keeper", password=PASSWORD)["token"]["secret"]
    api(base, "POST", "/groups", admin, slug="live-thread", name="Live thread", description="",
        agreement="Be kind.", visibility="public")
    lina, omar = member(base, "lina", "live-thread"), member(base, "omar", "live-thread")
    started = api(base, "POST", "/groups/live-thread/threads", lina, title="Small wins", body="Made my bed today.",
                  response_preference="celebrate")
    thread_id, opening_id = started["thread"]["id"], started["post"]["id"]

    page = browser.new_context().new_page()
    page.goto(base + "/login")
    page.get_by_label("Username").fill("lina")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.goto(f"{base}/threads/{thread_id}")
    expect(page.locator("#thread-live")).to_have_attribute("data-watching", "yes")

    api(base, "POST", f"/threads/{thread_id}/posts", omar, body="That counts!")
    api(base, "POST", f"/posts/{opening_id}/reactions/celebrate", omar)

    expect(page.locator("#thread-new-replies")).to_have_text("1 new reply — show it")
    expect(page.locator(f"#post-{opening_id} .reaction[data-kind=celebrate] .count")).to_have_text("1")
    expect(page.get_by_text("That counts!")).to_have_count(0)  # the page did not jump

    page.locator("#thread-new-replies").click()
    expect(page.get_by_text("That counts!")).to_be_visible()
