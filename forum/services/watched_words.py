"""Watched words: the rules site admins and group moderators keep, and `screen()`, which every
path that publishes text (threads, replies, edits, room messages) runs before it stores anything.

A `Verdict` lists every rule the text matched. `block` refuses the text (BlockedWord, nothing is
stored); `crisis` and `flag` let it through and travel with the stored item (`item.verdict`), and
the author can be shown help at once (`crisis_help`). `require_approval` stores the text held: the
writing service gives it a held state (shown to its author and the moderators only, announced to
no one) and it waits in the queue until a moderator approves or rejects it. `report_matches` hands
`flag` and `crisis` matches and held content to the moderation queue, inside the writer's
transaction: the queue (forum/services/reports.py) registers with `when_flagged`, so this module
needs no import of it.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from flask import current_app

from forum import payloads, safety
from forum.extensions import db
from forum.models import Group, User, WatchedWord
from forum.models.safety import BLOCK, CRISIS, FLAG, REQUIRE_APPROVAL, WATCH_ACTIONS
from forum.services import access
from forum.services.errors import BlockedWord, Conflict, Forbidden, Invalid, NotFound
from forum.services.validation import required_line


@dataclass(frozen=True)
class RuleMatch:
    rule_id: int
    action: str
    pattern: str
    is_regex: bool
    site_wide: bool
    found: str  # the words of the text that matched

    @property
    def quote(self) -> str:
        """What to show the author: the rule's own words, or for an expression the words it caught."""
        return self.found if self.is_regex else self.pattern


@dataclass(frozen=True)
class Verdict:
    """The rules a text matched, in the order they were made."""

    matches: tuple[RuleMatch, ...] = ()

    def matching(self, action: str) -> list[RuleMatch]:
        return [match for match in self.matches if match.action == action]

    @property
    def blocked(self) -> bool:
        return bool(self.matching(BLOCK))

    @property
    def needs_approval(self) -> bool:
        return bool(self.matching(REQUIRE_APPROVAL))

    @property
    def flagged(self) -> bool:
        return bool(self.matching(FLAG))

    @property
    def crisis(self) -> bool:
        return bool(self.matching(CRISIS))

    def reported(self, held: bool) -> bool:
        """Whether `report_matches` files a report for moderators about the text."""
        return self.flagged or self.crisis or held

    def refuse_if_blocked(self) -> None:
        """Raise BlockedWord quoting the first blocking rule, so the author knows what to change."""
        blocking = self.matching(BLOCK)
        if not blocking:
            return
        rule = blocking[0]
        where = "this forum" if rule.site_wide else "this group"
        raise BlockedWord(f"It contains “{rule.quote}”, which {where} doesn't allow. Please reword it and send it again.")


CLEAR = Verdict()


# Built once: every room message and post is screened, and building a statement costs more than running it.
_SITE_RULES = sa.select(WatchedWord).where(WatchedWord.group_id.is_(None)).order_by(WatchedWord.id)
_GROUP_RULES = sa.select(WatchedWord).where(WatchedWord.group_id == sa.bindparam("group_id")).order_by(WatchedWord.id)
_RULES_IN_GROUP = (
    sa.select(WatchedWord)
    .where(sa.or_(WatchedWord.group_id.is_(None), WatchedWord.group_id == sa.bindparam("group_id")))
    .order_by(WatchedWord.id)
)


def rules_for(group: Group | None) -> list[WatchedWord]:
    """The rules that apply in `group` (site-wide ones included); only site-wide ones for None."""
    if group is None:
        return _own_rules(None)
    return list(db.session.scalars(_RULES_IN_GROUP, {"group_id": group.id}))


def screen(text: str, group: Group | None) -> Verdict:
    """Match `text` against every rule for `group`. One query; a regex that overruns its time is skipped (logged)."""
    rules = rules_for(group)
    if not rules:
        return CLEAR
    folded, normalized = safety.fold(text), safety.normalize(text)
    matches = []
    for rule in rules:
        try:
            if rule.is_regex:
                found = safety.search_regex(safety.regex_matcher(rule.pattern), normalized)
            else:
                found = safety.plain_matcher(rule.pattern).search(folded)
        except (TimeoutError, safety.UnsafePattern):
            current_app.logger.warning("Watched word %s (%r) could not be checked; skipped", rule.id, rule.pattern)
            continue
        if found is not None:
            matches.append(
                RuleMatch(rule.id, rule.action, rule.pattern, rule.is_regex, rule.group_id is None, found.group(0))
            )
    return Verdict(tuple(matches))


