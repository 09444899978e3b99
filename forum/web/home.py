"""The front page: every group, and the signed-in member's own."""
from __future__ import annotations

from flask import render_template
from flask_login import current_user

from forum.services import groups
from forum.web.common import page_blueprint

bp = page_blueprint("home", __name__)


@bp.get("/")
def index():
    """The list of groups, with the visitor's memberships marked."""
    return render_template("home/index.html", groups=groups.list_groups(), memberships=groups.memberships_of(current_user))

