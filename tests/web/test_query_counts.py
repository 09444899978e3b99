"""Every page runs the same number of SQL queries whatever the amount of data it shows (no N+1).

Each HTML page a member, a moderator or a site admin can open (the app's url_map, so a new page
cannot be forgotten) is rendered on a small forum; then more rows of every kind those pages show
are added (new members writing threads, replies, reactions, techniques, marks, goals, check-ins,
milestones, congratulations, reports, moderation decisions, notifications, blocks, watched words,
sessions, tokens), and the page is rendered again: the number of statements must not change.
"""
from __future__ import annotations

from dataclasses import dataclass

import pytest

from forum.extensions import db
from forum.models import Goal, Group, Milestone, ModerationItem, Technique, Thread
from forum.services import accounts, blocks, goals, groups, moderation, reports, sessions, techniques, threads
from forum.services import watched_words
from tests.conftest import PASSWORD

# GET routes that answer something other than an HTML page.
NOT_PAGES = {
    "static",
    "health.healthz",
    "health.readyz",
    "metrics.metrics",
    "moderation.audit_csv",
}


@dataclass
class Forum:
    """Ids of the things the pages are about; everything else is found through them."""

    thread: int
    own_post: int
    goal: int
    technique: int
    item: int


def _user(name: str):
    return accounts.get_user_by_username(name)


def _group(slug: str) -> Group:
    return db.session.scalar(db.select(Group).where(Group.slug == slug))


def build_forum(app, build) -> Forum:
    """circle (public): moderator "mod", member "member" with one goal, one technique and a reply;
    hush (private) with a pending request; one open report about the member's reply."""
    build.admin("admin")
    for name in ("member", "mod", "asker"):
        build.user(name)
    build.group("circle", moderators=("mod",), members=("member",))
    build.group("hush", "private", moderators=("mod",))
    build.join("asker", "hush")
    thread = build.thread("mod", "circle", title="How was your week?", body="Tell us.")
    own_post = build.reply("member", thread, "Better than the last one.")
    with app.app_context():
        member, circle = _user("member"), _group("circle")
        goal = goals.create_goal(member, "Walk every day", "For my head", "streak")
        technique = techniques.share_technique(member, circle, "Box breathing", "In four, hold four.", None, ["anxiety"])
        filed = reports.file_report(_user("mod"), "post", own_post, "other", "Checking in on this.")
        item_id = db.session.scalar(db.select(ModerationItem.id).where(ModerationItem.target_id == own_post))
        assert filed is not None
        return Forum(thread=thread, own_post=own_post, goal=goal.id, technique=technique.id, item=item_id)


def add_more_of_everything(app, forum: Forum, round_number: int) -> None:
    """Three new members, each adding one more row of every kind the pages show."""
    with app.app_context():
        member, mod, admin = _user("member"), _user("mod"), _user("admin")
        circle, hush = _group("circle"), _group("hush")
        thread = db.session.get(Thread, forum.thread)
        goal = db.session.get(Goal, forum.goal)
        technique = db.session.get(Technique, forum.technique)
        more = groups.create_group(admin, f"more-{round_number}", f"More {round_number}", "Another group", "Be kind.", "public")
        groups.join_group(member, more, True)
        for n in range(3):
            name = f"new{round_number}{n}"
            newcomer = accounts.register(name, PASSWORD)
            groups.join_group(newcomer, circle, True)
            groups.join_group(newcomer, hush, True)
            own = threads.start_thread(newcomer, circle, f"Thread by {name}", f"Words by {name}")
            reply = threads.post_reply(newcomer, thread, f"A reply by {name}, see /techniques/{technique.id}")
            threads.post_reply(member, own, f"An answer to {name}")
            threads.set_reaction(newcomer, threads.opening_post(thread), "support", True)
            threads.set_reaction(member, reply, "helpful", True)
            shared = techniques.share_technique(newcomer, circle, f"Technique by {name}", "Steps.", None, ["sleep"])
            site_wide = techniques.share_technique(newcomer, None, f"Site technique by {name}", "Steps.", None, ["stress"])
            techniques.set_mark(newcomer, technique, "helped", True)
            techniques.save_to_toolkit(member, shared, True)
            techniques.save_to_toolkit(member, site_wide, True)
            goals.check_in(member, goal, f"Check-in {name}")
            mine = goals.record_milestone(member, goal, f"Milestone {name}", share_with=["circle"])
            theirs = goals.record_milestone(newcomer, None, f"A win for {name}", share_with=["circle"])
            goals.congratulate(member, circle, theirs.id, "Well done!")
            goals.congratulate(newcomer, circle, mine.id, "So glad for you")
            reports.file_report(newcomer, "post", forum.own_post, "other", f"Worried, says {name}")
            reports.file_report(member, "post", reply.id, "spam", "Looks like an advert")
            reports.file_report(member, "thread", own.id, "other", "Wrong group?")
            moderation.resolve(mod, _item_about(own.id, "thread"), "warn", f"Please keep on topic, {name}")
            moderation.resolve(mod, _item_about(reply.id, "post"), "dismiss", "Fine as it is")
            blocks.block_member(member, name)
            watched_words.add_rule(admin, None, f"siteword{round_number}{n}", False, "flag")
            watched_words.add_rule(mod, circle, f"groupword{round_number}{n}", False, "flag")
            accounts.create_token(member, f"token {name}")
            sessions.start(member)
        assert db.session.scalar(db.select(db.func.count(Milestone.id))) >= 6 * round_number


