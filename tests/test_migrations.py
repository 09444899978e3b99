"""The migrations alone build the schema the models describe, on this run's kind of database."""
import os

import sqlalchemy as sa

from tests.support.databases import throwaway_database
from tests.support.live_server import flask_command


def _env(database_url: str) -> dict[str, str]:
    return {**os.environ, "FLASK_APP": "forum:create_app", "DATABASE_URL": database_url}


def test_upgrade_from_empty_builds_the_schema_and_check_finds_nothing_to_generate(tmp_path):
    with throwaway_database(tmp_path) as url:
        upgrade = flask_command(["db", "upgrade"], _env(url))
        assert upgrade.returncode == 0, upgrade.stderr

        check = flask_command(["db", "check"], _env(url))
        assert check.returncode == 0, check.stdout + check.stderr
        assert "No new upgrade operations detected" in check.stdout + check.stderr

        engine = sa.create_engine(url)
        try:
            tables = set(sa.inspect(engine).get_table_names())
        finally:
            engine.dispose()
        assert {"users", "groups", "memberships", "threads", "posts", "reactions", "api_tokens"} <= tables


def test_downgrade_to_base_and_upgrade_again(tmp_path):
    with throwaway_database(tmp_path) as url:
        for step in (["db", "upgrade"], ["db", "downgrade", "base"], ["db", "upgrade"]):
            result = flask_command(step, _env(url))
            assert result.returncode == 0, f"{step}: {result.stderr}"
