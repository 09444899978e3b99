"""Blocking on the pages: the menu on a post, the folded posts, the refused reply, the settings page."""
import re
from urllib.parse import quote

from tests.support.watched import watch


def _block_author_as_member(client_as, world):
    member = client_as("member")
    back = f"/threads/{world.open_thread}#post-{world.open_post}"
    response = member.post(f"/settings/blocks?next={quote(back)}", data={"username": "author"})
    assert response.status_code == 302 and response.headers["Location"] == back
    return member


def test_a_post_offers_to_block_its_author_but_not_ones_own(world, client_as):
    page = client_as("member").get(f"/threads/{world.open_thread}").text
    assert "Block author" in page and "They are not told." in page
    own = client_as("author").get(f"/threads/{world.open_thread}").text
    assert "Block author" not in own


def test_the_blockers_thread_page_folds_the_blocked_members_posts(world, client_as):
    member = _block_author_as_member(client_as, world)
    page = member.get(f"/threads/{world.open_thread}").text
    folded = re.findall(r'<details class="blocked-post"><summary>Hidden: you blocked this member</summary>', page)
    assert len(folded) == 2  # the opening post and the reply, both by author
    assert "A reply in open" in page  # still there, inside the fold, for a click to open
    assert "Unblock author" in page
    assert "You blocked author." in page


def test_nobody_else_sees_the_fold_and_the_blocked_member_is_not_told(world, client_as):
    _block_author_as_member(client_as, world)
    for who in ("author", "moderator", "outsider"):
        page = client_as(who).get(f"/threads/{world.open_thread}").text
        assert "Hidden: you blocked this member" not in page
        assert "blocked" not in client_as(who).get("/settings/profile").text.replace("Blocked members", "")


def test_a_reply_to_the_blocker_is_refused_and_keeps_its_words(world, client_as, build):
    _block_author_as_member(client_as, world)
    thread_id = build.thread("member", "open", title="Member's thread")
    author = client_as("author")
    response = author.post(f"/threads/{thread_id}/reply", data={"body": "Words I typed with care"})
    assert response.status_code == 403
    assert "doesn&#39;t take replies from you" in response.text
    assert "Words I typed with care</textarea>" in response.text


def test_the_settings_page_lists_blocks_and_unblocks(world, client_as):
    member = _block_author_as_member(client_as, world)
    page = member.get("/settings/blocks").text
    assert "author</span> (author)" in page or "(author)" in page
    response = member.post("/settings/blocks/author/unblock")
    assert response.headers["Location"] == "/settings/blocks"
    page = member.get("/settings/blocks").text
    assert "You unblocked author." in page and "You haven't blocked anyone." in page
    assert "Hidden: you blocked" not in member.get(f"/threads/{world.open_thread}").text


def test_blocking_from_the_settings_page_explains_mistakes(world, client_as):
    member = client_as("member")
    unknown = member.post("/settings/blocks", data={"username": "nobody"})
    assert unknown.status_code == 404 and "There is no member with that username." in unknown.text
    own = member.post("/settings/blocks", data={"username": "member"})
    assert own.status_code == 422 and "You can&#39;t block yourself." in own.text


def test_an_unsafe_next_link_goes_back_to_the_settings_page(world, client_as):
    response = client_as("member").post("/settings/blocks?next=//evil.example/", data={"username": "author"})
    assert response.headers["Location"] == "/settings/blocks"


def test_anonymous_visitors_are_sent_to_sign_in(world, client_as):
    assert client_as(None).get("/settings/blocks").status_code == 302
    assert client_as(None).post("/settings/blocks", data={"username": "author"}).status_code == 302


def test_blocked_words_and_crisis_help_on_the_pages(world, client_as, app):
    """Kept here with the page flows: a refused word keeps the text; a crisis reply shows help once."""
    watch(app, "idiot", "block")
    watch(app, "can't go on", "crisis")
    member = client_as("member")
    refused = member.post(f"/threads/{world.open_thread}/reply", data={"body": "what an IDIOT I was"})
    assert refused.status_code == 422
    assert "“idiot”" in refused.text and "what an IDIOT I was</textarea>" in refused.text
    new_thread = member.post("/groups/open/threads/new", data={"title": "idiot", "body": "x", "response_preference": "open"})
    assert new_thread.status_code == 422 and 'value="idiot"' in new_thread.text

    posted = member.post(f"/threads/{world.open_thread}/reply", data={"body": "I can't go on like this"})
    assert posted.status_code == 302 and posted.headers["Location"].endswith("#help-panel")
    page = member.get(posted.headers["Location"]).text
    assert "You don&#39;t have to carry this alone" in page and "findahelpline.com" in page
    assert "I can't go on like this" in page  # the post went through
    assert "carry this alone" not in member.get(f"/threads/{world.open_thread}").text  # once
    assert "carry this alone" not in client_as("author").get(f"/threads/{world.open_thread}").text


def test_the_blockers_group_page_folds_the_threads_the_blocked_member_started(world, client_as):
    member = _block_author_as_member(client_as, world)
    page = member.get("/groups/open").text
    thread_link = f'href="/threads/{world.open_thread}"'
    folded = re.search(r'<details class="blocked-post"><summary>Hidden: you blocked this member</summary>\s*<h3><a ([^>]*)>', page)
    assert folded and thread_link in folded.group(1)
    assert "Hidden: you blocked this member" not in client_as("moderator").get("/groups/open").text
