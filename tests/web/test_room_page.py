"""The live room page: who may open it, and a page that loads its scripts from files only (a strict CSP comes)."""
from html.parser import HTMLParser


class RoomOutline(HTMLParser):
    """The page's <script> tags (attributes and inline code) and the attributes of the room element."""

    def __init__(self) -> None:
        super().__init__()
        self.scripts: list[dict[str, str | None]] = []
        self.room: dict[str, str | None] = {}
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "script":
            self.scripts.append({**attrs, "code": ""})
            self._in_script = True
        if attrs.get("id") == "room":
            self.room = attrs

    def handle_endtag(self, tag):
        self._in_script = self._in_script and tag != "script"

    def handle_data(self, data):
        if self._in_script:
            self.scripts[-1]["code"] += data


def test_anonymous_visitors_are_sent_to_sign_in_and_come_back(world, client_as):
    response = client_as(None).get("/groups/open/room")
    assert response.status_code == 302
    assert response.headers["Location"] == "/login?next=/groups/open/room"


def test_a_private_group_room_is_missing_for_anonymous_visitors_like_an_unknown_slug(world, client_as):
    private, unknown = client_as(None).get("/groups/closed/room"), client_as(None).get("/groups/no-such-group/room")
    assert private.status_code == unknown.status_code == 404
    assert "There is no such group." in private.text and "There is no such group." in unknown.text


def test_a_non_member_of_a_public_group_is_refused_with_a_way_to_join(world, client_as):
    response = client_as("outsider").get("/groups/open/room")
    assert response.status_code == 403
    assert "Join this group and accept its agreement to enter its room." in response.text
    assert 'href="/groups/open/join"' in response.text


def test_a_private_group_room_does_not_exist_for_a_non_member(world, client_as):
    response = client_as("outsider").get("/groups/closed/room")
    assert response.status_code == 404
    assert "/groups/closed/join" not in response.text


def test_a_member_gets_the_room_with_its_scripts_as_files(world, client_as):
    response = client_as("member").get("/groups/closed/room")
    assert response.status_code == 200
    page = RoomOutline()
    page.feed(response.text)
    assert page.room["data-group"] == "closed"
    assert page.room["data-me"] == "member"
    scripts = [(script.get("src"), "defer" in script, script["code"].strip()) for script in page.scripts]
    assert scripts == [  # the Socket.IO client and the page's one connection come from base.html
        ("/static/vendor/socket.io.min.js", True, ""), ("/static/js/notifications.js", True, ""), ("/static/js/room.js", True, "")
    ]
    assert 'role="status" aria-live="polite"' in response.text


def test_the_group_page_links_members_to_the_room(world, client_as):
    assert 'href="/groups/open/room"' in client_as("member").get("/groups/open").text
    assert 'href="/groups/open/room"' not in client_as("outsider").get("/groups/open").text
