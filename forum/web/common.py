"""What the page blueprints share: sign-in redirects, service errors shown on forms, safe `next` links."""
from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, flash, redirect, request, url_for
from flask_wtf import FlaskForm

from forum.extensions import db
from forum.services.errors import BlockedWord, Conflict, Invalid, ReplyBlocked, ServiceError, TooLong, Unauthorized

# Refusals about what was typed (or where it was to go): the form comes back with the message and
# the text kept. Every other ServiceError (403, 404, ...) becomes the error page, so nothing private
# leaks into a form.
INPUT_ERRORS = (Invalid, TooLong, Conflict, BlockedWord, ReplyBlocked)


def page_blueprint(name: str, import_name: str, **options) -> Blueprint:
    """A blueprint whose views send anonymous visitors to sign in when a service says Unauthorized."""
    bp = Blueprint(name, import_name, **options)
    bp.register_error_handler(Unauthorized, _send_to_sign_in)
    return bp


def _send_to_sign_in(error: Unauthorized):
    flash(error.message, "info")
    back = request.full_path.rstrip("?") if request.method == "GET" else None
    return redirect(url_for("auth.login", next=back))


def show_error(form: FlaskForm, error: ServiceError) -> int:
    """Put a service's message next to the field it names (or above the form); return its status.

    The service may have changed objects before refusing, so the session is rolled back first,
    as the app-wide ServiceError handler does.
    """
    db.session.rollback()
    field = form._fields.get(error.field) if error.field else None
    if field is None:
        form.form_errors.append(error.message)
    else:
        field.errors = [*field.errors, error.message]
    return error.status


def safe_next(default: str) -> str:
    """The `next` query parameter if it is a path on this site, else `default` (no open redirects)."""
    target = request.args.get("next", "")
    local = (
        target.startswith("/")
        and not target.startswith("//")
        and "\\" not in target
        and target.isprintable()
        and not any(char.isspace() for char in target)
        and not urlsplit(target).netloc
    )
    return target if local else default
