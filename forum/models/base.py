from datetime import UTC, datetime


def utcnow() -> datetime:
    """Naive UTC: SQLite keeps no time zone, so every timestamp is stored as UTC without one."""
    return datetime.now(UTC).replace(tzinfo=None)
