"""Shared techniques are reportable: a group's go to its moderators, a site-wide one to the site
admins; hiding keeps it for its author and moderators, removing takes it from everyone, restoring
brings it back."""
from __future__ import annotations

import pytest

from forum.extensions import db
from forum.models import Group, ModerationItem
from forum.services import moderation, techniques
from forum.services.errors import NotFound
from tests.support.moderation import report, resolve, user


def _share(app, slug: str | None, title: str = "Box breathing") -> int:
    with app.app_context():
        group = db.session.query(Group).filter_by(slug=slug).one() if slug else None
        return techniques.share_technique(user("ana"), group, title, "Breathe in for four, hold for four.").id


def _visible_to(app, username: str, technique_id: int, slug: str | None) -> tuple[bool, bool]:
    """(its page opens, it is in the library list) for `username`."""
    with app.app_context():
        group = db.session.query(Group).filter_by(slug=slug).one() if slug else None
        try:
            techniques.get_readable_technique(user(username), technique_id)
            opens = True
        except NotFound:
            opens = False
        listed = technique_id in [t.id for t in techniques.list_techniques(user(username), group, "newest", None, 1, 50).items]
        return opens, listed


def test_a_group_technique_goes_to_that_groups_moderators(app, mod_world):
    technique_id = _share(app, "garden")
    item_id = report(app, "ben", "technique", technique_id, "spam")
    with app.app_context():
        item = db.session.get(ModerationItem, item_id)
        assert (item.target_type, item.group.slug, item.snapshot_title) == ("technique", "garden", "Box breathing")
        assert [i.id for i in moderation.queue(user("mod"))] == [item_id]
        assert moderation.queue(user("othermod")) == []


def test_a_site_wide_technique_goes_to_the_site_admins_only(app, mod_world):
    technique_id = _share(app, None)
    item_id = report(app, "ben", "technique", technique_id, "spam")
    with app.app_context():
        assert db.session.get(ModerationItem, item_id).group is None
        assert [i.id for i in moderation.queue(user("admin"))] == [item_id]
        assert moderation.queue(user("mod")) == []


def test_hide_restore_and_remove_a_technique(app, mod_world):
    technique_id = _share(app, "garden")
    item_id = report(app, "ben", "technique", technique_id, "unsolicited_advice")
    resolve(app, "mod", item_id, "hide", "Let's look at this together.")
    assert _visible_to(app, "cara", technique_id, "garden") == (False, False)
    assert _visible_to(app, "ana", technique_id, "garden") == (True, False)
    assert _visible_to(app, "mod", technique_id, "garden") == (True, False)
    with app.app_context():
        moderation.restore(user("mod"), item_id, "On a second look it's fine.")
    assert _visible_to(app, "cara", technique_id, "garden") == (True, True)

    resolve(app, "mod", report(app, "cara", "technique", technique_id, "spam"), "remove", "Advertising.")
    assert _visible_to(app, "ana", technique_id, "garden") == (False, False)


def test_a_technique_the_reporter_cannot_read_cannot_be_reported(app, mod_world):
    technique_id = _share(app, "quiet")
    with pytest.raises(NotFound):
        report(app, "ben", "technique", technique_id)
