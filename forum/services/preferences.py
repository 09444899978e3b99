"""A member's reading preferences: which content themes (forum/themes.py) they want folded."""
from __future__ import annotations

from forum import themes
from forum.extensions import db
from forum.models import User
from forum.services import access
from forum.services.errors import Unauthorized


def collapsed_themes(user: User | None) -> list[str]:
    """The themes this reader folds; none for a visitor who is not signed in."""
    if not access.signed_in(user):
        return []
    return themes.from_text(user.collapsed_themes)


def set_collapsed_themes(user: User | None, chosen: object) -> list[str]:
    """Replace the themes the member folds (a list of THEMES keys; unknown ones are `invalid`)."""
    if not access.signed_in(user):
        raise Unauthorized("Sign in first.")
    cleaned = themes.clean_themes(chosen, field="collapsed_themes")
    user.collapsed_themes = themes.to_text(cleaned)
    db.session.commit()
    return cleaned
