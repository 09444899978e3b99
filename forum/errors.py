"""Every error becomes a clear answer: JSON `{error, message}` under /api, a calm page elsewhere."""
from __future__ import annotations

from flask import Flask, jsonify, render_template, request
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from forum.extensions import db
from forum.services.errors import ServiceError

HTTP_CODES = {
    400: "invalid",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    413: "too_large",
    415: "invalid",
    422: "invalid",
    429: "rate_limited",
}
MESSAGES = {
    400: "The request could not be understood.",
    401: "Sign in first.",
    403: "You don't have permission to do that.",
    404: "There is nothing here.",
    405: "That method is not allowed here.",
    413: "That is too large to send.",
    429: "Too many attempts. Please wait a minute and try again.",
    500: "Something went wrong on our side. Nothing you wrote was lost; please try again.",
}


def wants_json() -> bool:
    return request.path.startswith("/api/")


def error_response(status: int, code: str, message: str):
    if wants_json():
        return jsonify(error=code, message=message), status
    return render_template("error.html", status=status, message=message), status


def register(app: Flask) -> None:
    @app.errorhandler(ServiceError)
    def service_error(error: ServiceError):
        db.session.rollback()
        return error_response(error.status, error.code, error.message)

    @app.errorhandler(CSRFError)
    def csrf_error(error: CSRFError):
        return error_response(400, "csrf_failed", "The form expired or was sent from elsewhere. Reload and try again.")

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        status = error.code or 500
        message = MESSAGES.get(status, error.description or "")
        return error_response(status, HTTP_CODES.get(status, "error"), message)

    @app.errorhandler(Exception)
    def unexpected_error(error: Exception):
        app.logger.exception("Unhandled error on %s %s", request.method, request.path)
        db.session.rollback()
        return error_response(500, "server_error", MESSAGES[500])
