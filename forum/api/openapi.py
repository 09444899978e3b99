"""The OpenAPI 3.1 description of the API, kept as data next to the routes it describes.

tests/api/test_openapi.py checks that every route registered on the blueprint is described here.
"""
from __future__ import annotations

from flask import jsonify

from forum.api import bp
from forum.models.goal import GOAL_KINDS, MILESTONE_REACTION_KINDS, STREAK_MILESTONES
from forum.models.group import VISIBILITIES
from forum.models.moderation import ITEM_ACTIONS, ITEM_STATUSES, MODERATION_ACTIONS, REPORT_REASONS
from forum.models.technique import MARK_KINDS, TECHNIQUE_TAGS
from forum.models.thread import REACTION_KINDS, RESPONSE_PREFERENCES
from forum.services.errors import ServiceError
from forum.services.moderation_targets import TARGET_TYPES
from forum.services.notifications import KINDS as NOTIFICATION_KINDS
from forum.themes import THEMES


def _ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def _json(schema: dict) -> dict:
    return {"content": {"application/json": {"schema": schema}}}


def _object(required: list[str], **properties: dict) -> dict:
    return {"type": "object", "required": required, "properties": properties}


def _list_of(key: str, item: str, **more: dict) -> dict:
    return _object([key, *more], **{key: {"type": "array", "items": _ref(item)}}, **more)


def _param(name: str, where: str, schema: dict, description: str) -> dict:
    return {"name": name, "in": where, "required": where == "path", "schema": schema, "description": description}


TEXT = {"type": "string"}
NULLABLE_TEXT = {"type": ["string", "null"]}
TIME = {"type": "string", "format": "date-time"}
NULLABLE_TIME = {"type": ["string", "null"], "format": "date-time"}
ID = {"type": "integer", "minimum": 1}
MODERATION_STATE = {"type": ["string", "null"], "enum": ["hidden", "removed", "held", "rejected", None],
                    "description": "Set by a moderator (hidden, removed), or held for a moderator's approval by a "
                                   "require-approval watched word and then rejected; the words are withheld from all "
                                   "but the author and the group's moderators (except when removed)."}
THEME_LIST = {"type": "array", "items": {"type": "string", "enum": list(THEMES)}, "uniqueItems": True,
              "description": "Content themes (unknown ones are `invalid`)."}
CONFIRMED = {"type": "boolean", "default": False,
             "description": "true posts an advice-like reply on a \"just listen\" or \"celebrate\" thread after its "
                            "`advice_nudge` (409)."}
CURSOR = {"type": ["string", "null"], "description": "Pass as ?cursor= for the next page; null on the last page."}

ERROR_RESPONSES = {
    400: ("BadRequest", "Malformed JSON, a body that is not an object, a bad cursor, or a failed CSRF check."),
    401: ("Unauthorized", "No account, an invalid or revoked token, or wrong credentials."),
    403: ("Forbidden", "Signed in but not allowed (`forbidden`), not a member of the group (`not_member`), or "
          "replying to someone who doesn't take replies from the caller (`reply_blocked`), or a wrong password "
          "confirming an account deletion (`wrong_password`)."),
    404: ("NotFound", "No such item, or one the caller may not read (a private group's threads and posts)."),
    413: ("TooLarge", "The request body is over the size limit (256 KB)."),
    422: ("Unprocessable", "A field is missing, of the wrong type, empty (`invalid`) or too long (`too_long`), or "
          "the text contains a word the forum or group doesn't allow (`blocked_word`; nothing was stored)."),
    409: ("Conflict", "Taken already (a username, a group slug), or a moderation item already resolved or claimed by another moderator; "
          "or (`advice_nudge`) the thread's author asked to be heard and the reply reads like advice: nothing was "
          "stored, send it again with `\"confirmed\": true` to post it anyway."),
    429: ("RateLimited", "Too many failed sign-ins (or wrong passwords confirming an account deletion) from this address, or "
          "too many reports; wait a little."),
}
ERROR_CODES = sorted(
    {cls.code for cls in ServiceError.__subclasses__()}
    | {"invalid", "csrf_failed", "method_not_allowed", "rate_limited", "too_large"}
)


def _op(summary: str, ok: dict, *errors: int, body: str | None = None, auth: str = "account") -> dict:
    """One operation. auth: "account" (a token or session is required), "optional" or "none"."""
    responses = {str(status): answer for status, answer in ok.items()}
    for status in sorted({413, *errors} if body else set(errors)):
        responses[str(status)] = {"$ref": f"#/components/responses/{ERROR_RESPONSES[status][0]}"}
    operation = {"summary": summary, "responses": responses}
    if body:
        operation["requestBody"] = {"required": True, **_json(_ref(body))}
    if auth == "optional":
        operation["security"] = [{}, {"bearerAuth": []}, {"cookieAuth": []}]
    elif auth == "none":
        operation["security"] = []
    return operation


def _ok(description: str, schema: str | None = None) -> dict:
    return {"description": description, **(_json(_ref(schema)) if schema else {})}


SLUG = _param("slug", "path", TEXT, "The group's slug.")
USERNAME = _param("username", "path", TEXT, "The member who asked to join.")
THREAD_ID = _param("thread_id", "path", ID, "The thread's id.")
POST_ID = _param("post_id", "path", ID, "The post's id.")
TOKEN_ID = _param("token_id", "path", ID, "The token's id.")
MEMBER = _param("username", "path", TEXT, "The member's username.")
KIND = _param("kind", "path", {"type": "string", "enum": list(REACTION_KINDS)}, "The kind of reaction.")
GOAL_ID = _param("goal_id", "path", ID, "The id of one of the caller's goals.")
MILESTONE_ID = _param("milestone_id", "path", ID, "The milestone's id.")
ARCHIVED_PARAM = _param("archived", "query", {"type": "string", "enum": ["true", "false"]},
                        "true: the archived goals instead of the current ones.")
