"""Notifications: who is told of replies, reactions, milestones and mentions, and who never is."""
import uuid

import pytest
import sqlalchemy as sa

from forum.extensions import db
from forum.models import Group, User
from forum.services import blocks, goals, groups, notifications, rooms, threads
from forum.services.errors import Invalid
from forum.services.mentions import mentioned_names


def _user(name):
    return db.session.scalar(sa.select(User).where(User.username == name))


def _group(slug):
    return db.session.scalar(sa.select(Group).where(Group.slug == slug))


def _notes(name):
    return [(note.kind, note.text, note.actor.username if note.actor else None, note.link)
            for note in notifications.for_member(_user(name))]


@pytest.fixture
def circle(build):
    """ana, ben and cal are members of the public group `circle` and the private group `quiet`; dan of neither."""
    for name in ("ana", "ben", "cal", "dan"):
        build.user(name)
    build.group("quiet", visibility="private", members=("ana", "ben", "cal"))
    return build.group("circle", members=("ana", "ben", "cal"))


def _thread(author="ana", slug="circle", title="Sleep", body="Some nights are long"):
    return threads.start_thread(_user(author), _group(slug), title, body)


def test_a_reply_tells_the_thread_author_live_with_a_link_and_the_replier(ctx, circle, emitted):
    thread = _thread()
    reply = threads.post_reply(_user("ben"), thread, "Mine too, it gets better")
    assert _notes("ana") == [
        ("reply", "ben replied to your thread “Sleep”.", "ben", f"/threads/{thread.id}#post-{reply.id}")
    ]
    assert notifications.for_member(_user("ana"))[0].quote == "Mine too, it gets better"
    assert _notes("ben") == []
    [event] = [e for e in emitted if e.name == "notification"]
    assert event.room == f"user:{_user('ana').id}"
    assert event.payload["unread"] == 1
    assert event.payload["notification"]["actor"]["username"] == "ben"


def test_a_reply_to_a_post_tells_its_author_and_the_thread_author_once_each(ctx, circle):
    thread = _thread()
    ben_post = threads.post_reply(_user("ben"), thread, "First answer")
    threads.post_reply(_user("cal"), thread, "An answer to Ben", parent_id=ben_post.id)
    assert [text for _, text, _, _ in _notes("ben")] == ["cal replied to your post in “Sleep”."]
    assert [text for _, text, _, _ in _notes("ana")] == [
        "cal replied to your thread “Sleep”.", "ben replied to your thread “Sleep”."
    ]


def test_nobody_is_told_of_their_own_acts(ctx, circle, emitted):
    thread = _thread()
    post = threads.post_reply(_user("ana"), thread, "Answering myself, @ana")
    threads.set_reaction(_user("ana"), post, "support", True)
    assert _notes("ana") == []
    assert [e for e in emitted if e.name == "notification"] == []


def test_a_blocked_member_never_causes_a_notification(ctx, circle):
    thread = _thread()
    opening = threads.opening_post(thread)
    blocks.block_member(_user("ana"), "ben")
    threads.set_reaction(_user("ben"), opening, "support", True)
    cal_thread = _thread("cal", title="Work")
    threads.post_reply(_user("ben"), cal_thread, "@ana knows about this")
    rooms.send_room_message(_user("ben"), _group("circle"), "hi @ana", str(uuid.uuid4()))
    assert _notes("ana") == []


def test_reactions_to_one_post_gather_into_one_unread_notification(ctx, circle, emitted):
    thread = _thread()
    opening = threads.opening_post(thread)
    threads.set_reaction(_user("ben"), opening, "support", True)
    threads.set_reaction(_user("ben"), opening, "same_here", True)
    threads.set_reaction(_user("cal"), opening, "support", True)
    assert _notes("ana") == [
        ("reaction", "cal and 1 other reacted to your post in “Sleep”.", "cal", f"/threads/{thread.id}#post-{opening.id}")
    ]
    assert [e.payload["unread"] for e in emitted if e.name == "notification"] == [1, 1, 1]

    notifications.mark_all_read(_user("ana"))
    threads.set_reaction(_user("cal"), opening, "helpful", True)
    assert [text for _, text, _, _ in _notes("ana")] == [
        "cal and 1 other reacted to your post in “Sleep”.", "cal and 1 other reacted to your post in “Sleep”."
    ]
    assert notifications.unread_count(_user("ana")) == 1


def test_taking_a_reaction_back_tells_nobody(ctx, circle):
    opening = threads.opening_post(_thread())
    threads.set_reaction(_user("ben"), opening, "support", True)
    notifications.mark_all_read(_user("ana"))
    threads.set_reaction(_user("ben"), opening, "support", False)
    assert notifications.unread_count(_user("ana")) == 0


