"""The server-rendered pages, one blueprint per area."""
from __future__ import annotations

from flask import Flask

from forum.models.moderation import UNPUBLISHED
from forum.models.thread import REACTION_KINDS
from forum.payloads import FORMER_MEMBER
from forum.themes import THEMES
from forum.web.render_once import csrf_input, url_for_item


def register_blueprints(app: Flask) -> None:
    from forum.web import (
        auth, celebrations, goals, groups, home, moderation, reports, rooms, settings, techniques, threads, watched_words,
    )

    for module in (
        home, auth, settings, groups, threads, rooms, goals, celebrations, watched_words, reports, moderation, techniques,
    ):
        app.register_blueprint(module.bp)
    techniques.register_globals(app)
    app.jinja_env.globals.update(
        csrf_input=csrf_input,
        url_for_item=url_for_item,
        FORMER_MEMBER=FORMER_MEMBER,
        PREFERENCE_HINTS=threads.PREFERENCE_HINTS,
        REACTION_KINDS=REACTION_KINDS,
        THEMES=THEMES,
        UNPUBLISHED=UNPUBLISHED,
    )