def _item_about(target_id: int, target_type: str) -> int:
    return db.session.scalar(
        db.select(ModerationItem.id).where(ModerationItem.target_id == target_id, ModerationItem.target_type == target_type)
    )


def pages(forum: Forum) -> dict[str, tuple[str | None, str]]:
    """endpoint -> (who views it, the URL). Every HTML GET route of the app is here."""
    return {
        "home.index": ("member", "/"),
        "auth.login": (None, "/login"),
        "auth.register": (None, "/register"),
        "groups.new": ("admin", "/groups/new"),
        "groups.show": ("member", "/groups/circle"),
        "groups.join": ("asker", "/groups/circle/join"),
        "groups.join_requests": ("mod", "/groups/hush/requests"),
        "celebrations.show": ("member", "/groups/circle/celebrations"),
        "rooms.show": ("member", "/groups/circle/room"),
        "threads.new": ("member", "/groups/circle/threads/new"),
        "threads.show": ("member", f"/threads/{forum.thread}"),
        "threads.edit": ("member", f"/posts/{forum.own_post}/edit"),
        "techniques.library": ("member", "/techniques"),
        "techniques.group_library": ("member", "/groups/circle/techniques"),
        "techniques.new": ("member", "/techniques/new"),
        "techniques.group_new": ("member", "/groups/circle/techniques/new"),
        "techniques.show": ("member", f"/techniques/{forum.technique}"),
        "techniques.edit": ("member", f"/techniques/{forum.technique}/edit"),
        "techniques.toolkit": ("member", "/toolkit"),
        "techniques.search_page": ("member", "/search?q=technique"),
        "goals.index": ("member", "/goals"),
        "goals.show": ("member", f"/goals/{forum.goal}"),
        "reports.new": ("member", f"/report?target_type=thread&target_id={forum.thread}"),
        "reports.mine": ("member", "/me/reports"),
        "reports.inbox": ("member", "/notifications"),
        "settings.profile": ("member", "/settings/profile"),
        "settings.password": ("member", "/settings/password"),
        "settings.sessions_page": ("member", "/settings/sessions"),
        "settings.tokens": ("member", "/settings/tokens"),
        "settings.blocks_page": ("member", "/settings/blocks"),
        "settings.reading": ("member", "/settings/reading"),
        "settings.notifications_page": ("member", "/settings/notifications"),
        "settings.data_page": ("member", "/settings/data"),
        "settings.export_data": ("member", "/settings/data/export.zip"),
        "settings.delete_account": ("member", "/settings/delete"),
        "moderation.queue": ("mod", "/mod/queue"),
        "moderation.item": ("mod", f"/mod/items/{forum.item}"),
        "moderation.audit_log": ("mod", "/mod/audit"),
        "watched_words.group": ("mod", "/groups/circle/watched-words"),
        "watched_words.site": ("admin", "/admin/watched-words"),
    }


# Views of the same endpoints that run other queries: the queue by member, everything a site admin sees.
MORE_VIEWS = {
    "moderation queue by member": ("mod", "/mod/queue?view=member"),
    "moderation queue, admin": ("admin", "/mod/queue"),
    "audit log, admin": ("admin", "/mod/audit"),
    "group page, moderator": ("mod", "/groups/circle"),
    "thread, moderator": ("mod", "/threads/{thread}"),
}


def html_get_endpoints(app) -> set[str]:
    return {
        rule.endpoint
        for rule in app.url_map.iter_rules()
        if "GET" in rule.methods and not rule.endpoint.startswith("api.") and rule.endpoint not in NOT_PAGES
    }


def test_the_query_count_table_names_every_html_page(app):
    assert set(pages(Forum(1, 1, 1, 1, 1))) == html_get_endpoints(app)


@pytest.fixture
def app_config() -> dict:
    return {"REPORT_RATE_LIMIT": "1000 per minute"}  # the member files more reports than the default allows


@pytest.fixture
def forum(app, build) -> Forum:
    return build_forum(app, build)


def _counts(views: dict[str, tuple[str | None, str]], clients, count_queries) -> dict[str, int]:
    counts = {}
    for name, (who, url) in views.items():
        client = clients[who]
        assert client.get(url).status_code == 200, f"{name}: {url}"  # the first view may write (a session touch)
        with count_queries() as statements:
            response = client.get(url)
        assert response.status_code == 200, f"{name}: {url}"
        counts[name] = statements()
    return counts


def test_no_page_runs_more_queries_when_it_shows_more_rows(app, forum, make_client, login, count_queries):
    views = {**pages(forum), **{name: (who, url.format(thread=forum.thread)) for name, (who, url) in MORE_VIEWS.items()}}
    clients = {None: make_client()}
    for who in ("member", "mod", "admin", "asker"):
        clients[who] = make_client()
        login(clients[who], who)
    add_more_of_everything(app, forum, 1)
    small = _counts(views, clients, count_queries)

    add_more_of_everything(app, forum, 2)
    add_more_of_everything(app, forum, 3)
    large = _counts(views, clients, count_queries)

    grew = {name: (small[name], large[name]) for name in views if large[name] != small[name]}
    assert grew == {}, f"pages whose query count changed with the data (before, after): {grew}"
