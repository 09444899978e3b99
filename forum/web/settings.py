"""Your own account: profile, password, where you are signed in, personal API tokens, blocked members,
reading preferences, notifications, your data (export) and deleting the account."""
from __future__ import annotations

from flask import Response, current_app, flash, redirect, render_template, url_for
from flask_login import current_user, login_required

from forum.auth_loading import current_session_id, sign_out
from forum.ratelimits import login_attempts, note_failed_login
from forum.services import account_deletion, accounts, blocks, export, notifications, preferences, sessions
from forum.services.errors import NotFound, WrongPassword
from forum.web.common import INPUT_ERRORS, page_blueprint, safe_next, show_error
from forum.web.forms import (
    BlockForm, DeleteAccountForm, NotificationSettingsForm, PasswordForm, ProfileForm, ReadingForm, TokenForm,
)

bp = page_blueprint("settings", __name__, url_prefix="/settings")


@bp.route("/profile", methods=["GET", "POST"])
@login_required
def profile():
    """Display name, pronouns and a short bio."""
    form = ProfileForm(obj=current_user)
    if form.validate_on_submit():
        try:
            accounts.update_profile(current_user, form.display_name.data, form.pronouns.data, form.bio.data)
        except INPUT_ERRORS as error:
            status = show_error(form, error)
            return render_template("settings/profile.html", form=form), status
        flash("Your profile is saved.", "success")
        return redirect(url_for(".profile"))
    return render_template("settings/profile.html", form=form)


@bp.route("/password", methods=["GET", "POST"])
@login_required
def password():
    """Change the password, confirming the current one."""
    form = PasswordForm()
    if form.validate_on_submit():
        try:
            accounts.change_password(
                current_user, form.current_password.data, form.new_password.data, keep_session_id=current_session_id()
            )
        except INPUT_ERRORS as error:
            status = show_error(form, error)
            return render_template("settings/password.html", form=form), status
        flash("Your password is changed. Every other browser signed in as you is now signed out.", "success")
        return redirect(url_for(".password"))
    return render_template("settings/password.html", form=form)


@bp.get("/sessions")
@login_required
def sessions_page():
    """Where you are signed in, with a way out everywhere."""
    idle_minutes = current_app.config["SESSION_IDLE_MINUTES"]
    idle_for = f"{idle_minutes // 1440} days" if idle_minutes % 1440 == 0 else f"{idle_minutes} minutes"
    return render_template(
        "settings/sessions.html",
        sessions=sessions.live_sessions(current_user),
        this_session=current_session_id(),
        idle_for=idle_for,
    )


@bp.post("/sessions/others/end")
@login_required
def end_other_sessions():
    """Sign out every other browser; this one stays signed in."""
    sessions.end_other_sessions(current_user, current_session_id(), "signed_out_elsewhere")
    flash("Every other browser signed in as you is now signed out.", "success")
    return redirect(url_for(".sessions_page"))


@bp.post("/sessions/end")
@login_required
def end_all_sessions():
    """Sign out everywhere, this browser included, and close every live connection."""
    sessions.end_all_sessions(current_user, "signed_out_everywhere")
    sign_out()
    flash("You are signed out everywhere.", "info")
    return redirect(url_for("home.index"))


@bp.get("/tokens")
@login_required
def tokens():
    """The personal API tokens that still work."""
    return _tokens_page(TokenForm())


@bp.post("/tokens")
@login_required
def create_token():
    """Make a token and show its plaintext this once; only its hash is kept."""
    form = TokenForm()
    try:
        _token, plaintext = accounts.create_token(current_user, form.name.data)
    except INPUT_ERRORS as error:
        status = show_error(form, error)
        return _tokens_page(form, status=status)
    return _tokens_page(TokenForm(formdata=None), new_token=plaintext)


@bp.post("/tokens/<int:token_id>/revoke")
@login_required
def revoke_token(token_id: int):
    """Stop a token from working."""
    accounts.revoke_token(current_user, token_id)
    flash("The token is revoked; it no longer works.", "success")
    return redirect(url_for(".tokens"))


