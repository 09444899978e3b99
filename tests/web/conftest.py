"""Page test helpers: a small forum with one person per role, and clients signed in as them."""
from __future__ import annotations

import re
from dataclasses import dataclass

import pytest
from tests.support.moderation import mod_world  # noqa: F401  (a fixture for the moderation tests)
from tests.support.member_data import member_world  # noqa: F401  (a member with data of every kind, for export and deletion tests)

ROLES = ("anonymous", "outsider", "member", "moderator", "admin")
USERNAME_OF = {"outsider": "outsider", "member": "member", "moderator": "mod", "admin": "admin"}
CSRF_INPUT = re.compile(r'name="csrf_token" value="([^"]+)"')


@dataclass
class World:
    """Ids in a forum with a public group "open" and a private group "closed".

    In both groups "member" and "author" are members and "mod" is the moderator; "outsider" is
    in neither, and "admin" is a site admin in neither. Each group has one thread by "author"
    with one reply by "author".
    """

    open_thread: int
    open_post: int
    closed_thread: int
    closed_post: int


@pytest.fixture
def world(build) -> World:
    build.admin("admin")
    for name in ("outsider", "member", "mod", "author"):
        build.user(name)
    ids = {}
    for slug, visibility in (("open", "public"), ("closed", "private")):
        build.group(slug, visibility, moderators=("mod",), members=("member", "author"))
        thread_id = build.thread("author", slug, title=f"The {slug} thread", body=f"Words in {slug}")
        ids[f"{slug}_thread"] = thread_id
        ids[f"{slug}_post"] = build.reply("author", thread_id, f"A reply in {slug}")
    return World(**ids)


@pytest.fixture
def client_as(make_client, login):
    """client_as("member") or client_as(None): a new client, signed in as that person (role or username)."""

    def _client(who: str | None):
        client = make_client()
        if who not in (None, "anonymous"):
            login(client, USERNAME_OF.get(who, who))
        return client

    return _client


@pytest.fixture
def csrf_token():
    """csrf_token(client, path): the CSRF token of the form on that page, as a browser would send it."""

    def _token(client, path: str) -> str:
        match = CSRF_INPUT.search(client.get(path).text)
        assert match, f"no CSRF token on {path}"
        return match.group(1)

    return _token

