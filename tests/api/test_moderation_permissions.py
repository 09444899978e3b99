"""The moderation permission matrix: anonymous, member, reporter, moderator of another group,
moderator of this group and site admin × every queue page, API endpoint and action."""
from __future__ import annotations

import pytest

import sqlalchemy as sa

from forum.extensions import db
from forum.models import ModerationItem, Thread
from forum.services import techniques, threads
from tests.support.moderation import report, resolve, user
from tests.support.watched import watch

ROLES = ("anonymous", "member", "reporter", "other_moderator", "moderator", "admin")
USERNAMES = {"member": "cara", "reporter": "ben", "other_moderator": "othermod", "moderator": "mod", "admin": "admin"}
NOT_THEIRS = (401, 404, 404, 404, 200, 200)  # an item: only its group's moderators and site admins


def _resolve(action: str, **extra) -> dict:
    return {"action": action, "reason": "Thank you for telling us.", **extra}


# (method, path, JSON body, expected status for each of ROLES)
API_MATRIX = [
    ("POST", "/reports", {"target_type": "post", "target_id": "{post}", "reason": "spam"}, (401, 201, 200, 201, 201, 201)),
    ("GET", "/me/reports", None, (401, 200, 200, 200, 200, 200)),
    ("GET", "/me/notifications", None, (401, 200, 200, 200, 200, 200)),
    ("GET", "/mod/queue", None, (401, 403, 403, 200, 200, 200)),
    ("GET", "/mod/queue?view=members", None, (401, 403, 403, 200, 200, 200)),
    ("GET", "/mod/items/{item}", None, NOT_THEIRS),
    ("POST", "/mod/items/{item}/claim", None, NOT_THEIRS),
    ("POST", "/mod/items/{item}/resolve", _resolve("dismiss"), NOT_THEIRS),
    ("POST", "/mod/items/{item}/resolve", _resolve("hide"), NOT_THEIRS),
    ("POST", "/mod/items/{item}/resolve", _resolve("remove"), NOT_THEIRS),
    ("POST", "/mod/items/{item}/resolve", _resolve("warn"), NOT_THEIRS),
    ("POST", "/mod/items/{item}/resolve", _resolve("mute", minutes=10), NOT_THEIRS),
    ("POST", "/mod/items/{item}/resolve", _resolve("ban"), NOT_THEIRS),
    ("POST", "/mod/items/{item}/resolve", _resolve("suspend"), (401, 404, 404, 404, 403, 200)),
    ("POST", "/mod/items/{hidden}/restore", {"reason": "On a second look it is fine."}, NOT_THEIRS),
    ("GET", "/mod/audit", None, (401, 403, 403, 200, 200, 200)),
    ("POST", "/mod/items/{held}/resolve", _resolve("approve"), NOT_THEIRS),
    ("POST", "/mod/items/{held}/resolve", _resolve("reject"), NOT_THEIRS),
    ("GET", "/threads/{held_thread}", None, (401, 404, 404, 404, 200, 200)),
    ("POST", "/reports", {"target_type": "technique", "target_id": "{technique}", "reason": "spam"}, (401, 201, 201, 201, 201, 201)),
    ("DELETE", "/groups/garden/moderators/mod", None, (401, 403, 403, 403, 403, 200)),
]
PAGE_MATRIX = [
    ("GET", "/report?target_type=post&target_id={post}", None, (302, 200, 200, 200, 200, 200)),
    ("GET", "/me/reports", None, (302, 200, 200, 200, 200, 200)),
    ("GET", "/notifications", None, (302, 200, 200, 200, 200, 200)),
    ("GET", "/mod/queue", None, (302, 403, 403, 200, 200, 200)),
    ("GET", "/mod/queue?view=members", None, (302, 403, 403, 200, 200, 200)),
    ("GET", "/mod/items/{item}", None, (302, 404, 404, 404, 200, 200)),
    ("POST", "/mod/items/{item}/claim", {}, (302, 404, 404, 404, 302, 302)),
    ("POST", "/mod/items/{item}/resolve", _resolve("remove"), (302, 404, 404, 404, 302, 302)),
    ("POST", "/mod/items/{item}/resolve", _resolve("suspend"), (302, 404, 404, 404, 403, 302)),
    ("POST", "/mod/items/{hidden}/restore", {"reason": "On a second look it is fine."}, (302, 404, 404, 404, 302, 302)),
    ("GET", "/mod/audit", None, (302, 403, 403, 200, 200, 200)),
    ("GET", "/mod/audit.csv", None, (302, 403, 403, 403, 403, 200)),
    ("POST", "/mod/items/{held}/resolve", _resolve("approve"), (302, 404, 404, 404, 302, 302)),
    ("POST", "/mod/items/{held}/resolve", _resolve("reject"), (302, 404, 404, 404, 302, 302)),
    ("GET", "/threads/{held_thread}", None, (302, 404, 404, 404, 200, 200)),
    ("GET", "/mod/items/{held}", None, (302, 404, 404, 404, 200, 200)),
    ("GET", "/report?target_type=technique&target_id={technique}", None, (302, 200, 200, 200, 200, 200)),
    ("GET", "/report?target_type=member&target_id={author}&group=garden", None, (302, 200, 200, 200, 200, 200)),
    ("POST", "/groups/garden/moderators/mod/demote", {}, (302, 403, 403, 403, 403, 302)),
]
ERROR_CODES = {401: "unauthorized", 403: "forbidden", 404: "not_found"}


