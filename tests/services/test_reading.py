import pytest
import sqlalchemy as sa

from forum.extensions import db
from forum.models import Thread, User
from forum.services import reading
from tests.support.bulk import add_replies

LONG_THREAD = 10_000
PAGE = 50


def _user(name):
    return db.session.scalar(sa.select(User).where(User.username == name))


@pytest.fixture
def long_thread(ctx, build):
    build.user("ana")
    slug = build.group("circle", members=("ana",))
    thread_id = build.thread("ana", slug)
    add_replies(thread_id, _user("ana").id, build.opening_post_id(thread_id), LONG_THREAD)
    return thread_id


def test_walking_the_cursor_visits_every_post_once_in_tree_order(long_thread):
    reader, thread = _user("ana"), db.session.get(Thread, long_thread)
    seen, cursor = [], None
    while True:
        view = reading.thread_view(reader, thread, cursor, PAGE)
        seen.extend(post.path for post in view.posts.items)
        cursor = view.posts.next_cursor
        if cursor is None:
            break
    assert len(seen) == LONG_THREAD + 1
    assert seen == sorted(seen) and len(set(seen)) == len(seen)


def test_first_and_last_page_of_a_10000_post_thread_run_the_same_number_of_queries(long_thread, count_queries):
    reader, thread = _user("ana"), db.session.get(Thread, long_thread)
    cursor, last_cursor = None, None
    while True:  # find the cursor of the last page
        view = reading.thread_view(reader, thread, cursor, PAGE)
        if view.posts.next_cursor is None:
            break
        last_cursor, cursor = view.posts.next_cursor, view.posts.next_cursor
    db.session.expire_all()

    with count_queries() as first_page_queries:
        first = reading.thread_view(reader, thread, None, PAGE)
    db.session.expire_all()
    with count_queries() as last_page_queries:
        last = reading.thread_view(reader, thread, last_cursor, PAGE)

    assert len(first.posts.items) == PAGE and 0 < len(last.posts.items) <= PAGE
    assert last.posts.items[-1].body == f"reply {LONG_THREAD - 1}"
    assert first_page_queries() == last_page_queries()


def test_a_garbage_cursor_is_refused_cleanly(long_thread):
    thread = db.session.get(Thread, long_thread)
    for garbage in ("%%%", "bm90LWEtcGF0aA", "x" * 500):
        with pytest.raises(reading.BadCursor):
            reading.thread_view(_user("ana"), thread, garbage, PAGE)
