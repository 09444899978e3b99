"""Settings → Your data: the download, and deleting the account with a clear explanation and a confirm form."""
from __future__ import annotations

import io
import json
import zipfile

import pytest

from tests.conftest import PASSWORD
from tests.support.member_data import MODERATOR, OTHER, SUBJECT, SUBJECT_DISPLAY


def test_your_data_page_offers_the_download_and_the_way_out(client_as, member_world):
    heron = client_as(SUBJECT)
    page = heron.get("/settings/data")
    assert page.status_code == 200
    assert 'href="/settings/data/export.zip"' in page.text and 'href="/settings/delete"' in page.text
    assert 'aria-current="page">Your data</a>' in page.text
    assert 'href="/settings/data"' in heron.get("/settings/profile").text


def test_the_download_is_a_zip_of_the_members_data(client_as, member_world):
    response = client_as(SUBJECT).get("/settings/data/export.zip")
    assert response.status_code == 200
    assert response.mimetype == "application/zip"
    assert response.headers["Content-Disposition"] == "attachment; filename=forum-export.zip"
    assert response.headers["Cache-Control"] == "no-store"
    archive = zipfile.ZipFile(io.BytesIO(response.data))
    assert json.loads(archive.read("export.json"))["profile"]["username"] == SUBJECT
    assert "Your data" in archive.read("export.html").decode()


@pytest.mark.parametrize("path", ["/settings/data", "/settings/data/export.zip", "/settings/delete"])
def test_the_pages_need_a_signed_in_member(client_as, member_world, path):
    response = client_as(None).get(path)
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_the_delete_page_explains_what_happens(client_as, member_world):
    page = client_as(SUBJECT).get("/settings/delete").text
    assert "This can't be undone." in page
    assert "former member" in page
    assert 'value="keep"' in page and 'value="erase"' in page
    assert 'type="password"' in page


def test_a_wrong_password_keeps_the_account_and_says_so(client_as, member_world):
    heron = client_as(SUBJECT)
    response = heron.post("/settings/delete", data={"content": "erase", "password": "not my password"})
    assert response.status_code == 403
    assert "That is not your password; nothing was deleted." in response.text
    assert heron.get("/settings/profile").status_code == 200
    assert f"Week one. Signed, {SUBJECT}" in heron.get(f"/threads/{member_world.thread}").text


def test_no_choice_made_asks_for_one(client_as, member_world):
    response = client_as(SUBJECT).post("/settings/delete", data={"password": PASSWORD})
    assert response.status_code == 422
    assert "Choose whether your posts and messages stay" in response.text


def test_deleting_signs_out_and_the_old_credentials_fail(client_as, make_client, member_world):
    heron, other_browser = client_as(SUBJECT), client_as(SUBJECT)
    response = heron.post("/settings/delete", data={"content": "keep", "password": PASSWORD}, follow_redirects=True)
    assert response.status_code == 200
    assert "Your account is deleted." in response.text
    for browser in (heron, other_browser):
        assert browser.get("/settings/profile").status_code == 302
    attempt = make_client().post("/login", data={"username": SUBJECT, "password": PASSWORD})
    assert attempt.status_code == 401


def test_erased_posts_keep_their_place_with_a_note(client_as, member_world):
    client_as(SUBJECT).post("/settings/delete", data={"content": "erase", "password": PASSWORD})
    page = client_as(OTHER).get(f"/threads/{member_world.thread}").text
    assert "Removed at the author&#39;s request" in page
    assert "removed at the author&#39;s request" in page
    assert "Welcome, @former member" in page  # otter's reply stays


@pytest.mark.parametrize("content", ["keep", "erase"])
def test_no_page_names_the_member_after_deletion(client_as, member_world, content):
    client_as(SUBJECT).post("/settings/delete", data={"content": content, "password": PASSWORD})
    otter, moderator, admin = client_as(OTHER), client_as(MODERATOR), client_as("admin")
    pages = [
        (otter, f"/threads/{member_world.thread}"),
        (otter, f"/threads/{member_world.other_thread}"),
        (otter, "/groups/harbour"),
        (otter, "/groups/harbour/room"),
        (otter, "/groups/harbour/celebrations"),
        (otter, "/search?q=checks"),
        (otter, "/search?q=signed"),
        (otter, "/techniques"),
        (otter, "/settings/blocks"),
        (otter, "/me/reports"),
        (moderator, "/mod/queue"),
        (moderator, f"/mod/items/{member_world.hidden_item}"),
        (admin, "/mod/queue?status=resolved"),
        (admin, "/mod/audit"),
        (admin, "/mod/audit.csv"),
    ]
    if content == "keep":
        pages.append((otter, f"/techniques/{member_world.subject_technique}"))
    for client, path in pages:
        response = client.get(path)
        assert response.status_code == 200, path
        text = response.get_data(as_text=True).casefold()
        assert SUBJECT.casefold() not in text and SUBJECT_DISPLAY.casefold() not in text, path
    assert f"former member {member_world.subject_id}" in admin.get("/mod/audit").text
    if content == "keep":
        assert f"former member {member_world.subject_id} checks in" in otter.get("/search?q=checks").text


def test_guessing_the_password_on_the_page_is_rate_limited(client_as, member_world):
    heron = client_as(SUBJECT)
    answers = [
        heron.post("/settings/delete", data={"content": "keep", "password": "a guess at it"}).status_code
        for _ in range(7)
    ]
    assert answers == [403] * 6 + [429]
