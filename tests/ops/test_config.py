"""Settings come from the environment, are all documented, and production refuses unsafe ones."""
from __future__ import annotations

import re
import subprocess
import sys

import pytest

from forum import create_app
from forum.config import ConfigError
from tests.conftest import make_app
from tests.support.live_server import ROOT

STRONG_KEY = "9f2c4e7a1b3d5f608192a3b4c5d6e7f8a9b0c1d2e3f4a5b6"
SOURCES = ["forum/config.py", "wsgi.py", "deploy/gunicorn.conf.py"]
READS = re.compile(r"""(?:environ\.get|_flag|_list)\(\s*["']([A-Z][A-Z0-9_]*)["']""")


def test_every_environment_variable_the_code_reads_is_in_config_md():
    documented = set(re.findall(r"^\| `([A-Z][A-Z0-9_]*)` \|", (ROOT / "docs/CONFIG.md").read_text(), re.M))
    read = {name for source in SOURCES for name in READS.findall((ROOT / source).read_text())}
    assert "DATABASE_URL" in read and "WORKER_CONNECTIONS" in read  # the pattern finds them
    assert read - documented == set()


def test_settings_come_from_the_environment(monkeypatch, database_url):
    monkeypatch.setenv("PAGE_SIZE", "7")
    monkeypatch.setenv("METRICS_ALLOWED_IPS", "10.0.0.0/8, 192.0.2.1")
    monkeypatch.setenv("PREFERRED_URL_SCHEME", "https")
    app = create_app({"SQLALCHEMY_DATABASE_URI": database_url, "SECRET_KEY": "x"})
    assert app.config["PAGE_SIZE"] == 7
    assert app.config["METRICS_ALLOWED_IPS"] == ["10.0.0.0/8", "192.0.2.1"]
    assert app.config["SESSION_COOKIE_SECURE"] is True


@pytest.mark.parametrize(
    "overrides, complaint",
    [
        ({"SECRET_KEY": "test-secret"}, "SECRET_KEY"),
        ({"SECRET_KEY": "dev"}, "SECRET_KEY"),
        ({"SECRET_KEY": "too-short-but-not-a-known-placeholder"[:20]}, "SECRET_KEY"),
        ({"SECRET_KEY": ""}, "SECRET_KEY"),
        ({"SECRET_KEY": STRONG_KEY, "SOCKETIO_CORS_ALLOWED_ORIGINS": ["*"]}, "SOCKETIO_CORS_ALLOWED_ORIGINS"),
        ({"SECRET_KEY": STRONG_KEY, "SOCKETIO_CORS_ALLOWED_ORIGINS": "*"}, "SOCKETIO_CORS_ALLOWED_ORIGINS"),
    ],
)
def test_production_refuses_a_weak_secret_key_or_a_wildcard_socket_origin(database_url, overrides, complaint):
    with pytest.raises(ConfigError, match=complaint):
        make_app(database_url, FORUM_ENV="production", **overrides)


def test_production_starts_with_a_strong_key_and_listed_origins(database_url):
    app = make_app(
        database_url,
        FORUM_ENV="production",
        SECRET_KEY=STRONG_KEY,
        SOCKETIO_CORS_ALLOWED_ORIGINS=["https://forum.example.org"],
    )
    assert app.test_client().get("/healthz").status_code == 200


def test_development_keeps_working_without_any_setting(database_url):
    assert make_app(database_url, SECRET_KEY="dev").test_client().get("/healthz").status_code == 200


def test_production_without_a_secret_key_in_the_environment_does_not_make_one_up(monkeypatch, database_url):
    monkeypatch.setenv("FORUM_ENV", "production")
    monkeypatch.delenv("SECRET_KEY", raising=False)
    with pytest.raises(ConfigError, match="needs SECRET_KEY"):
        create_app({"SQLALCHEMY_DATABASE_URI": database_url})


def _start(env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "wsgi.py"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )


def test_the_server_process_refuses_to_start_in_production_with_unsafe_settings(tmp_path):
    base = {
        "PATH": "/usr/bin:/bin",
        "FORUM_ENV": "production",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'forum.db'}",
        "PORT": "1",  # never reached: it must stop before serving
    }
    no_key = _start(base)
    assert no_key.returncode != 0
    assert "FORUM_ENV=production needs SECRET_KEY" in no_key.stderr

    wildcard = _start({**base, "SECRET_KEY": STRONG_KEY, "SOCKETIO_CORS_ALLOWED_ORIGINS": "*"})
    assert wildcard.returncode != 0
    assert "SOCKETIO_CORS_ALLOWED_ORIGINS" in wildcard.stderr
