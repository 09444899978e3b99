"""Threads: starting, reading as a tree, replying, editing, deleting, reacting (forum/web/threads.py)."""
import re

import pytest

from forum.services.threads import MAX_DEPTH


@pytest.fixture
def circle(build):
    build.user("ana")
    build.user("ben")
    build.user("outsider")
    return build.group("circle", members=("ana", "ben"))


@pytest.fixture
def ana(client_as, circle):
    return client_as("ana")


@pytest.fixture
def ben(client_as, circle):
    return client_as("ben")


def _start(client, **fields):
    data = {"title": "Evenings are hard", "body": "Six to nine is rough.", "response_preference": "just_listen"}
    return client.post("/groups/circle/threads/new", data={**data, **fields})


def _reply_forms(page: str) -> list[str]:
    return re.findall(r'<form method="post" action="/threads/\d+/reply" class="reply-form">.*?</form>', page, re.S)


def test_starting_a_thread_leads_to_it(ana):
    response = _start(ana)
    assert response.status_code == 302
    page = ana.get(response.headers["Location"]).text
    assert "Evenings are hard" in page and "Six to nine is rough." in page


def test_a_refused_thread_keeps_everything_typed(ana):
    response = _start(ana, title="   ", content_warning="loss")
    assert response.status_code == 422
    assert 'id="title-error">The title can&#39;t be empty.' in response.text
    assert "Six to nine is rough." in response.text and 'value="loss"' in response.text
    assert '<input checked id="response_preference-0" name="response_preference" type="radio" value="just_listen">' in (
        response.text
    )


def test_the_wish_for_replies_is_shown_above_every_reply_box(ana, ben, build):
    thread_id = int(_start(ana).headers["Location"].rsplit("/", 1)[1])
    build.reply("ben", thread_id, "I hear you.")
    page = ben.get(f"/threads/{thread_id}").text
    forms = _reply_forms(page)
    assert len(forms) == 2  # the main box and the one under ben's reply
    for form in forms:
        wish = form.index('class="response-preference"')
        assert wish < form.index("<textarea")
        assert "ana</span> asked:</strong>" in form
        assert "Just listen — please reply with listening, not advice." in form
    assert page.index('class="response-preference"') < page.index('class="posts"')  # and at the top


def test_a_content_warning_folds_the_opening_post(ana):
    location = _start(ana, content_warning="relapse", body="What happened last night.").headers["Location"]
    page = ana.get(location).text
    folded = re.search(r'<details class="content-warning">(.*?)</details>', page, re.S)
    assert folded, "the opening post is not folded"
    assert 'Content warning: <span dir="auto">relapse</span>' in folded.group(1)
    assert "What happened last night." in folded.group(1)
    assert '<details class="content-warning" open' not in page


def test_replies_nest_with_depth_classes_up_to_the_cap(ben, build, circle):
    thread_id = build.thread("ana", circle)
    parent, ids = None, []
    for level in range(MAX_DEPTH + 1):
        parent = build.reply("ben" if level % 2 else "ana", thread_id, f"level {level + 1}", parent_id=parent)
        ids.append(parent)
    page = ben.get(f"/threads/{thread_id}").text
    for depth, post_id in enumerate(ids[:MAX_DEPTH], start=1):
        assert f'class="post depth-{depth}" id="post-{post_id}"' in page
    capped = ids[MAX_DEPTH]
    assert f'class="post depth-{MAX_DEPTH}" id="post-{capped}"' in page
    assert f'depth-{MAX_DEPTH + 1}' not in page
    after_capped = page.split(f'id="post-{capped}"')[1]
    assert f'<a href="#post-{ids[MAX_DEPTH - 1]}">replying to an earlier post</a>' in after_capped
    assert page.count("replying to an earlier post") == 1


def test_replying_to_the_thread_and_to_a_reply(ben, build, circle):
    thread_id = build.thread("ana", circle)
    response = ben.post(f"/threads/{thread_id}/reply", data={"body": "Thinking of you."})
    reply_id = int(response.headers["Location"].rsplit("-", 1)[1])
    assert response.headers["Location"] == f"/threads/{thread_id}#post-{reply_id}"
    nested = ben.post(f"/threads/{thread_id}/reply", data={"body": "And again.", "parent_id": str(reply_id)})
    nested_id = int(nested.headers["Location"].rsplit("-", 1)[1])
    page = ben.get(f"/threads/{thread_id}").text
    assert f'class="post depth-1" id="post-{reply_id}"' in page
    assert f'class="post depth-2" id="post-{nested_id}"' in page
    assert "Thinking of you." in page and "And again." in page


def test_an_empty_reply_comes_back_with_the_wish_and_the_text(ben, build, circle):
    thread_id = build.thread("ana", circle, preference="celebrate")
    parent = build.reply("ana", thread_id, "Day 30!")
    response = ben.post(f"/threads/{thread_id}/reply", data={"body": " \u200b \n", "parent_id": str(parent)})
    assert response.status_code == 422
    assert "The post can&#39;t be empty." in response.text
    assert "Celebrate with me — please celebrate this with them." in response.text
    assert f'name="parent_id" value="{parent}"' in response.text
    assert "\u200b \n</textarea>" in response.text


def test_a_too_long_reply_keeps_its_text(ben, build, circle):
    thread_id = build.thread("ana", circle)
    text = "word " * 4_500
    response = ben.post(f"/threads/{thread_id}/reply", data={"body": text})
    assert response.status_code == 422
    assert "The post can be at most 20,000 characters" in response.text
    assert text.strip() in response.text


