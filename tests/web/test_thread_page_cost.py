"""A thread page costs the same number of SQL queries at post 20 and at post 10,000."""
import re

import sqlalchemy as sa

from forum.extensions import db
from forum.models import User
from tests.support.bulk import add_replies

NEXT_PAGE = re.compile(r'<a rel="next" href="([^"]+)"')


def test_first_and_last_page_of_a_10000_post_thread_run_the_same_queries(app, build, client, login, count_queries):
    build.user("ana")
    slug = build.group("circle", members=("ana",))
    thread_id = build.thread("ana", slug)
    with app.app_context():
        author_id = db.session.scalar(sa.select(User.id).where(User.username == "ana"))
        add_replies(thread_id, author_id, build.opening_post_id(thread_id), 10_000)
    login(client, "ana")

    with count_queries() as first_page:
        first = client.get(f"/threads/{thread_id}")
    last_url = None
    page = first
    while match := NEXT_PAGE.search(page.text):
        last_url = match.group(1).replace("&amp;", "&")
        page = client.get(last_url)
    with count_queries() as last_page:
        last = client.get(last_url)

    assert first.status_code == last.status_code == 200
    assert "reply 0</p>" in first.text and "reply 9999</p>" in last.text
    assert "reply 0</p>" not in last.text
    assert first_page() == last_page()
