import pytest
import sqlalchemy as sa

from forum.extensions import db
from forum.models import Group, Technique, TechniqueMark, User
from forum.services import techniques
from forum.services.errors import Forbidden, Invalid, NotFound, NotMember, Unauthorized


def _user(name):
    return db.session.scalar(sa.select(User).where(User.username == name))


def _group(slug):
    return db.session.scalar(sa.select(Group).where(Group.slug == slug))


@pytest.fixture
def people(build):
    for name in ("ana", "ben", "outsider"):
        build.user(name)
    build.group("circle", members=("ana", "ben"))
    build.group("quiet", "private", members=("ana",))


def _share(name="ana", slug=None, title="Box breathing", tags=("anxiety",), steps="In for **four**."):
    group = _group(slug) if slug else None
    return techniques.share_technique(_user(name), group, title, steps, "when panic rises", list(tags))


def test_a_shared_technique_keeps_its_rendered_steps_and_tags(ctx, people):
    technique = _share(tags=("sleep", "anxiety"))
    assert technique.steps_html == "<p>In for <strong>four</strong>.</p>\n"
    assert technique.tags == ["anxiety", "sleep"]
    assert technique.group is None and technique.author.username == "ana"


@pytest.mark.parametrize("tags", [["not-a-tag"], "anxiety, sleep", [1], ["anxiety", "sleep", "anger", "panic", "stress", "grounding"]])
def test_tags_come_from_the_fixed_list(ctx, people, tags):
    with pytest.raises(Invalid):
        techniques.share_technique(_user("ana"), None, "Title", "Steps", None, tags)


def test_only_members_share_in_a_group_and_outsiders_of_a_private_group_find_nothing(ctx, people):
    with pytest.raises(NotMember):
        _share("outsider", "circle")
    with pytest.raises(NotFound):
        _share("outsider", "quiet")
    with pytest.raises(Unauthorized):
        techniques.share_technique(None, None, "Title", "Steps")


def test_a_private_groups_technique_is_missing_for_non_members(ctx, people):
    technique_id = _share("ana", "quiet").id
    with pytest.raises(NotFound):
        techniques.get_readable_technique(_user("ben"), technique_id)
    with pytest.raises(NotFound):
        techniques.list_techniques(_user("ben"), _group("quiet"), None, None, None, 20)
    assert techniques.get_readable_technique(_user("ana"), technique_id).id == technique_id


def test_marks_count_once_per_member_and_can_be_taken_back(ctx, people):
    technique = _share()
    ben, outsider = _user("ben"), _user("outsider")
    techniques.set_mark(ben, technique, "helped", True)
    techniques.set_mark(ben, technique, "helped", True)
    techniques.set_mark(outsider, technique, "helped", True)
    assert techniques.set_mark(outsider, technique, "tried", True) == {"tried": 1, "helped": 2}
    assert techniques.set_mark(ben, technique, "helped", False) == {"tried": 1, "helped": 1}
    assert techniques.my_marks(ben, technique) == set()
    assert techniques.my_marks(outsider, technique) == {"tried", "helped"}
    assert db.session.scalar(sa.select(sa.func.count()).select_from(TechniqueMark)) == 2
    with pytest.raises(Invalid):
        techniques.set_mark(ben, technique, "loved", True)


def test_library_sorts_by_most_helpful_or_newest_and_filters_by_tag(ctx, people):
    calm = _share(title="Calm", tags=("anxiety",))
    walk = _share(title="Walk", tags=("cravings",))
    sleep = _share(title="Sleep early", tags=("sleep", "anxiety"))
    techniques.set_mark(_user("ben"), walk, "helped", True)
    ana = _user("ana")

    def titles(sort, tag=None):
        return [t.title for t in techniques.list_techniques(ana, None, sort, tag, None, 20).items]

    assert titles("helpful")[0] == "Walk"
    assert titles("newest") == ["Sleep early", "Walk", "Calm"]
    assert titles("newest", "anxiety") == ["Sleep early", "Calm"]
    assert {calm.id, sleep.id} == {t.id for t in techniques.list_techniques(ana, None, "newest", "anxiety", 1, 20).items}
    with pytest.raises(Invalid):
        titles("loudest")
    with pytest.raises(Invalid):
        techniques.list_techniques(ana, None, None, None, "999", 20)


