"""Every item a member sees carries a way to report it: posts, threads (their opening post), room
messages, shared techniques, and the member behind a post (in the post's menu, by their name)."""
from __future__ import annotations

from forum.extensions import db
from forum.models import Thread
from forum.services import techniques
from tests.support.moderation import user


def _signed_in(make_client, login, username):
    client = make_client()
    login(client, username)
    return client


def test_a_thread_page_offers_to_report_the_thread_each_post_and_its_author(make_client, login, mod_world):
    page = _signed_in(make_client, login, "ben").get(f"/threads/{mod_world.thread}").text
    assert f"/report?target_type=thread&amp;target_id={mod_world.thread}" in page
    assert f"/report?target_type=post&amp;target_id={mod_world.post}" in page
    member_link = f"/report?target_type=member&amp;target_id={mod_world.ana_id}&amp;group=garden"
    assert member_link in page and "Report <span dir=\"auto\">ana</span> to the moderators" in page

    form = _signed_in(make_client, login, "ben").get(member_link.replace("&amp;", "&"))
    assert form.status_code == 200 and "ana" in form.text
    own = _signed_in(make_client, login, "ana").get(f"/threads/{mod_world.thread}").text
    assert "target_type=member" not in own


def test_the_room_page_gives_each_message_a_report_link(make_client, login, mod_world):
    page = _signed_in(make_client, login, "ben").get("/groups/garden/room").text
    assert 'class="room-report"' in page and "data-report-url=" in page


def test_a_technique_page_offers_a_report_link_to_others_than_its_author(app, make_client, login, mod_world):
    with app.app_context():
        group = db.session.get(Thread, mod_world.thread).group
        technique_id = techniques.share_technique(user("ana"), group, "Box breathing", "Breathe in for four.").id
    link = f"/report?target_type=technique&amp;target_id={technique_id}"
    assert link in _signed_in(make_client, login, "ben").get(f"/techniques/{technique_id}").text
    assert link not in _signed_in(make_client, login, "ana").get(f"/techniques/{technique_id}").text
    form = _signed_in(make_client, login, "ben").get(link.replace("&amp;", "&"))
    assert form.status_code == 200 and "Box breathing" in form.text
