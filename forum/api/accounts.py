"""Accounts and personal API tokens."""
from __future__ import annotations

from flask import jsonify

from forum import payloads
from forum.api import account_required, actor, bp, json_body
from forum.ratelimits import login_attempts, note_failed_login
from forum.services import account_deletion, accounts, export, preferences
from forum.services.errors import InvalidCredentials, WrongPassword


@bp.post("/accounts")
def register():
    """Create an account, with a first API token."""
    data = json_body()
    user = accounts.register(data.get("username"), data.get("password"), data.get("email"))
    token, secret = accounts.create_token(user)
    return jsonify(user=payloads.me(user), token=payloads.token(token, secret)), 201


@bp.post("/tokens")
@login_attempts
def create_token():
    """Trade a username and password for a new API token."""
    data = json_body()
    user = accounts.authenticate(data.get("username"), data.get("password"))
    if user is None:
        note_failed_login()
        raise InvalidCredentials("That username and password don't match an account.")
    token, secret = accounts.create_token(user, data.get("name"))
    return jsonify(token=payloads.token(token, secret)), 201


@bp.get("/tokens")
@account_required
def list_tokens():
    """The caller's tokens that still work."""
    return jsonify(tokens=[payloads.token(token) for token in accounts.list_tokens(actor())])


@bp.delete("/tokens/<int:token_id>")
@account_required
def revoke_token(token_id: int):
    """Revoke one of the caller's tokens; it stops working at once."""
    accounts.revoke_token(actor(), token_id)
    return "", 204


@bp.get("/me")
@account_required
def me():
    """The caller's own account."""
    return jsonify(user=payloads.me(actor()))


@bp.get("/me/export")
@account_required
def export_my_data():
    """Everything the caller wrote or set, as one JSON document."""
    return jsonify(export.export(actor())), 200, {"Cache-Control": "no-store"}


@bp.post("/me/delete")
@login_attempts
@account_required
def delete_me():
    """Delete the caller's account, confirmed with the password; content is keep or erase.
    A wrong password counts against the address's sign-in budget."""
    data = json_body()
    try:
        pseudonym = account_deletion.delete_account(actor(), data.get("password"), data.get("content"))
    except WrongPassword:
        note_failed_login()
        raise
    return jsonify(deleted=True, pseudonym=pseudonym, content=data["content"])


@bp.get("/me/preferences")
@account_required
def reading_preferences():
    """The caller's reading preferences: the content themes they want folded."""
    return jsonify(payloads.reading_preferences(preferences.collapsed_themes(actor())))


@bp.put("/me/preferences")
@account_required
def set_reading_preferences():
    """Replace the caller's reading preferences."""
    data = json_body()
    chosen = preferences.set_collapsed_themes(actor(), data.get("collapsed_themes", []))
    return jsonify(payloads.reading_preferences(chosen))
