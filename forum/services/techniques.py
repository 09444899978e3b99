"""The technique library: share a technique (site-wide or in a group), mark it, save it to a toolkit.

Reading rule: a site-wide technique (no group) is readable by every signed-in member; a group's
techniques follow the group's rule (access.require_reader), so a private group's are missing for
non-members. A member's marks are theirs alone: pages and API show everyone only the totals, and
each member only their own marks.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

import sqlalchemy as sa

from forum.extensions import db
from forum.models import Group, Membership, Technique, TechniqueMark, TechniqueTag, ToolkitItem, User
from forum.models.technique import MARK_KINDS, TECHNIQUE_TAGS
from forum.services import access
from forum.services.errors import Forbidden, Invalid, NotFound, Unauthorized
from forum.services.validation import MAX_TITLE, optional_line, required_body, required_line
from forum.text import render_markdown

MAX_STEPS = 10_000
MAX_WHEN = 500
MAX_TAGS = 5
MAX_PAGES = 50
SORTS = ("helpful", "newest")
MISSING = "There is no such technique."
# A technique linked from a post or room message: its address, `/techniques/<id>`, alone or as a
# whole http(s) URL as copied from the browser, starting a word (or after "(", "<", "[").
TECHNIQUE_LINK = re.compile(r"(?:^|(?<=[\s(<\[]))(?:https?://[\w.:-]+)?/techniques/([1-9][0-9]{0,9})(?![\w/])")
MAX_LINKED = 3


@dataclass
class TechniquePage:
    items: list[Technique]
    page: int
    next_page: int | None


def _require_account(user: User | None) -> None:
    if not access.signed_in(user):
        raise Unauthorized("Sign in to read the technique library.")


def can_read_technique(user: User | None, technique: Technique) -> bool:
    if technique.group is None:
        readable = access.signed_in(user)
    else:
        readable = access.can_read(user, technique.group)
    return readable and _shown_despite_moderation(user, technique)


def moderates_technique(user: User | None, technique: Technique) -> bool:
    """A group's technique is moderated by the group's moderators; a site-wide one by site admins."""
    if technique.group is None:
        return access.signed_in(user) and user.is_site_admin
    return access.is_group_moderator(user, technique.group)


def _shown_despite_moderation(user: User | None, technique: Technique) -> bool:
    """A removed technique is gone; a hidden one stays for its author and its moderators."""
    if technique.moderation is None:
        return True
    if technique.moderation == "removed":
        return False
    return access.signed_in(user) and (technique.author_id == user.id or moderates_technique(user, technique))


def get_readable_technique(user: User | None, technique_id: object) -> Technique:
    technique = access.find_by_id(Technique, technique_id)
    if technique is None:
        raise NotFound(MISSING)
    if technique.group is None:
        _require_account(user)
    else:
        access.require_reader(user, technique.group, missing=MISSING)
    if not _shown_despite_moderation(user, technique):
        raise NotFound(MISSING)
    return technique


def _clean_tags(tags: object) -> list[str]:
    if tags is None:
        return []
    if isinstance(tags, str):
        tags = [tags]
    if not isinstance(tags, (list, tuple)) or not all(isinstance(tag, str) for tag in tags):
        raise Invalid("Tags are a list of words from the tag list.", field="tags")
    chosen = sorted(set(tags))
    unknown = [tag for tag in chosen if tag not in TECHNIQUE_TAGS]
    if unknown:
        raise Invalid(f"Choose tags from the list: {', '.join(TECHNIQUE_TAGS)}.", field="tags")
    if len(chosen) > MAX_TAGS:
        raise Invalid(f"Choose at most {MAX_TAGS} tags.", field="tags")
    return chosen


def share_technique(
    user: User | None, group: Group | None, title: object, steps: object, when_it_helps: object = None, tags: object = None
) -> Technique:
    """A member shares a technique in a group they belong to, or site-wide (group None)."""
    if group is None:
        _require_account(user)
    else:
        access.require_reader(user, group, missing="There is no such group.")
        access.require_member(user, group)
    title_text = required_line(title, "title", "The title", MAX_TITLE)
    steps_text = required_body(steps, "steps", "The steps", MAX_STEPS)
    when_text = optional_line(when_it_helps, "when_it_helps", "When it helps", MAX_WHEN)
    technique = Technique(
        group_id=group.id if group else None,
        author_id=user.id,
        title=title_text,
        steps=steps_text,
        steps_html=render_markdown(steps_text),
        when_it_helps=when_text,
        tag_rows=[TechniqueTag(tag=tag) for tag in _clean_tags(tags)],
    )
    db.session.add(technique)
    db.session.commit()
    return technique


def get_own_technique(user: User | None, technique_id: object) -> Technique:
    """A technique its author may change: missing to those who cannot read it, forbidden to other readers."""
    _require_account(user)
    technique = get_readable_technique(user, technique_id)
    if technique.author_id != user.id:
        raise Forbidden("Only the member who shared a technique can change or delete it.")
    return technique


def edit_technique(
    user: User | None, technique_id: object, title: object, steps: object, when_it_helps: object = None, tags: object = None
) -> Technique:
    """The author rewrites their technique, with the same rules as sharing it; marks and saves stay."""
    technique = get_own_technique(user, technique_id)
    title_text = required_line(title, "title", "The title", MAX_TITLE)
    steps_text = required_body(steps, "steps", "The steps", MAX_STEPS)
    when_text = optional_line(when_it_helps, "when_it_helps", "When it helps", MAX_WHEN)
    chosen = _clean_tags(tags)
    technique.title, technique.steps, technique.when_it_helps = title_text, steps_text, when_text
    technique.steps_html = render_markdown(steps_text)
    # Keep the rows of tags that stay: replacing them all would insert a tag before deleting it.
    technique.tag_rows = [row for row in technique.tag_rows if row.tag in chosen] + [
        TechniqueTag(tag=tag) for tag in chosen if tag not in technique.tags
    ]
    db.session.commit()
    return technique


def delete_technique(user: User | None, technique_id: object) -> None:
    """The author takes their technique back; everyone's marks and toolkit saves of it go with it."""
    technique = get_own_technique(user, technique_id)
    db.session.delete(technique)
    db.session.commit()


