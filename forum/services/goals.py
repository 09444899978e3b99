"""A member's own goals, check-ins and milestones, and the milestones they choose to share.

Everything here is private to its owner: to anyone else a goal or an unshared milestone does not
exist (NotFound, the same as a wrong id), site admins included. A milestone reaches a group only
when its owner shares it there, never by itself; streak milestones are offered, not recorded.
Unsharing deletes the share with its reactions and congratulations, and tells the room.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import sqlalchemy as sa
import sqlalchemy.orm as so

from forum import payloads
from forum.events import publish
from forum.extensions import db
from forum.models import (
    CheckIn, Congratulation, Goal, Group, Membership, Milestone, MilestoneReaction, MilestoneShare, StreakRestart, User,
)
from forum.models.base import utcnow
from forum.models.goal import GOAL_KINDS, MILESTONE_REACTION_KINDS, STREAK_MILESTONES
from forum.rooms import group_room
from forum.services import access, notifications, rooms
from forum.services.errors import Invalid, NotFound, Unauthorized
from forum.services.tallies import count_reactions
from forum.services.validation import MAX_TITLE, optional_line, required_line

MAX_WHY = 1000
MAX_NOTE = 280
MAX_CONGRATULATION = 280
RECENT_CHECKINS = 50
CELEBRATIONS_PAGE = 20
SHOWN_CONGRATULATIONS = 30  # the latest ones of each milestone
MISSING_GOAL = "There is no such goal."
MISSING_MILESTONE = "There is no such milestone."


@dataclass
class GoalView:
    """What the goal's owner sees on its page."""

    goal: Goal
    days: int | None
    checkin_count: int
    checkins: list[CheckIn]
    new_starts: list[StreakRestart]
    milestones: list[Milestone]
    shared_with: dict[int, list[str]]
    offered: list[int]


@dataclass
class CelebrationPage:
    """A group's shared milestones, newest first, with their reactions and congratulations."""

    shares: list[MilestoneShare]
    counts: dict[int, dict[str, int]] = field(default_factory=dict)
    congratulations: dict[int, list[Congratulation]] = field(default_factory=dict)
    mine: dict[int, set[str]] = field(default_factory=dict)
    next_cursor: str | None = None


def today() -> date:
    return utcnow().date()


def streak_days(goal: Goal) -> int | None:
    """Whole days since the streak's current start (0 on its first day); None for other kinds."""
    if not goal.is_streak or goal.streak_started_on is None:
        return None
    return max((today() - goal.streak_started_on).days, 0)


def _signed_in(user: User | None) -> User:
    if not access.signed_in(user):
        raise Unauthorized("Sign in first.")
    return user


def _start_date(value: object, field_name: str = "streak_started_on") -> date:
    """A start date: None means today; text is YYYY-MM-DD; never in the future."""
    if value is None or value == "":
        return today()
    if isinstance(value, str):
        try:
            value = date.fromisoformat(value) if len(value) == 10 else None
        except ValueError:
            value = None
    if not isinstance(value, date):
        raise Invalid("A start date looks like 2026-01-31.", field=field_name)
    if value > today():
        raise Invalid("A start date can't be in the future.", field=field_name)
    if value.year < 1900:
        raise Invalid("That start date is too long ago.", field=field_name)
    return value


# Goals


def create_goal(user: User | None, title: object, why: object, kind: object, streak_started_on: object = None) -> Goal:
    """A new goal, private to its owner. A streak starts today unless the member says when it began."""
    owner = _signed_in(user)
    if not isinstance(kind, str) or kind not in GOAL_KINDS:
        raise Invalid("A goal is a streak, a count or a plain goal.", field="kind")
    goal = Goal(
        owner_id=owner.id,
        title=required_line(title, "title", "The goal", MAX_TITLE),
        why=optional_line(why, "why", "Why it matters", MAX_WHY),
        kind=kind,
        streak_started_on=_start_date(streak_started_on) if kind == "streak" else None,
        created_at=utcnow(),
    )
    db.session.add(goal)
    db.session.commit()
    return goal


def get_own_goal(user: User | None, goal_id: object) -> Goal:
    goal = access.find_by_id(Goal, goal_id)
    if goal is None or not access.signed_in(user) or goal.owner_id != user.id:
        raise NotFound(MISSING_GOAL)
    return goal


