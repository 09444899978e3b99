"""Notification pages: the header's unread count, the list that marks them read, the settings page."""
import re

BADGE = re.compile(r'<span class="unread-count" id="notification-count"( hidden)?><span class="count">(\d+)</span>')


def _badge(page: str) -> tuple[bool, int]:
    hidden, count = BADGE.search(page).groups()
    return hidden is None, int(count)


def test_the_header_counts_unread_notifications_on_every_page(world, client_as, build):
    build.reply("member", world.open_thread, "Hello @author")
    author = client_as("author")
    for path in ("/", "/goals", f"/threads/{world.open_thread}", "/settings/profile"):
        assert _badge(author.get(path).text) == (True, 1), path
    assert _badge(client_as("member").get("/").text) == (False, 0)
    assert 'src="/static/js/notifications.js"' in author.get("/").text


def test_anonymous_visitors_get_no_count_and_no_script(world, client):
    page = client.get("/").text
    assert "notification-count" not in page and "notifications.js" not in page


def test_opening_the_list_shows_what_is_new_links_it_and_marks_it_read(world, client_as, build):
    build.reply("member", world.open_thread, "I hear you")
    author = client_as("author")
    page = author.get("/notifications").text
    assert re.search(r'class="notification notification-reply unread"', page)
    assert f'<a href="/threads/{world.open_thread}#post-' in page
    assert "member replied to your thread “The open thread”." in page and "I hear you" in page
    assert _badge(page) == (False, 0)
    again = author.get("/notifications").text
    assert "unread" not in re.findall(r'class="notification [^"]*"', again)[0]
    assert _badge(author.get("/").text) == (False, 0)


def test_the_settings_page_turns_kinds_off_and_says_moderation_stays_on(world, client_as, build):
    author = client_as("author")
    page = author.get("/settings/notifications").text
    assert "can't be turned off" in page
    assert page.count('type="checkbox"') == 4 and page.count("checked") == 4
    response = author.post("/settings/notifications", data={"reaction": "y", "milestone": "y", "mention": "y"})
    assert response.status_code == 302
    page = author.get("/settings/notifications").text
    assert page.count("checked") == 3 and "Your notification settings are saved." in page
    build.reply("member", world.open_thread, "Not told: replies are off")
    assert _badge(author.get("/").text) == (False, 0)


def test_the_notification_pages_need_signing_in(world, client):
    for path in ("/notifications", "/settings/notifications"):
        response = client.get(path)
        assert response.status_code == 302 and "/login" in response.headers["Location"]
