"""A room message that links a technique carries its card, unless some member of the room may not read it."""
import sqlalchemy as sa

from forum.extensions import db
from forum.models import Group, User
from forum.services import techniques
from tests.realtime.conftest import events, join, send


def _share(app, build, slug: str | None, title: str) -> int:
    with app.app_context():
        ana = db.session.scalar(sa.select(User).where(User.username == "ana"))
        group = db.session.scalar(sa.select(Group).where(Group.slug == slug)) if slug else None
        return techniques.share_technique(ana, group, title, "Steps", None, ["grounding"]).id


def test_a_linked_technique_arrives_as_a_card_in_the_broadcast_the_ack_and_the_history(people, connect, app, build):
    technique_id = _share(app, build, None, "Five senses")
    ana, ben = connect("ana"), connect("ben")
    join(ana), join(ben)
    ack = send(ana, f"This helps me: /techniques/{technique_id}")
    card = {"id": technique_id, "title": "Five senses", "tags": ["grounding"]}
    assert ack["message"]["technique"] == card
    assert events(ben, "message")[0]["technique"] == card
    assert join(connect("ben"))["messages"][-1]["technique"] == card
    assert send(ana, "no link here")["message"]["technique"] is None


def test_a_private_groups_technique_never_reaches_another_room_as_a_card(people, connect, app, build):
    build.group("hidden", "private", members=("ana",))
    technique_id = _share(app, build, "hidden", "Hidden trick")
    ana, ben = connect("ana"), connect("ben")
    join(ana), join(ben)
    ack = send(ana, f"/techniques/{technique_id}")
    assert ack["message"]["technique"] is None
    assert "Hidden trick" not in str(events(ben, "message"))
    assert "Hidden trick" not in str(join(connect("ben"))["messages"])
