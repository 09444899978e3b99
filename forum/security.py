"""Security headers on every response, and cookie flags that follow the TLS setting.

The Content-Security-Policy allows nothing inline and nothing from another origin: every script
and stylesheet is a file under static/, and the Socket.IO client talks to this origin only
(CSP's 'self' covers ws:/wss: to the same host). Templates must therefore never hold inline
`<script>`, `style=` or `on*=` handlers; tests/web/test_security_headers.py checks every page.
"""
from __future__ import annotations

from flask import Flask, Response

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "frame-ancestors 'none'",
        "form-action 'self'",
    ]
)
HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "Referrer-Policy": "same-origin",
    "X-Content-Type-Options": "nosniff",
}


def uses_tls(config: dict) -> bool:
    """TLS is in front when the public scheme is https (or Secure cookies were asked for directly)."""
    return config["PREFERRED_URL_SCHEME"] == "https" or bool(config["SESSION_COOKIE_SECURE"])


def init_app(app: Flask) -> None:
    tls = uses_tls(app.config)
    if tls:
        app.config.update(SESSION_COOKIE_SECURE=True, REMEMBER_COOKIE_SECURE=True)
    app.config.update(
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        REMEMBER_COOKIE_HTTPONLY=True,
        REMEMBER_COOKIE_SAMESITE="Lax",
    )
    headers = dict(HEADERS)
    if tls:
        headers["Strict-Transport-Security"] = f"max-age={app.config['HSTS_MAX_AGE']}"

    @app.after_request
    def add_security_headers(response: Response) -> Response:
        for name, value in headers.items():
            response.headers.setdefault(name, value)
        return response
