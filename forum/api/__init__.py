"""The JSON API under /api/v1: parse, call one service, return JSON.

Authentication: `Authorization: Bearer <token>` (no CSRF token needed), or the web session
cookie (then the CSRF token is required on unsafe methods, as for forms).
"""
from __future__ import annotations

from flask import Blueprint, g, request
from flask_login import current_user

from forum.auth_loading import bearer_token
from forum.extensions import csrf
from forum.models import User
from forum.services import accounts
from forum.services.errors import Invalid, Unauthorized

bp = Blueprint("api", __name__, url_prefix="/api/v1")

UNSAFE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}


@bp.before_request
def authenticate() -> None:
    token = bearer_token()
    if token is not None:
        user = accounts.user_for_token(token)
        if user is None:
            raise Unauthorized("That API token is not valid (it may have been revoked).")
        g.api_user = user
        return
    g.api_user = current_user if current_user.is_authenticated else None
    if g.api_user is not None and request.method in UNSAFE_METHODS:
        csrf.protect()


def actor() -> User | None:
    """The member making this API call, or None when anonymous."""
    return g.get("api_user")


def json_body() -> dict:
    """The request's JSON object, or a 400 `invalid` error."""
    data = request.get_json(silent=True)
    if not isinstance(data, dict):
        raise Invalid("Send a JSON object with Content-Type: application/json.")
    return data


from forum.api import routes  # noqa: E402,F401  (registers the routes on bp)
