"""Search through the one interface; the same tests run on SQLite FTS5 and on PostgreSQL full-text search."""
import pytest
import sqlalchemy as sa

from forum.extensions import db
from forum.models import Group, Thread, User
from forum.services import search, techniques, threads
from forum.services.errors import Invalid, Unauthorized
from forum.services.search import parse_query

HOSTILE = [
    '"', '""', '"unbalanced phrase', "NEAR(craving night)", "craving*", "*", "(", ")))", "a OR b AND NOT c",
    "body:craving", "-craving", "^craving", "'; DROP TABLE posts; --", "x" * 10_000, "\x00craving", "😀 🙂",
    "craving " * 2_000, "{}[]<>|&!:~", "NEAR", "AND", "OR", "NOT",
]


def _user(name):
    return db.session.scalar(sa.select(User).where(User.username == name))


def _group(slug):
    return db.session.scalar(sa.select(Group).where(Group.slug == slug))


@pytest.fixture
def forum_text(build):
    """Public `circle` (ana, ben), private `quiet` (ana only); cal belongs nowhere."""
    for name in ("ana", "ben", "cal"):
        build.user(name)
    build.group("circle", members=("ana", "ben"))
    build.group("quiet", "private", members=("ana",))
    public = build.thread("ana", "circle", title="Evenings are hard", body="Cravings come back every night.")
    build.reply("ben", public, "Walking after dinner helps my cravings.")
    build.reply("ben", public, "Nothing to do with it.")
    private = build.thread("ana", "quiet", title="Secret cravings", body="Only the quiet group knows this.")
    return {"public": public, "private": private}


def _found(name, text, page=None):
    return [(hit.kind, hit.title) for hit in search.search(_user(name), text, page, 20).hits]


def test_words_match_thread_titles_post_bodies_and_techniques_newest_first(ctx, forum_text):
    techniques.share_technique(_user("ben"), None, "Urge surfing", "Notice the urge rise and fall.", "cravings at night")
    assert _found("ben", "cravings") == [
        ("technique", "Urge surfing"),
        ("post", "Evenings are hard"),
        ("post", "Evenings are hard"),
    ]
    assert _found("ben", "evenings") == [("thread", "Evenings are hard")]


def test_every_word_must_appear_and_quotes_keep_a_phrase_together(ctx, forum_text):
    assert _found("ben", "walking cravings") == [("post", "Evenings are hard")]
    assert _found("ben", '"dinner helps"') == [("post", "Evenings are hard")]
    assert _found("ben", '"helps dinner"') == []
    assert _found("ben", "zebra") == []


def test_words_are_matched_by_their_stem(ctx, forum_text):
    assert _found("ben", "craving") == _found("ben", "cravings")
    assert _found("ben", "walk") == [("post", "Evenings are hard")]


def test_a_private_groups_threads_posts_and_techniques_are_not_found_by_outsiders(ctx, forum_text):
    techniques.share_technique(_user("ana"), _group("quiet"), "Quiet cravings trick", "Breathe.")
    outsider_hits = _found("cal", "cravings quiet") + _found("ben", "secret") + _found("ben", "trick")
    assert outsider_hits == []
    assert ("thread", "Secret cravings") in _found("ana", "secret")
    assert ("technique", "Quiet cravings trick") in _found("ana", "trick")


def test_leaving_a_private_group_hides_its_content_from_search_at_once(ctx, forum_text):
    ana = _user("ana")
    db.session.execute(sa.text("UPDATE memberships SET status = 'banned' WHERE user_id = :u AND group_id = :g"),
                       {"u": ana.id, "g": _group("quiet").id})
    db.session.commit()
    assert _found("ana", "secret") == []


def test_edited_and_deleted_posts_are_searched_as_they_are_now(ctx, forum_text, build):
    reply_id = build.reply("ben", forum_text["public"], "A note about tea.")
    ben = _user("ben")
    post = threads.get_editable_post(ben, reply_id)
    threads.edit_post(ben, post, "A note about coffee.")
    assert _found("ben", "tea") == []
    assert _found("ben", "coffee") == [("post", "Evenings are hard")]
    threads.delete_post(ben, threads.get_editable_post(ben, reply_id))
    assert _found("ben", "coffee") == []