ITEM_ID = _param("item_id", "path", ID, "The moderation item's id.")
CURSOR_PARAM = _param("cursor", "query", TEXT, "The next_cursor of the previous page.")
TECHNIQUE_ID = _param("technique_id", "path", ID, "The technique's id.")
MARK_KIND = _param("kind", "path", {"type": "string", "enum": list(MARK_KINDS)}, "tried (tried it) or helped (helped me).")
PAGE_PARAM = _param("page", "query", {"type": "integer", "minimum": 1, "maximum": 50},
                    "The next_page of the previous page (pages are bounded).")
TECHNIQUE_LIST_PARAMS = [
    _param("sort", "query", {"type": "string", "enum": ["helpful", "newest"], "default": "helpful"},
           "Most helped-me marks first, or newest first."),
    _param("tag", "query", {"type": "string", "enum": list(TECHNIQUE_TAGS)}, "Only techniques with this tag."),
    PAGE_PARAM,
]

PATHS = {
    "/accounts": {
        "post": _op("Create an account and a first API token", {201: _ok("Created", "NewAccount")},
                    400, 409, 422, body="Registration", auth="none"),
    },
    "/tokens": {
        "post": _op("Trade a username and password for a new API token", {201: _ok("Created", "NewToken")},
                    400, 401, 422, 429, body="Credentials", auth="none"),
        "get": _op("The caller's working tokens", {200: _ok("OK", "TokenList")}, 401),
    },
    "/tokens/{token_id}": {
        "parameters": [TOKEN_ID],
        "delete": _op("Revoke one of the caller's tokens", {204: _ok("Revoked")}, 400, 401, 404),
    },
    "/blocks": {
        "get": _op("The members the caller blocked", {200: _ok("OK", "BlockList")}, 401),
    },
    "/blocks/{username}": {
        "parameters": [MEMBER],
        "post": _op("Block a member: their posts are folded away for the caller, and they can't reply to the "
                    "caller's threads, posts or room messages. They are not told.",
                    {201: _ok("Blocked", "BlockAnswer"), 200: _ok("Was blocked already", "BlockAnswer")},
                    400, 401, 404, 422),
        "delete": _op("Lift a block (nothing happens if there was none)", {204: _ok("Unblocked")}, 400, 401, 404),
    },
    "/me": {
        "get": _op("The caller's own account", {200: _ok("OK", "MeAnswer")}, 401),
    },
    "/me/export": {
        "get": _op("Everything the caller wrote or set (profile, posts, room messages, goals, check-ins, milestones, "
                   "techniques, marks, toolkit, reactions, reports, blocks, sign-ins, token names), as one JSON document",
                   {200: _ok("OK", "MemberExport")}, 401),
    },
    "/me/delete": {
        "post": _op("Delete the caller's account, confirmed with the password. The identity goes (the account becomes "
                    "\"former member <id>\"); goals, milestones, marks, toolkit, blocks and tokens are erased; "
                    "posts and room messages stay anonymized (content: keep) or are erased (content: erase). "
                    "A wrong password (403 `wrong_password`) changes nothing.",
                    {200: _ok("Deleted", "AccountDeleted")}, 400, 401, 403, 422, 429, body="AccountDeletion"),
    },
    "/groups": {
        "get": _op("Every group (a private group's agreement only for its readers)", {200: _ok("OK", "GroupList")},
                   401, auth="optional"),
        "post": _op("Create a group (site admins)", {201: _ok("Created", "GroupAnswer")},
                    400, 401, 403, 409, 422, body="NewGroup"),
    },
    "/groups/{slug}": {
        "parameters": [SLUG],
        "get": _op("One group; a private group's outsiders get its preview only", {200: _ok("OK", "GroupAnswer")},
                   401, 404, auth="optional"),
    },
    "/groups/{slug}/moderators": {
        "parameters": [SLUG],
        "post": _op("Make a member a moderator (site admins)", {200: _ok("OK", "MembershipAnswer")},
                    400, 401, 403, 404, 422, body="Appointment"),
    },
    "/groups/{slug}/moderators/{username}": {
        "parameters": [SLUG, MEMBER],
        "delete": _op("A moderator goes back to being a member; their queue pages stop getting the group's reports at "
                      "once (site admins)", {200: _ok("OK", "MembershipAnswer")}, 401, 403, 404),
    },
    "/groups/{slug}/join": {
        "parameters": [SLUG],
        "post": _op("Join a public group, or ask to join a private one", {
            200: _ok("Joined (status active)", "MembershipAnswer"),
            202: _ok("Asked to join (status pending)", "MembershipAnswer"),
        }, 400, 401, 404, 422, body="Join"),
    },
    "/groups/{slug}/leave": {
        "parameters": [SLUG],
        "post": _op("Leave the group or withdraw a request", {200: _ok("Left", "NoMembership")}, 400, 401, 403, 404),
    },
    "/groups/{slug}/requests": {
        "parameters": [SLUG],
        "get": _op("Pending join requests (group moderators)", {200: _ok("OK", "RequestList")}, 401, 403, 404),
    },
    "/groups/{slug}/requests/{username}/approve": {
        "parameters": [SLUG, USERNAME],
        "post": _op("Approve a join request (group moderators)", {200: _ok("Approved", "MembershipAnswer")},
                    400, 401, 403, 404),
    },
    "/groups/{slug}/requests/{username}/decline": {
        "parameters": [SLUG, USERNAME],
        "post": _op("Decline a join request (group moderators)", {200: _ok("Declined", "NoMembership")},
                    400, 401, 403, 404),
    },
    "/groups/{slug}/threads": {
        "parameters": [SLUG],
        "get": {**_op("One page of the group's threads, most recently active first",
                      {200: _ok("OK", "ThreadPage")}, 400, 401, 404), "parameters": [CURSOR_PARAM]},
        "post": _op("Start a thread (members)", {201: _ok("Created", "NewThread")},
                    400, 401, 403, 404, 422, body="ThreadInput"),
    },
    "/threads/{thread_id}": {
        "parameters": [THREAD_ID],
        "get": {**_op("A thread and one page of its posts in reading order",
                      {200: _ok("OK", "ThreadView")}, 400, 401, 404), "parameters": [CURSOR_PARAM]},
    },
    "/threads/{thread_id}/posts": {
        "parameters": [THREAD_ID],
        "post": _op("Reply to the thread or to one of its posts (members)", {201: _ok("Created", "PostAnswer")},
                    400, 401, 403, 404, 409, 422, body="Reply"),
    },
    "/posts/{post_id}": {
        "parameters": [POST_ID],
        "patch": _op("Edit one's own post", {200: _ok("OK", "PostAnswer")}, 400, 401, 403, 404, 409, 422, body="Edit"),
        "delete": _op("Delete one's own post (its place in the thread stays)", {200: _ok("OK", "PostAnswer")},
                      400, 401, 403, 404),
    },
    "/posts/{post_id}/reactions/{kind}": {
        "parameters": [POST_ID, KIND],
        "post": _op("React to a post (members)", {200: _ok("OK", "Reactions")}, 400, 401, 403, 404, 422),
        "delete": _op("Take back one's reaction (members)", {200: _ok("OK", "Reactions")}, 400, 401, 403, 404, 422),
    },
    "/posts/{post_id}/collapse": {
        "parameters": [POST_ID],
        "post": _op("Fold a reply on one's own thread away (\"collapsed at the author's request\"); its writer is "
                    "told kindly", {200: _ok("OK", "PostAnswer")}, 400, 401, 403, 404, 422),
        "delete": _op("Unfold a reply one folded", {200: _ok("OK", "PostAnswer")}, 400, 401, 403, 404, 422),
    },
    "/me/preferences": {
        "get": _op("The caller's reading preferences", {200: _ok("OK", "ReadingPreferences")}, 401),
        "put": _op("Replace the caller's reading preferences", {200: _ok("OK", "ReadingPreferences")},
                   400, 401, 422, body="ReadingPreferences"),
    },
    "/goals": {
        "get": {**_op("The caller's own goals (private to them)", {200: _ok("OK", "GoalList")}, 401),
                "parameters": [ARCHIVED_PARAM]},
        "post": _op("Set a goal, private to the caller", {201: _ok("Created", "GoalAnswer")},
                    400, 401, 422, body="GoalInput"),
    },
    "/goals/{goal_id}": {
        "parameters": [GOAL_ID],
        "get": _op("One of the caller's goals with its check-ins, new starts, milestones and the streak "
                   "milestones on offer (another member's goal is not found)", {200: _ok("OK", "GoalView")}, 401, 404),
    },
    "/goals/{goal_id}/archive": {
        "parameters": [GOAL_ID],
        "post": _op("Archive a goal, or bring it back", {200: _ok("OK", "GoalAnswer")},
                    400, 401, 404, 422, body="Archive"),
    },
    "/goals/{goal_id}/checkins": {
        "parameters": [GOAL_ID],
        "post": _op("Check in on a goal", {201: _ok("Created", "CheckInAnswer")}, 400, 401, 404, 422, body="CheckInInput"),
    },
    "/goals/{goal_id}/new-start": {
        "parameters": [GOAL_ID],
        "post": _op("Give a streak a new start; the streak before stays in the history",
                    {201: _ok("Created", "NewStartAnswer")}, 400, 401, 404, 422, body="NewStartInput"),
    },
    "/goals/{goal_id}/milestones": {
        "parameters": [GOAL_ID],
        "post": _op("Record a milestone of the goal, shared only with the groups named",
                    {201: _ok("Created", "OwnMilestoneAnswer")}, 400, 401, 403, 404, 422, body="MilestoneInput"),
    },
    "/milestones": {
        "get": _op("The caller's own milestones and where each is shared", {200: _ok("OK", "OwnMilestoneList")}, 401),
    },
    "/milestones/{milestone_id}/share": {
        "parameters": [MILESTONE_ID],
        "post": _op("Share one's milestone with more of one's groups (it arrives live in their rooms)",
                    {200: _ok("OK", "OwnMilestoneAnswer")}, 400, 401, 403, 404, 422, body="ShareInput"),
    },
    "/milestones/{milestone_id}/unshare": {
        "parameters": [MILESTONE_ID],
        "post": _op("Take one's milestone back from some groups or all; it leaves their feeds and rooms",
                    {200: _ok("OK", "OwnMilestoneAnswer")}, 400, 401, 404, 422, body="UnshareInput"),
    },
    "/milestones/{milestone_id}/reactions": {
        "parameters": [MILESTONE_ID],
        "post": _op("Celebrate or support a milestone shared with one's group",
                    {200: _ok("OK", "MilestoneReactions")}, 400, 401, 403, 404, 422, body="MilestoneReactionInput"),
    },
    "/milestones/{milestone_id}/congratulations": {
        "parameters": [MILESTONE_ID],
        "post": _op("Congratulate on a milestone shared with one's group",
                    {201: _ok("Created", "MilestoneCongratulation")}, 400, 401, 403, 404, 422,
                    body="CongratulationInput"),
    },
    "/groups/{slug}/celebrations": {
        "parameters": [SLUG],
        "get": {**_op("One page of the milestones shared with the group, newest first (members; a private "
                      "group's are not found for others)", {200: _ok("OK", "CelebrationPage")}, 400, 401, 403, 404),
                "parameters": [CURSOR_PARAM]},
    },
    "/reports": {
        "post": _op("Report a post, thread, room message or member", {
            201: _ok("Reported", "MyReportAnswer"),
            200: _ok("Reported already by the caller: nothing changed", "MyReportAnswer"),
        }, 400, 401, 404, 422, 429, body="NewReport"),
    },
    "/me/reports": {
        "get": _op("The caller's own reports and their outcomes (no moderator names)",
                   {200: _ok("OK", "MyReportList")}, 401),
    },
    "/me/notifications": {
        "get": _op("The caller's notifications, newest first (an alias of /notifications)",
                   {200: _ok("OK", "NotificationList")}, 401),
    },
    "/notifications": {
        "get": _op("The caller's notifications, newest (or most recently gathered) first, with the unread count",
                   {200: _ok("OK", "NotificationList")}, 401),
    },
    "/notifications/read": {
        "post": _op("Mark all the caller's notifications read", {200: _ok("OK", "NotificationsRead")}, 400, 401),
    },
    "/notifications/preferences": {
        "get": _op("Which kinds of notification the caller receives (all on until turned off)",
                   {200: _ok("OK", "NotificationPreferencesAnswer")}, 401),
        "patch": _op("Turn kinds of notification on or off; kinds not named stay as they are. `moderation` "
                     "can't be turned off (422 `invalid`).",
                     {200: _ok("OK", "NotificationPreferencesAnswer")}, 400, 401, 422, body="NotificationPreferences"),
    },
    "/mod/queue": {
        "get": {**_op("The moderation queue (moderators: their groups; site admins: all). Crisis first, then "
                      "by report count, then oldest. With view=members: grouped by reported member.",
                      {200: _ok("OK", "Queue")}, 401, 403, 404, 422),
                "parameters": [
                    _param("group", "query", TEXT, "Only this group (slug)."),
                    _param("status", "query", {"type": "string", "enum": [*ITEM_STATUSES, "all"], "default": "open"},
                           "Open (the default), resolved, or all."),
                    _param("reason", "query", {"type": "string", "enum": list(REPORT_REASONS)}, "Only items with a report for this reason."),
                    _param("view", "query", {"type": "string", "enum": ["members"]}, "Group the items by reported member."),
                ]},
    },
    "/mod/items/{item_id}": {
        "parameters": [ITEM_ID],
        "get": _op("One item with its surroundings and the author's moderation history", {200: _ok("OK", "ItemReview")},
                   401, 404),
    },
    "/mod/items/{item_id}/claim": {
        "parameters": [ITEM_ID],
        "post": _op("Claim an item: other moderators see who has it", {200: _ok("OK", "ItemAnswer")}, 400, 401, 404, 409),
    },
    "/mod/items/{item_id}/resolve": {
        "parameters": [ITEM_ID],
        "post": _op("Resolve an item with one action; the author is told the reason (except for dismiss)",
                    {200: _ok("OK", "ItemAnswer")}, 400, 401, 403, 404, 409, 422, body="Resolution"),
    },
    "/mod/items/{item_id}/restore": {
        "parameters": [ITEM_ID],
        "post": _op("Undo a hide: the content is shown again and the author told the reason",
                    {200: _ok("OK", "ItemAnswer")}, 400, 401, 404, 409, 422, body="Restoration"),
    },
    "/mod/audit": {
        "get": {**_op("The audit log, newest first (moderators: their groups; site admins: all)",
                      {200: _ok("OK", "AuditLog")}, 401, 403),
                "parameters": [
                    _param("member", "query", TEXT, "Only entries about this member (username)."),
                    _param("moderator", "query", TEXT, "Only entries by this person (username)."),
                ]},
    },
    "/techniques": {
        "get": {**_op("The site-wide technique library", {200: _ok("OK", "TechniquePage")}, 400, 401, 422),
                "parameters": TECHNIQUE_LIST_PARAMS},
        "post": _op("Share a technique site-wide (every signed-in member can read it)",
                    {201: _ok("Created", "TechniqueAnswer")}, 400, 401, 422, body="TechniqueInput"),
    },
    "/groups/{slug}/techniques": {
        "parameters": [SLUG],
        "get": {**_op("A group's techniques (a private group's are not found for non-members)",
                      {200: _ok("OK", "TechniquePage")}, 400, 401, 404, 422), "parameters": TECHNIQUE_LIST_PARAMS},
        "post": _op("Share a technique in a group (members)", {201: _ok("Created", "TechniqueAnswer")},
                    400, 401, 403, 404, 422, body="TechniqueInput"),
    },
    "/techniques/{technique_id}": {
        "parameters": [TECHNIQUE_ID],
        "get": _op("One technique with its public totals, and the caller's own marks and toolkit state",
                   {200: _ok("OK", "TechniqueAnswer")}, 401, 404),
        "put": _op("Its author replaces the technique's title, steps, when it helps and tags",
                   {200: _ok("OK", "TechniqueAnswer")}, 400, 401, 403, 404, 422, body="TechniqueInput"),
        "delete": _op("Its author deletes the technique (with everyone's marks and saves of it)",
                      {204: _ok("Deleted")}, 401, 403, 404),
    },
    "/techniques/{technique_id}/marks/{kind}": {
        "parameters": [TECHNIQUE_ID, MARK_KIND],
        "post": _op("Mark a technique tried or helped (private: others see only the totals)",
                    {200: _ok("OK", "TechniqueMarks")}, 400, 401, 404, 422),
        "delete": _op("Take back one's mark", {200: _ok("OK", "TechniqueMarks")}, 400, 401, 404, 422),
    },
    "/me/toolkit": {
        "get": {**_op("The caller's toolkit: saved techniques, newest save first (private)",
                      {200: _ok("OK", "TechniquePage")}, 401, 422), "parameters": [PAGE_PARAM]},
    },
    "/me/toolkit/{technique_id}": {
        "parameters": [TECHNIQUE_ID],
        "put": _op("Save a technique to one's toolkit", {200: _ok("OK", "ToolkitState")}, 400, 401, 404),
        "delete": _op("Remove a technique from one's toolkit", {200: _ok("OK", "ToolkitState")}, 400, 401, 404),
    },
    "/search": {
        "get": {**_op("Full-text search over the threads, posts and techniques the caller may read, newest first. "
                      "The query is reduced to words and \"quoted phrases\", all of which must appear; no total is "
                      "given", {200: _ok("OK", "SearchResults")}, 401, 422),
                "parameters": [_param("q", "query", {"type": "string"}, "What to look for (only the first 500 "
                                      "characters and 8 words count)."), {**PAGE_PARAM, "schema": {
                                          "type": "integer", "minimum": 1, "maximum": 20}}]},
    },
    "/openapi.json": {
        "get": _op("This document", {200: {"description": "An OpenAPI 3.1 document"}}, auth="none"),
    },
}

