"""Members' side of moderation: reporting, their own reports and outcomes, their notifications."""
from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from forum import payloads
from forum.services import notifications, reports
from forum.services.errors import RateLimited
from forum.web.common import INPUT_ERRORS, page_blueprint, show_error
from forum.web.forms import ReportForm

bp = page_blueprint("reports", __name__)


@bp.route("/report", methods=["GET", "POST"])
@login_required
def new():
    """Tell the moderators about a post, thread, room message, technique or member (?target_type=&target_id=)."""
    form = ReportForm(data=None if request.method == "POST" else {
        "target_type": request.args.get("target_type"),
        "target_id": request.args.get("target_id", type=int),
        "group": request.args.get("group") or "",
    })
    group = form.group.data or None
    target = reports.report_target(current_user, form.target_type.data, form.target_id.data, group)
    if form.validate_on_submit():
        try:
            filed = reports.file_report(current_user, target.type, target.id, form.reason.data, form.note.data, group)
        except (*INPUT_ERRORS, RateLimited) as error:  # the form comes back with what they wrote
            status = show_error(form, error)
            return render_template("reports/new.html", form=form, target=target), status
        flash("Thank you. A moderator will look at it; you can follow it here." if filed.created
              else "You reported this already; a moderator will look at it.", "success")
        return redirect(url_for(".mine"))
    return render_template("reports/new.html", form=form, target=target)


@bp.get("/me/reports")
@login_required
def mine():
    """The member's own reports and what came of them (never who decided)."""
    return render_template("reports/mine.html", reports=reports.my_reports(current_user), outcome=payloads.outcome)


@bp.get("/notifications")
@login_required
def inbox():
    """The member's notifications, the unread ones marked as new; opening the page marks them all read."""
    shown, unread = notifications.open_inbox(current_user)
    return render_template("reports/notifications.html", notifications=shown, unread=unread)


@bp.app_context_processor
def unread_notifications():
    """`unread_notifications()` for the header's badge on every page (asked only when a page shows it)."""
    return {"unread_notifications": lambda: notifications.unread_count(current_user)}
