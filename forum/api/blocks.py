"""Blocking other members: their posts and messages are folded away for you, and they can't reply to you."""
from __future__ import annotations

from flask import jsonify

from forum import payloads
from forum.api import account_required, actor, bp
from forum.services import blocks


@bp.get("/blocks")
@account_required
def list_blocks():
    """The members the caller blocked."""
    return jsonify(blocks=[payloads.block(item) for item in blocks.list_blocks(actor())])


@bp.post("/blocks/<username>")
@account_required
def block(username: str):
    """Block a member (201; 200 if they were blocked already). They are not told."""
    item, new = blocks.block_member(actor(), username)
    return jsonify(block=payloads.block(item)), 201 if new else 200


@bp.delete("/blocks/<username>")
@account_required
def unblock(username: str):
    """Lift a block; nothing happens if there was none."""
    blocks.unblock_member(actor(), username)
    return "", 204
