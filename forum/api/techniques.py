"""The technique library, the caller's toolkit, and search."""
from __future__ import annotations

from flask import jsonify, request

from forum import payloads
from forum.api import account_required, actor, bp, json_body, page_size
from forum.services import search, techniques
from forum.services.access import get_group


def _listing(group):
    page = techniques.list_techniques(
        actor(), group, request.args.get("sort"), request.args.get("tag"), request.args.get("page"), page_size()
    )
    return jsonify(payloads.technique_page(page))


def _share(group):
    data = json_body()
    technique = techniques.share_technique(
        actor(), group, data.get("title"), data.get("steps"), data.get("when_it_helps"), data.get("tags")
    )
    return jsonify(technique=payloads.technique(technique, set(), False)), 201


@bp.get("/techniques")
@account_required
def list_site_techniques():
    """The site-wide library: most helpful (default) or newest first, optionally one tag."""
    return _listing(None)


@bp.post("/techniques")
@account_required
def share_site_technique():
    """Share a technique with everyone signed in."""
    return _share(None)


@bp.get("/groups/<slug>/techniques")
@account_required
def list_group_techniques(slug: str):
    """A group's techniques (a private group's only for its members)."""
    return _listing(get_group(slug))


@bp.post("/groups/<slug>/techniques")
@account_required
def share_group_technique(slug: str):
    """Share a technique in a group (members)."""
    return _share(get_group(slug))


@bp.get("/techniques/<int:technique_id>")
@account_required
def show_technique(technique_id: int):
    """One technique with its totals, and the caller's own marks and toolkit state."""
    user = actor()
    technique = techniques.get_readable_technique(user, technique_id)
    return jsonify(technique=payloads.technique(
        technique, techniques.my_marks(user, technique), techniques.in_toolkit(user, technique)
    ))


@bp.route("/techniques/<int:technique_id>/marks/<kind>", methods=["POST", "DELETE"])
@account_required
def mark(technique_id: int, kind: str):
    """Mark (POST) or unmark (DELETE) "tried" or "helped"; the answer has the totals and the caller's marks."""
    user = actor()
    technique = techniques.get_readable_technique(user, technique_id)
    techniques.set_mark(user, technique, kind, on=request.method == "POST")
    return jsonify(payloads.technique_marks(technique, techniques.my_marks(user, technique)))


@bp.get("/me/toolkit")
@account_required
def toolkit():
    """The caller's saved techniques, newest save first."""
    return jsonify(payloads.technique_page(techniques.toolkit(actor(), request.args.get("page"), page_size())))


@bp.route("/me/toolkit/<int:technique_id>", methods=["PUT", "DELETE"])
@account_required
def save(technique_id: int):
    """Save (PUT) or remove (DELETE) a technique in the caller's toolkit."""
    user = actor()
    technique = techniques.get_readable_technique(user, technique_id)
    saved = techniques.save_to_toolkit(user, technique, saved=request.method == "PUT")
    return jsonify(technique_id=technique.id, saved=saved)


@bp.get("/search")
@account_required
def search_everything():
    """Threads, posts and techniques the caller may read that match ?q=, newest first."""
    results = search.search(actor(), request.args.get("q", ""), request.args.get("page"), page_size())
    return jsonify(payloads.search_results(results))


@bp.put("/techniques/<int:technique_id>")
@account_required
def edit_technique(technique_id: int):
    """The author replaces their technique's title, steps, when it helps and tags."""
    user = actor()
    data = json_body()
    technique = techniques.edit_technique(
        user, technique_id, data.get("title"), data.get("steps"), data.get("when_it_helps"), data.get("tags")
    )
    return jsonify(technique=payloads.technique(
        technique, techniques.my_marks(user, technique), techniques.in_toolkit(user, technique)
    ))


@bp.delete("/techniques/<int:technique_id>")
@account_required
def delete_technique(technique_id: int):
    """The author deletes their technique."""
    techniques.delete_technique(actor(), technique_id)
    return "", 204
