"""Seed a migrated, empty forum database for bench/room_fanout.py: one public group and N members.

    DATABASE_URL=... python -m bench.seed N > members.json

The site admin (the first account) and the group go through the services; the N members, their
memberships (agreement accepted) and their API tokens are inserted in bulk, in the shape the
services write, because one password hash per member would take minutes. Prints
{"group": slug, "tokens": [plaintext, ...]} as JSON.
"""
from __future__ import annotations

import json
import secrets
import sys

import sqlalchemy as sa
from werkzeug.security import generate_password_hash

from forum import create_app
from forum.extensions import db
from forum.models import ApiToken, Membership, User
from forum.models.base import utcnow
from forum.services import accounts, groups

GROUP = "bench-room"


def seed(members: int) -> dict:
    admin = accounts.register("bench-admin", secrets.token_urlsafe(16))
    group = groups.create_group(admin, GROUP, "Bench room", "Room fan-out benchmark", "Be kind.", "public")
    password_hash = generate_password_hash(secrets.token_urlsafe(16))  # one hash, shared: nobody signs in
    now = utcnow()
    db.session.execute(
        sa.insert(User),
        [
            {"username": f"m{i:05d}", "username_key": f"m{i:05d}", "password_hash": password_hash,
             "display_name": f"Member {i}", "pronouns": "", "bio": "", "created_at": now}
            for i in range(members)
        ],
    )
    ids = list(db.session.scalars(sa.select(User.id).where(User.id != admin.id).order_by(User.id)))
    db.session.execute(
        sa.insert(Membership),
        [
            {"group_id": group.id, "user_id": user_id, "role": "member", "status": "active",
             "agreement_accepted_at": now, "created_at": now}
            for user_id in ids
        ],
    )
    tokens = [accounts.TOKEN_PREFIX + secrets.token_urlsafe(32) for _ in ids]
    db.session.execute(
        sa.insert(ApiToken),
        [
            {"user_id": user_id, "name": "bench", "token_hash": accounts._hash_token(token), "created_at": now}
            for user_id, token in zip(ids, tokens)
        ],
    )
    db.session.commit()
    return {"group": group.slug, "tokens": tokens}


def main() -> None:
    members = int(sys.argv[1])
    app = create_app()
    with app.app_context():
        result = seed(members)
    json.dump(result, sys.stdout)


if __name__ == "__main__":
    main()
