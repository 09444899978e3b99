"""Group pages: reading, joining, leaving, join requests and admin tools (forum/web/groups.py)."""
import pytest

from tests.conftest import PASSWORD

AGREEMENT_BOX = "I have read and accept the group agreement"


def test_anonymous_visitors_see_a_public_groups_agreement_but_sign_in_to_read(world, client_as):
    page = client_as(None).get("/groups/open").text
    assert "About open" in page and "Be kind." in page
    assert "Sign in</a> to join and read the discussions." in page
    assert "The open thread" not in page


def test_readers_see_threads_moderators_and_reply_counts(world, client_as):
    page = client_as("outsider").get("/groups/open").text
    assert "The open thread" in page
    assert "1 reply" in page and "Open to anything" in page
    assert '<li dir="auto">mod</li>' in page
    assert "Join this group" in page


def test_joining_a_public_group_needs_the_agreement_accepted(world, client_as):
    client = client_as("outsider")
    form = client.get("/groups/open/join").text
    assert "Be kind." in form and AGREEMENT_BOX in form
    refused = client.post("/groups/open/join", data={})
    assert refused.status_code == 422
    assert "To join, read and accept the group agreement." in refused.text
    joined = client.post("/groups/open/join", data={"accept_agreement": "y"})
    assert joined.headers["Location"] == "/groups/open"
    page = client.get("/groups/open").text
    assert "Welcome to Open." in page and "You are a member of this group." in page


def test_a_private_group_join_is_a_request_until_a_moderator_approves(world, client_as):
    outsider, mod = client_as("outsider"), client_as("moderator")
    outsider.post("/groups/closed/join", data={"accept_agreement": "y"})
    waiting = outsider.get("/groups/closed").text
    assert "waiting for a moderator" in waiting and "The closed thread" not in waiting
    assert "outsider" in mod.get("/groups/closed/requests").text

    response = mod.post("/groups/closed/requests/outsider", data={"decision": "approve"})
    assert response.status_code == 302
    assert "No one is waiting." in mod.get("/groups/closed/requests").text
    assert outsider.get(f"/threads/{world.closed_thread}").status_code == 200


def test_a_declined_request_is_removed(world, client_as):
    outsider, mod = client_as("outsider"), client_as("moderator")
    outsider.post("/groups/closed/join", data={"accept_agreement": "y"})
    mod.post("/groups/closed/requests/outsider", data={"decision": "decline"})
    assert "No one is waiting." in mod.get("/groups/closed/requests").text
    assert "Ask to join" in outsider.get("/groups/closed").text


def test_members_cannot_decide_requests(world, client_as):
    client_as("outsider").post("/groups/closed/join", data={"accept_agreement": "y"})
    response = client_as("member").post("/groups/closed/requests/outsider", data={"decision": "approve"})
    assert response.status_code == 403
    assert "outsider" in client_as("moderator").get("/groups/closed/requests").text


def test_an_unknown_decision_is_a_bad_request(world, client_as):
    client_as("outsider").post("/groups/closed/join", data={"accept_agreement": "y"})
    assert client_as("moderator").post("/groups/closed/requests/outsider", data={"decision": "maybe"}).status_code == 400


def test_leaving_a_group(world, client_as):
    member = client_as("member")
    response = member.post("/groups/closed/leave")
    assert response.status_code == 302
    assert "You left Closed." in member.get("/groups/closed").text
    assert member.get(f"/threads/{world.closed_thread}").status_code == 404


def test_admins_open_groups_with_a_markdown_agreement(world, client_as):
    admin = client_as("admin")
    response = admin.post(
        "/groups/new",
        data={
            "slug": "night-owls",
            "name": "Night owls",
            "description": "For the hard hours.",
            "agreement": "1. **Stay kind.**\n2. Stay safe.",
            "visibility": "private",
        },
    )
    assert response.headers["Location"] == "/groups/night-owls"
    page = admin.get("/groups/night-owls").text
    assert "Night owls" in page and "Private group" in page
    assert "<strong>Stay kind.</strong>" in page


def test_a_taken_slug_is_refused_and_the_form_keeps_its_text(world, client_as):
    response = client_as("admin").post(
        "/groups/new",
        data={"slug": "open", "name": "Another", "description": "Mine", "agreement": "Be nice.", "visibility": "public"},
    )
    assert response.status_code == 409
    assert "A group with that slug exists already." in response.text
    assert 'value="Another"' in response.text and "Be nice." in response.text


def test_only_admins_open_groups(world, client_as):
    response = client_as("moderator").post(
        "/groups/new", data={"slug": "mine", "name": "Mine", "agreement": "Hi", "visibility": "public"}
    )
    assert response.status_code == 403
    assert client_as("admin").get("/groups/mine").status_code == 404


def test_admins_appoint_moderators(world, client_as):
    admin = client_as("admin")
    assert "Appoint a moderator" in admin.get("/groups/open").text
    response = admin.post("/groups/open/moderators", data={"username": "member"})
    assert response.status_code == 302
    assert '<li dir="auto">member</li>' in admin.get("/groups/open").text
    assert client_as("member").get("/groups/open/requests").status_code == 200


def test_appointing_an_unknown_username_says_so_on_the_group_page(world, client_as):
    response = client_as("admin").post("/groups/open/moderators", data={"username": "ghost"})
    assert response.status_code == 404
    assert "There is no member with that username." in response.text
    assert 'value="ghost"' in response.text and "The open thread" in response.text


def test_the_appoint_form_is_for_admins_only(world, client_as):
    assert "Appoint a moderator" not in client_as("moderator").get("/groups/open").text
    assert client_as("moderator").post("/groups/open/moderators", data={"username": "member"}).status_code == 403


@pytest.mark.parametrize("app_config", [{"PAGE_SIZE": 2}])
def test_group_threads_come_in_pages(client, build, login):
    build.user("ana")
    build.group("circle", members=("ana",))
    for number in range(3):
        build.thread("ana", "circle", title=f"Thread number {number}")
    login(client, "ana")
    first = client.get("/groups/circle").text
    assert "Thread number 2" in first and "Thread number 1" in first and "Thread number 0" not in first
    next_link = first.split('rel="next" href="')[1].split('"')[0].replace("&amp;", "&")
    second = client.get(next_link).text
    assert "Thread number 0" in second and "Thread number 2" not in second
    assert 'rel="next"' not in second


def test_a_broken_cursor_is_a_clear_error(world, client_as):
    response = client_as("member").get("/groups/open?cursor=%%%not-a-cursor")
    assert response.status_code == 400
    assert "That page cursor is not valid." in response.text


def test_the_home_page_lists_groups_and_your_own(world, client_as):
    anonymous = client_as(None).get("/").text
    assert "Open" in anonymous and "Closed" in anonymous and "Private" in anonymous
    assert "Your groups" not in anonymous
    outsider = client_as("outsider")
    outsider.post("/groups/closed/join", data={"accept_agreement": "y"})
    page = outsider.get("/").text
    assert "Your groups" in page and "Request pending" in page


def test_signing_in_from_a_group_page_comes_back_to_it(world, client_as):
    client = client_as(None)
    assert 'href="/login?next=/groups/open"' in client.get("/groups/open").text
    response = client.post("/login?next=/groups/open", data={"username": "member", "password": PASSWORD})
    assert response.headers["Location"] == "/groups/open"
