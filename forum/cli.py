"""flask commands: create-admin, seed-demo, backup."""
from __future__ import annotations

from pathlib import Path

import click
import sqlalchemy as sa
from flask import Flask, current_app

from forum import backup, demo
from forum.extensions import db
from forum.models import User
from forum.services import accounts
from forum.services.errors import ServiceError


def register(app: Flask) -> None:
    @app.cli.command("create-admin")
    @click.argument("username")
    @click.password_option()
    def create_admin(username: str, password: str) -> None:
        """Create a site administrator (or promote an existing account)."""
        try:
            user = accounts.set_site_admin(username, password)
        except ServiceError as error:
            raise click.ClickException(error.message) from None
        click.echo(f"{user.username} is a site administrator.")

    @app.cli.command("seed-demo")
    def seed_demo() -> None:
        """Fill an empty database with demo groups, members, threads and replies."""
        if db.session.scalar(sa.select(sa.func.count()).select_from(User)):
            raise click.ClickException("The database already has accounts; seed-demo only fills an empty one.")
        demo.seed()
        click.echo(f"Demo data created. Sign in as '{demo.ADMIN}' or any member with password '{demo.PASSWORD}'.")

    @app.cli.command("backup")
    @click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
    def backup_database(path: Path) -> None:
        """Write a consistent snapshot of the SQLite database to PATH, while the forum runs."""
        try:
            source = backup.sqlite_path(current_app.config["SQLALCHEMY_DATABASE_URI"])
            backup.snapshot(source, path)
        except backup.BackupError as error:
            raise click.ClickException(str(error)) from None
        click.echo(f"Snapshot of {source} written to {path}.")
