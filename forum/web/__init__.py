"""The server-rendered pages, one blueprint per area."""
from __future__ import annotations

from flask import Flask


def register_blueprints(app: Flask) -> None:
    from forum.web import home

    app.register_blueprint(home.bp)
