"""Settings from environment variables, with safe embedded defaults (SQLite under instance/).

Every variable read here is listed in docs/CONFIG.md (a test checks it). In production mode
(`FORUM_ENV=production`) `check_production` refuses settings that are only fit for a laptop.
"""
from __future__ import annotations

import os
import secrets
from datetime import timedelta
from pathlib import Path

from forum.safety import parse_crisis_resources

# Secret keys that appear in this repository (tests, docs) or are typical placeholders.
KNOWN_DEV_SECRETS = {"dev", "secret", "change-me", "changeme", "test-secret", "live-server-test-secret"}
MIN_SECRET_LENGTH = 32


class ConfigError(RuntimeError):
    """The configuration is not safe to run with; the message says what to set."""


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


def _list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def _engine_options(database_url: str) -> dict:
    """Connections per process to a database server.

    Under gevent every live event holds a connection while it waits on the database; SQLAlchemy's
    default pool (5, and 10 more under load) queued a busy room's sends behind each other.
    """
    if database_url.startswith("sqlite"):
        return {"pool_pre_ping": True}
    return {
        "pool_pre_ping": True,
        "pool_size": int(os.environ.get("DATABASE_POOL_SIZE", 10)),
        "max_overflow": int(os.environ.get("DATABASE_MAX_OVERFLOW", 20)),
    }


def load_config(instance_path: Path) -> dict:
    """Read the environment once, at app creation."""
    database_url = os.environ.get("DATABASE_URL") or f"sqlite:///{instance_path / 'forum.db'}"
    environment = os.environ.get("FORUM_ENV", "development")
    # In production the key must come from the environment: a key file per machine breaks multi-process setups.
    secret_key = os.environ.get("SECRET_KEY") or (None if environment == "production" else _instance_secret(instance_path))
    return {
        "FORUM_ENV": environment,
        "SECRET_KEY": secret_key,
        "SQLALCHEMY_DATABASE_URI": database_url,
        "SQLALCHEMY_ENGINE_OPTIONS": _engine_options(database_url),
        # A sign-in ends after this long without a request, or this long after it began, whichever is first.
        "SESSION_IDLE_MINUTES": int(os.environ.get("SESSION_IDLE_MINUTES", 7 * 24 * 60)),
        "SESSION_ABSOLUTE_DAYS": int(os.environ.get("SESSION_ABSOLUTE_DAYS", 30)),
        "PERMANENT_SESSION_LIFETIME": timedelta(days=int(os.environ.get("SESSION_ABSOLUTE_DAYS", 30))),
        # "https" when TLS is in front: Secure cookies and HSTS follow (forum/security.py).
        "PREFERRED_URL_SCHEME": os.environ.get("PREFERRED_URL_SCHEME", "http"),
        "HSTS_MAX_AGE": int(os.environ.get("HSTS_MAX_AGE", 365 * 24 * 3600)),
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
        "SOCKETIO_CORS_ALLOWED_ORIGINS": _list("SOCKETIO_CORS_ALLOWED_ORIGINS"),
        "PAGE_SIZE": int(os.environ.get("PAGE_SIZE", 50)),
        # How many reverse proxies (nginx) stand in front: their X-Forwarded-* headers are trusted.
        "TRUSTED_PROXIES": int(os.environ.get("TRUSTED_PROXIES", 0)),
        # Help shown to the author of a post or message that matches a crisis rule (forum/safety.py).
        "CRISIS_RESOURCES": parse_crisis_resources(os.environ.get("CRISIS_RESOURCES")),
        # Addresses or networks (CIDR) that may read /metrics; everyone else gets 404.
        "METRICS_ALLOWED_IPS": _list("METRICS_ALLOWED_IPS", "127.0.0.1,::1"),
        "ACCESS_LOG": _flag("ACCESS_LOG", True),
    }


def check_production(config: dict) -> None:
    """In production mode, refuse a missing, placeholder or short secret key and a wildcard socket origin."""
    if config.get("FORUM_ENV") != "production":
        return
    key = config.get("SECRET_KEY") or ""
    if not key:
        raise ConfigError("FORUM_ENV=production needs SECRET_KEY set in the environment (the same for every process).")
    if key in KNOWN_DEV_SECRETS or len(key) < MIN_SECRET_LENGTH:
        raise ConfigError(
            f"FORUM_ENV=production refuses this SECRET_KEY: use a random one of at least {MIN_SECRET_LENGTH} "
            "characters (python3 -c 'import secrets; print(secrets.token_hex(32))')."
        )
    origins = config.get("SOCKETIO_CORS_ALLOWED_ORIGINS") or []
    if origins == "*" or "*" in origins:
        raise ConfigError(
            "FORUM_ENV=production refuses SOCKETIO_CORS_ALLOWED_ORIGINS='*': list the public origin(s), "
            "e.g. https://forum.example.org."
        )
