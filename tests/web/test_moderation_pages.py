"""The moderation pages as people use them: report, follow it, review, decide, read the audit log."""
from __future__ import annotations

import pytest

from tests.support.moderation import report, resolve


def _signed_in(make_client, login, username):
    client = make_client()
    login(client, username)
    return client


def test_report_a_post_from_the_thread_page_and_follow_it(make_client, login, mod_world):
    ben = _signed_in(make_client, login, "ben")
    thread_page = ben.get(f"/threads/{mod_world.thread}").text
    link = f"/report?target_type=post&amp;target_id={mod_world.post}"
    assert link in thread_page

    form = ben.get(link.replace("&amp;", "&"))
    assert "A reply that worries someone" in form.text and "Worried about this person" in form.text
    sent = ben.post("/report", data={"target_type": "post", "target_id": mod_world.post, "reason": "unsolicited_advice"})
    assert sent.status_code == 302 and sent.headers["Location"].endswith("/me/reports")
    mine = ben.get("/me/reports").text
    assert "waiting for a moderator" in mine and "A reply that worries someone" in mine


def test_other_without_a_note_comes_back_with_the_form(make_client, login, mod_world):
    ben = _signed_in(make_client, login, "ben")
    refused = ben.post("/report", data={"target_type": "post", "target_id": mod_world.post, "reason": "other", "note": ""})
    assert refused.status_code == 422 and "Tell the moderators a little" in refused.text


@pytest.mark.parametrize("app_config", [{"REPORT_RATE_LIMIT": "1 per minute"}])
def test_a_rate_limited_report_keeps_the_note(make_client, login, mod_world):
    ben = _signed_in(make_client, login, "ben")
    ben.post("/report", data={"target_type": "post", "target_id": mod_world.post, "reason": "spam"})
    refused = ben.post("/report", data={"target_type": "thread", "target_id": mod_world.thread, "reason": "other",
                                        "note": "Shares someone's address"})
    assert refused.status_code == 429 and "Shares someone&#39;s address" in refused.text


def test_the_author_gets_no_report_link_on_their_own_post(make_client, login, mod_world):
    ana = _signed_in(make_client, login, "ana")
    assert f"target_id={mod_world.post}" not in ana.get(f"/threads/{mod_world.thread}").text


def test_a_removed_post_shows_removed_by_a_moderator_in_its_place(app, make_client, login, mod_world):
    resolve(app, "mod", report(app, "ben", "post", mod_world.post), "remove", "Personal attack")
    page = _signed_in(make_client, login, "cara").get(f"/threads/{mod_world.thread}").text
    assert f'id="post-{mod_world.post}"' in page and "removed by a moderator" in page
    assert "A reply that worries someone" not in page


def test_a_hidden_post_is_shown_to_its_author_with_a_note(app, make_client, login, mod_world):
    resolve(app, "mod", report(app, "ben", "post", mod_world.post), "hide", "Pausing")
    assert "hidden by a moderator" in _signed_in(make_client, login, "cara").get(f"/threads/{mod_world.thread}").text
    own = _signed_in(make_client, login, "ana").get(f"/threads/{mod_world.thread}").text
    assert "A reply that worries someone" in own and "only you and the group's moderators" in own


def test_the_queue_page_orders_crisis_first_and_the_item_page_resolves(app, make_client, login, mod_world):
    report(app, "ben", "post", mod_world.post, "spam")
    crisis = report(app, "cara", "room_message", mod_world.message, "crisis")
    mod = _signed_in(make_client, login, "mod")
    queue = mod.get("/mod/queue").text
    assert queue.index(f'id="item-{crisis}"') < queue.index("Post in")
    assert "Worried about this person" in queue

    item_page = mod.get(f"/mod/items/{crisis}").text
    assert "A message in the room" in item_page and "The author's moderation history" in item_page
    assert mod.post(f"/mod/items/{crisis}/claim").status_code == 302
    assert "With <span" in mod.get(f"/mod/items/{crisis}").text
    done = mod.post(f"/mod/items/{crisis}/resolve", data={"action": "warn", "reason": "Reaching out kindly"})
    assert done.status_code == 302
    assert f'id="item-{crisis}"' not in mod.get("/mod/queue").text

    notes = _signed_in(make_client, login, "ana").get("/notifications").text
    assert "Reaching out kindly" in notes and "Be kind." in notes


def test_a_refused_decision_keeps_what_the_moderator_typed(app, make_client, login, mod_world):
    item_id = report(app, "ben", "post", mod_world.post)
    mod = _signed_in(make_client, login, "mod")
    refused = mod.post(f"/mod/items/{item_id}/resolve", data={"action": "mute", "reason": "A pause please"})
    assert refused.status_code == 422 and "A pause please" in refused.text and "minutes is a whole number" in refused.text


def test_the_audit_page_and_the_csv_export(app, make_client, login, mod_world):
    resolve(app, "mod", report(app, "ben", "post", mod_world.post), "remove", "Unkind words")
    page = _signed_in(make_client, login, "mod").get("/mod/audit?member=ana").text
    assert "Unkind words" in page and "Download as CSV" not in page
    admin = _signed_in(make_client, login, "admin")
    assert "Download as CSV" in admin.get("/mod/audit").text
    exported = admin.get("/mod/audit.csv?moderator=mod")
    assert exported.mimetype == "text/csv"
    assert exported.text.splitlines()[1].split(",")[2:5] == ["mod", "remove", "ana"]


def test_the_room_page_offers_reporting_and_the_group_page_links_the_queue(make_client, login, mod_world):
    assert 'class="room-report"' in _signed_in(make_client, login, "ben").get("/groups/garden/room").text
    assert "/mod/queue?group=garden" in _signed_in(make_client, login, "mod").get("/groups/garden").text
