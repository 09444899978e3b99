"""Watched words: matching (whole words, any case, any script, look-alikes), hostile expressions,
who may keep which list, and what each action does to a post or thread."""
import pytest
import sqlalchemy as sa

from forum.extensions import db
from forum.models import Group, Post, Thread, User, WatchedWord
from forum.services import threads, watched_words
from forum.services.errors import BlockedWord, Conflict, Forbidden, Invalid, NotFound, TooLong
from tests.support.watched import watch


def _user(name):
    return db.session.scalar(sa.select(User).where(User.username == name))


def _group(slug):
    return db.session.scalar(sa.select(Group).where(Group.slug == slug))


@pytest.fixture
def circle(build):
    build.admin("admin")
    for name in ("ana", "mod", "othermod"):
        build.user(name)
    build.group("other", moderators=("othermod",))
    return build.group("circle", moderators=("mod",), members=("ana",))


def _screen(text, slug="circle"):
    return watched_words.screen(text, _group(slug))


@pytest.mark.parametrize(
    "text, caught",
    [
        ("Über alles", True),  # the rule is lower case, the text capitalised
        ("ICH BIN ÜBER ES", True),
        ("u\u0308ber", True),  # the same word with a combining diaeresis (NFD)
        ("überall", False),  # inside a longer word
        ("Hinüber", False),
        ("uber", False),  # a different word: diacritics are not dropped
        ("ü ber", False),
    ],
)
def test_plain_words_match_whole_words_in_any_case_unicode_aware(ctx, circle, app, text, caught):
    watch(app, "über", "flag")
    assert _screen(text).flagged is caught


@pytest.mark.parametrize(
    "text",
    [
        "some BAD   WORD here",  # case and spacing
        "some b\u0430d word",  # Cyrillic а in place of the Latin a
        "some ｂａｄ ｗｏｒｄ",  # full-width letters
        "some b\u200bad w\u00adord",  # a zero-width space and a soft hyphen hidden inside
        "some 𝐛𝐚𝐝 word",  # mathematical bold letters
    ],
)
def test_look_alikes_of_a_blocked_phrase_are_caught(ctx, circle, app, text):
    watch(app, "bad word", "block")
    assert _screen(text).blocked


@pytest.mark.parametrize("text", ["badword", "bad words", "a baddie word", "word bad"])
def test_a_phrase_does_not_match_inside_other_words(ctx, circle, app, text):
    watch(app, "bad word", "block")
    assert not _screen(text).blocked


def test_a_groups_rules_apply_only_in_that_group_and_site_wide_ones_everywhere(ctx, circle, app):
    watch(app, "grouponly", "block", group="circle")
    watch(app, "everywhere", "flag")
    assert _screen("grouponly").blocked and not _screen("grouponly", "other").blocked
    assert _screen("everywhere", "other").flagged and _screen("everywhere").flagged


def test_a_verdict_lists_every_rule_matched(ctx, circle, app):
    watch(app, "hopeless", "crisis")
    watch(app, "pills", "flag")
    watch(app, "phone number", "require_approval")
    verdict = _screen("I feel hopeless, here are the pills and my phone number")
    assert (verdict.crisis, verdict.flagged, verdict.needs_approval, verdict.blocked) == (True, True, True, False)
    assert [match.pattern for match in verdict.matches] == ["hopeless", "pills", "phone number"]
    assert not _screen("a good day").matches


def test_a_regex_rule_matches_case_insensitively(ctx, circle, app):
    watch(app, r"\b(kill|hurt) (myself|me)\b", "crisis", is_regex=True)
    verdict = _screen("Some days I want to Hurt Myself.")
    assert verdict.crisis and verdict.matches[0].quote == "Hurt Myself"


def test_a_blocked_word_is_refused_quoting_the_rule_and_nothing_is_stored(ctx, circle, app):
    watch(app, "idiot", "block", group="circle")
    thread_id = threads.start_thread(_user("ana"), _group("circle"), "Hello", "Opening").id
    with pytest.raises(BlockedWord) as refused:
        threads.post_reply(_user("ana"), db.session.get(Thread, thread_id), "You IDIOT.")
    assert refused.value.code == "blocked_word" and "“idiot”" in refused.value.message
    assert "this group" in refused.value.message
    db.session.rollback()
    assert db.session.scalar(sa.select(sa.func.count(Post.id))) == 1


@pytest.mark.parametrize("field", ["title", "body", "content_warning"])
def test_a_new_thread_is_screened_in_every_field(ctx, circle, app, field):
    watch(app, "idiot", "block")
    fields = {"title": "Hello", "body": "Opening", "content_warning": "none"}
    fields[field] += " idiot"
    with pytest.raises(BlockedWord):
        threads.start_thread(_user("ana"), _group("circle"), fields["title"], fields["body"], "open", fields["content_warning"])
    db.session.rollback()
    assert db.session.scalar(sa.select(sa.func.count(Thread.id))) == 0


def test_an_edit_to_a_blocked_word_is_refused_and_the_post_keeps_its_words(ctx, circle, app):
    watch(app, "idiot", "block")
    thread = threads.start_thread(_user("ana"), _group("circle"), "Hello", "Opening")
    post = threads.opening_post(thread)
    with pytest.raises(BlockedWord):
        threads.edit_post(_user("ana"), post, "Opening, idiot")
    db.session.rollback()
    assert db.session.get(Post, post.id).body == "Opening" and db.session.get(Post, post.id).edited_at is None


