"""The JSON API under /api/v1: parse, call one service, return JSON.

Authentication: `Authorization: Bearer <token>` (no CSRF token needed), or the web session
cookie (then the CSRF token is required on unsafe methods, as for forms, unless
WTF_CSRF_ENABLED is off).
"""
from __future__ import annotations

from functools import wraps

from flask import Blueprint, current_app, g, request
from flask_login import current_user

from forum.auth_loading import bearer_token
from forum.extensions import csrf
from forum.models import User
from forum.services import access
from forum.services.accounts import user_for_token
from forum.services.errors import ServiceError, Unauthorized

bp = Blueprint("api", __name__, url_prefix="/api/v1")

UNSAFE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}


class MalformedRequest(ServiceError):
    code, status = "invalid", 400


@bp.before_request
def authenticate() -> None:
    token = bearer_token()
    if token is not None:
        user = user_for_token(token)
        if user is None:
            raise Unauthorized("That API token is not valid (it may have been revoked).")
        g.api_user = user
        return
    g.api_user = current_user if current_user.is_authenticated else None
    # csrf.protect() validates whatever the setting; honour it as the forms do.
    if g.api_user is not None and request.method in UNSAFE_METHODS and current_app.config["WTF_CSRF_ENABLED"]:
        csrf.protect()


def actor() -> User | None:
    """The member making this API call, or None when anonymous."""
    return g.get("api_user")


def account_required(view):
    """Answer 401 `unauthorized` before anything else when the caller has no active account."""

    @wraps(view)
    def wrapper(*args, **kwargs):
        if not access.signed_in(actor()):
            raise Unauthorized("Sign in first, or send an API token.")
        return view(*args, **kwargs)

    return wrapper


def json_body() -> dict:
    """The request's JSON object, or a 400 `invalid` error."""
    try:
        data = request.get_json(silent=True)
    except RecursionError:  # nested deeper than the parser can follow
        data = None
    if not isinstance(data, dict):
        raise MalformedRequest("Send a JSON object with Content-Type: application/json.")
    return data


def page_size() -> int:
    return current_app.config["PAGE_SIZE"]


from forum.api import accounts, blocks, goals, groups, moderation, openapi, techniques, threads  # noqa: E402,F401  (they register their routes on bp)
from forum.api import notifications  # noqa: E402,F401
