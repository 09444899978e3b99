from __future__ import annotations

from datetime import datetime
from typing import Optional

import sqlalchemy as sa
import sqlalchemy.orm as so
from flask_login import UserMixin

from forum.extensions import db
from forum.models.base import utcnow


class User(UserMixin, db.Model):
    __tablename__ = "users"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    username: so.Mapped[str] = so.mapped_column(sa.String(32))
    # casefolded username: the unique key, so "Sam" and "sam" cannot both exist
    username_key: so.Mapped[str] = so.mapped_column(sa.String(32), unique=True)
    email: so.Mapped[Optional[str]] = so.mapped_column(sa.String(254))
    password_hash: so.Mapped[str] = so.mapped_column(sa.String(255))
    display_name: so.Mapped[str] = so.mapped_column(sa.String(64), default="")
    pronouns: so.Mapped[str] = so.mapped_column(sa.String(32), default="")
    bio: so.Mapped[str] = so.mapped_column(sa.String(500), default="")
    is_site_admin: so.Mapped[bool] = so.mapped_column(default=False)
    is_suspended: so.Mapped[bool] = so.mapped_column(default=False)
    # comma-separated keys of forum/themes.py THEMES this member wants folded when they read
    collapsed_themes: so.Mapped[str] = so.mapped_column(sa.String(200), default="", server_default="")
    created_at: so.Mapped[datetime] = so.mapped_column(default=utcnow)
    # Set when the member deleted their account: the row stays, as "former member N", with no identity.
    deleted_at: so.Mapped[Optional[datetime]] = so.mapped_column()

    @property
    def is_active(self) -> bool:  # Flask-Login refuses inactive users
        return not self.is_suspended and self.deleted_at is None

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None

    @property
    def shown_name(self) -> str:
        return self.display_name or self.username

    def __repr__(self) -> str:
        return f"<User {self.username}>"


class ApiToken(db.Model):
    """A personal API token; only its SHA-256 is stored, the plaintext is shown once."""

    __tablename__ = "api_tokens"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    user_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    name: so.Mapped[str] = so.mapped_column(sa.String(64))
    token_hash: so.Mapped[str] = so.mapped_column(sa.String(64), unique=True)
    created_at: so.Mapped[datetime] = so.mapped_column(default=utcnow)
    revoked_at: so.Mapped[Optional[datetime]] = so.mapped_column()

    user: so.Mapped[User] = so.relationship()