def _require_owner(user: User | None, goal: Goal) -> User:
    owner = _signed_in(user)
    if goal.owner_id != owner.id:
        raise NotFound(MISSING_GOAL)
    return owner


def my_goals(user: User | None, archived: bool = False) -> list[Goal]:
    owner = _signed_in(user)
    condition = Goal.archived_at.is_not(None) if archived else Goal.archived_at.is_(None)
    return list(db.session.scalars(
        sa.select(Goal).where(Goal.owner_id == owner.id, condition).order_by(Goal.id.desc())
    ))


def checkin_counts(goals: list[Goal]) -> dict[int, int]:
    """{goal id: number of check-ins} in one query."""
    if not goals:
        return {}
    rows = db.session.execute(
        sa.select(CheckIn.goal_id, sa.func.count())
        .where(CheckIn.goal_id.in_([goal.id for goal in goals]))
        .group_by(CheckIn.goal_id)
    )
    return dict(rows.all())


def set_archived(user: User | None, goal: Goal, archived: object) -> Goal:
    """Put a goal away (its history stays) or bring it back."""
    _require_owner(user, goal)
    if not isinstance(archived, bool):
        raise Invalid("`archived` is true or false.", field="archived")
    goal.archived_at = utcnow() if archived else None
    db.session.commit()
    return goal


def check_in(user: User | None, goal: Goal, note: object, mood: object = None) -> CheckIn:
    """A short note on how it goes, with an optional mood from 1 (low) to 5 (good)."""
    _require_owner(user, goal)
    if mood is not None and (not isinstance(mood, int) or isinstance(mood, bool) or not 1 <= mood <= 5):
        raise Invalid("Mood is a number from 1 to 5, or left out.", field="mood")
    item = CheckIn(goal_id=goal.id, note=optional_line(note, "note", "The note", MAX_NOTE), mood=mood, created_at=utcnow())
    db.session.add(item)
    db.session.commit()
    return item


def make_new_start(user: User | None, goal: Goal, started_on: object = None) -> StreakRestart:
    """Start a streak again. The streak before stays in the history, with how long it lasted."""
    _require_owner(user, goal)
    if not goal.is_streak:
        raise Invalid("Only a streak can have a new start.", field="kind")
    start = _start_date(started_on, "started_on")
    if start < goal.streak_started_on:
        raise Invalid("A new start can't be before the current one.", field="started_on")
    item = StreakRestart(
        goal_id=goal.id,
        previous_start=goal.streak_started_on,
        previous_days=(start - goal.streak_started_on).days,
        new_start=start,
        created_at=utcnow(),
    )
    goal.streak_started_on = start
    db.session.add(item)
    db.session.commit()
    return item


def offered_milestones(goal: Goal) -> list[int]:
    """Streak lengths reached in the current streak and not yet recorded for it, shortest first."""
    days = streak_days(goal)
    if days is None:
        return []
    recorded = set(db.session.scalars(
        sa.select(Milestone.days).where(
            Milestone.goal_id == goal.id, Milestone.streak_started_on == goal.streak_started_on
        )
    ))
    return [length for length in STREAK_MILESTONES if length <= days and length not in recorded]


def goal_view(user: User | None, goal: Goal) -> GoalView:
    _require_owner(user, goal)
    checkins = list(db.session.scalars(
        sa.select(CheckIn).where(CheckIn.goal_id == goal.id).order_by(CheckIn.id.desc()).limit(RECENT_CHECKINS)
    ))
    new_starts = list(db.session.scalars(
        sa.select(StreakRestart).where(StreakRestart.goal_id == goal.id).order_by(StreakRestart.id.desc())
    ))
    milestones = list(db.session.scalars(
        sa.select(Milestone).where(Milestone.goal_id == goal.id).order_by(Milestone.id.desc())
    ))
    return GoalView(
        goal=goal,
        days=streak_days(goal),
        checkin_count=checkin_counts([goal]).get(goal.id, 0),
        checkins=checkins,
        new_starts=new_starts,
        milestones=milestones,
        shared_with=shared_with(milestones),
        offered=offered_milestones(goal),
    )


# Milestones


def streak_title(days: int) -> str:
    return "1 day" if days == 1 else f"{days} days"