def test_retitled_or_deleted_threads_leave_the_index(ctx, forum_text):
    thread = db.session.get(Thread, forum_text["public"])
    thread.title = "Mornings are better"
    db.session.commit()
    assert _found("ben", "evenings") == []
    assert _found("ben", "mornings") == [("thread", "Mornings are better")]


@pytest.mark.parametrize("text", HOSTILE, ids=range(len(HOSTILE)))
def test_hostile_queries_never_fail(ctx, forum_text, text):
    results = search.search(_user("ben"), text, None, 20)
    assert isinstance(results.hits, list)


def test_queries_are_reduced_to_words_and_phrases():
    assert parse_query('NEAR(a b) "x y" c*') == search.ParsedQuery(("NEAR", "a", "b", "c"), (("x", "y"),))
    assert parse_query("  ()*  ") is None
    assert parse_query(None) is None
    long = parse_query("word " * 5_000)
    assert long.words == ("word",)
    many = parse_query(" ".join(f"w{n}" for n in range(100)))
    assert len(many.terms) == search.MAX_TERMS


def test_pages_are_bounded_and_say_when_more_follow(ctx, forum_text, build):
    for n in range(5):
        build.reply("ben", forum_text["public"], f"Lantern number {n}")
    first = search.search(_user("ben"), "lantern", 1, 2)
    second = search.search(_user("ben"), "lantern", first.next_page, 2)
    last = search.search(_user("ben"), "lantern", 3, 2)
    assert [len(first.hits), len(second.hits), len(last.hits)] == [2, 2, 1]
    assert (first.next_page, second.next_page, last.next_page) == (2, 3, None)
    assert not {h.id for h in first.hits} & {h.id for h in second.hits}
    for bad in ("0", "-1", "abc", str(search.MAX_PAGES + 1)):
        with pytest.raises(Invalid):
            search.search(_user("ben"), "lantern", bad, 2)


def test_searching_needs_an_account(ctx, forum_text):
    with pytest.raises(Unauthorized):
        search.search(None, "cravings", None, 20)


def test_snippets_show_the_words_around_the_match():
    text = "word " * 100 + "the lantern glows " + "more " * 100
    piece = search.snippet(text, ["lantern"])
    assert "lantern" in piece and piece.startswith("…") and piece.endswith("…")
    assert len(piece) <= search.SNIPPET_CHARS + 2


def test_a_page_of_results_costs_the_same_few_queries_however_many_hits_it_shows(ctx, forum_text, build, count_queries):
    techniques.share_technique(_user("ben"), _group("circle"), "Lantern walk", "Walk with a lantern.")
    build.reply("ana", forum_text["public"], "The first lantern post")
    ben = _user("ben")

    def queries_for(text):
        search.search(ben, text, None, 20)  # warm: loads ben and the group once
        with count_queries() as counted:
            search.search(ben, text, None, 20)
        return counted()

    few = queries_for("lantern")
    for n in range(15):
        build.reply("ana", forum_text["public"], f"Lantern post {n}")
    assert queries_for("lantern") == few


def test_what_the_searcher_blocked_is_left_out(ctx, forum_text):
    from forum.services import blocks

    techniques.share_technique(_user("ben"), None, "Ben's cravings trick", "Breathe.")
    blocks.block_member(_user("ana"), "ben")
    assert _found("ana", "cravings") == [("thread", "Secret cravings"), ("post", "Evenings are hard")]
    assert ("technique", "Ben's cravings trick") in _found("cal", "cravings")


def test_what_a_moderator_hid_or_removed_is_not_found(ctx, forum_text, build):
    reply_id = build.reply("ben", forum_text["public"], "A hidden lantern")
    build.reply("ben", forum_text["public"], "A visible lantern")
    db.session.execute(sa.text("UPDATE posts SET moderation = 'hidden' WHERE id = :id"), {"id": reply_id})
    db.session.commit()
    assert len(_found("ana", "lantern")) == 1
    db.session.execute(sa.text("UPDATE threads SET moderation = 'removed' WHERE id = :id"), {"id": forum_text["public"]})
    db.session.commit()
    assert _found("ana", "lantern") == [] and _found("ana", "evenings") == []