def test_crisis_and_flag_let_the_post_through_and_travel_with_it(ctx, circle, app):
    watch(app, "no way out", "crisis")
    watch(app, "pills", "flag")
    thread = threads.start_thread(_user("ana"), _group("circle"), "Tonight", "There is no way out")
    assert thread.verdict.crisis and db.session.get(Thread, thread.id) is not None
    reply = threads.post_reply(_user("ana"), thread, "I counted the pills")
    assert reply.verdict.flagged and not reply.verdict.crisis
    assert db.session.get(Post, reply.id).body == "I counted the pills"
    assert watched_words.crisis_help(thread.verdict)["resources"] == ctx.config["CRISIS_RESOURCES"]
    assert watched_words.crisis_help(reply.verdict) is None


def test_require_approval_lets_the_post_through_with_the_verdict_for_the_queue(ctx, circle, app):
    watch(app, "call me on", "require_approval")
    thread = threads.start_thread(_user("ana"), _group("circle"), "Numbers", "Call me on 555")
    assert thread.verdict.needs_approval and not thread.verdict.blocked


def test_site_admins_keep_the_site_wide_list_and_others_cannot(ctx, circle):
    rule = watched_words.add_rule(_user("admin"), None, "  Some Phrase ", False, "flag")
    assert (rule.pattern, rule.group_id, rule.created_by.username) == ("Some Phrase", None, "admin")
    for name in ("ana", "mod"):
        with pytest.raises(Forbidden):
            watched_words.add_rule(_user(name), None, "word", False, "flag")
    with pytest.raises(Forbidden):
        watched_words.delete_rule(_user("mod"), rule)


def test_group_moderators_add_plain_words_for_their_own_group_only(ctx, circle):
    rule = watched_words.add_rule(_user("mod"), _group("circle"), "word", False, "block")
    assert rule.group.slug == "circle"
    with pytest.raises(Forbidden):
        watched_words.add_rule(_user("othermod"), _group("circle"), "other", False, "block")
    with pytest.raises(Forbidden):
        watched_words.add_rule(_user("ana"), _group("circle"), "other", False, "block")
    with pytest.raises(Forbidden, match="regular expressions"):
        watched_words.add_rule(_user("mod"), _group("circle"), "wor+d", True, "block")
    with pytest.raises(Forbidden):
        watched_words.get_rule(_user("othermod"), rule.id)
    watched_words.delete_rule(_user("mod"), watched_words.get_rule(_user("mod"), rule.id))
    assert db.session.scalar(sa.select(sa.func.count(WatchedWord.id))) == 0


def test_a_private_groups_rules_do_not_exist_for_outsiders(ctx, build, circle):
    build.group("hidden", visibility="private", moderators=("mod",))
    rule = watched_words.add_rule(_user("mod"), _group("hidden"), "word", False, "flag")
    with pytest.raises(NotFound):
        watched_words.get_rule(_user("othermod"), rule.id)


@pytest.mark.parametrize(
    "pattern, reason",
    [
        ("(a|aa)+$", "takes too long"),
        ("(x+x+)+y", "takes too long"),
        (r"(\w+\s?)+$", "takes too long"),
        ("a*", "matches empty text"),
        ("word|", "matches empty text"),
        ("[unclosed", "not valid"),
        ("(?P<x", "not valid"),
    ],
)
def test_hostile_or_broken_regular_expressions_are_refused_on_save(ctx, circle, pattern, reason):
    with pytest.raises(Invalid, match=reason) as refused:
        watched_words.add_rule(_user("admin"), None, pattern, True, "block")
    assert refused.value.field == "pattern"
    assert db.session.scalar(sa.select(sa.func.count(WatchedWord.id))) == 0


def test_a_pattern_has_a_length_cap(ctx, circle):
    with pytest.raises(TooLong, match="at most 200"):
        watched_words.add_rule(_user("admin"), None, "a" * 201, True, "block")


def test_a_regex_that_overruns_its_time_when_screening_is_skipped_not_fatal(ctx, circle, app, monkeypatch):
    """A pattern saved before the checks existed (or slow on some text) slows one post, never hangs it."""
    db.session.add(WatchedWord(pattern="(a|aa)+$", is_regex=True, action="block"))
    db.session.commit()
    watch(app, "hopeless", "crisis")
    verdict = _screen("a" * 3000 + "! hopeless")
    assert verdict.crisis and not verdict.blocked


@pytest.mark.parametrize(
    "pattern, is_regex, action, message",
    [("", False, "block", "can't be empty"), ("word", False, "shout", "Choose what happens"), ("word", "yes", "block", "true or false")],
)
def test_a_rule_needs_a_pattern_and_a_known_action(ctx, circle, pattern, is_regex, action, message):
    with pytest.raises(Invalid, match=message):
        watched_words.add_rule(_user("admin"), None, pattern, is_regex, action)


def test_the_same_word_twice_on_one_list_is_a_conflict(ctx, circle):
    watched_words.add_rule(_user("admin"), None, "Bad  Word", False, "flag")
    with pytest.raises(Conflict):
        watched_words.add_rule(_user("admin"), None, "bad word", False, "block")
    watched_words.add_rule(_user("mod"), _group("circle"), "bad word", False, "block")  # another list
