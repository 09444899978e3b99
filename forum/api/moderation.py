"""Reports (members), the moderation queue and audit log (moderators)."""
from __future__ import annotations

from flask import jsonify, request

from forum import payloads
from forum.api import account_required, actor, bp, json_body
from forum.services import audit, moderation, reports


@bp.post("/reports")
@account_required
def file_report():
    """Report a post, thread, room message or member (201; 200 when the caller had reported it already)."""
    data = json_body()
    filed = reports.file_report(
        actor(), data.get("target_type"), data.get("target_id"), data.get("reason"), data.get("note"), data.get("group")
    )
    return jsonify(report=payloads.my_report(filed.report)), 201 if filed.created else 200


@bp.get("/me/reports")
@account_required
def my_reports():
    """The caller's own reports and their outcomes."""
    return jsonify(reports=[payloads.my_report(item) for item in reports.my_reports(actor())])


@bp.get("/mod/queue")
@account_required
def queue():
    """The moderation queue: crisis first, then by report count and age (moderators)."""
    args = request.args
    if args.get("view") == "members":
        grouped = moderation.queue_by_member(actor(), args.get("group"), args.get("status"), args.get("reason"))
        return jsonify(members=[
            {"author": payloads.user(entry.author), "items": [payloads.mod_item(item) for item in entry.items]}
            for entry in grouped
        ])
    items = moderation.queue(actor(), args.get("group"), args.get("status"), args.get("reason"))
    return jsonify(items=[payloads.mod_item(item) for item in items])


@bp.get("/mod/items/<int:item_id>")
@account_required
def show_item(item_id: int):
    """One item with its context: the surroundings and the author's moderation history."""
    return jsonify(payloads.item_review(moderation.review(actor(), item_id)))


@bp.post("/mod/items/<int:item_id>/claim")
@account_required
def claim(item_id: int):
    """Take an item, so other moderators see who has it."""
    return jsonify(item=payloads.mod_item(moderation.claim(actor(), item_id)))


@bp.post("/mod/items/<int:item_id>/resolve")
@account_required
def resolve(item_id: int):
    """Resolve an item with one action and a reason the author sees."""
    data = json_body()
    item = moderation.resolve(actor(), item_id, data.get("action"), data.get("reason"), data.get("minutes"))
    return jsonify(item=payloads.mod_item(item))


@bp.post("/mod/items/<int:item_id>/restore")
@account_required
def restore(item_id: int):
    """Undo a hide: the content is shown again, and the author is told why."""
    item = moderation.restore(actor(), item_id, json_body().get("reason"))
    return jsonify(item=payloads.mod_item(item))


@bp.get("/mod/audit")
@account_required
def audit_log():
    """The audit log, newest first, searchable by member and by moderator (usernames)."""
    entries = audit.search(actor(), request.args.get("member"), request.args.get("moderator"))
    return jsonify(entries=[payloads.audit_entry(entry) for entry in entries])
