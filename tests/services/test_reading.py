import pytest
import sqlalchemy as sa

from forum.extensions import db
from forum.models import Post, Thread, User
from forum.models.base import utcnow
from forum.services import reading
from forum.services.threads import SEGMENT_WIDTH

LONG_THREAD = 10_000
PAGE = 50


def _user(name):
    return db.session.scalar(sa.select(User).where(User.username == name))


def _segment(post_id: int) -> str:
    return f"{post_id:0{SEGMENT_WIDTH}d}"


def _add_long_thread(thread_id: int, author_id: int, opening_id: int, count: int) -> None:
    """Bulk-insert `count` replies under the opening post: a mix of top-level replies and nested ones."""
    first_id = db.session.scalar(sa.select(sa.func.max(Post.id))) + 1
    opening_path = _segment(opening_id)
    rows, now = [], utcnow()
    for offset in range(count):
        post_id = first_id + offset
        nested = offset % 3 != 0  # every third post starts a branch; the next two reply inside it
        parent_id = first_id + offset - (offset % 3) if nested else opening_id
        parent_path = opening_path + _segment(parent_id) if nested else opening_path
        rows.append({
            "id": post_id, "thread_id": thread_id, "author_id": author_id, "parent_id": parent_id,
            "depth": 2 if nested else 1, "path": parent_path + _segment(post_id),
            "body": f"reply {offset}", "body_html": f"<p>reply {offset}</p>", "created_at": now,
        })
    db.session.execute(sa.insert(Post), rows)
    db.session.commit()


@pytest.fixture
def long_thread(ctx, build):
    build.user("ana")
    slug = build.group("circle", members=("ana",))
    thread_id = build.thread("ana", slug)
    _add_long_thread(thread_id, _user("ana").id, build.opening_post_id(thread_id), LONG_THREAD)
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
