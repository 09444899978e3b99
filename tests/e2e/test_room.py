"""The live room in a real browser: two members talk, and one who goes offline misses nothing and sends once."""
from __future__ import annotations

import itertools
import re
import uuid
from dataclasses import dataclass

import socketio
from playwright.sync_api import Browser, Page, expect

from tests.support.browser import call_api, create_account, sign_in

numbers = itertools.count(1)  # each test gets its own group and members on the session's server


@dataclass
class Room:
    slug: str
    a: Page
    b: Page
    a_token: str


def open_room(browser: Browser, base: str, admin_token: str) -> Room:
    """A new public group whose two members ("ana…", "ben…") each have its room open in their own browser."""
    n = next(numbers)
    slug = f"night-owls-{n}"
    call_api(base, admin_token, "/groups", {"slug": slug, "name": "Night owls", "agreement": "Be kind."})
    pages, tokens = [], []
    for name in (f"ana{n}", f"ben{n}"):
        tokens.append(create_account(base, name))
        call_api(base, tokens[-1], f"/groups/{slug}/join", {"accept_agreement": True})
        page = browser.new_context().new_page()
        sign_in(page, base, name)
        page.goto(f"{base}/groups/{slug}/room")
        expect(page.locator("#room-status")).to_have_text("Connected.")
        pages.append(page)
    for page in pages:  # both are in the room before anyone speaks
        expect(page.locator("#room-present li")).to_have_count(2)
    return Room(slug, pages[0], pages[1], tokens[0])


def send(page: Page, text: str) -> None:
    page.get_by_label("Your message").fill(text)
    page.get_by_label("Your message").press("Enter")


def bodies(page: Page):
    return page.locator("#room-log .room-message .room-body")


def go_offline(room: Room) -> None:
    room.b.context.set_offline(True)
    expect(room.b.locator("#room-status")).to_contain_text("Connection lost")
    expect(room.a.locator("#room-present li")).to_have_count(1)  # the server saw B go


def test_a_member_offline_misses_nothing_and_their_message_arrives_once(browser, live_server, site_admin, artifacts):
    room = open_room(browser, live_server.url, site_admin)
    a, b = room.a, room.b
    send(a, "Good evening, owls")
    expect(bodies(b)).to_have_text(["Good evening, owls"])

    go_offline(room)
    missed = [f"While you were away, {n}" for n in range(1, 6)]
    for text in missed:
        send(a, text)
    expect(bodies(a)).to_have_text(["Good evening, owls", *missed])

    send(b, "Sorry, my connection dropped")
    expect(b.locator(".room-pending .room-body")).to_have_text(["Sorry, my connection dropped"])
    b.get_by_label("Your message").fill("Half a thought")

    b.context.set_offline(False)
    expect(b.locator("#room-status")).to_have_text("The connection is back. You're up to date.")
    everything = ["Good evening, owls", *missed, "Sorry, my connection dropped"]
    expect(bodies(b)).to_have_text(everything)
    expect(bodies(a)).to_have_text(everything)
    expect(b.locator(".room-pending")).to_have_count(0)
    expect(b.get_by_label("Your message")).to_have_value("Half a thought")
    b.screenshot(path=str(artifacts / "room-page.png"), full_page=True)

    for page in (a, b):  # what the server stored: the room's history, read afresh
        page.reload()
        expect(page.locator("#room-status")).to_have_text("Connected.")
        expect(bodies(page)).to_have_text(everything)


def test_a_long_gap_is_filled_page_by_page_while_the_room_goes_on(browser, live_server, site_admin):
    """Three pages of `sync` to catch up, with new messages broadcast meanwhile: none is skipped."""
    room = open_room(browser, live_server.url, site_admin)
    bot = socketio.SimpleClient()
    bot.connect(live_server.url, auth={"token": room.a_token}, transports=["websocket"])
    try:
        go_offline(room)
        gap = [f"gap {n}" for n in range(1, 121)]
        live = [f"live {n}" for n in range(1, 41)]
        for text in gap:
            bot.call("send", {"group": room.slug, "body": text, "client_id": str(uuid.uuid4())})
        room.b.context.set_offline(False)
        for text in live:  # while B catches up
            bot.call("send", {"group": room.slug, "body": text, "client_id": str(uuid.uuid4())})
    finally:
        bot.disconnect()
    expect(bodies(room.b)).to_have_text(gap + live)


def test_members_reply_to_and_react_to_messages(browser, live_server, site_admin):
    room = open_room(browser, live_server.url, site_admin)
    a, b = room.a, room.b
    send(a, "Thirty days today")
    message = b.locator(".room-message", has_text="Thirty days today")
    message.get_by_role("button", name="Celebrate").click()
    expect(message.get_by_role("button", name="Celebrate")).to_have_attribute("aria-pressed", "true")
    celebrated = a.locator(".room-message", has_text="Thirty days today").locator(".reaction[data-kind=celebrate]")
    expect(celebrated).to_have_text("Celebrate 1")

    b.get_by_label("Your message").press("a")
    expect(a.locator("#room-typing")).to_have_text(re.compile(r"^ben\d+ is typing…$"))
    b.get_by_label("Your message").fill("")
    message.get_by_role("button", name="Reply").click()
    expect(b.locator("#room-replying")).to_contain_text("Thirty days today")
    send(b, "So proud of you")
    reply = a.locator(".room-message", has_text="So proud of you")
    expect(reply.locator(".room-quote")).to_have_text(re.compile(r"^ana\d+: Thirty days today$"))
