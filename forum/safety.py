"""Watched-word matching and the crisis help resources: pure functions, no database.

Plain words and phrases match whole words, case-insensitively, in any script: both the rule
and the text are folded the same way first (NFKC, so full-width and "mathematical bold"
letters count as plain ones; invisible format characters dropped; case folded; Cyrillic and
Greek letters that look like Latin ones read as Latin), and a match may not touch a letter,
digit or mark on either side ("über" is not found inside "überall"). Scripts written without
spaces (Chinese, Japanese, Thai) have no word edges to find, so a rule in them only matches
where it stands apart.

Regular expressions (site admins only) use the `regex` module, for its `timeout`: a pattern is
refused on save if it is too long, matches empty text, or is slow on hostile sample texts, and
every search has a time budget, so one bad pattern can slow a post down but never hang it.
"""
from __future__ import annotations

import json
import unicodedata
from functools import lru_cache

import regex

MAX_PATTERN = 200
REGEX_FLAGS = regex.IGNORECASE | regex.FULLCASE | regex.UNICODE
SEARCH_TIMEOUT = 0.1  # seconds a single regex rule may spend on one text
PROBE_TIMEOUT = 0.1  # seconds a new regex may spend on each hostile sample when saved
PROBE_LENGTH = 3000

# Letters from other scripts that read as Latin ones (lower case: text is case-folded first).
LOOK_ALIKES = str.maketrans(
    {
        "а": "a", "е": "e", "о": "o", "р": "p", "с": "c", "у": "y", "х": "x", "і": "i", "ј": "j",
        "ѕ": "s", "һ": "h", "ԁ": "d", "ԛ": "q", "ԝ": "w", "ӏ": "l", "к": "k",
        "α": "a", "ο": "o", "ρ": "p", "ι": "i", "κ": "k", "ν": "v", "υ": "u", "χ": "x",
    }
)
_WORD_EDGE_BEFORE = r"(?<![\w])"
_WORD_EDGE_AFTER = r"(?![\w])"


class UnsafePattern(ValueError):
    """A pattern that can't be saved; the message says why, for the person who typed it."""


def normalize(text: str) -> str:
    """NFKC with invisible format characters (zero-width joiners, soft hyphens, ...) removed."""
    composed = unicodedata.normalize("NFKC", text)
    return "".join(char for char in composed if unicodedata.category(char) != "Cf")


def fold(text: str) -> str:
    """The form plain words are compared in: normalized, case-folded, look-alike letters read as Latin."""
    return normalize(text).casefold().translate(LOOK_ALIKES)


@lru_cache(maxsize=1024)
def plain_matcher(words: str) -> regex.Pattern:
    """A whole-word, whitespace-tolerant matcher for a folded word or phrase."""
    pieces = [regex.escape(piece) for piece in fold(words).split()]
    if not pieces:
        raise UnsafePattern("Type a word or phrase to watch for.")
    return regex.compile(_WORD_EDGE_BEFORE + r"\s+".join(pieces) + _WORD_EDGE_AFTER, regex.UNICODE)


@lru_cache(maxsize=256)
def regex_matcher(pattern: str) -> regex.Pattern:
    """Compile a site admin's regular expression (case-insensitive), or say why it can't be used."""
    if len(pattern) > MAX_PATTERN:
        raise UnsafePattern(f"A regular expression can be at most {MAX_PATTERN} characters.")
    try:
        compiled = regex.compile(pattern, REGEX_FLAGS)
    except (regex.error, ValueError, OverflowError) as error:
        raise UnsafePattern(f"That regular expression is not valid: {error}.") from None
    return compiled


def check_regex(pattern: str) -> regex.Pattern:
    """Compile, then refuse a pattern that matches empty text or is slow on hostile samples."""
    compiled = regex_matcher(pattern)
    try:
        if compiled.search("", timeout=PROBE_TIMEOUT) is not None:
            raise UnsafePattern("That expression matches empty text, so it would catch every post.")
        for sample in _hostile_samples(pattern):
            compiled.search(sample, timeout=PROBE_TIMEOUT)
    except TimeoutError:
        raise UnsafePattern(
            "That expression takes too long on some texts (nested repetition such as (a+)+ or (a|aa)*). "
            "Please simplify it."
        ) from None
    return compiled


def _hostile_samples(pattern: str) -> list[str]:
    """Long runs of the pattern's own characters, then a character that breaks the match: the
    inputs on which backtracking explodes."""
    chars = sorted({char for char in pattern if char.isalnum()} | {"a", "1", " "})[:24]
    samples = [char * PROBE_LENGTH + "\u0000!" for char in chars]
    samples.append("".join(chars) * (PROBE_LENGTH // max(len(chars), 1)) + "\u0000!")
    return samples


def search_regex(compiled: regex.Pattern, text: str) -> regex.Match | None:
    """Search with the time budget; raises TimeoutError when it is spent."""
    return compiled.search(text, timeout=SEARCH_TIMEOUT)


# The help a member sees at once when what they wrote matches a crisis rule. The site replaces
# it with CRISIS_RESOURCES (JSON: a list of objects with "name" and any of "description",
# "phone", "text", "url").
HELP_TITLE = "You don't have to carry this alone"
HELP_MESSAGE = (
    "Your words are posted. If things feel heavy right now, these people are there to listen, "
    "any time of day. If you are in immediate danger, call your local emergency number."
)
DEFAULT_CRISIS_RESOURCES = [
    {
        "name": "Find a Helpline",
        "description": "Free, confidential helplines in your country, by phone, text or chat.",
        "url": "https://findahelpline.com",
    },
    {
        "name": "988 Suicide & Crisis Lifeline (United States)",
        "description": "Call or text 988, any time.",
        "phone": "988",
        "text": "988",
        "url": "https://988lifeline.org",
    },
    {
        "name": "Samaritans (United Kingdom and Ireland)",
        "description": "Call 116 123 for free, any time.",
        "phone": "116 123",
        "url": "https://www.samaritans.org",
    },
    {
        "name": "Emergency services",
        "description": "If you or someone else is in danger now: 112 in Europe, 911 in North America, 999 in the UK.",
    },
]
RESOURCE_FIELDS = ("name", "description", "phone", "text", "url")


def parse_crisis_resources(raw: str | None) -> list[dict[str, str]]:
    """The CRISIS_RESOURCES setting: JSON, or the default set when unset. Bad JSON stops start-up."""
    if raw is None or not raw.strip():
        return DEFAULT_CRISIS_RESOURCES
    try:
        items = json.loads(raw)
    except json.JSONDecodeError as error:
        raise ValueError(f"CRISIS_RESOURCES is not valid JSON: {error}") from None
    if not isinstance(items, list) or not items:
        raise ValueError("CRISIS_RESOURCES must be a non-empty JSON list of objects.")
    resources = []
    for item in items:
        if not isinstance(item, dict) or not isinstance(item.get("name"), str) or not item["name"].strip():
            raise ValueError("Every CRISIS_RESOURCES entry needs a \"name\".")
        url = item.get("url")
        if url is not None and not (isinstance(url, str) and url.startswith(("https://", "http://"))):
            raise ValueError(f"CRISIS_RESOURCES: the url of {item['name']!r} must start with https:// or http://.")
        resources.append({key: str(item[key]) for key in RESOURCE_FIELDS if item.get(key)})
    return resources