def _group_slugs(value: object, field_name: str) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(slug, str) for slug in value):
        raise Invalid("Give the groups as a list of their slugs.", field=field_name)
    return list(dict.fromkeys(value))


def _groups_to_share_with(user: User, slugs: list[str]) -> list[Group]:
    """The groups named, each one the member may take part in (not_member, banned or muted otherwise)."""
    groups = []
    for slug in slugs:
        group = access.get_group(slug)
        rooms.require_voice(user, group)
        groups.append(group)
    return groups


def record_milestone(
    user: User | None, goal: Goal | None, title: object, days: object = None, share_with: object = None
) -> Milestone:
    """Record a milestone, of a goal or on its own; shared only with the groups the member names.

    `days` marks a streak length the goal offers now; the title then defaults to "30 days".
    """
    owner = _signed_in(user)
    if goal is not None:
        _require_owner(owner, goal)
    slugs = _group_slugs(share_with if share_with is not None else [], "share_with")
    streak_start = None
    if days is not None:
        if goal is None or not isinstance(days, int) or isinstance(days, bool) or days not in offered_milestones(goal):
            raise Invalid("That streak milestone is not one this goal has reached and not yet recorded.", field="days")
        streak_start = goal.streak_started_on
        if title is None or (isinstance(title, str) and not title.strip()):
            title = streak_title(days)
    text = required_line(title, "title", "The milestone", MAX_TITLE)
    groups = _groups_to_share_with(owner, slugs)
    milestone = Milestone(
        owner_id=owner.id,
        goal_id=goal.id if goal is not None else None,
        title=text,
        days=days,
        streak_started_on=streak_start,
        created_at=utcnow(),
    )
    db.session.add(milestone)
    db.session.flush()
    _share(milestone, groups)
    db.session.commit()
    return milestone


def get_own_milestone(user: User | None, milestone_id: object) -> Milestone:
    milestone = access.find_by_id(Milestone, milestone_id)
    if milestone is None or not access.signed_in(user) or milestone.owner_id != user.id:
        raise NotFound(MISSING_MILESTONE)
    return milestone


def my_milestones(user: User | None) -> list[Milestone]:
    owner = _signed_in(user)
    return list(db.session.scalars(
        sa.select(Milestone).where(Milestone.owner_id == owner.id).order_by(Milestone.id.desc())
    ))


def shared_with(milestones: list[Milestone]) -> dict[int, list[str]]:
    """{milestone id: slugs of the groups it is shared with} in one query."""
    if not milestones:
        return {}
    rows = db.session.execute(
        sa.select(MilestoneShare.milestone_id, Group.slug)
        .join(Group, Group.id == MilestoneShare.group_id)
        .where(MilestoneShare.milestone_id.in_([item.id for item in milestones]))
        .order_by(Group.slug)
    )
    slugs: dict[int, list[str]] = {}
    for milestone_id, slug in rows:
        slugs.setdefault(milestone_id, []).append(slug)
    return slugs


def _shares_of(milestone: Milestone) -> dict[int, MilestoneShare]:
    rows = db.session.scalars(sa.select(MilestoneShare).where(MilestoneShare.milestone_id == milestone.id))
    return {share.group_id: share for share in rows}


def _share(milestone: Milestone, groups: list[Group]) -> list[MilestoneShare]:
    """Add the shares not there yet and announce each to its group's room (after the commit)."""
    existing = _shares_of(milestone)
    added = []
    for group in groups:
        if group.id in existing:
            continue
        share = MilestoneShare(milestone_id=milestone.id, group_id=group.id, shared_at=utcnow())
        db.session.add(share)
        added.append(share)
        publish("milestone", payloads.celebration(milestone, group.slug, share.shared_at, {}, []), group_room(group.id))
    db.session.flush()
    return added


def _unshare(milestone: Milestone, groups: list[Group]) -> list[Group]:
    existing = _shares_of(milestone)
    removed = []
    for group in groups:
        share = existing.get(group.id)
        if share is None:
            continue
        db.session.delete(share)
        removed.append(group)
        publish("milestone_removed", payloads.milestone_removed(group.slug, milestone.id), group_room(group.id))
    db.session.flush()
    return removed


def unshare_everywhere(milestone: Milestone) -> list[Group]:
    """Take the milestone back from every group it is shared with, in the caller's transaction
    (deleting an account commits it with everything else)."""
    return _unshare(milestone, [share.group for share in _shares_of(milestone).values()])


