"""Create an account, sign in, sign out."""
from __future__ import annotations

from flask import flash, redirect, render_template, url_for

from forum.auth_loading import sign_in, sign_out
from forum.ratelimits import login_attempts, note_failed_login
from forum.services import accounts
from forum.web.common import INPUT_ERRORS, page_blueprint, safe_next, show_error
from forum.web.forms import LoginForm, RegisterForm

bp = page_blueprint("auth", __name__)

# The same words whether the username exists or not, so the form can't be used to find accounts.
LOGIN_FAILED = "That username and password don't match."


@bp.route("/register", methods=["GET", "POST"])
def register():
    """Create an account and sign in with it."""
    form = RegisterForm()
    if form.validate_on_submit():
        try:
            user = accounts.register(form.username.data, form.password.data, form.email.data or None)
        except INPUT_ERRORS as error:
            status = show_error(form, error)
            return render_template("auth/register.html", form=form), status
        sign_in(user)
        flash(f"Welcome, {user.username}. You are signed in.", "success")
        return redirect(safe_next(url_for("home.index")))
    return render_template("auth/register.html", form=form)


@bp.route("/login", methods=["GET", "POST"])
@login_attempts
def login():
    """Sign in; only failed attempts count against the address's rate limit."""
    form = LoginForm()
    if form.validate_on_submit():
        user = accounts.authenticate(form.username.data, form.password.data)
        if user is not None:
            sign_in(user)
            return redirect(safe_next(url_for("home.index")))
        note_failed_login()
        form.form_errors.append(LOGIN_FAILED)
        return render_template("auth/login.html", form=form), 401
    return render_template("auth/login.html", form=form)


@bp.post("/logout")
def logout():
    """Sign out (POST only, so another site can't sign you out with a link); live sockets close too."""
    sign_out()
    flash("You are signed out.", "info")
    return redirect(url_for("home.index"))
