"""Rate limits shared by several routes."""
from __future__ import annotations

from flask import current_app, g

from forum.extensions import limiter


def note_failed_login() -> None:
    """Call when a sign-in attempt fails: only failures count against the address's limit."""
    g.login_failed = True


def _login_failed(_response) -> bool:
    return bool(g.get("login_failed"))


# One budget per address for the sign-in form and the API's token endpoint together:
# the 7th failed attempt within a minute is answered 429.
login_attempts = limiter.shared_limit(
    lambda: current_app.config["LOGIN_RATE_LIMIT"], scope="login", deduct_when=_login_failed
)
