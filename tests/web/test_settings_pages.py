"""Your own account: profile, password and API tokens (forum/web/settings.py)."""
import re

from tests.conftest import PASSWORD


def test_profile_changes_are_saved_and_shown(client, build, login):
    build.user("ana")
    login(client, "ana")
    response = client.post(
        "/settings/profile", data={"display_name": "Ana B", "pronouns": "she/her", "bio": "Two years in."}
    )
    assert response.status_code == 302
    page = client.get("/settings/profile").text
    assert "Your profile is saved." in page
    assert 'value="Ana B"' in page and 'value="she/her"' in page and "Two years in." in page


def test_a_refused_profile_keeps_what_was_typed(client, build, login):
    build.user("ana")
    login(client, "ana")
    response = client.post("/settings/profile", data={"display_name": "Ana B", "pronouns": "", "bio": "x" * 501})
    assert response.status_code == 422
    assert "A bio can be at most 500 characters." in response.text
    assert 'value="Ana B"' in response.text and "x" * 501 in response.text
    assert 'value="Ana B"' not in client.get("/settings/profile").text  # nothing half-saved


def test_the_display_name_is_shown_on_posts(client, build, login):
    build.user("ana")
    build.group("circle", members=("ana",))
    thread_id = build.thread("ana", "circle")
    login(client, "ana")
    client.post("/settings/profile", data={"display_name": "Ana the Brave", "pronouns": "", "bio": ""})
    assert "Ana the Brave" in client.get(f"/threads/{thread_id}").text


def test_changing_the_password(client, make_client, build, login):
    build.user("ana")
    login(client, "ana")
    response = client.post("/settings/password", data={"current_password": PASSWORD, "new_password": "a brand new secret"})
    assert response.status_code == 302
    assert "Your password is changed." in client.get("/settings/password").text
    assert make_client().post("/login", data={"username": "ana", "password": PASSWORD}).status_code == 401
    assert make_client().post("/login", data={"username": "ana", "password": "a brand new secret"}).status_code == 302


def test_a_wrong_current_password_is_refused_next_to_its_field(client, build, login):
    build.user("ana")
    login(client, "ana")
    response = client.post("/settings/password", data={"current_password": "nope", "new_password": "a brand new secret"})
    assert response.status_code == 422
    assert 'id="current_password-error">Your current password is not right.' in response.text


def test_a_too_short_new_password_is_refused(client, build, login):
    build.user("ana")
    login(client, "ana")
    response = client.post("/settings/password", data={"current_password": PASSWORD, "new_password": "short"})
    assert response.status_code == 422
    assert 'id="new_password-error">Choose a password of at least 10 characters.' in response.text


def test_a_new_token_is_shown_once_then_only_its_name(client, build, login):
    build.user("ana")
    login(client, "ana")
    created = client.post("/settings/tokens", data={"name": "reminder bot"})
    assert created.status_code == 200
    assert created.headers["Cache-Control"] == "no-store"
    assert "shown only this once" in created.text
    plaintext = re.search(r'<code class="token">(fsp_[^<]+)</code>', created.text).group(1)
    later = client.get("/settings/tokens").text
    assert "reminder bot" in later
    assert plaintext not in later


def test_a_revoked_token_leaves_the_list(client, build, login):
    build.user("ana")
    login(client, "ana")
    client.post("/settings/tokens", data={"name": "old script"})
    token_id = re.search(r'action="/settings/tokens/(\d+)/revoke"', client.get("/settings/tokens").text).group(1)
    response = client.post(f"/settings/tokens/{token_id}/revoke")
    assert response.status_code == 302
    page = client.get("/settings/tokens").text
    assert "old script" not in page and "You have no tokens." in page


def test_nobody_can_revoke_someone_elses_token(client, make_client, build, login):
    build.user("ana")
    build.user("ben")
    build.token("ana")
    login(client, "ben")
    assert client.post("/settings/tokens/1/revoke").status_code == 404
    ana = make_client()
    login(ana, "ana")
    assert '<span dir="auto">test</span>' in ana.get("/settings/tokens").text
