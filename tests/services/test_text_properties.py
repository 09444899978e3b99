"""Properties of the text pipeline (forum/text.py) over arbitrary input, hostile fragments included."""
from __future__ import annotations

import re
import unicodedata
from html.parser import HTMLParser

from hypothesis import given
from hypothesis import strategies as st

from forum.text import clean_body, clean_line, parse_markdown, render_markdown

HOSTILE_FRAGMENTS = [
    "<script>alert(1)</script>", "<SCRIPT src=//evil.example/x.js>", "<img src=x onerror=alert(1)>",
    "<a href=\"javascript:alert(1)\">x</a>", "[click](javascript:alert(1))", "[x](JaVaScRiPt:alert(1))",
    "[x](&#106;avascript:alert(1))", "[x](java\tscript:alert(1))", "[x](data:text/html;base64,PHNjcmlwdD4=)",
    "[x](vbscript:msgbox)", "![img](http://evil.example/i.png)", "<iframe src=//evil.example>", "<style>*{}</style>",
    "<div style=\"color:red\">", "\" onmouseover=\"alert(1)", "<svg onload=alert(1)>", "[a](https://ok.example)",
    "<", ">", "&", "\"", "'", "`", "``", "*", "_", "~~", "#", "- ", "1. ", "> ", "|a|b|\n|-|-|\n", "\n", "\r\n", "\r",
    "\x00", "\x07", "\x1b[31m", "\u202e", "\u200b", "\ufeff", "e\u0301", "\u00e9", "\u2028", "\x85", "\t", "   ",
]
hostile_text = st.lists(st.one_of(st.sampled_from(HOSTILE_FRAGMENTS), st.text(max_size=12)), max_size=25).map("".join)
any_text = st.one_of(st.text(), hostile_text)

ALLOWED_TAGS = {
    "p", "br", "hr", "em", "strong", "del", "s", "code", "pre", "blockquote", "ul", "ol", "li",
    "a", "h1", "h2", "h3", "h4", "h5", "h6", "table", "thead", "tbody", "tr", "th", "td",
}
SAFE_SCHEMES = ("http:", "https:", "mailto:")
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
INVISIBLE = re.compile("[\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]")


class Markup(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.attributes: list[tuple[str, str, str]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attributes.extend((tag, name, value or "") for name, value in attrs)

    handle_startendtag = handle_starttag


@given(any_text)
def test_render_never_raises_and_emits_only_allowed_markup(source):
    html = render_markdown(source)
    markup = Markup()
    markup.feed(html)
    markup.close()
    assert set(markup.tags) <= ALLOWED_TAGS  # no script, style, img, iframe, svg, ...
    for tag, name, value in markup.attributes:
        assert not name.startswith("on"), (tag, name)
        assert name != "style"
        if name == "href":
            url = re.sub(r"[\x00-\x20]", "", value).lower()
            assert url.startswith(SAFE_SCHEMES) or ":" not in url.split("/", 1)[0], value
            assert not url.startswith(("javascript:", "data:", "vbscript:"))
    assert "<script" not in html.lower()


@given(any_text)
def test_links_are_marked_nofollow_and_noopener(source):
    markup = Markup()
    markup.feed(render_markdown(source))
    anchors = [tag for tag in markup.tags if tag == "a"]
    rels = [value for tag, name, value in markup.attributes if tag == "a" and name == "rel"]
    assert rels == ["nofollow noopener ugc"] * len(anchors)


@given(any_text)
def test_clean_body_drops_control_characters_and_normalises_line_endings(text):
    body = clean_body(text)
    assert not CONTROL.search(body)
    assert "\r" not in body
    assert clean_body(body) == body
    assert body.count("\n") == text.replace("\r\n", "\n").count("\n") + text.replace("\r\n", "\n").count("\r")


@given(any_text)
def test_clean_line_is_one_tidy_line_without_invisible_characters(text):
    line = clean_line(text)
    assert not CONTROL.search(line)
    assert not INVISIBLE.search(line)
    assert line == " ".join(line.split())  # one line: no tabs, newlines, runs of spaces, edge spaces
    assert clean_line(line) == line


@given(st.text(alphabet=st.characters(categories=["L", "N"]), min_size=1))
def test_clean_line_keeps_ordinary_words_as_they_are(word):
    assert clean_line(word) == unicodedata.normalize("NFC", word)


plain_words = st.text(
    alphabet=st.one_of(st.characters(categories=("L", "N")), st.sampled_from(list(" ,.'?!:;()/-"))), max_size=80
)


@given(st.one_of(plain_words, any_text, st.sampled_from(["A1. b", "a - b", "x (y) z!", "Ok:)", "w/ o", "a  b "])))
def test_the_shortcut_for_a_plain_line_gives_exactly_what_the_parser_gives(text):
    assert render_markdown(text) == parse_markdown(text)