def test_a_kind_turned_off_is_not_told_but_moderation_always_is(ctx, circle):
    assert set(notifications.preferences(_user("ana")).values()) == {True}
    notifications.set_preferences(_user("ana"), {"reply": False, "reaction": False})
    thread = _thread()
    threads.post_reply(_user("ben"), thread, "Hello")
    threads.set_reaction(_user("ben"), threads.opening_post(thread), "support", True)
    assert _notes("ana") == []
    with pytest.raises(Invalid, match="can't be turned off"):
        notifications.set_preferences(_user("ana"), {"moderation": False})
    notifications.notify(_user("ana"), "moderation", "A moderator removed your post.", "Be kind.")
    assert [kind for kind, *_ in _notes("ana")] == ["moderation"]
    assert notifications.preferences(_user("ana")) == {
        "reply": False, "reaction": False, "milestone": True, "mention": True, "moderation": True
    }
    notifications.set_preferences(_user("ana"), {"reply": True})
    assert notifications.preferences(_user("ana"))["reply"] is True


@pytest.mark.parametrize("choices", [["reply"], {"nonsense": False}, {"reply": "no"}, {"reply": None}])
def test_preferences_refuse_what_is_not_a_kind_turned_on_or_off(ctx, circle, choices):
    with pytest.raises(Invalid):
        notifications.set_preferences(_user("ana"), choices)


def test_nothing_is_told_about_a_private_group_one_has_left(ctx, circle):
    thread = _thread(slug="quiet", title="Private worries")
    opening = threads.opening_post(thread)
    goals.record_milestone(_user("ana"), None, "30 days", share_with=["quiet"])
    groups.leave_group(_user("ana"), _group("quiet"))
    threads.post_reply(_user("ben"), thread, "Still here for you @ana")
    threads.set_reaction(_user("ben"), opening, "support", True)
    threads.start_thread(_user("cal"), _group("quiet"), "About @ana", "We miss @ana")
    rooms.send_room_message(_user("ben"), _group("quiet"), "@ana come back", str(uuid.uuid4()))
    assert _notes("ana") == []


def test_a_shared_milestone_tells_its_owner_of_reactions_and_congratulations(ctx, circle):
    milestone = goals.record_milestone(_user("ana"), None, "30 days", share_with=["circle"])
    goals.react_to_milestone(_user("ben"), _group("circle"), milestone.id, "celebrate", True)
    goals.react_to_milestone(_user("cal"), _group("circle"), milestone.id, "support", True)
    goals.congratulate(_user("cal"), _group("circle"), milestone.id, "So proud of you!")
    link = f"/groups/circle/celebrations#celebration-{milestone.id}"
    assert _notes("ana") == [
        ("milestone", "cal congratulated you on “30 days” in Circle.", "cal", link),
        ("milestone", "cal and 1 other reacted to your milestone “30 days” in Circle.", "cal", link),
    ]
    assert notifications.for_member(_user("ana"))[0].quote == "So proud of you!"


def test_mentions_in_threads_replies_and_rooms_tell_members_who_can_read_them(ctx, circle):
    thread = threads.start_thread(_user("ana"), _group("circle"), "Hello @ben", "And @cal, and @nobody")
    threads.post_reply(_user("cal"), thread, "Thanks @ana, and @ben.")
    rooms.send_room_message(_user("ben"), _group("circle"), "@Cal @dan see the thread", str(uuid.uuid4()))
    assert [(kind, text, actor) for kind, text, actor, _ in _notes("ben")] == [
        ("mention", "cal mentioned you in “Hello @ben”.", "cal"),
        ("mention", "ana mentioned you in the thread “Hello @ben”.", "ana"),
    ]
    assert [(kind, text, link) for kind, text, _, link in _notes("cal")] == [
        ("mention", "ben mentioned you in the live room of Circle.", "/groups/circle/room"),
        ("mention", "ana mentioned you in the thread “Hello @ben”.", f"/threads/{thread.id}#post-{threads.opening_post(thread).id}"),
    ]
    # ana, the thread's author, hears of the reply once (as a reply); dan is in no group
    assert [kind for kind, *_ in _notes("ana")] == ["reply"]
    assert _notes("dan") == []


def test_mentions_are_names_at_the_start_of_a_word():
    assert mentioned_names("hi @Ana, mail me at ben@example.org, @cal. @cal again @x @dan-") == ["ana", "cal", "dan"]
    assert mentioned_names(" ".join(f"@user{i}" for i in range(30))) == [f"user{i}" for i in range(10)]


def test_opening_the_notifications_marks_them_read_and_tells_the_other_pages(ctx, circle, emitted):
    thread = _thread()
    threads.post_reply(_user("ben"), thread, "One")
    threads.post_reply(_user("cal"), thread, "Two")
    assert notifications.unread_count(_user("ana")) == 2
    assert notifications.mark_all_read(_user("ana")) == 2
    assert notifications.unread_count(_user("ana")) == 0
    assert [(e.payload, e.room) for e in emitted if e.name == "notifications_read"] == [
        ({"unread": 0}, f"user:{_user('ana').id}")
    ]
    assert notifications.mark_all_read(_user("ana")) == 0


def test_a_moderators_decision_is_still_told_with_the_old_call(ctx, circle, emitted):
    note = notifications.notify(_user("ana"), "moderation", "A moderator hid your post.", "Be kind.")
    db.session.commit()
    assert (note.kind, note.actor_id, note.link) == ("moderation", None, "")
    assert [e.payload["unread"] for e in emitted if e.name == "notification"] == [1]
