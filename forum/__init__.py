"""The peer-support forum: create_app() wires extensions, blueprints, errors and commands."""
from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa
from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from forum.config import check_production, load_config
from forum.extensions import csrf, db, limiter, login_manager, migrate, socketio
from forum.models.search_index import include_in_autogenerate

ROOT = Path(__file__).resolve().parent.parent


def create_app(overrides: dict | None = None) -> Flask:
    app = Flask(
        __name__,
        instance_path=str(ROOT / "instance"),
        template_folder=str(ROOT / "templates"),
        static_folder=str(ROOT / "static"),
    )
    app.config.update(load_config(Path(app.instance_path)))
    app.config.update(overrides or {})
    check_production(app.config)
    if app.config["TRUSTED_PROXIES"]:
        proxies = app.config["TRUSTED_PROXIES"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies, x_host=proxies)

    db.init_app(app)
    migrate.init_app(
        app, db, directory=str(ROOT / "migrations"), render_as_batch=True, include_name=include_in_autogenerate
    )
    csrf.init_app(app)
    limiter.init_app(app)
    login_manager.init_app(app)
    # The SocketIO object outlives an app (tests make many): forget an earlier app's queue manager.
    socketio.server_options.pop("client_manager", None)
    socketio.init_app(
        app,
        async_mode=app.config["ASYNC_MODE"],
        message_queue=app.config["SOCKETIO_MESSAGE_QUEUE"],
        cors_allowed_origins=app.config["SOCKETIO_CORS_ALLOWED_ORIGINS"] or None,
        max_http_buffer_size=64 * 1024,
        # Never compressed, like the websocket frames (forum/realtime/shared_frames.py says why).
        http_compression=False,
    )
    with app.app_context():
        _tune_sqlite(db.engine)

    from forum import access_log, auth_loading, cli, errors, events, health, metrics, security  # noqa: F401
    from forum import realtime
    from forum.api import bp as api_bp
    from forum.web import register_blueprints

    security.init_app(app)
    access_log.init_app(app)  # before metrics: it starts each request's clock
    metrics.init_app(app)
    app.register_blueprint(health.bp)
    auth_loading.init(login_manager)
    register_blueprints(app)
    app.register_blueprint(api_bp)
    csrf.exempt(api_bp)  # the API checks CSRF itself for cookie sessions; bearer tokens need none
    errors.register(app)
    cli.register(app)
    realtime.init_app(app)
    return app


def _tune_sqlite(engine: sa.Engine) -> None:
    """WAL lets readers and one writer work together; foreign keys are off by default in SQLite."""
    if engine.dialect.name != "sqlite":
        return

    @sa.event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=5000")
        cursor.close()
