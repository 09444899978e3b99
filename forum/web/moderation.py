"""The moderators' pages: the live queue, one item in context, decisions, and the audit log."""
from __future__ import annotations

from flask import Response, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from flask_wtf import FlaskForm

from forum.models.moderation import HELD_ACTIONS, ITEM_ACTIONS, MODERATION_ACTIONS, REPORT_REASONS
from forum.services import audit, moderation
from forum.services.errors import Conflict, Forbidden, Invalid, TooLong
from forum.services.moderators import moderated_groups
from forum.web.common import page_blueprint, show_error
from forum.web.forms import ResolveForm, RestoreForm

bp = page_blueprint("moderation", __name__, url_prefix="/mod")

DECISION_ERRORS = (Invalid, TooLong, Conflict, Forbidden)


def _filters() -> dict[str, str]:
    return {name: request.args.get(name, "") for name in ("group", "status", "reason", "view")}


@bp.get("/queue")
@login_required
def queue():
    """The queue of the groups the moderator looks after; new items arrive live (static/js/mod_queue.js)."""
    filters = _filters()
    args = (current_user, filters["group"], filters["status"], filters["reason"])
    by_member = moderation.queue_by_member(*args) if filters["view"] == "members" else None
    items = moderation.queue(*args) if by_member is None else []
    return render_template(
        "mod/queue.html", items=items, by_member=by_member, filters=filters,
        groups=moderated_groups(current_user), reasons=REPORT_REASONS,
    )


def _offer_fitting_decisions(form: ResolveForm, item) -> None:
    """A held item is approved or rejected; every other item takes the other actions."""
    fits = [value for value in MODERATION_ACTIONS if (value in HELD_ACTIONS) == item.is_held]
    form.action.choices = [choice for choice in form.action.choices if choice.value in fits]
    if form.action.data not in fits:
        form.action.data = fits[0]


def _item_page(item_id: int, form: ResolveForm, status: int = 200):
    review = moderation.review(current_user, item_id)
    _offer_fitting_decisions(form, review.item)
    return render_template(
        "mod/item.html", review=review, item=review.item, form=form, restore_form=RestoreForm(), reasons=REPORT_REASONS,
        actions=ITEM_ACTIONS,
    ), status


@bp.get("/items/<int:item_id>")
@login_required
def item(item_id: int):
    """One item: the snapshot, the reports, what surrounds it, the author's history, and the decision form."""
    return _item_page(item_id, ResolveForm())


@bp.post("/items/<int:item_id>/claim")
@login_required
def claim(item_id: int):
    """Take the item, so other moderators see who has it."""
    form = FlaskForm()
    if form.validate_on_submit():
        try:
            moderation.claim(current_user, item_id)
        except Conflict as error:
            flash(error.message, "info")
    return redirect(url_for(".item", item_id=item_id))


@bp.post("/items/<int:item_id>/resolve")
@login_required
def resolve(item_id: int):
    """Decide: one action with a reason the author is told."""
    form = ResolveForm()
    if not form.validate_on_submit():
        form.form_errors.append("The form could not be read; check the minutes and try again.")
        return _item_page(item_id, form, 422)
    try:
        moderation.resolve(current_user, item_id, form.action.data, form.reason.data, form.minutes.data)
    except DECISION_ERRORS as error:
        return _item_page(item_id, form, show_error(form, error))
    flash(f"Done: {MODERATION_ACTIONS.get(form.action.data, form.action.data)}.", "success")
    return redirect(url_for(".queue"))


@bp.post("/items/<int:item_id>/restore")
@login_required
def restore(item_id: int):
    """Undo a hide, with a reason the author is told."""
    form = RestoreForm()
    if form.validate_on_submit():
        try:
            moderation.restore(current_user, item_id, form.reason.data)
        except DECISION_ERRORS as error:
            flash(error.message, "info")
            return redirect(url_for(".item", item_id=item_id))
        flash("Restored: everyone can see it again.", "success")
    return redirect(url_for(".item", item_id=item_id))


@bp.get("/audit")
@login_required
def audit_log():
    """Every report and moderation action, newest first; search by member or moderator."""
    member, moderator = request.args.get("member", ""), request.args.get("moderator", "")
    entries = audit.search(current_user, member, moderator)
    return render_template("mod/audit.html", entries=entries, member=member, moderator=moderator)


@bp.get("/audit.csv")
@login_required
def audit_csv():
    """The audit log as a CSV file (site admins)."""
    text = audit.export_csv(current_user, request.args.get("member"), request.args.get("moderator"))
    return Response(text, mimetype="text/csv", headers={"Content-Disposition": "attachment; filename=audit-log.csv"})
