"""Shared fixtures, flaskr-style: an app on a clean database per test, clients, and a builder.

The database is SQLite in a temporary file by default, or the PostgreSQL named by DATABASE_URL.
Its schema is built once per session; every test ends by emptying every table.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from functools import partial

import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, settings
from werkzeug.security import generate_password_hash

from forum import create_app
from forum.extensions import db, limiter
from forum.models import Group, Post, Thread, User
from forum.services import accounts, groups, threads

PASSWORD = "correct horse battery"

# Property-based tests: modest example counts keep the suite quick; CI runs the same profile.
# HYPOTHESIS_PROFILE=thorough runs many more examples when hunting a bug.
settings.register_profile(
    "forum", max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
settings.register_profile("thorough", parent=settings.get_profile("forum"), max_examples=1000)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "forum"))


@pytest.fixture(scope="session")
def database_url(tmp_path_factory) -> str:
    return os.environ.get("DATABASE_URL") or f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.db'}"


def _empty_all_tables() -> None:
    tables = db.metadata.sorted_tables
    if db.engine.dialect.name == "postgresql":
        names = ", ".join(f'"{table.name}"' for table in tables)
        db.session.execute(sa.text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
    else:
        for table in reversed(tables):
            db.session.execute(table.delete())
    db.session.commit()


def make_app(database_url: str, **overrides):
    config = {
        "TESTING": True,
        "SQLALCHEMY_DATABASE_URI": database_url,
        "SECRET_KEY": "test-secret",
        "WTF_CSRF_ENABLED": False,
        "RATELIMIT_STORAGE_URI": os.environ.get("RATELIMIT_STORAGE_URI", "memory://"),
    }
    config.update(overrides)
    return create_app(config)


@pytest.fixture(autouse=True)
def fast_password_hashing(request, monkeypatch):
    """Tests create many accounts; a cheap hash keeps them quick. `@pytest.mark.real_hashing` opts out."""
    if request.node.get_closest_marker("real_hashing"):
        return
    monkeypatch.setattr(
        "forum.services.accounts.generate_password_hash", partial(generate_password_hash, method="pbkdf2:sha256:1")
    )


@pytest.fixture
def app_config() -> dict:
    """Override per test module or test: `@pytest.fixture def app_config(): return {...}`."""
    return {}


@pytest.fixture
def app(database_url, app_config):
    app = make_app(database_url, **app_config)
    with app.app_context():
        db.create_all()
    limiter.reset()
    yield app
    with app.app_context():
        db.session.remove()
        _empty_all_tables()
        db.engine.dispose()


@pytest.fixture
def ctx(app):
    """An app context for tests that call services directly."""
    with app.app_context():
        yield app
        db.session.remove()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def make_client(app):
    """More clients, one cookie jar each, for tests with several people."""
    return app.test_client


@dataclass
class Builder:
    """Creates accounts, groups, threads and posts through the services; returns plain ids/names."""

    app: object

    def user(self, username: str, admin: bool = False) -> str:
        with self.app.app_context():
            user = accounts.register(username, PASSWORD)
            user.is_site_admin = admin
            db.session.commit()
            return user.username

    def admin(self, username: str = "admin") -> str:
        return self.user(username, admin=True)

    def group(self, slug: str, visibility: str = "public", moderators: tuple[str, ...] = (), members: tuple[str, ...] = ()) -> str:
        with self.app.app_context():
            admin = db.session.scalar(sa.select(User).where(User.is_site_admin.is_(True)))
            if admin is None:
                admin = accounts.register(f"site-admin-{slug}"[:32], PASSWORD)
                admin.is_site_admin = True
                db.session.commit()
            group = groups.create_group(
                admin, slug, slug.replace("-", " ").title(), f"About {slug}", "Be kind.", visibility
            )
            for name in moderators:
                groups.appoint_moderator(admin, group, name)
            for name in members:
                membership = groups.join_group(self._get_user(name), group, True)
                if membership.status == "pending":
                    groups.decide_request(admin, group, name, True)
            return group.slug

    def join(self, username: str, slug: str) -> None:
        with self.app.app_context():
            groups.join_group(self._get_user(username), self._get_group(slug), True)

    def thread(self, username: str, slug: str, title: str = "A thread", body: str = "Opening words", preference: str = "open") -> int:
        with self.app.app_context():
            thread = threads.start_thread(self._get_user(username), self._get_group(slug), title, body, preference)
            return thread.id

    def reply(self, username: str, thread_id: int, body: str = "A reply", parent_id: int | None = None) -> int:
        with self.app.app_context():
            post = threads.post_reply(self._get_user(username), db.session.get(Thread, thread_id), body, parent_id)
            return post.id

    def opening_post_id(self, thread_id: int) -> int:
        with self.app.app_context():
            return threads.opening_post(db.session.get(Thread, thread_id)).id

    def token(self, username: str) -> str:
        with self.app.app_context():
            return accounts.create_token(self._get_user(username), "test")[1]

    def post(self, post_id: int) -> Post:
        """A detached snapshot of a post, for assertions."""
        with self.app.app_context():
            post = db.session.get(Post, post_id)
            db.session.expunge(post)
            return post

    @staticmethod
    def _get_user(username: str) -> User:
        return accounts.get_user_by_username(username)

    @staticmethod
    def _get_group(slug: str) -> Group:
        return db.session.scalar(sa.select(Group).where(Group.slug == slug))


@pytest.fixture
def build(app) -> Builder:
    return Builder(app)


@pytest.fixture
def login(app):
    """login(client, username) signs a test client in through the real login form."""

    def _login(client, username: str, password: str = PASSWORD):
        response = client.post("/login", data={"username": username, "password": password})
        assert response.status_code == 302, f"login as {username} failed: {response.status_code}"
        return response

    return _login


@pytest.fixture
def count_queries(app):
    """A context manager counting the SQL statements run inside it: `with count_queries() as n: ...; n()`."""
    from contextlib import contextmanager

    @contextmanager
    def _count():
        statements: list[str] = []

        def _before(conn, cursor, statement, parameters, context, executemany):
            statements.append(statement)

        with app.app_context():
            engine = db.engine
        sa.event.listen(engine, "before_cursor_execute", _before)
        try:
            yield lambda: len(statements)
        finally:
            sa.event.remove(engine, "before_cursor_execute", _before)

    return _count
