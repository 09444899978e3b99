"""Accounts: registration, sign-in, profile, password and personal API tokens."""
from __future__ import annotations

import hashlib
import re
import secrets

import sqlalchemy as sa
from werkzeug.security import check_password_hash, generate_password_hash

from forum.extensions import db
from forum.models import ApiToken, User
from forum.models.base import utcnow
from forum.services import sessions
from forum.services.access import find_by_id
from forum.services.errors import Conflict, Invalid, NotFound
from forum.services.validation import optional_line

USERNAME_PATTERN = re.compile(r"^[A-Za-z0-9_.-]{3,32}$")
MIN_PASSWORD = 10
MAX_PASSWORD = 200
TOKEN_PREFIX = "fsp_"
# Checked against when the username does not exist, so a miss costs as much as a wrong password.
_DUMMY_HASH = generate_password_hash("not-a-real-password")


def _username_key(username: str) -> str:
    return username.casefold()


def _check_password_rules(password: object, field: str = "password") -> str:
    if not isinstance(password, str) or len(password) < MIN_PASSWORD:
        raise Invalid(f"Choose a password of at least {MIN_PASSWORD} characters.", field=field)
    if len(password) > MAX_PASSWORD or "\x00" in password:
        raise Invalid(f"A password can be at most {MAX_PASSWORD} characters.", field=field)
    return password


def find_user(username: object) -> User | None:
    if not isinstance(username, str) or not USERNAME_PATTERN.match(username.strip()):
        return None
    return db.session.scalar(sa.select(User).where(User.username_key == _username_key(username.strip())))


def get_user_by_username(username: object) -> User:
    if not isinstance(username, str):
        raise Invalid("A username is text.", field="username")
    user = find_user(username)
    if user is None:
        raise NotFound("There is no member with that username.")
    return user


def register(username: object, password: object, email: object = None) -> User:
    """Create an account. The first account on a fresh install becomes the site administrator."""
    username = username.strip() if isinstance(username, str) else ""
    if not USERNAME_PATTERN.match(username):
        raise Invalid("A username is 3 to 32 letters, digits, '.', '_' or '-'.", field="username")
    _check_password_rules(password)
    email_text = optional_line(email, "email", "Email", 254)
    if email_text and ("@" not in email_text or " " in email_text):
        raise Invalid("That doesn't look like an email address.", field="email")
    if find_user(username) is not None:
        raise Conflict("That username is taken.", field="username")
    is_first = db.session.scalar(sa.select(sa.func.count()).select_from(User)) == 0
    user = User(
        username=username,
        username_key=_username_key(username),
        email=email_text or None,
        password_hash=generate_password_hash(password),
        is_site_admin=is_first,
    )
    db.session.add(user)
    try:
        db.session.commit()
    except sa.exc.IntegrityError:
        db.session.rollback()
        raise Conflict("That username is taken.", field="username") from None
    return user


def authenticate(username: object, password: object) -> User | None:
    """The user for these credentials, or None. Says nothing about which part was wrong."""
    user = find_user(username)
    candidate = password if isinstance(password, str) and len(password) <= MAX_PASSWORD else ""
    if user is None:
        check_password_hash(_DUMMY_HASH, candidate)
        return None
    if not check_password_hash(user.password_hash, candidate) or not user.is_active:
        return None
    return user


def change_password(user: User, current_password: object, new_password: object, keep_session_id: str | None = None) -> None:
    """Set a new password; every other session of the person ends (the one given stays signed in)."""
    if not isinstance(current_password, str) or not check_password_hash(user.password_hash, current_password):
        raise Invalid("Your current password is not right.", field="current_password")
    _check_password_rules(new_password, field="new_password")
    user.password_hash = generate_password_hash(new_password)
    sessions.end_other_sessions(user, keep_session_id, "password_changed")


def update_profile(user: User, display_name: object, pronouns: object, bio: object) -> User:
    user.display_name = optional_line(display_name, "display_name", "Display name", 64)
    user.pronouns = optional_line(pronouns, "pronouns", "Pronouns", 32)
    bio_text = bio if isinstance(bio, str) else ""
    if len(bio_text.strip()) > 500:
        raise Invalid("A bio can be at most 500 characters.", field="bio")
    user.bio = bio_text.replace("\x00", "").strip()
    db.session.commit()
    return user


def set_site_admin(username: str, password: str) -> User:
    """For `flask create-admin`: make (or promote) a site administrator."""
    user = find_user(username)
    if user is None:
        user = register(username, password)
    user.is_site_admin = True
    db.session.commit()
    return user


def _hash_token(plaintext: str) -> str:
    return hashlib.sha256(plaintext.encode()).hexdigest()


def create_token(user: User, name: object = "API token") -> tuple[ApiToken, str]:
    """A new personal token; the plaintext is returned once and never stored."""
    label = optional_line(name, "name", "Token name", 64) or "API token"
    plaintext = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(user_id=user.id, name=label, token_hash=_hash_token(plaintext))
    db.session.add(token)
    db.session.commit()
    return token, plaintext


def list_tokens(user: User) -> list[ApiToken]:
    return list(
        db.session.scalars(
            sa.select(ApiToken)
            .where(ApiToken.user_id == user.id, ApiToken.revoked_at.is_(None))
            .order_by(ApiToken.created_at.desc())
        )
    )


def revoke_token(user: User, token_id: int) -> None:
    token = find_by_id(ApiToken, token_id)
    if token is None or token.user_id != user.id or token.revoked_at is not None:
        raise NotFound("There is no such token.")
    token.revoked_at = utcnow()
    sessions.announce(user.id, "token_revoked", only=[sessions.token_credential(token.id)])
    db.session.commit()


def live_token(plaintext: str) -> ApiToken | None:
    """The unrevoked token of an active user with this plaintext, or None."""
    if not plaintext.startswith(TOKEN_PREFIX) or len(plaintext) > 100:
        return None
    token = db.session.scalar(
        sa.select(ApiToken).where(ApiToken.token_hash == _hash_token(plaintext), ApiToken.revoked_at.is_(None))
    )
    if token is None or not token.user.is_active:
        return None
    return token


def user_for_token(plaintext: str) -> User | None:
    """The active user a bearer token belongs to, or None."""
    token = live_token(plaintext)
    return token.user if token is not None else None