def test_site_wide_and_group_libraries_are_separate(ctx, people):
    _share(title="Everyone's")
    _share(slug="circle", title="Circle's")
    ben = _user("ben")
    assert [t.title for t in techniques.list_techniques(ben, None, None, None, None, 20).items] == ["Everyone's"]
    assert [t.title for t in techniques.list_techniques(ben, _group("circle"), None, None, None, 20).items] == ["Circle's"]


def test_toolkit_is_private_and_drops_what_the_member_can_no_longer_read(ctx, people, build):
    site = _share(title="Site")
    private = _share(slug="quiet", title="Quiet one")
    ana = _user("ana")
    techniques.save_to_toolkit(ana, site, True)
    techniques.save_to_toolkit(ana, private, True)
    techniques.save_to_toolkit(ana, private, True)
    assert [t.title for t in techniques.toolkit(ana, None, 20).items] == ["Quiet one", "Site"]
    assert techniques.toolkit(_user("ben"), None, 20).items == []
    with pytest.raises(NotFound):
        techniques.save_to_toolkit(_user("ben"), private, True)

    db.session.execute(sa.text("DELETE FROM memberships WHERE user_id = :id AND group_id = :g"),
                       {"id": ana.id, "g": private.group_id})
    db.session.commit()
    assert [t.title for t in techniques.toolkit(ana, None, 20).items] == ["Site"]
    techniques.save_to_toolkit(ana, site, False)
    assert techniques.toolkit(ana, None, 20).items == []


def test_linked_techniques_show_only_what_every_reader_of_the_place_may_read(ctx, people):
    site = _share(title="Site")
    circle = _share(slug="circle", title="Circle")
    quiet = _share(slug="quiet", title="Quiet")
    text = f"Try /techniques/{site.id} and http://x/techniques/{circle.id} or /techniques/{quiet.id} /techniques/99999"
    assert techniques.linked_technique_ids(text) == [site.id, circle.id, quiet.id]

    in_circle = techniques.linked_techniques({1: text, 2: "nothing linked"}, _group("circle"))
    assert [t.title for t in in_circle[1]] == ["Site", "Circle"]
    assert 2 not in in_circle
    in_quiet = techniques.linked_techniques({1: text}, _group("quiet"))
    assert [t.title for t in in_quiet[1]] == ["Site", "Circle", "Quiet"]
    assert techniques.linked_technique_ids("/techniques/12abc /techniques/0 x/techniques/4") == []


def test_deleting_a_technique_row_removes_it_from_search_too(ctx, people):
    from forum.services import search
    technique = _share(title="Zebra breathing")
    assert [h.id for h in search.search(_user("ben"), "zebra", None, 20).hits] == [technique.id]
    db.session.delete(db.session.get(Technique, technique.id))
    db.session.commit()
    assert search.search(_user("ben"), "zebra", None, 20).hits == []


def test_the_author_edits_a_technique_keeping_its_marks_and_the_tags_that_stay(ctx, people):
    technique = _share(tags=("anxiety", "sleep"))
    techniques.set_mark(_user("ben"), technique, "helped", True)
    edited = techniques.edit_technique(_user("ana"), technique.id, "Square breathing", "Out for *four*.", "", ["sleep", "panic"])
    db.session.expire_all()
    stored = db.session.get(Technique, edited.id)
    assert (stored.title, stored.tags, stored.helped_count) == ("Square breathing", ["panic", "sleep"], 1)
    assert stored.steps_html == "<p>Out for <em>four</em>.</p>\n"


def test_only_the_author_edits_or_deletes_and_those_who_cannot_read_it_find_nothing(ctx, people):
    technique_id = _share("ana", "quiet").id
    with pytest.raises(NotFound):
        techniques.delete_technique(_user("ben"), technique_id)
    site_wide = _share("ana").id
    with pytest.raises(Forbidden):
        techniques.edit_technique(_user("ben"), site_wide, "Mine now", "Steps")
    with pytest.raises(Unauthorized):
        techniques.delete_technique(None, site_wide)
    assert db.session.get(Technique, site_wide).title == "Box breathing"


def test_deleting_a_technique_takes_everyones_marks_and_saves_of_it(ctx, people):
    technique = _share()
    technique_id = technique.id
    techniques.set_mark(_user("ben"), technique, "tried", True)
    techniques.save_to_toolkit(_user("ben"), technique, True)
    techniques.delete_technique(_user("ana"), technique_id)
    assert db.session.get(Technique, technique_id) is None
    assert db.session.scalar(sa.select(sa.func.count(TechniqueMark.id))) == 0
    assert techniques.toolkit(_user("ben"), None, 20).items == []