def _page_number(page: object) -> int:
    try:
        number = int(page) if page not in (None, "") else 1
    except (TypeError, ValueError):
        raise Invalid("page is a whole number from 1.", field="page") from None
    if not 1 <= number <= MAX_PAGES:
        raise Invalid(f"page is a whole number from 1 to {MAX_PAGES}.", field="page")
    return number


def list_techniques(
    user: User | None, group: Group | None, sort: object, tag: object, page: object, page_size: int
) -> TechniquePage:
    """A group's techniques, or the site-wide library (group None): most helpful or newest first."""
    if group is None:
        _require_account(user)
    else:
        access.require_reader(user, group, missing="There is no such group.")
    sort = sort or "helpful"
    if sort not in SORTS:
        raise Invalid("Sort by helpful or newest.", field="sort")
    if tag not in (None, "") and tag not in TECHNIQUE_TAGS:
        raise Invalid(f"Filter by one of the tags: {', '.join(TECHNIQUE_TAGS)}.", field="tag")
    number = _page_number(page)
    query = sa.select(Technique).where(
        Technique.group_id.is_(None) if group is None else Technique.group_id == group.id,
        Technique.moderation.is_(None),
    )
    if tag:
        query = query.where(
            Technique.id.in_(sa.select(TechniqueTag.technique_id).where(TechniqueTag.tag == tag))
        )
    if sort == "helpful":
        query = query.order_by(Technique.helped_count.desc(), Technique.id.desc())
    else:
        query = query.order_by(Technique.created_at.desc(), Technique.id.desc())
    rows = list(db.session.scalars(query.offset((number - 1) * page_size).limit(page_size + 1)))
    more = len(rows) > page_size and number < MAX_PAGES
    return TechniquePage(rows[:page_size], number, number + 1 if more else None)


def mark_counts(technique: Technique) -> dict[str, int]:
    return {"tried": technique.tried_count, "helped": technique.helped_count}


def my_marks(user: User | None, technique: Technique) -> set[str]:
    """The caller's own marks: shown to them alone."""
    if not access.signed_in(user):
        return set()
    return set(db.session.scalars(
        sa.select(TechniqueMark.kind).where(TechniqueMark.technique_id == technique.id, TechniqueMark.user_id == user.id)
    ))