USER = _object(
    ["username", "display_name", "pronouns"], username=TEXT, display_name=TEXT, pronouns=TEXT
)
GROUP_PREVIEW = _object(
    ["slug", "name", "description", "visibility"],
    slug=TEXT, name=TEXT, description=TEXT, visibility={"type": "string", "enum": list(VISIBILITIES)},
)
TOKEN = _object(["id", "name", "created_at"], id=ID, name=TEXT, created_at=TIME)
DAY = {"type": "string", "format": "date"}
NULLABLE_DAY = {"type": ["string", "null"], "format": "date"}
COUNTS = {"type": "object", "additionalProperties": {"type": "integer"}}
STREAK_LENGTH = {"type": "integer", "enum": list(STREAK_MILESTONES)}
GROUP_SLUGS = {"type": "array", "items": TEXT, "description": "Slugs of groups the caller is an active member of."}
CONGRATULATION = _object(["id", "author", "body", "created_at"], id=ID, author={"oneOf": [_ref("User"), {"type": "null"}]},
                         body={"type": "string", "maxLength": 280}, created_at=TIME)

TECHNIQUE_COUNTS = _object(["tried", "helped"], tried={"type": "integer"}, helped={"type": "integer"})
TECHNIQUE = _object(
    ["id", "title", "tags", "group", "author", "steps", "steps_html", "when_it_helps", "counts", "created_at"],
    id=ID, title=TEXT, tags={"type": "array", "items": {"type": "string", "enum": list(TECHNIQUE_TAGS)}},
    group={**NULLABLE_TEXT, "description": "The group's slug; null: site-wide."},
    author={"oneOf": [_ref("User"), {"type": "null"}]}, steps={"type": "string", "description": "Markdown"},
    steps_html=TEXT, when_it_helps=TEXT, counts=TECHNIQUE_COUNTS, created_at=TIME,
    my_marks={"type": "array", "items": {"type": "string", "enum": list(MARK_KINDS)},
              "description": "The caller's own marks (only in answers about one technique)."},
    saved={"type": "boolean", "description": "Whether it is in the caller's toolkit."},
)
SEARCH_HIT = _object(
    ["kind", "id", "title", "snippet", "group", "thread_id", "created_at"],
    kind={"type": "string", "enum": ["thread", "post", "technique"]}, id=ID,
    title={"type": "string", "description": "The thread's title (for a thread or post) or the technique's."},
    snippet=TEXT, group=NULLABLE_TEXT, thread_id={"type": ["integer", "null"]}, created_at=TIME,
)
NEXT_PAGE = {"type": ["integer", "null"], "description": "Pass as ?page= for the next page; null on the last one."}