def share_milestone(user: User | None, milestone: Milestone, group_slugs: object) -> list[MilestoneShare]:
    """Share with more groups (already shared ones stay as they are); returns the new shares."""
    owner = _own_milestone(user, milestone)
    groups = _groups_to_share_with(owner, _group_slugs(group_slugs, "groups"))
    added = _share(milestone, groups)
    db.session.commit()
    return added


def unshare_milestone(user: User | None, milestone: Milestone, group_slugs: object) -> list[Group]:
    """Take the milestone back from the named groups, or from every group with "all".

    It leaves their feeds and live rooms with its reactions and congratulations. Needs no
    membership: a member who left a group can still take their milestone back from it.
    """
    _own_milestone(user, milestone)
    if group_slugs == "all":
        groups = [share.group for share in _shares_of(milestone).values()]
    else:
        groups = [access.get_group(slug) for slug in _group_slugs(group_slugs, "groups")]
    removed = _unshare(milestone, groups)
    db.session.commit()
    return removed


def set_sharing(user: User | None, milestone: Milestone, group_slugs: object) -> None:
    """Share with exactly these groups: the page's checkboxes. Groups left unticked are unshared;
    one it stays shared with needs no membership any more (the member may have left it since)."""
    owner = _own_milestone(user, milestone)
    slugs = _group_slugs(group_slugs, "groups")
    existing = _shares_of(milestone)
    kept = [share.group for share in existing.values() if share.group.slug in slugs]
    kept_slugs = {group.slug for group in kept}
    added = _groups_to_share_with(owner, [slug for slug in slugs if slug not in kept_slugs])
    _unshare(milestone, [share.group for share in existing.values() if share.group.slug not in slugs])
    _share(milestone, added)
    db.session.commit()


def _own_milestone(user: User | None, milestone: Milestone) -> User:
    owner = _signed_in(user)
    if milestone.owner_id != owner.id:
        raise NotFound(MISSING_MILESTONE)
    return owner


def shareable_groups(user: User | None) -> list[Group]:
    """The groups a member belongs to: where they may share a milestone."""
    owner = _signed_in(user)
    return list(db.session.scalars(
        sa.select(Group)
        .join(Membership, Membership.group_id == Group.id)
        .where(Membership.user_id == owner.id, Membership.status == "active")
        .order_by(Group.name)
    ))


# A group's celebrations


def require_celebrations_reader(user: User | None, group: Group) -> None:
    """A group's celebrations are for its members; a private group's do not exist for those who may
    not read it (a site admin, who may, is told to join, as for the live room)."""
    if group.is_private and not access.can_read(user, group):
        raise NotFound("There is no such group.")
    rooms.require_room_member(user, group)


def _cursor(value: object) -> int | None:
    if value is None or value == "":
        return None
    if isinstance(value, str) and value.isdigit() and len(value) <= 10:
        return int(value)
    raise Invalid("That page cursor is not valid.", field="cursor")


def celebrations(user: User | None, group: Group, cursor: object = None, limit: int = CELEBRATIONS_PAGE) -> CelebrationPage:
    """One page of the group's shared milestones, newest first."""
    require_celebrations_reader(user, group)
    before = _cursor(cursor)
    query = sa.select(MilestoneShare).where(MilestoneShare.group_id == group.id)
    if before is not None:
        query = query.where(MilestoneShare.id < before)
    shares = list(db.session.scalars(
        query.options(so.joinedload(MilestoneShare.milestone).joinedload(Milestone.owner), so.joinedload(MilestoneShare.group))
        .order_by(MilestoneShare.id.desc())
        .limit(limit + 1)
    ))
    more = len(shares) > limit
    shares = shares[:limit]
    ids = [share.id for share in shares]
    return CelebrationPage(
        shares=shares,
        counts=reaction_counts(ids),
        congratulations=_congratulations(ids),
        mine=_my_reactions(user, ids),
        next_cursor=str(shares[-1].id) if more else None,
    )


