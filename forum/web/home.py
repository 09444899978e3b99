"""The front page: every group, and the signed-in member's own."""
from __future__ import annotations

import sqlalchemy as sa
from flask import render_template
from flask_login import current_user

from forum.extensions import db
from forum.models import Membership
from forum.services import access, groups
from forum.web.common import page_blueprint

bp = page_blueprint("home", __name__)


@bp.get("/")
def index():
    """The list of groups, with the visitor's memberships marked."""
    return render_template("home/index.html", groups=groups.list_groups(), memberships=_memberships_by_group())


def _memberships_by_group() -> dict[int, Membership]:
    """The visitor's active and pending memberships keyed by group id, in one query.

    A read only; it belongs in forum.services.groups once that module offers it.
    """
    if not access.signed_in(current_user):
        return {}
    rows = db.session.scalars(
        sa.select(Membership).where(Membership.user_id == current_user.id, Membership.status.in_(("active", "pending")))
    )
    return {membership.group_id: membership for membership in rows}
