"""Full-text search over threads (titles), posts (bodies) and techniques, behind one interface.

`search(user, text, page, page_size)` is all callers use. Underneath, a backend turns a parsed
query into a match condition per table: SQLite FTS5 (the `search_*` external-content tables kept
by triggers, see forum/models/search_index.py) or PostgreSQL full-text search (GIN indexes on
`to_tsvector('english', ...)`, queried with `websearch_to_tsquery`).

Whatever people type is reduced to words and quoted phrases before it reaches either engine, so
operators (`NEAR`, `*`, `OR`, `-`, parentheses, column filters) are never interpreted and a hostile
query cannot fail: every word must appear (AND), a quoted phrase must appear as written.

Results respect reading rules: a private group's threads, posts and techniques are left out for
non-members, with no count anywhere; so is whatever was written by a member the searcher blocked,
and what a moderator hid or removed (a hidden thread takes its posts with it). Newest first, offset pages up to MAX_PAGES.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

import sqlalchemy as sa
import sqlalchemy.orm as so

from forum.extensions import db
from forum.models import Block, Group, Membership, Post, Technique, Thread, User
from forum.models.search_index import SEARCH_PREFIX, TEXT_SEARCH_CONFIG, pg_document
from forum.services import access
from forum.services.errors import Invalid, Unauthorized
from forum.text import clean_line

MAX_QUERY_CHARS = 500
MAX_TERMS = 8
MAX_TERM_CHARS = 40
MAX_PAGES = 20
SNIPPET_CHARS = 200
_PHRASE = re.compile(r'"([^"]*)"')
_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class ParsedQuery:
    """Words that must all appear, and phrases (lists of words) that must appear in order."""

    words: tuple[str, ...]
    phrases: tuple[tuple[str, ...], ...]

    @property
    def terms(self) -> list[str]:
        return [*self.words, *(word for phrase in self.phrases for word in phrase)]

    def as_text(self) -> str:
        """`"a phrase" word word`: FTS5 and websearch_to_tsquery read this the same way."""
        parts = [f'"{" ".join(phrase)}"' for phrase in self.phrases] + [f'"{word}"' for word in self.words]
        return " ".join(parts)


def parse_query(text: object) -> ParsedQuery | None:
    """Words and quoted phrases from what was typed; None when nothing searchable is left."""
    if not isinstance(text, str):
        return None
    text = text[:MAX_QUERY_CHARS]
    budget = MAX_TERMS
    phrases: list[tuple[str, ...]] = []
    for quoted in _PHRASE.findall(text):
        words = tuple(word[:MAX_TERM_CHARS] for word in _WORD.findall(quoted))[:budget]
        if words:
            phrases.append(words)
            budget -= len(words)
    rest = _PHRASE.sub(" ", text)
    words = tuple(dict.fromkeys(word[:MAX_TERM_CHARS] for word in _WORD.findall(rest)))[: max(budget, 0)]
    if not words and not phrases:
        return None
    return ParsedQuery(words, tuple(phrases))


class Backend(Protocol):
    def matches(self, table: str, id_column: sa.ColumnElement, query: ParsedQuery) -> sa.ColumnElement[bool]:
        """A condition true for rows of `table` (whose id is `id_column`) that match `query`."""


class SqliteFts5:
    def matches(self, table: str, id_column: sa.ColumnElement, query: ParsedQuery) -> sa.ColumnElement[bool]:
        fts = f"{SEARCH_PREFIX}{table}"
        param = f"{fts}_query"
        rowids = sa.select(sa.literal_column("rowid")).select_from(sa.table(fts)).where(
            sa.text(f"{fts} MATCH :{param}").bindparams(sa.bindparam(param, query.as_text()))
        )
        return id_column.in_(rowids)


class PostgresFullText:
    def matches(self, table: str, id_column: sa.ColumnElement, query: ParsedQuery) -> sa.ColumnElement[bool]:
        param = f"{SEARCH_PREFIX}{table}_query"
        return sa.text(
            f"{pg_document(table)} @@ websearch_to_tsquery('{TEXT_SEARCH_CONFIG}'::regconfig, :{param})"
        ).bindparams(sa.bindparam(param, query.as_text()))


def backend() -> Backend:
    return PostgresFullText() if db.engine.dialect.name == "postgresql" else SqliteFts5()


@dataclass
class Hit:
    """One result. kind: "thread" (its title matched), "post" (its text matched) or "technique"."""

    kind: str
    id: int
    title: str
    snippet: str
    group: Group | None
    thread_id: int | None
    created_at: datetime


@dataclass
class SearchResults:
    query: ParsedQuery | None
    hits: list[Hit]
    page: int
    next_page: int | None


def _page_number(page: object) -> int:
    try:
        number = int(page) if page not in (None, "") else 1
    except (TypeError, ValueError):
        raise Invalid("page is a whole number from 1.", field="page") from None
    if not 1 <= number <= MAX_PAGES:
        raise Invalid(f"page is a whole number from 1 to {MAX_PAGES}.", field="page")
    return number


def _readable_groups(user: User) -> sa.ColumnElement[bool] | None:
    """A condition on Group.id for the groups whose content the member may read; None: all (site admins)."""
    if user.is_site_admin:
        return None
    member_of = sa.select(Membership.group_id).where(Membership.user_id == user.id, Membership.status == "active")
    return sa.or_(Group.visibility == "public", Group.id.in_(member_of))


def _candidates(user: User, query: ParsedQuery, engine: Backend, keep: int) -> sa.CompoundSelect:
    """The newest `keep` readable matches of each kind, as (kind, id, created_at) rows.

    Each kind is cut to its newest `keep` by id (ids grow with created_at), which lets the database
    walk the matches from the newest and stop, instead of sorting every match of a common word.
    """
    readable = _readable_groups(user)
    blocked = sa.select(Block.blocked_id).where(Block.blocker_id == user.id)

    def unblocked(author_id) -> sa.ColumnElement[bool]:
        return sa.or_(author_id.is_(None), author_id.not_in(blocked))

    def readable_only(select: sa.Select) -> sa.Select:
        return select if readable is None else select.where(readable)

    def columns(kind: str, item_id, created_at) -> list:
        return [sa.literal(kind).label("kind"), item_id.label("id"), created_at.label("created_at")]

    threads = readable_only(
        sa.select(*columns("thread", Thread.id, Thread.created_at))
        .join(Group, Group.id == Thread.group_id)
        .where(engine.matches("threads", Thread.id, query), unblocked(Thread.author_id), Thread.moderation.is_(None))
    )
    posts = readable_only(
        sa.select(*columns("post", Post.id, Post.created_at))
        .join(Thread, Thread.id == Post.thread_id)
        .join(Group, Group.id == Thread.group_id)
        .where(
            engine.matches("posts", Post.id, query), unblocked(Post.author_id),
            Post.deleted_at.is_(None), Post.moderation.is_(None), Thread.moderation.is_(None),
        )
    )
    techniques = sa.select(*columns("technique", Technique.id, Technique.created_at)).outerjoin(
        Group, Group.id == Technique.group_id
    ).where(engine.matches("techniques", Technique.id, query), unblocked(Technique.author_id), Technique.moderation.is_(None))
    if readable is not None:
        techniques = techniques.where(sa.or_(Technique.group_id.is_(None), readable))
    newest = [
        sa.select(branch.order_by(id_column.desc()).limit(keep).subquery())
        for branch, id_column in ((threads, Thread.id), (posts, Post.id), (techniques, Technique.id))
    ]
    return sa.union_all(*newest)


def snippet(text: str, terms: list[str]) -> str:
    """About SNIPPET_CHARS characters of `text` around the first place a search word appears."""
    line = clean_line(text)
    lowered = line.lower()
    stems = [term.lower()[: max(3, len(term) - 2)] for term in terms]
    positions = [position for stem in stems if (position := lowered.find(stem)) >= 0]
    start = max(0, min(positions) - SNIPPET_CHARS // 4) if positions else 0
    excerpt = line[start : start + SNIPPET_CHARS]
    return ("…" if start else "") + excerpt + ("…" if start + SNIPPET_CHARS < len(line) else "")


def _load(query: sa.Select, id_column, ids: list[int]) -> dict:
    """{id: row} for the hits of one kind, with what the result list shows loaded in the same query."""
    if not ids:
        return {}
    return {row.id: row for row in db.session.scalars(query.where(id_column.in_(ids))).unique()}


def _hits(rows: list, query: ParsedQuery) -> list[Hit]:
    wanted: dict[str, list[int]] = {"thread": [], "post": [], "technique": []}
    for kind, item_id, _created in rows:
        wanted[kind].append(item_id)
    threads = _load(sa.select(Thread).options(so.joinedload(Thread.group)), Thread.id, wanted["thread"])
    posts = _load(
        sa.select(Post).options(so.joinedload(Post.thread).joinedload(Thread.group)), Post.id, wanted["post"]
    )
    techniques = _load(sa.select(Technique).options(so.joinedload(Technique.group)), Technique.id, wanted["technique"])
    terms = query.terms
    hits = []
    for kind, item_id, created_at in rows:
        if kind == "thread":
            item = threads[item_id]
            hits.append(Hit(kind, item.id, item.title, "", item.group, item.id, created_at))
        elif kind == "post":
            item = posts[item_id]
            hits.append(Hit(kind, item.id, item.thread.title, snippet(item.body, terms), item.thread.group,
                            item.thread_id, created_at))
        else:
            item = techniques[item_id]
            hits.append(Hit(kind, item.id, item.title, snippet(f"{item.when_it_helps} {item.steps}", terms),
                            item.group, None, created_at))
    return hits


def search(user: User | None, text: object, page: object, page_size: int) -> SearchResults:
    """One page of what `user` may read matching `text`, newest first."""
    if not access.signed_in(user):
        raise Unauthorized("Sign in to search.")
    number = _page_number(page)
    query = parse_query(text)
    if query is None:
        return SearchResults(None, [], number, None)
    offset = (number - 1) * page_size
    candidates = _candidates(user, query, backend(), offset + page_size + 1).subquery()
    rows = list(db.session.execute(
        sa.select(candidates.c.kind, candidates.c.id, candidates.c.created_at)
        .order_by(candidates.c.created_at.desc(), candidates.c.id.desc())
        .offset(offset)
        .limit(page_size + 1)
    ))
    more = len(rows) > page_size and number < MAX_PAGES
    return SearchResults(query, _hits(rows[:page_size], query), number, number + 1 if more else None)
