"""Markdown → safe HTML, done once at write time.

markdown-it-py renders with raw HTML off; nh3 then keeps only an allow-list of tags and
attributes, drops every script, event handler and non-http(s)/mailto URL, and marks links
`rel="nofollow noopener ugc"`. Images are not allowed: the forum makes no third-party requests.
"""
from __future__ import annotations

import re
import unicodedata

import nh3
from markdown_it import MarkdownIt

_markdown = MarkdownIt("commonmark", {"html": False, "breaks": True}).enable(["strikethrough", "table"])

_ALLOWED_TAGS = {
    "p", "br", "hr", "em", "strong", "del", "s", "code", "pre", "blockquote", "ul", "ol", "li",
    "a", "h1", "h2", "h3", "h4", "h5", "h6", "table", "thead", "tbody", "tr", "th", "td",
}
_ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "ol": {"start"}, "th": {"align"}, "td": {"align"}}

# C0 controls other than tab and newline, and DEL: they have no visible meaning, and NUL breaks PostgreSQL.
_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# Bidi overrides/isolates and zero-width characters: they can disguise a short line of text.
_INVISIBLE_CHARS = re.compile("[\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]")


# One line of words and plain punctuation, starting with a letter: no Markdown can start or hide
# in it (lists need a digit or a marker first, emphasis and links need * _ ~ ` [ < & \\), so it
# renders as one paragraph of itself. Most chat messages are such a line; they skip the parser.
_PLAIN_LINE = re.compile(r"[^\W\d_](?:[^\W_]|[ ,.'?!:;()/-])*")


def render_markdown(source: str) -> str:
    if _PLAIN_LINE.fullmatch(source) and not source.endswith(" "):
        return f"<p>{source}</p>\n"
    return parse_markdown(source)


def parse_markdown(source: str) -> str:
    """The full pipeline, which `render_markdown` skips for a plain line."""
    html = _markdown.render(source)
    return nh3.clean(
        html,
        tags=_ALLOWED_TAGS,
        attributes=_ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="nofollow noopener ugc",
    )


def clean_body(text: str) -> str:
    """Text a member wrote at length: control characters removed, line endings normalised."""
    return _CONTROL_CHARS.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))


def clean_line(text: str) -> str:
    """A one-line field (title, name): also without invisible or direction-changing characters."""
    text = _INVISIBLE_CHARS.sub("", _CONTROL_CHARS.sub("", text))
    text = unicodedata.normalize("NFC", text)
    return " ".join(text.split())
