"""Helpers for browser tests: accounts made through the JSON API, people signed in through the pages."""
from __future__ import annotations

import re

import requests
from playwright.sync_api import Page, expect

PASSWORD = "a calm long password"


def call_api(base: str, token: str | None, path: str, body: dict | None = None) -> dict:
    """POST `body` to /api/v1`path` (with a Bearer token when given) and return the JSON answer."""
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    response = requests.post(f"{base}/api/v1{path}", json=body or {}, headers=headers, timeout=10)
    assert response.ok, f"POST {path}: {response.status_code} {response.text}"
    return response.json()


def create_account(base: str, username: str) -> str:
    """Register through the API; return the account's API token."""
    return call_api(base, None, "/accounts", {"username": username, "password": PASSWORD})["token"]["secret"]


def sign_in(page: Page, base: str, username: str) -> None:
    page.goto(base + "/login")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("button", name=re.compile("Sign out"))).to_be_visible()


def group_with_members(base: str, site_admin: str, slug: str, name: str, usernames: tuple[str, ...]) -> dict[str, str]:
    """A new public group whose new members accepted its agreement; returns each member's API token."""
    call_api(base, site_admin, "/groups", {"slug": slug, "name": name, "agreement": "Be kind."})
    tokens = {username: create_account(base, username) for username in usernames}
    for token in tokens.values():
        call_api(base, token, f"/groups/{slug}/join", {"accept_agreement": True})
    return tokens