FlagHandler = Callable[[str, int, "Verdict", bool], None]
_flag_handlers: list[FlagHandler] = []


def when_flagged(handler: FlagHandler) -> FlagHandler:
    """Register `handler(target_type, target_id, verdict, held)` for stored text that a flag or crisis
    rule matched, or that was stored held for approval."""
    _flag_handlers.append(handler)
    return handler


def report_matches(verdict: Verdict, target_type: str, target_id: int, held: bool = False) -> None:
    """Call once the text is flushed (it has an id) and before the commit, so the report commits with it.

    `held`: the writer stored the text held (a require-approval match, or a resubmission after a
    moderator's rejection), so its item is one to approve or reject.
    """
    if verdict.reported(held):
        for handler in _flag_handlers:
            handler(target_type, target_id, verdict, held)


def help_panel() -> dict[str, Any]:
    """The calm panel of help resources the site configured (CRISIS_RESOURCES)."""
    return payloads.crisis_help(current_app.config["CRISIS_RESOURCES"])


def crisis_help(verdict: Verdict | None) -> dict[str, Any] | None:
    """The help panel for the author, when what they wrote matched a crisis rule."""
    return help_panel() if verdict is not None and verdict.crisis else None


def require_rule_keeper(user: User | None, group: Group | None) -> None:
    """Site admins keep the site-wide list; a group's moderators (and site admins) keep the group's."""
    if group is None:
        access.require_site_admin(user)
    else:
        access.require_group_moderator(user, group)


def add_rule(user: User | None, group: Group | None, pattern: object, is_regex: object, action: object) -> WatchedWord:
    require_rule_keeper(user, group)
    if not isinstance(is_regex, bool):
        raise Invalid("`is_regex` is true or false.", field="is_regex")
    if is_regex and not user.is_site_admin:
        raise Forbidden("Only site administrators can add regular expressions.")
    if not isinstance(action, str) or action not in WATCH_ACTIONS:
        raise Invalid("Choose what happens: block, require approval, flag or crisis.", field="action")
    text = required_line(pattern, "pattern", "The word or phrase", safety.MAX_PATTERN)
    try:
        safety.check_regex(text) if is_regex else safety.plain_matcher(text)
    except safety.UnsafePattern as error:
        raise Invalid(str(error), field="pattern") from None
    if any(_same(rule, text, is_regex) for rule in _own_rules(group)):
        raise Conflict("That is already on this list.", field="pattern")
    rule = WatchedWord(
        pattern=text, is_regex=is_regex, action=action, group_id=group.id if group else None, created_by_id=user.id
    )
    db.session.add(rule)
    db.session.commit()
    return rule


def list_rules(user: User | None, group: Group | None) -> tuple[list[WatchedWord], list[WatchedWord]]:
    """The list `user` keeps for `group` (None: the site-wide list), and the site-wide rules that
    also apply there (empty for the site-wide list itself)."""
    require_rule_keeper(user, group)
    return _own_rules(group), _own_rules(None) if group is not None else []


def _own_rules(group: Group | None) -> list[WatchedWord]:
    if group is None:
        return list(db.session.scalars(_SITE_RULES))
    return list(db.session.scalars(_GROUP_RULES, {"group_id": group.id}))


def _same(rule: WatchedWord, pattern: str, is_regex: bool) -> bool:
    if rule.is_regex != is_regex:
        return False
    return rule.pattern == pattern if is_regex else safety.fold(rule.pattern).split() == safety.fold(pattern).split()


def get_rule(user: User | None, rule_id: object) -> WatchedWord:
    """A rule the caller may remove; rules they may not keep do not exist for them."""
    rule = access.find_by_id(WatchedWord, rule_id)
    if rule is None:
        raise NotFound("There is no such watched word.")
    if rule.group is not None and not access.can_read(user, rule.group):
        raise NotFound("There is no such watched word.")
    require_rule_keeper(user, rule.group)
    return rule


def delete_rule(user: User | None, rule: WatchedWord) -> None:
    require_rule_keeper(user, rule.group)
    db.session.delete(rule)
    db.session.commit()
