"""Keyset pagination: following next_cursor visits every thread and post exactly once, in order."""
from __future__ import annotations

import base64

import pytest

PAGE = 2


@pytest.fixture
def app_config():
    return {"PAGE_SIZE": PAGE}


@pytest.fixture
def member(build):
    build.user("river")
    build.group("garden", members=("river",))
    return build.token("river")


def walk(api, token, path, key):
    """Every page from the first through next_cursor; returns the pages' ids."""
    pages, cursor = [], None
    while True:
        response = api.get(path, token, query_string={"cursor": cursor} if cursor else {})
        assert response.status_code == 200
        pages.append([item["id"] for item in response.json[key]])
        cursor = response.json["next_cursor"]
        if cursor is None:
            return pages


def test_threads_come_most_recently_active_first_each_exactly_once(api, build, member):
    threads = [build.thread("river", "garden", title=f"Thread {n}") for n in range(5)]
    build.reply("river", threads[0])  # the oldest thread is now the most recently active

    pages = walk(api, member, "/groups/garden/threads", "threads")

    assert all(len(page) <= PAGE for page in pages)
    assert sum(pages, []) == [threads[0], threads[4], threads[3], threads[2], threads[1]]


def test_posts_come_in_reading_order_each_exactly_once(api, build, member):
    thread = build.thread("river", "garden")
    first = build.reply("river", thread, "first")
    second = build.reply("river", thread, "second")
    first_answer = build.reply("river", thread, "answer to first", parent_id=first)
    third = build.reply("river", thread, "third")
    second_answer = build.reply("river", thread, "answer to second", parent_id=second)
    deeper = build.reply("river", thread, "answer to the answer", parent_id=first_answer)

    pages = walk(api, member, f"/threads/{thread}", "posts")

    assert all(len(page) <= PAGE for page in pages)
    assert sum(pages, []) == [
        build.opening_post_id(thread), first, first_answer, deeper, second, second_answer, third,
    ]


def test_a_thread_that_fits_on_one_page_has_no_next_cursor(api, build, member):
    thread = build.thread("river", "garden")
    response = api.get(f"/threads/{thread}", member)
    assert response.json["next_cursor"] is None
    assert api.get("/groups/garden/threads", member).json["next_cursor"] is None


def _b64(text: str) -> str:
    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


@pytest.mark.parametrize(
    "cursor",
    ["garbage!", "%%%", "é", _b64("nonsense"), _b64("2024-01-01T00:00:00|x"), _b64("2024-01-01T00:00:00|" + "9" * 30)],
)
def test_a_garbage_thread_list_cursor_is_invalid(api, build, member, cursor):
    build.thread("river", "garden")
    response = api.get("/groups/garden/threads", member, query_string={"cursor": cursor})
    assert response.status_code == 400
    assert response.json["error"] == "invalid"


@pytest.mark.parametrize("cursor", ["garbage!", "%%%", "é", _b64("nonsense"), _b64("1' OR 1=1"), _b64("123")])
def test_a_garbage_post_cursor_is_invalid(api, build, member, cursor):
    thread = build.thread("river", "garden")
    response = api.get(f"/threads/{thread}", member, query_string={"cursor": cursor})
    assert response.status_code == 400
    assert response.json["error"] == "invalid"