def set_mark(user: User | None, technique: Technique, kind: object, on: bool) -> dict[str, int]:
    """Mark "tried it" / "helped me" (on=True) or take it back; returns the public totals."""
    if not can_read_technique(user, technique):
        get_readable_technique(user, technique.id)  # raises the right error
    if kind not in MARK_KINDS:
        raise Invalid("Marks are tried or helped.", field="kind")
    existing = db.session.scalar(
        sa.select(TechniqueMark).where(
            TechniqueMark.technique_id == technique.id, TechniqueMark.user_id == user.id, TechniqueMark.kind == kind
        )
    )
    if on == (existing is not None):
        return mark_counts(technique)
    if on:
        db.session.add(TechniqueMark(technique_id=technique.id, user_id=user.id, kind=kind))
    else:
        db.session.delete(existing)
    try:
        db.session.flush()
    except sa.exc.IntegrityError:  # a concurrent identical mark won the race: same end state
        db.session.rollback()
        db.session.refresh(technique)
        return mark_counts(technique)
    counter = Technique.tried_count if kind == "tried" else Technique.helped_count
    db.session.execute(
        sa.update(Technique).where(Technique.id == technique.id).values({counter: counter + (1 if on else -1)})
    )
    db.session.commit()
    db.session.refresh(technique)
    return mark_counts(technique)


def in_toolkit(user: User | None, technique: Technique) -> bool:
    if not access.signed_in(user):
        return False
    return db.session.scalar(
        sa.select(ToolkitItem.id).where(ToolkitItem.user_id == user.id, ToolkitItem.technique_id == technique.id)
    ) is not None


def save_to_toolkit(user: User | None, technique: Technique, saved: bool) -> bool:
    """Save (saved=True) or remove a technique from the member's private toolkit; returns the new state."""
    if not can_read_technique(user, technique):
        get_readable_technique(user, technique.id)
    existing = db.session.scalar(
        sa.select(ToolkitItem).where(ToolkitItem.user_id == user.id, ToolkitItem.technique_id == technique.id)
    )
    if saved and existing is None:
        db.session.add(ToolkitItem(user_id=user.id, technique_id=technique.id))
    elif not saved and existing is not None:
        db.session.delete(existing)
    else:
        return saved
    try:
        db.session.commit()
    except sa.exc.IntegrityError:  # saved twice at once: it is saved
        db.session.rollback()
    return saved


def _readable_condition(user: User) -> sa.ColumnElement[bool]:
    """Techniques the member may read: site-wide ones, public groups' and their own groups', that no
    moderator hid or removed."""
    if user.is_site_admin:
        return Technique.moderation.is_(None)
    member_of = sa.select(Membership.group_id).where(Membership.user_id == user.id, Membership.status == "active")
    public = sa.select(Group.id).where(Group.visibility == "public")
    readable = sa.or_(Technique.group_id.is_(None), Technique.group_id.in_(public), Technique.group_id.in_(member_of))
    return sa.and_(readable, Technique.moderation.is_(None))


def toolkit(user: User | None, page: object, page_size: int) -> TechniquePage:
    """The member's saved techniques, newest save first; ones they can no longer read are left out."""
    _require_account(user)
    number = _page_number(page)
    query = (
        sa.select(Technique)
        .join(ToolkitItem, ToolkitItem.technique_id == Technique.id)
        .where(ToolkitItem.user_id == user.id, _readable_condition(user))
        .order_by(ToolkitItem.id.desc())
    )
    rows = list(db.session.scalars(query.offset((number - 1) * page_size).limit(page_size + 1)))
    more = len(rows) > page_size and number < MAX_PAGES
    return TechniquePage(rows[:page_size], number, number + 1 if more else None)


def linked_technique_ids(text: str) -> list[int]:
    ids: list[int] = []
    for match in TECHNIQUE_LINK.finditer(text or ""):
        technique_id = int(match.group(1))
        if technique_id not in ids:
            ids.append(technique_id)
        if len(ids) == MAX_LINKED:
            break
    return ids


def linked_techniques(texts: dict[int, str], group: Group) -> dict[int, list[Technique]]:
    """Technique cards for posts or room messages of `group`: {item id: techniques linked in its text}.

    A card shows only what every reader of `group` may read: a site-wide technique, a public
    group's, or one of `group` itself. A private group's technique linked from elsewhere stays a
    bare link (its page answers 404 to non-members), so its title never reaches them. One query
    for the whole page.
    """
    wanted = {item_id: linked_technique_ids(text) for item_id, text in texts.items()}
    all_ids = {technique_id for ids in wanted.values() for technique_id in ids}
    if not all_ids:
        return {}
    public = sa.select(Group.id).where(Group.visibility == "public")
    found = {
        technique.id: technique
        for technique in db.session.scalars(
            sa.select(Technique).where(
                Technique.id.in_(all_ids),
                Technique.moderation.is_(None),
                sa.or_(Technique.group_id.is_(None), Technique.group_id == group.id, Technique.group_id.in_(public)),
            )
        )
    }
    return {
        item_id: [found[technique_id] for technique_id in ids if technique_id in found]
        for item_id, ids in wanted.items()
        if any(technique_id in found for technique_id in ids)
    }
