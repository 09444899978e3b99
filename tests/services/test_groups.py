import pytest
import sqlalchemy as sa

from forum.extensions import db
from forum.models import Group, User
from forum.services import groups, rooms
from forum.services.errors import Banned, Forbidden, Invalid, NotFound


def _user(name):
    return db.session.scalar(sa.select(User).where(User.username == name))


def _group(slug):
    return db.session.scalar(sa.select(Group).where(Group.slug == slug))


@pytest.fixture
def people(build):
    build.admin("admin")
    build.user("ana")
    build.user("mod")


def test_only_site_admins_open_groups_and_the_agreement_is_rendered_safely(ctx, people):
    with pytest.raises(Forbidden):
        groups.create_group(_user("ana"), "mine", "Mine", "", "Be kind.", "public")
    group = groups.create_group(_user("admin"), "Circle", "Circle", "", "**Be kind.** <script>x</script>", "public")
    assert group.slug == "circle"
    assert "<strong>Be kind.</strong>" in group.agreement_html and "<script" not in group.agreement_html


@pytest.mark.parametrize("slug", ["new", "-bad", "Has Space", "x" * 65, ""])
def test_unusable_slugs_are_refused(ctx, people, slug):
    with pytest.raises(Invalid):
        groups.create_group(_user("admin"), slug, "Name", "", "Be kind.", "public")


def test_joining_needs_the_agreement_accepted_and_records_when(ctx, people, build):
    build.group("open")
    with pytest.raises(Invalid):
        groups.join_group(_user("ana"), _group("open"), accept_agreement=False)
    membership = groups.join_group(_user("ana"), _group("open"), accept_agreement=True)
    assert membership.status == "active" and membership.agreement_accepted_at is not None


def test_private_groups_take_requests_that_their_moderators_decide(ctx, people, build):
    build.group("quiet", visibility="private", moderators=("mod",))
    assert groups.join_group(_user("ana"), _group("quiet"), True).status == "pending"
    with pytest.raises(Forbidden):
        groups.pending_requests(_user("ana"), _group("quiet"))
    assert [m.user.username for m in groups.pending_requests(_user("mod"), _group("quiet"))] == ["ana"]
    groups.decide_request(_user("mod"), _group("quiet"), "ana", approve=True)
    assert groups.memberships_of(_user("ana"))[_group("quiet").id].status == "active"
    with pytest.raises(NotFound):
        groups.decide_request(_user("mod"), _group("quiet"), "ana", approve=False)


def test_a_member_can_leave(ctx, people, build):
    build.group("open", members=("ana",))
    groups.leave_group(_user("ana"), _group("open"))
    assert groups.memberships_of(_user("ana")) == {}


def test_a_banned_member_can_neither_leave_to_wipe_the_ban_nor_join_again(ctx, people, build):
    build.group("open", members=("ana",))
    membership = groups.memberships_of(_user("ana"))[_group("open").id]
    membership.status = "banned"
    db.session.commit()
    with pytest.raises(Banned):
        groups.leave_group(_user("ana"), _group("open"))
    with pytest.raises(Banned):
        groups.join_group(_user("ana"), _group("open"), True)


def test_an_appointed_moderator_may_enter_the_room_and_accepting_later_is_recorded(ctx, people, build):
    build.group("open", moderators=("mod",))
    assert rooms.require_room_member(_user("mod"), _group("open")).is_moderator
    assert groups.join_group(_user("mod"), _group("open"), True).agreement_accepted_at is not None
