"""Shared field validation for services: clean, then check length, raising Invalid/TooLong."""
from __future__ import annotations

from forum.services.errors import Invalid, TooLong
from forum.text import clean_body, clean_line

MAX_TITLE = 200
MAX_BODY = 20_000


def required_line(value: object, field: str, label: str, max_length: int) -> str:
    text = clean_line(value if isinstance(value, str) else "")
    if not text:
        raise Invalid(f"{label} can't be empty.", field=field)
    if len(text) > max_length:
        raise TooLong(f"{label} can be at most {max_length} characters.", field=field)
    return text


def optional_line(value: object, field: str, label: str, max_length: int) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        raise Invalid(f"{label} must be text.", field=field)
    text = clean_line(value)
    if len(text) > max_length:
        raise TooLong(f"{label} can be at most {max_length} characters.", field=field)
    return text


def required_body(value: object, field: str = "body", label: str = "The post", max_length: int = MAX_BODY) -> str:
    if not isinstance(value, str):
        raise Invalid(f"{label} must be text.", field=field)
    text = clean_body(value)
    if not clean_line(text):
        raise Invalid(f"{label} can't be empty.", field=field)
    if len(text) > max_length:
        raise TooLong(f"{label} can be at most {max_length:,} characters (it has {len(text):,}).", field=field)
    return text