SCHEMAS = {
    "Technique": TECHNIQUE,
    "TechniqueAnswer": _object(["technique"], technique=_ref("Technique")),
    "TechniquePage": _list_of("techniques", "Technique", page={"type": "integer"}, next_page=NEXT_PAGE),
    "TechniqueMarks": _object(["technique_id", "counts", "my_marks"], technique_id=ID, counts=TECHNIQUE_COUNTS,
                              my_marks={"type": "array", "items": {"type": "string", "enum": list(MARK_KINDS)}}),
    "ToolkitState": _object(["technique_id", "saved"], technique_id=ID, saved={"type": "boolean"}),
    "TechniqueInput": _object(["title", "steps"], title={"type": "string", "maxLength": 200},
                              steps={"type": "string", "maxLength": 10000, "description": "Markdown"},
                              when_it_helps={"type": ["string", "null"], "maxLength": 500},
                              tags={"type": "array", "maxItems": 5,
                                    "items": {"type": "string", "enum": list(TECHNIQUE_TAGS)}}),
    "SearchHit": SEARCH_HIT,
    "SearchResults": _list_of("hits", "SearchHit", page={"type": "integer"}, next_page=NEXT_PAGE),
    "Error": _object(
        ["error", "message"],
        error={"type": "string", "enum": ERROR_CODES, "description": "A stable code."},
        message={"type": "string", "description": "A sentence for people."},
    ),
    "User": USER,
    "Me": {**USER, "required": [*USER["required"], "bio", "is_site_admin"],
           "properties": {**USER["properties"], "bio": TEXT, "is_site_admin": {"type": "boolean"}}},
    "MemberExport": {**_object(
        ["format", "profile", "memberships", "threads", "posts", "room_messages", "goals", "checkins", "new_starts",
         "milestones", "techniques", "technique_marks", "toolkit", "post_reactions", "room_message_reactions",
         "milestone_reactions", "congratulations", "reports", "blocks", "sessions", "tokens"],
        format={"type": "string", "const": "forum-export/1"}, profile={"type": "object"},
    ), "description": "Each other key is a list of the caller's rows of that kind, oldest first, with their ids."},
    "AccountDeletion": _object(
        ["password", "content"], password=TEXT,
        content={"type": "string", "enum": ["keep", "erase"],
                 "description": "keep: posts and room messages stay, shown as the former member's; erase: they go, "
                                "their places in threads marked as removed at the author's request."},
    ),
    "AccountDeleted": _object(["deleted", "pseudonym", "content"], deleted={"type": "boolean"}, pseudonym=TEXT,
                              content={"type": "string", "enum": ["keep", "erase"]}),
    "Token": TOKEN,
    "TokenWithSecret": {**TOKEN, "required": [*TOKEN["required"], "secret"],
                        "properties": {**TOKEN["properties"], "secret": {
                            "type": "string", "description": "Send as `Authorization: Bearer <secret>`. Shown once."}}},
    "GroupPreview": GROUP_PREVIEW,
    "Group": {**GROUP_PREVIEW, "required": [*GROUP_PREVIEW["required"], "agreement", "agreement_html"],
              "properties": {**GROUP_PREVIEW["properties"], "agreement": TEXT, "agreement_html": TEXT,
                             "moderators": {"type": "array", "items": _ref("User")}}},
    "Membership": _object(
        ["group", "user", "role", "status", "agreement_accepted_at"],
        group=TEXT, user=_ref("User"), role={"type": "string", "enum": ["member", "moderator"]},
        status={"type": "string", "enum": ["active", "pending"]}, agreement_accepted_at=NULLABLE_TIME,
    ),
    "Thread": _object(
        ["id", "group", "title", "author", "response_preference", "content_warning", "reply_count",
         "created_at", "last_activity_at"],
        id=ID, group=TEXT, title=TEXT, author={"oneOf": [_ref("User"), {"type": "null"}]},
        response_preference={"type": "string", "enum": list(RESPONSE_PREFERENCES)},
        content_warning=NULLABLE_TEXT, reply_count={"type": "integer"}, created_at=TIME, last_activity_at=TIME,
        moderation=MODERATION_STATE, themes=THEME_LIST,
    ),
    "Post": _object(
        ["id", "thread_id", "parent_id", "depth", "author", "body", "body_html", "created_at", "edited_at",
         "deleted"],
        id=ID, thread_id=ID, parent_id={"type": ["integer", "null"]}, depth={"type": "integer"},
        author={"oneOf": [_ref("User"), {"type": "null"}], "description": "null once deleted or for a former member"},
        body={"type": "string", "description": "The Markdown source as written."},
        body_html={"type": "string", "description": "Sanitised HTML: no scripts, event handlers or javascript: links."},
        created_at=TIME, edited_at=NULLABLE_TIME, deleted={"type": "boolean"}, moderation=MODERATION_STATE,
        reactions={"type": "object", "additionalProperties": {"type": "integer"}},
        my_reactions={"type": "array", "items": {"type": "string", "enum": list(REACTION_KINDS)}},
        author_blocked={"type": "boolean",
                        "description": "In a thread view: the reader blocked the author, so fold the post away."},
        themes=THEME_LIST,
        collapsed_by_author={"type": "boolean",
                             "description": "The thread's author folded this reply away; show it folded, openable."},
    ),
    "Block": _object(["user", "created_at"], user=_ref("User"), created_at=TIME),
    "HelpResource": _object(["name"], name=TEXT, description=TEXT, phone=TEXT, text=TEXT,
                            url={"type": "string", "format": "uri"}),
    "CrisisHelp": {**_object(["title", "message", "resources"], title=TEXT, message=TEXT,
                             resources={"type": "array", "items": _ref("HelpResource")}),
                   "description": "Present when what was just written matched a crisis rule: show it to the author "
                                  "(the site's CRISIS_RESOURCES)."},
    "Reactions": _object(
        ["post_id", "thread_id", "counts"], post_id=ID, thread_id=ID,
        counts={"type": "object", "additionalProperties": {"type": "integer"}},
    ),
    "Goal": _object(
        ["id", "title", "why", "kind", "streak_started_on", "streak_days", "checkins", "created_at", "archived"],
        id=ID, title=TEXT, why=TEXT, kind={"type": "string", "enum": list(GOAL_KINDS)},
        streak_started_on=NULLABLE_DAY,
        streak_days={"type": ["integer", "null"], "description": "Days since the streak's current start (streaks)."},
        checkins={"type": "integer"}, created_at=TIME, archived={"type": "boolean"},
    ),
    "CheckIn": _object(["id", "goal_id", "note", "mood", "created_at"], id=ID, goal_id=ID, note=TEXT,
                       mood={"type": ["integer", "null"], "minimum": 1, "maximum": 5}, created_at=TIME),
    "NewStart": _object(["id", "goal_id", "previous_start", "previous_days", "new_start", "created_at"],
                        id=ID, goal_id=ID, previous_start=DAY, previous_days={"type": "integer"}, new_start=DAY,
                        created_at=TIME),
    "OwnMilestone": _object(
        ["id", "goal_id", "title", "days", "created_at", "shared_with"],
        id=ID, goal_id={"type": ["integer", "null"]}, title=TEXT, days={"type": ["integer", "null"]},
        created_at=TIME, shared_with={"type": "array", "items": TEXT, "description": "Slugs of the groups it is shared with."},
    ),
    "Celebration": _object(
        ["id", "group", "member", "title", "days", "shared_at", "reactions", "congratulations"],
        id=ID, group=TEXT, member={"oneOf": [_ref("User"), {"type": "null"}]}, title=TEXT,
        days={"type": ["integer", "null"], "description": "The streak length it marks, if any."},
        shared_at=TIME, reactions=COUNTS, congratulations={"type": "array", "items": CONGRATULATION},
    ),
    "GoalList": _list_of("goals", "Goal"),
    "GoalAnswer": _object(["goal"], goal=_ref("Goal")),
    "GoalView": _object(
        ["goal", "checkins", "new_starts", "milestones", "offered_milestones"], goal=_ref("Goal"),
        checkins={"type": "array", "items": _ref("CheckIn")}, new_starts={"type": "array", "items": _ref("NewStart")},
        milestones={"type": "array", "items": _ref("OwnMilestone")},
        offered_milestones={"type": "array", "items": STREAK_LENGTH,
                            "description": "Streak lengths reached and not yet recorded: the caller may record them."},
    ),
    "CheckInAnswer": _object(["checkin"], checkin=_ref("CheckIn")),
    "NewStartAnswer": _object(["new_start"], new_start=_ref("NewStart")),
    "OwnMilestoneAnswer": _object(["milestone"], milestone=_ref("OwnMilestone")),
    "OwnMilestoneList": _list_of("milestones", "OwnMilestone"),
    "CelebrationPage": _list_of("celebrations", "Celebration", next_cursor=CURSOR),
    "MilestoneReactions": _object(["group", "milestone_id", "counts"], group=TEXT, milestone_id=ID, counts=COUNTS),
    "MilestoneCongratulation": _object(["group", "milestone_id", "congratulation"], group=TEXT, milestone_id=ID,
                                       congratulation=CONGRATULATION),
    "GoalInput": _object(["title", "kind"], title={"type": "string", "maxLength": 200},
                         why={"type": ["string", "null"], "maxLength": 1000},
                         kind={"type": "string", "enum": list(GOAL_KINDS), "default": "plain"},
                         streak_started_on={**NULLABLE_DAY, "description": "A streak's start; today when left out."}),
    "Archive": _object([], archived={"type": "boolean", "default": True}),
    "CheckInInput": _object([], note={"type": ["string", "null"], "maxLength": 280},
                            mood={"type": ["integer", "null"], "minimum": 1, "maximum": 5}),
    "NewStartInput": _object([], started_on={**NULLABLE_DAY, "description": "Today when left out."}),
    "MilestoneInput": _object(
        [], title={"type": ["string", "null"], "maxLength": 200,
                   "description": "Required, except with `days`, where it defaults to e.g. \"30 days\"."},
        days={**STREAK_LENGTH, "description": "A streak length the goal offers now (see offered_milestones)."},
        share_with={**GROUP_SLUGS, "default": []},
    ),
    "ShareInput": _object(["groups"], groups=GROUP_SLUGS),
    "UnshareInput": _object(["groups"], groups={"oneOf": [{"type": "array", "items": TEXT}, {"const": "all"}]}),
    "MilestoneReactionInput": _object(
        ["group", "kind"], group={"type": "string", "description": "The group it is shared with."},
        kind={"type": "string", "enum": list(MILESTONE_REACTION_KINDS)},
        on={"type": "boolean", "default": True, "description": "false takes the reaction back."},
    ),
    "CongratulationInput": _object(["group", "body"], group={"type": "string", "description": "The group it is shared with."},
                                   body={"type": "string", "maxLength": 280}),
    "NewAccount": _object(["user", "token"], user=_ref("Me"), token=_ref("TokenWithSecret")),
    "NewToken": _object(["token"], token=_ref("TokenWithSecret")),
    "TokenList": _list_of("tokens", "Token"),
    "MeAnswer": _object(["user"], user=_ref("Me")),
    "GroupList": {"type": "object", "required": ["groups"], "properties": {"groups": {
        "type": "array", "items": {"oneOf": [_ref("Group"), _ref("GroupPreview")]}}}},
    "GroupAnswer": _object(["group"], group={"oneOf": [_ref("Group"), _ref("GroupPreview")]}),
    "MembershipAnswer": _object(["membership"], membership=_ref("Membership")),
    "NoMembership": _object(["membership"], membership={"type": "null"}),
    "RequestList": _list_of("requests", "Membership"),
    "ThreadPage": _list_of("threads", "Thread", next_cursor=CURSOR),
    "ThreadView": _object(["thread", "posts", "next_cursor"], thread=_ref("Thread"),
                          posts={"type": "array", "items": _ref("Post")}, next_cursor=CURSOR),
    "NewThread": _object(["thread", "post"], thread=_ref("Thread"), post=_ref("Post"), help=_ref("CrisisHelp")),
    "PostAnswer": _object(["post"], post=_ref("Post"), help=_ref("CrisisHelp")),
    "BlockList": _list_of("blocks", "Block"),
    "BlockAnswer": _object(["block"], block=_ref("Block")),
    "Registration": _object(["username", "password"], username={"type": "string", "pattern": "^[A-Za-z0-9_.-]{3,32}$"},
                            password={"type": "string", "minLength": 10, "maxLength": 200},
                            email={"type": ["string", "null"], "maxLength": 254}),
    "Credentials": _object(["username", "password"], username=TEXT, password=TEXT,
                           name={"type": "string", "maxLength": 64, "description": "A label for the token."}),
    "NewGroup": _object(["slug", "name", "agreement"], slug={"type": "string", "pattern": "^[a-z0-9-]{1,64}$"},
                        name={"type": "string", "maxLength": 100}, description={"type": "string", "maxLength": 500},
                        agreement={"type": "string", "description": "Markdown"},
                        visibility={"type": "string", "enum": list(VISIBILITIES), "default": "public"}),
    "Appointment": _object(["username"], username=TEXT),
    "Join": _object(["accept_agreement"], accept_agreement={"const": True}),
    "ThreadInput": _object(["title", "body"], title={"type": "string", "maxLength": 200},
                           body={"type": "string", "maxLength": 20000, "description": "Markdown"},
                           response_preference={"type": "string", "enum": list(RESPONSE_PREFERENCES),
                                                "default": "open"},
                           content_warning={"type": ["string", "null"], "maxLength": 200}, themes=THEME_LIST),
    "Reply": _object(["body"], body={"type": "string", "maxLength": 20000, "description": "Markdown"},
                     parent_id={"type": ["integer", "null"], "description": "The post replied to; null: the thread."},
                     themes=THEME_LIST, confirmed=CONFIRMED),
    "Edit": _object(["body"], body={"type": "string", "maxLength": 20000, "description": "Markdown"},
                    confirmed=CONFIRMED),
    "ReadingPreferences": _object(["collapsed_themes"], collapsed_themes={
        **THEME_LIST, "description": "Themes the caller wants folded wherever they read (threads and live rooms)."}),
    "NewReport": _object(
        ["target_type", "target_id", "reason"],
        target_type={"type": "string", "enum": list(TARGET_TYPES)},
        target_id={**ID, "description": "The id of the post, thread, room message or member (user id)."},
        reason={"type": "string", "enum": list(REPORT_REASONS)},
        note={"type": ["string", "null"], "maxLength": 1000, "description": "Required when the reason is `other`."},
        group={"type": ["string", "null"], "description": "For a member: the group (slug) where it happened."},
    ),
    "MyReport": _object(
        ["id", "target_type", "target_id", "reason", "note", "created_at", "excerpt", "status", "outcome"],
        id=ID, target_type=TEXT, target_id=ID, reason=TEXT, note=TEXT, created_at=TIME, excerpt=TEXT,
        status={"type": "string", "enum": ["open", "reviewed"]},
        outcome={"type": "string", "description": "e.g. \"reviewed: removed\"; never a moderator's name."},
    ),
    "MyReportAnswer": _object(["report"], report=_ref("MyReport")),
    "MyReportList": _list_of("reports", "MyReport"),
    "Notification": _object(["id", "kind", "text", "quote", "created_at", "read", "link", "actor"], id=ID,
                            kind={"type": "string", "enum": list(NOTIFICATION_KINDS)}, text=TEXT,
                            quote=TEXT, created_at=TIME, read={"type": "boolean"},
                            link={"type": "string", "description": "A path on this site: the thing it is about; "
                                  "empty when there is none."},
                            actor={"oneOf": [_ref("User"), {"type": "null"}]}),
    "NotificationList": _list_of("notifications", "Notification", unread={"type": "integer", "minimum": 0}),
    "NotificationsRead": _object(["marked", "unread"], marked={"type": "integer", "minimum": 0},
                                 unread={"type": "integer", "minimum": 0}),
    "NotificationPreferences": {"type": "object", "additionalProperties": False, "properties": {
        kind: {"type": "boolean"} for kind in NOTIFICATION_KINDS}},
    "NotificationPreferencesAnswer": _object(["preferences"], preferences=_object(
        list(NOTIFICATION_KINDS), **{kind: {"type": "boolean"} for kind in NOTIFICATION_KINDS})),
    "ModerationItem": _object(
        ["id", "target_type", "target_id", "group", "author", "status", "crisis", "report_count", "reasons", "reports",
         "first_reported_at", "last_reported_at", "snapshot", "claimed_by", "action", "resolution_reason",
         "resolved_by", "resolved_at"],
        id=ID, target_type=TEXT, target_id=ID, group=NULLABLE_TEXT, author={"oneOf": [_ref("User"), {"type": "null"}]},
        status={"type": "string", "enum": list(ITEM_STATUSES)}, crisis={"type": "boolean"},
        held={"type": "boolean", "description": "Held content waiting for approval: resolved by approve or reject."},
        report_count={"type": "integer"}, reasons={"type": "object", "additionalProperties": {"type": "integer"}},
        reports={"type": "array", "items": {"type": "object"}}, first_reported_at=TIME, last_reported_at=TIME,
        snapshot=_object(["title", "body"], title=TEXT, body=TEXT),
        claimed_by={"oneOf": [_ref("User"), {"type": "null"}]},
        action={"type": ["string", "null"], "enum": [*ITEM_ACTIONS, None]}, resolution_reason=NULLABLE_TEXT,
        resolved_by={"oneOf": [_ref("User"), {"type": "null"}]}, resolved_at=NULLABLE_TIME,
    ),
    "Queue": {"type": "object", "properties": {
        "items": {"type": "array", "items": _ref("ModerationItem")},
        "members": {"type": "array", "items": _object(["author", "items"], author={"oneOf": [_ref("User"), {"type": "null"}]},
                                                      items={"type": "array", "items": _ref("ModerationItem")})},
    }},
    "ItemAnswer": _object(["item"], item=_ref("ModerationItem")),
    "AuditEntry": _object(
        ["id", "created_at", "actor", "action", "member", "group", "item_id", "target_type", "target_id", "reason",
         "before", "after"],
        id=ID, created_at=TIME, actor={"oneOf": [_ref("User"), {"type": "null"}]}, action=TEXT,
        member={"oneOf": [_ref("User"), {"type": "null"}]}, group=NULLABLE_TEXT, item_id={"type": ["integer", "null"]},
        target_type=NULLABLE_TEXT, target_id={"type": ["integer", "null"]}, reason=TEXT, before=TEXT, after=TEXT,
    ),
    "AuditLog": _list_of("entries", "AuditEntry"),
    "ItemReview": _object(["item", "still_there", "surroundings", "author_history"], item=_ref("ModerationItem"),
                          still_there={"type": "boolean"}, surroundings={"type": "array", "items": {"type": "object"}},
                          author_history={"type": "array", "items": _ref("AuditEntry")}),
    "Restoration": _object(["reason"], reason={"type": "string", "maxLength": 2000, "description": "The author is told it."}),
    "Resolution": _object(
        ["action", "reason"], action={"type": "string", "enum": list(MODERATION_ACTIONS),
                                      "description": "approve and reject are for held items (held: true), which "
                                                     "take only those."},
        reason={"type": "string", "maxLength": 2000, "description": "Required; the author is told it."},
        minutes={"type": "integer", "minimum": 1, "maximum": 43200, "description": "For mute."},
    ),
}

DOCUMENT = {
    "openapi": "3.1.0",
    "info": {
        "title": "Peer-support forum API",
        "version": "1",
        "description": "Errors are JSON `{error, message}` with a stable `error` code. Authenticate with "
        "`Authorization: Bearer <token>`, or with the web session cookie plus an `X-CSRFToken` header on "
        "unsafe methods.",
    },
    "servers": [{"url": "/api/v1"}],
    "security": [{"bearerAuth": []}, {"cookieAuth": []}],
    "paths": PATHS,
    "components": {
        "securitySchemes": {
            "bearerAuth": {"type": "http", "scheme": "bearer", "description": "A personal API token."},
            "cookieAuth": {"type": "apiKey", "in": "cookie", "name": "session",
                           "description": "The web session; unsafe methods also need the X-CSRFToken header."},
        },
        "schemas": SCHEMAS,
        "responses": {
            name: {"description": description, **_json(_ref("Error"))}
            for name, description in ERROR_RESPONSES.values()
        },
    },
}


@bp.get("/openapi.json")
def document():
    """This API's OpenAPI description."""
    return jsonify(DOCUMENT)
