"""Site admins make a moderator a member again: recorded in the audit log, announced to the person's
own sockets only, and the queue is theirs no more."""
from __future__ import annotations

import pytest
import sqlalchemy as sa

from forum.extensions import db
from forum.models import AuditEntry
from forum.rooms import user_room
from forum.services import groups, moderation, rooms
from forum.services.errors import Forbidden, NotFound
from tests.support.moderation import user


def test_a_demoted_moderator_loses_the_queue_and_the_audit_log_says_who_did_it(app, mod_world, emitted):
    with app.app_context():
        garden = rooms.get_room_group("garden")
        membership = groups.demote_moderator(user("admin"), garden, "mod")
        assert (membership.role, membership.status) == ("member", "active")
        entry = db.session.scalar(sa.select(AuditEntry).where(AuditEntry.action == "demote"))
        assert (entry.actor.username, entry.member.username, entry.group_id) == ("admin", "mod", garden.id)
        with pytest.raises(Forbidden):
            moderation.queue(user("mod"))
        mod_room = user_room(user("mod").id)
    assert [(event.name, event.room) for event in emitted] == [("moderation_ended", mod_room)]


def test_only_site_admins_demote_and_only_moderators_can_be_demoted(app, mod_world):
    with app.app_context():
        garden = rooms.get_room_group("garden")
        with pytest.raises(Forbidden):
            groups.demote_moderator(user("mod"), garden, "mod")
        with pytest.raises(NotFound):
            groups.demote_moderator(user("admin"), garden, "ben")
