"""Domain errors raised by services. Each carries a stable code and an HTTP status.

The same codes appear in JSON API errors and in Socket.IO acknowledgements; docs/ERRORS.md
lists them.
"""
from __future__ import annotations


class ServiceError(Exception):
    code = "invalid"
    status = 400

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class Invalid(ServiceError):
    code, status = "invalid", 422


class TooLong(ServiceError):
    code, status = "too_long", 422


class Unauthorized(ServiceError):
    code, status = "unauthorized", 401


class InvalidCredentials(ServiceError):
    code, status = "invalid_credentials", 401


class Forbidden(ServiceError):
    code, status = "forbidden", 403


class NotMember(ServiceError):
    code, status = "not_member", 403


class NotFound(ServiceError):
    code, status = "not_found", 404


class Conflict(ServiceError):
    code, status = "conflict", 409


class Banned(ServiceError):
    code, status = "banned", 403


class Muted(ServiceError):
    code, status = "muted", 403


class RateLimited(ServiceError):
    code, status = "rate_limited", 429


class BlockedWord(ServiceError):
    """The text contains a watched word whose rule is `block`; nothing was stored."""

    code, status = "blocked_word", 422


class ReplyBlocked(ServiceError):
    """The author of the thread, post or message being answered does not take replies from this member."""

    code, status = "reply_blocked", 403


class WrongPassword(ServiceError):
    """A password given to confirm an irreversible step (deleting the account) is not the account's."""

    code, status = "wrong_password", 403


class AdviceNudge(ServiceError):
    """The author asked to be heard (just listen, celebrate with me) and the reply reads like advice.

    Not a refusal: send it again with `confirmed` to post it anyway. Nothing was stored.
    """

    code, status = "advice_nudge", 409
