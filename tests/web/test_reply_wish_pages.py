"""The pages: the advice nudge keeps the words and offers "Post anyway", the author folds replies, and
readers fold the themes they chose, without JavaScript."""
import re

import pytest


@pytest.fixture
def circle(build):
    for name in ("ana", "ben", "cal"):
        build.user(name)
    return build.group("circle", members=("ana", "ben", "cal"))


@pytest.fixture
def listen_thread(build, circle):
    return build.thread("ana", circle, title="Rough evening", body="Just need to vent.", preference="just_listen")


def _post_item(page: str, post_id: int) -> str:
    """The markup of one post, up to the next post or the end of the list."""
    match = re.search(rf'<li class="post depth-\d+" id="post-{post_id}">.*?(?=<li class="post |</ol>)', page, re.S)
    assert match, f"post {post_id} not on the page"
    return match.group(0)


def test_an_advice_like_reply_comes_back_with_the_nudge_its_words_and_a_post_anyway_button(client_as, listen_thread, build):
    ben = client_as("ben")
    response = ben.post(f"/threads/{listen_thread}/reply", data={"body": "You should try running, it fixes everything."})

    assert response.status_code == 200
    page = response.text
    assert "They asked to be heard: post anyway, or edit." in page
    assert "You should try running, it fixes everything.</textarea>" in page
    assert '<input type="hidden" name="confirmed" value="y">' in page
    assert ">Post anyway</button>" in page
    assert "Just listen" in page  # the author's wish is shown with the nudge
    assert "You should try running" not in ben.get(f"/threads/{listen_thread}").text


def test_post_anyway_posts_the_reply(client_as, listen_thread):
    ben = client_as("ben")
    response = ben.post(
        f"/threads/{listen_thread}/reply", data={"body": "You should try running.", "confirmed": "y"}
    )
    assert response.status_code == 302
    assert "You should try running." in ben.get(response.headers["Location"]).text


def test_a_listening_reply_goes_straight_through(client_as, listen_thread):
    response = client_as("ben").post(f"/threads/{listen_thread}/reply", data={"body": "I tried to vent too. I hear you."})
    assert response.status_code == 302


def test_editing_a_reply_into_advice_shows_the_nudge_on_the_edit_page(client_as, listen_thread, build):
    reply = build.reply("ben", listen_thread, "I'm here.")
    ben = client_as("ben")
    nudged = ben.post(f"/posts/{reply}/edit", data={"body": "Stop overthinking it."})
    assert nudged.status_code == 200
    assert "They asked to be heard" in nudged.text and "Stop overthinking it.</textarea>" in nudged.text
    assert build.post(reply).body == "I'm here."
    assert ben.post(f"/posts/{reply}/edit", data={"body": "Stop overthinking it.", "confirmed": "y"}).status_code == 302
    assert build.post(reply).body == "Stop overthinking it."


def test_the_author_folds_a_reply_readers_see_it_folded_and_the_author_can_undo(client_as, listen_thread, build):
    reply = build.reply("cal", listen_thread, "Sounds like a tough one")
    ana, ben = client_as("ana"), client_as("ben")
    assert 'action="/posts/%d/collapse' % reply in _post_item(ana.get(f"/threads/{listen_thread}").text, reply)
    assert "/collapse" not in _post_item(ben.get(f"/threads/{listen_thread}").text, reply)

    refused = ben.post(f"/posts/{reply}/collapse", data={"on": "1"})
    assert refused.status_code == 403
    assert ana.post(f"/posts/{reply}/collapse", data={"on": "1"}).status_code == 302

    item = _post_item(ben.get(f"/threads/{listen_thread}").text, reply)
    assert '<details class="author-collapsed">' in item
    assert "<summary>Collapsed at the author's request</summary>" in item
    assert "Sounds like a tough one" in item  # still there, one click away
    cal_notes = client_as("cal").get("/notifications").text
    assert "Rough evening" in cal_notes

    assert ana.post(f"/posts/{reply}/collapse", data={"on": "0"}).status_code == 302
    assert "author-collapsed" not in _post_item(ben.get(f"/threads/{listen_thread}").text, reply)


def test_a_reply_about_a_theme_is_folded_for_a_reader_who_chose_it_and_not_for_others(client_as, listen_thread, build):
    cal = client_as("cal")
    assert cal.post(f"/threads/{listen_thread}/reply", data={"body": "My mother died last spring.", "themes": ["grief"]}).status_code == 302
    ben = client_as("ben")
    assert ben.post("/settings/reading", data={"collapsed_themes": ["grief", "self_harm"]}).status_code == 302

    ben_page = ben.get(f"/threads/{listen_thread}").text
    assert '<details class="theme-fold">' in ben_page
    assert "<summary>Themes: Grief and loss (you chose to fold these)</summary>" in ben_page
    assert "My mother died last spring." in ben_page

    ana_page = client_as("ana").get(f"/threads/{listen_thread}").text
    assert "theme-fold" not in ana_page
    assert '<p class="post-themes">Themes: Grief and loss</p>' in ana_page


def test_a_thread_tagged_with_a_theme_folds_its_opening_post(client_as, circle):
    ana = client_as("ana")
    started = ana.post("/groups/circle/threads/new", data={
        "title": "A hard anniversary", "body": "Ten years today.", "response_preference": "open", "themes": ["grief"],
    })
    assert started.status_code == 302
    ben = client_as("ben")
    ben.post("/settings/reading", data={"collapsed_themes": ["grief"]})
    page = ben.get(started.headers["Location"]).text
    assert re.search(r'<details class="theme-fold">\s*<summary>Themes: Grief and loss', page)


def test_the_reading_settings_page_shows_and_saves_the_choice(client_as, circle):
    ben = client_as("ben")
    page = ben.get("/settings/reading").text
    assert 'value="self_harm"' in page and "Self-harm" in page
    assert ben.post("/settings/reading", data={"collapsed_themes": ["eating"]}).status_code == 302
    assert re.search(r'<input checked id="collapsed_themes-\d" name="collapsed_themes" type="checkbox" value="eating">',
                     ben.get("/settings/reading").text)
    refused = ben.post("/settings/reading", data={"collapsed_themes": ["spiders"]})
    assert refused.status_code == 422 and "Unknown theme: spiders" in refused.text


def test_reply_boxes_and_the_new_thread_form_offer_theme_checkboxes(client_as, listen_thread):
    ana = client_as("ana")
    assert 'name="themes" value="grief"' in ana.get(f"/threads/{listen_thread}").text
    assert 'name="themes" type="checkbox" value="self_harm"' in ana.get("/groups/circle/threads/new").text
