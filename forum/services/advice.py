"""Does a reply read like advice? A small, forgiving heuristic for the "just listen" nudge.

It looks for phrases that tell the other person what to do:

- direct suggestions: "you should", "you need to", "you have to", "you must", "you ought to",
  "have you tried", "have you thought about", "why don't you", "why not try", "just try",
  "if I were you", "my advice", "I suggest / I'd suggest / I recommend", "what you need";
- a sentence that opens with an imperative verb ("Try …", "Stop …", "Go …", "Don't …",
  "Make sure …", "Call …", "Talk to …"), at the start of the text or after
  . ! ? or a new line.

Sharing one's own experience ("I tried …", "what helped me was …") is not advice, and neither
are quoted lines (Markdown `>` blocks): the replier may quote the author's own words.
Matching is case-insensitive, on word boundaries, and works on any Unicode text (curly
apostrophes count as apostrophes). It only ever leads to a nudge, never to a refusal, so
it errs on the side of noticing.
"""
from __future__ import annotations

import re

_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'"})

_PHRASES = re.compile(
    r"\b(?:"
    r"you\s+(?:really\s+|just\s+|definitely\s+)?(?:should|shouldn't|need\s+to|have\s+to|must|ought\s+to|gotta)"
    r"|have\s+you\s+(?:tried|considered|thought\s+about)"
    r"|why\s+(?:don't|do\s+not)\s+you|why\s+not\s+(?:try|just)"
    r"|just\s+try|if\s+i\s+were\s+you|my\s+advice|i(?:\s+would|'d)?\s+(?:suggest|recommend)"
    r"|what\s+you\s+need\s+is"
    r")\b",
    re.IGNORECASE,
)

# Verbs that give an order when they open a sentence. Kind openers are left out on purpose:
# "Take care", "Keep going", "Just wanted to say", "Go you!" cheer rather than instruct.
_IMPERATIVE_OPENERS = (
    r"try", r"stop", r"go(?!\s+you\b)", r"don't", r"do\s+not", r"make\s+sure", r"call", r"talk\s+to", r"quit",
    r"avoid", r"remember\s+to", r"consider", r"start", r"find", r"write\s+down", r"reach\s+out",
)
_OPENER = re.compile(
    r"(?:^|[.!?]\s+|\n\s*)(?:[\"'(\[*_-]\s*)*(?:" + "|".join(_IMPERATIVE_OPENERS) + r")\b",
    re.IGNORECASE,
)
_QUOTE_LINE = re.compile(r"^\s{0,3}>.*$", re.MULTILINE)


def without_quotes(text: str) -> str:
    return _QUOTE_LINE.sub("", text)


def looks_like_advice(text: str) -> bool:
    """True when the text, outside quoted lines, reads like telling someone what to do."""
    plain = without_quotes(text.translate(_APOSTROPHES)).strip()
    return bool(_PHRASES.search(plain) or _OPENER.search(plain))
