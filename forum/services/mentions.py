"""@mentions: which members a piece of writing names, as `@username`."""
from __future__ import annotations

import re

import sqlalchemy as sa

from forum.extensions import db
from forum.models import User

# A mention starts a word (so an e-mail address is none); a trailing '.' or '-' ends the sentence.
MENTION = re.compile(r"(?<![\w@.\-])@([A-Za-z0-9_.\-]{3,32})")
MAX_MENTIONS = 10  # more names than this in one text: only the first ten are told


def mentioned_names(text: str) -> list[str]:
    """The usernames mentioned in `text`, case-folded, in order of first mention, at most MAX_MENTIONS."""
    names: dict[str, None] = {}
    for match in MENTION.finditer(text):
        name = match.group(1).rstrip(".-")
        if len(name) >= 3:
            names.setdefault(name.casefold(), None)
        if len(names) == MAX_MENTIONS:
            break
    return list(names)


def mentioned_members(text: str) -> list[User]:
    """The accounts behind the names mentioned in `text` (unknown names are ignored), in one query."""
    keys = mentioned_names(text)
    if not keys:
        return []
    found = {member.username_key: member for member in db.session.scalars(sa.select(User).where(User.username_key.in_(keys)))}
    return [found[key] for key in keys if key in found]