def _tokens_page(form: TokenForm, new_token: str | None = None, status: int = 200):
    page = render_template(
        "settings/tokens.html", form=form, tokens=accounts.list_tokens(current_user), new_token=new_token
    )
    return page, status, {"Cache-Control": "no-store"}


@bp.get("/blocks")
@login_required
def blocks_page():
    """The members you blocked, each with an unblock button."""
    return _blocks_page(BlockForm())


@bp.post("/blocks")
@login_required
def block():
    """Block a member (from this page, or from the menu on one of their posts)."""
    form = BlockForm()
    try:
        blocked, _new = blocks.block_member(current_user, form.username.data)
    except (*INPUT_ERRORS, NotFound) as error:  # NotFound here: no account has that username
        status = show_error(form, error)
        return _blocks_page(form, status)
    flash(f"You blocked {blocked.blocked.shown_name}. Their posts and messages are folded away for you.", "success")
    return redirect(safe_next(url_for(".blocks_page")))


@bp.post("/blocks/<username>/unblock")
@login_required
def unblock(username: str):
    """Lift a block."""
    member = blocks.unblock_member(current_user, username)
    flash(f"You unblocked {member.shown_name}.", "success")
    return redirect(safe_next(url_for(".blocks_page")))


def _blocks_page(form: BlockForm, status: int = 200):
    return render_template("settings/blocks.html", form=form, blocks=blocks.list_blocks(current_user)), status


@bp.route("/notifications", methods=["GET", "POST"])
@login_required
def notifications_page():
    """Which kinds of notification to receive; moderators' decisions always arrive."""
    form = NotificationSettingsForm(data=notifications.preferences(current_user))
    if form.validate_on_submit():
        notifications.set_preferences(current_user, {kind: form[kind].data for kind in notifications.CHOICES})
        flash("Your notification settings are saved.", "success")
        return redirect(url_for(".notifications_page"))
    return render_template("settings/notifications.html", form=form)


@bp.get("/data")
@login_required
def data_page():
    """Your data: download everything you wrote or set, or delete the account."""
    return render_template("settings/data.html")


@bp.get("/data/export.zip")
@login_required
def export_data():
    """A zip of export.json and export.html: everything the member wrote or set."""
    archive = export.export_zip(current_user)
    return Response(
        archive,
        mimetype="application/zip",
        headers={"Content-Disposition": "attachment; filename=forum-export.zip", "Cache-Control": "no-store"},
    )


@bp.route("/delete", methods=["GET", "POST"])
@login_attempts
@login_required
def delete_account():
    """Delete the account, after saying what happens, with the password as confirmation (a wrong one
    counts against the address's sign-in budget)."""
    form = DeleteAccountForm()
    if form.validate_on_submit():
        try:
            account_deletion.delete_account(current_user, form.password.data, form.content.data)
        except (*INPUT_ERRORS, WrongPassword) as error:
            if isinstance(error, WrongPassword):
                note_failed_login()
            status = show_error(form, error)
            return render_template("settings/delete.html", form=form), status
        sign_out()
        flash("Your account is deleted. Thank you for having been part of the forum; take care.", "info")
        return redirect(url_for("home.index"))
    return render_template("settings/delete.html", form=form)


@bp.route("/reading", methods=["GET", "POST"])
@login_required
def reading():
    """Which content themes to fold, in threads and live rooms alike."""
    form = ReadingForm()
    if form.validate_on_submit():
        try:
            preferences.set_collapsed_themes(current_user, form.collapsed_themes.data)
        except INPUT_ERRORS as error:
            status = show_error(form, error)
            return render_template("settings/reading.html", form=form), status
        flash("Your reading preferences are saved.", "success")
        return redirect(url_for(".reading"))
    form.collapsed_themes.data = preferences.collapsed_themes(current_user)
    return render_template("settings/reading.html", form=form)
