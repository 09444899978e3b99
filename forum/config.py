"""Settings from environment variables, with safe embedded defaults (SQLite under instance/)."""
from __future__ import annotations

import os
import secrets
from datetime import timedelta
from pathlib import Path

from forum.safety import parse_crisis_resources


def _instance_secret(instance_path: Path) -> str:
    """A random secret key kept in instance/ so sessions survive restarts without any setup."""
    key_file = instance_path / "secret_key"
    if not key_file.exists():
        instance_path.mkdir(parents=True, exist_ok=True)
        key_file.write_text(secrets.token_hex(32))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


def _flag(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def load_config(instance_path: Path) -> dict:
    """Read the environment once, at app creation."""
    database_url = os.environ.get("DATABASE_URL") or f"sqlite:///{instance_path / 'forum.db'}"
    return {
        "SECRET_KEY": os.environ.get("SECRET_KEY") or _instance_secret(instance_path),
        "SQLALCHEMY_DATABASE_URI": database_url,
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
        # A sign-in ends after this long without a request, or this long after it began, whichever is first.
        "SESSION_IDLE_MINUTES": int(os.environ.get("SESSION_IDLE_MINUTES", 7 * 24 * 60)),
        "SESSION_ABSOLUTE_DAYS": int(os.environ.get("SESSION_ABSOLUTE_DAYS", 30)),
        "PERMANENT_SESSION_LIFETIME": timedelta(days=int(os.environ.get("SESSION_ABSOLUTE_DAYS", 30))),
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": _flag("SESSION_COOKIE_SECURE", False),
        "REMEMBER_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_SAMESITE": "Lax",
        "REMEMBER_COOKIE_SECURE": _flag("SESSION_COOKIE_SECURE", False),
        "MAX_CONTENT_LENGTH": int(os.environ.get("MAX_CONTENT_LENGTH", 256 * 1024)),
        "WTF_CSRF_TIME_LIMIT": None,
        "RATELIMIT_STORAGE_URI": os.environ.get("RATELIMIT_STORAGE_URI", "memory://"),
        "RATELIMIT_ENABLED": _flag("RATELIMIT_ENABLED", True),
        "LOGIN_RATE_LIMIT": os.environ.get("LOGIN_RATE_LIMIT", "6 per minute"),
        # A moving window per member: a short burst of room messages is fine, a flood is not.
        "ROOM_SEND_LIMIT": os.environ.get("ROOM_SEND_LIMIT", "5 per 5 seconds"),
        # Reports per member: enough for a bad evening in a busy group, not for a flood.
        "REPORT_RATE_LIMIT": os.environ.get("REPORT_RATE_LIMIT", "10 per 10 minutes"),
        "SOCKETIO_MESSAGE_QUEUE": os.environ.get("SOCKETIO_MESSAGE_QUEUE") or None,
        "ASYNC_MODE": os.environ.get("ASYNC_MODE", "threading"),
        "SOCKETIO_CORS_ALLOWED_ORIGINS": [
            origin.strip()
            for origin in os.environ.get("SOCKETIO_CORS_ALLOWED_ORIGINS", "").split(",")
            if origin.strip()
        ],
        "PAGE_SIZE": int(os.environ.get("PAGE_SIZE", 50)),
        # How many reverse proxies (nginx) stand in front: their X-Forwarded-* headers are trusted.
        "TRUSTED_PROXIES": int(os.environ.get("TRUSTED_PROXIES", 0)),
        # Help shown to the author of a post or message that matches a crisis rule (forum/safety.py).
        "CRISIS_RESOURCES": parse_crisis_resources(os.environ.get("CRISIS_RESOURCES")),
    }
