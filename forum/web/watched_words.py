"""Watched-word lists: the site-wide one (site admins) and each group's (its moderators)."""
from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_login import current_user, login_required

from forum.models import Group
from forum.services import access, watched_words
from forum.web.common import INPUT_ERRORS, page_blueprint, show_error
from forum.web.forms import WatchedWordForm

bp = page_blueprint("watched_words", __name__)


@bp.route("/admin/watched-words", methods=["GET", "POST"])
@login_required
def site():
    """Site admins: the rules that apply in every group."""
    return _rules_page(None)


@bp.route("/groups/<slug>/watched-words", methods=["GET", "POST"])
@login_required
def group(slug: str):
    """A group's moderators: the rules for their group (site-wide ones shown too)."""
    group = access.get_group(slug)
    access.require_reader(current_user, group, missing="There is no such group.")
    return _rules_page(group)


@bp.post("/watched-words/<int:rule_id>/delete")
@login_required
def delete(rule_id: int):
    """Remove a rule from its list."""
    rule = watched_words.get_rule(current_user, rule_id)
    group = rule.group
    watched_words.delete_rule(current_user, rule)
    flash(f"“{rule.pattern}” is no longer watched.", "success")
    return redirect(_list_url(group))


def _list_url(group: Group | None) -> str:
    return url_for(".group", slug=group.slug) if group else url_for(".site")


def _rules_page(group: Group | None):
    watched_words.require_rule_keeper(current_user, group)
    form = WatchedWordForm()
    status = 200
    if form.validate_on_submit():
        try:
            rule = watched_words.add_rule(
                current_user, group, form.pattern.data, bool(form.is_regex.data), form.action.data
            )
        except INPUT_ERRORS as error:
            status = show_error(form, error)
        else:
            flash(f"“{rule.pattern}” is now watched.", "success")
            return redirect(_list_url(group))
    own, inherited = watched_words.list_rules(current_user, group)
    html = render_template(
        "watched_words/list.html", group=group, form=form, rules=own, site_rules=inherited,
        may_use_regex=current_user.is_site_admin,
    )
    return html, status