def test_a_garbled_parent_id_is_refused_not_guessed(ben, build, circle):
    thread_id = build.thread("ana", circle)
    response = ben.post(f"/threads/{thread_id}/reply", data={"body": "hello", "parent_id": "first"})
    assert response.status_code == 422
    assert "hello</textarea>" in response.text
    assert "hello" not in ben.get(f"/threads/{thread_id}").text


def test_editing_shows_edited_and_the_new_words(ben, build, circle):
    thread_id = build.thread("ana", circle)
    post_id = build.reply("ben", thread_id, "First thoughts")
    form = ben.get(f"/posts/{post_id}/edit").text
    assert "First thoughts</textarea>" in form
    response = ben.post(f"/posts/{post_id}/edit", data={"body": "Second thoughts"})
    assert response.headers["Location"] == f"/threads/{thread_id}#post-{post_id}"
    post = ben.get(f"/threads/{thread_id}").text.split(f'id="post-{post_id}"')[1]
    assert '<span class="edited">edited</span>' in post
    assert "Second thoughts" in post and "First thoughts" not in post


def test_an_empty_edit_is_refused_and_the_post_is_unchanged(ben, build, circle):
    thread_id = build.thread("ana", circle)
    post_id = build.reply("ben", thread_id, "Keep me")
    response = ben.post(f"/posts/{post_id}/edit", data={"body": "   "})
    assert response.status_code == 422
    assert "The post can&#39;t be empty." in response.text
    assert build.post(post_id).body == "Keep me"


def test_deleting_leaves_a_marker_and_erases_the_words(ben, build, circle):
    thread_id = build.thread("ana", circle)
    post_id = build.reply("ben", thread_id, "Too much, sorry")
    child = build.reply("ana", thread_id, "An answer", parent_id=post_id)
    assert ben.post(f"/posts/{post_id}/delete").status_code == 302
    page = ben.get(f"/threads/{thread_id}").text
    assert "deleted by author" in page and "Too much, sorry" not in page
    assert f'id="post-{child}"' in page and "An answer" in page


@pytest.mark.parametrize("action", ["edit", "delete"])
def test_nobody_changes_someone_elses_post(ben, build, circle, action):
    thread_id = build.thread("ana", circle)
    post_id = build.opening_post_id(thread_id)
    assert ben.post(f"/posts/{post_id}/{action}", data={"body": "hijacked"}).status_code == 403
    assert build.post(post_id).body == "Opening words"


def test_edit_and_delete_are_offered_only_on_your_own_posts(ben, build, circle):
    thread_id = build.thread("ana", circle)
    mine = build.reply("ben", thread_id, "mine")
    page = ben.get(f"/threads/{thread_id}").text
    assert f'href="/posts/{mine}/edit"' in page
    assert f'href="/posts/{build.opening_post_id(thread_id)}/edit"' not in page


def test_reactions_press_and_release(ben, build, circle):
    thread_id = build.thread("ana", circle)
    post_id = build.opening_post_id(thread_id)
    pressed = ben.post(f"/posts/{post_id}/reactions/support", data={"on": "1"})
    assert pressed.headers["Location"] == f"/threads/{thread_id}#post-{post_id}"
    page = ben.get(f"/threads/{thread_id}").text
    assert 'aria-pressed="true">\n        Support <span class="count">1</span>' in page
    ben.post(f"/posts/{post_id}/reactions/support", data={"on": "1"})  # a double submit changes nothing
    ben.post(f"/posts/{post_id}/reactions/support", data={"on": "0"})
    page = ben.get(f"/threads/{thread_id}").text
    assert 'aria-pressed="false">\n        Support <span class="count">0</span>' in page


def test_an_unknown_reaction_is_refused(ben, build, circle):
    post_id = build.opening_post_id(build.thread("ana", circle))
    response = ben.post(f"/posts/{post_id}/reactions/angry", data={"on": "1"})
    assert response.status_code == 422
    assert "Reactions are support, celebrate, helpful or same_here." in response.text


def test_readers_outside_the_group_are_invited_to_join_instead_of_replying(client_as, build, circle):
    thread_id = build.thread("ana", circle)
    build.reply("ben", thread_id, "hi")
    page = client_as("outsider").get(f"/threads/{thread_id}").text
    assert 'href="/groups/circle/join">Join this group to reply</a>' in page
    assert _reply_forms(page) == []
    assert "/reactions/" not in page
    assert "Just listen" not in page and "Open to anything" in page


def test_a_reply_by_an_outsider_is_refused(client_as, build, circle):
    thread_id = build.thread("ana", circle)
    response = client_as("outsider").post(f"/threads/{thread_id}/reply", data={"body": "hello"})
    assert response.status_code == 403
    assert "Join this group" in response.text


def test_a_former_members_posts_stay_readable(ben, build, circle, app):
    from forum.extensions import db
    from forum.services import accounts

    thread_id = build.thread("ana", circle)
    with app.app_context():
        db.session.delete(accounts.get_user_by_username("ana"))
        db.session.commit()
    page = ben.get(f"/threads/{thread_id}").text
    assert "a former member" in page and "Opening words" in page


@pytest.mark.parametrize("app_config", [{"PAGE_SIZE": 2}])
def test_long_threads_come_in_pages(ben, build, circle):
    thread_id = build.thread("ana", circle)
    for number in range(3):
        build.reply("ben", thread_id, f"reply number {number}")
    first = ben.get(f"/threads/{thread_id}").text
    assert "Opening words" in first and "reply number 0" in first and "reply number 1" not in first
    next_link = re.search(r'rel="next" href="([^"]+)"', first).group(1).replace("&amp;", "&")
    second = ben.get(next_link).text
    assert "reply number 1" in second and "reply number 2" in second and "Opening words" not in second
    assert 'rel="next"' not in second
