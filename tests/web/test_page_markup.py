"""Every page is usable with a keyboard and a screen reader, and loads nothing from other sites."""
from html.parser import HTMLParser

import pytest

PAGES = [
    "/",
    "/login",
    "/register",
    "/settings/profile",
    "/settings/password",
    "/settings/tokens",
    "/settings/data",
    "/settings/delete",
    "/groups/new",
    "/groups/open",
    "/groups/open/join",
    "/groups/open/requests",
    "/groups/open/threads/new",
    "/groups/open/room",
    "/threads/{open_thread}",
    "/techniques",
    "/techniques/new",
    "/groups/open/techniques",
    "/groups/open/techniques/new",
    "/toolkit",
    "/search?q=words",
    "/no-such-page",
]
UNLABELLED_TYPES = {"hidden", "submit", "button"}


class PageOutline(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.html_lang = None
        self.has_viewport = False
        self.h1_count = 0
        self.control_ids: list[str | None] = []
        self.label_targets: set[str] = set()
        self.resources: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "html":
            self.html_lang = attrs.get("lang")
        elif tag == "meta" and attrs.get("name") == "viewport":
            self.has_viewport = True
        elif tag == "h1":
            self.h1_count += 1
        elif tag == "label" and attrs.get("for"):
            self.label_targets.add(attrs["for"])
        elif tag in {"textarea", "select"} or (tag == "input" and attrs.get("type") not in UNLABELLED_TYPES):
            self.control_ids.append(attrs.get("id"))
        if tag in {"link", "script", "img", "iframe", "source"}:
            self.resources.append(attrs.get("href") or attrs.get("src") or "")


@pytest.mark.parametrize("path", PAGES)
def test_pages_are_accessible_and_self_contained(world, client_as, path):
    page = client_as("admin" if path == "/groups/new" else "moderator").get(path.format(**vars(world)))
    outline = PageOutline()
    outline.feed(page.text)
    assert outline.html_lang == "en"
    assert outline.has_viewport
    assert outline.h1_count == 1
    unlabelled = [control for control in outline.control_ids if control not in outline.label_targets]
    assert unlabelled == []
    assert all(url.startswith("/") and not url.startswith("//") for url in outline.resources)
