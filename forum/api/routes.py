"""API routes (filled in by the API work)."""
from flask import jsonify

from forum.api import bp


@bp.get("/health")
def health():
    return jsonify(ok=True)
