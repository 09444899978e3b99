from __future__ import annotations

from datetime import datetime
from typing import Optional

import sqlalchemy as sa
import sqlalchemy.orm as so

from forum.extensions import db
from forum.models.base import utcnow



class LoginSession(db.Model):
    """One sign-in from one browser. The cookie carries its random id; ending the row signs that browser out."""

    __tablename__ = "login_sessions"

    id: so.Mapped[str] = so.mapped_column(sa.String(64), primary_key=True)
    user_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    created_at: so.Mapped[datetime] = so.mapped_column(default=utcnow)
    last_seen_at: so.Mapped[datetime] = so.mapped_column(default=utcnow)
    ended_at: so.Mapped[Optional[datetime]] = so.mapped_column()
    ended_reason: so.Mapped[Optional[str]] = so.mapped_column(sa.String(32))