def _congratulations(share_ids: list[int]) -> dict[int, list[Congratulation]]:
    """The latest SHOWN_CONGRATULATIONS of each share, oldest first, in one query."""
    notes: dict[int, list[Congratulation]] = {}
    if not share_ids:
        return notes
    ranked = (
        sa.select(
            Congratulation.id,
            sa.func.row_number()
            .over(partition_by=Congratulation.share_id, order_by=Congratulation.id.desc())
            .label("rank"),
        )
        .where(Congratulation.share_id.in_(share_ids))
        .subquery()
    )
    rows = db.session.scalars(
        sa.select(Congratulation)
        .join(ranked, ranked.c.id == Congratulation.id)
        .where(ranked.c.rank <= SHOWN_CONGRATULATIONS)
        .options(so.joinedload(Congratulation.author))
        .order_by(Congratulation.id)
    )
    for note in rows:
        notes.setdefault(note.share_id, []).append(note)
    return notes


def reaction_counts(share_ids: list[int]) -> dict[int, dict[str, int]]:
    return count_reactions(MilestoneReaction.share_id, MilestoneReaction.kind, share_ids)


def _my_reactions(user: User, share_ids: list[int]) -> dict[int, set[str]]:
    mine: dict[int, set[str]] = {}
    if not share_ids:
        return mine
    rows = db.session.execute(
        sa.select(MilestoneReaction.share_id, MilestoneReaction.kind)
        .where(MilestoneReaction.user_id == user.id, MilestoneReaction.share_id.in_(share_ids))
    )
    for share_id, kind in rows:
        mine.setdefault(share_id, set()).add(kind)
    return mine


def get_shared(user: User | None, group: Group, milestone_id: object) -> MilestoneShare:
    """A milestone as shared with this group, for one of its members; anything else is not found."""
    require_celebrations_reader(user, group)
    milestone = access.find_by_id(Milestone, milestone_id)
    share = None
    if milestone is not None:
        share = db.session.scalar(
            sa.select(MilestoneShare).where(MilestoneShare.milestone_id == milestone.id, MilestoneShare.group_id == group.id)
        )
    if share is None:
        raise NotFound("That milestone is not shared with this group.")
    return share


def react_to_milestone(user: User | None, group: Group, milestone_id: object, kind: object, on: object) -> dict[str, int]:
    """Celebrate or support a shared milestone (on=True), or take it back. Returns the counts."""
    share = get_shared(user, group, milestone_id)
    rooms.require_voice(user, group)
    if not isinstance(kind, str) or kind not in MILESTONE_REACTION_KINDS:
        raise Invalid("A reaction to a milestone is `celebrate` or `support`.", field="kind")
    if not isinstance(on, bool):
        raise Invalid("`on` is true to react, false to take it back.", field="on")
    mine = sa.and_(
        MilestoneReaction.share_id == share.id, MilestoneReaction.user_id == user.id, MilestoneReaction.kind == kind
    )
    existing = db.session.scalar(sa.select(MilestoneReaction).where(mine))
    if (existing is not None) == on:
        return reaction_counts([share.id]).get(share.id, {})
    if on:
        db.session.add(MilestoneReaction(share_id=share.id, user_id=user.id, kind=kind, created_at=utcnow()))
    else:
        db.session.delete(existing)
    try:
        db.session.flush()
    except sa.exc.IntegrityError:  # the same reaction from another tab won the race: same end state
        db.session.rollback()
        return reaction_counts([share.id]).get(share.id, {})
    counts = reaction_counts([share.id]).get(share.id, {})
    publish("milestone_reaction", payloads.milestone_reactions(group.slug, share.milestone_id, counts), group_room(group.id))
    if on:
        notifications.milestone_reacted(share, user)
    db.session.commit()
    return counts


def congratulate(user: User | None, group: Group, milestone_id: object, body: object) -> Congratulation:
    """A short congratulation (one line, at most 280 characters) on a shared milestone."""
    share = get_shared(user, group, milestone_id)
    rooms.require_voice(user, group)
    note = Congratulation(
        share_id=share.id,
        author_id=user.id,
        body=required_line(body, "body", "A congratulation", MAX_CONGRATULATION),
        created_at=utcnow(),
    )
    db.session.add(note)
    db.session.flush()
    publish(
        "milestone_congratulation",
        payloads.milestone_congratulation(group.slug, share.milestone_id, note),
        group_room(group.id),
    )
    notifications.milestone_congratulated(share, note)
    db.session.commit()
    return note