def _cases(matrix):
    """One case per role for actions (each needs the item untouched); a read asks as every role in one case."""
    cases = []
    for method, path, body, expected in matrix:
        name = f"{method} {path} {body and body.get('action') or ''}".strip()
        if method == "GET":
            cases.append(pytest.param(method, path, body, ROLES, expected, id=f"{name} as each role"))
        else:
            cases += [pytest.param(method, path, body, (role,), (expected[i],), id=f"{name} as {role}")
                      for i, role in enumerate(ROLES)]
    return cases


def _fill(value, ids: dict):
    if isinstance(value, str):
        return int(value.format(**ids)) if value.startswith("{") else value.format(**ids)
    if isinstance(value, dict):
        return {key: _fill(item, ids) for key, item in value.items()}
    return value


@pytest.fixture
def reported(app, mod_world) -> dict:
    """ben reported ana's reply in garden: the item every case acts on; `hidden`: an item whose
    post (ana's opening post) a moderator hid, for restoring."""
    hidden = report(app, "cara", "post", mod_world.opening, "spam")
    resolve(app, "mod", hidden, "hide", "Pausing this while we look")
    held = _held_content(app, mod_world)
    with app.app_context():
        technique = techniques.share_technique(user("ana"), db.session.get(Thread, mod_world.thread).group, "Box breathing",
                                               "Breathe in for four.").id
    return {"post": mod_world.post, "item": report(app, "ben", "post", mod_world.post, "harassment"), "hidden": hidden,
            "technique": technique, "author": mod_world.ana_id, **held}


def _held_content(app, mod_world) -> dict:
    """ana's thread and reply in garden, held by a require-approval watched word: `held` is the reply's item."""
    watch(app, "my address", "require_approval")
    with app.app_context():
        thread = db.session.get(Thread, mod_world.thread)
        held_thread = threads.start_thread(user("ana"), thread.group, "Visit me", "my address is 5 Elm St").id
        held_post = threads.post_reply(user("ana"), thread, "my address is 5 Elm St").id
        held = db.session.scalar(sa.select(ModerationItem.id).where(ModerationItem.target_type == "post",
                                                                    ModerationItem.target_id == held_post))
    return {"held": held, "held_thread": held_thread, "held_post": held_post}


@pytest.mark.parametrize("method, path, body, roles, expected", _cases(API_MATRIX))
def test_api_permission_matrix(api, build, reported, method, path, body, roles, expected):
    answers = []
    for role in roles:
        token = build.token(USERNAMES[role]) if role != "anonymous" else None
        response = api.call(method, _fill(path, reported), token, json=_fill(body, reported))
        code = response.json.get("error") if response.status_code >= 400 else None
        answers.append((role, response.status_code, code))

    assert answers == [(role, status, ERROR_CODES.get(status)) for role, status in zip(roles, expected)]


@pytest.mark.parametrize("method, path, body, roles, expected", _cases(PAGE_MATRIX))
def test_page_permission_matrix(make_client, login, reported, method, path, body, roles, expected):
    answers = []
    for role in roles:
        client = make_client()
        if role != "anonymous":
            login(client, USERNAMES[role])
        response = client.open(_fill(path, reported), method=method, data=body)
        sent_to_sign_in = response.status_code == 302 and "/login" in response.headers["Location"]
        answers.append((role, response.status_code, sent_to_sign_in))

    assert answers == [(role, status, role == "anonymous") for role, status in zip(roles, expected)]


@pytest.mark.parametrize("role, sees", [("other_moderator", False), ("moderator", True), ("admin", True)])
def test_the_queue_shows_an_item_only_to_its_groups_moderators_and_admins(api, build, reported, role, sees):
    token = build.token(USERNAMES[role])
    assert bool(api.get("/mod/queue", token).json["items"]) is sees
    assert bool(api.get("/mod/audit", token).json["entries"]) is sees


def api_routes() -> list[tuple[str, str]]:
    """(method, path) of every API route this matrix covers, for the API-wide coverage test."""
    ids = {"post": 1, "item": 1, "hidden": 1, "held": 1, "held_thread": 1, "held_post": 1, "technique": 1, "author": 1}
    return [(method, path.format(**ids).split("?")[0]) for method, path, _body, _expected in API_MATRIX]
