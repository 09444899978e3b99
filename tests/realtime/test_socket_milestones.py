"""Shared milestones in the live rooms: they reach that group's room only, and leave it when unshared."""
from __future__ import annotations

import pytest

from forum.services import accounts, goals
from tests.realtime.conftest import GROUP, events, join


@pytest.fixture
def groups(people, build):
    """`people` (ana and ben in circle, cal in nothing), plus `other` with cal and `quiet`, private, with ana."""
    build.group("other", members=("cal",))
    build.group("quiet", "private", members=("ana",))


def record(ctx_app, owner: str, title: str, share_with: list[str]) -> int:
    with ctx_app.app_context():
        return goals.record_milestone(accounts.get_user_by_username(owner), None, title, share_with=share_with).id


def unshare(ctx_app, owner: str, milestone_id: int, groups_to_leave) -> None:
    with ctx_app.app_context():
        owner_user = accounts.get_user_by_username(owner)
        goals.unshare_milestone(owner_user, goals.get_own_milestone(owner_user, milestone_id), groups_to_leave)


def test_a_shared_milestone_reaches_that_groups_room_and_no_other(app, groups, connect):
    ben, cal = connect("ben"), connect("cal")
    assert join(ben)["ok"] and join(cal, "other")["ok"]
    ben.get_received(), cal.get_received()

    milestone_id = record(app, "ana", "30 days", ["circle"])

    [celebration] = events(ben, "milestone")
    assert celebration["id"] == milestone_id and celebration["group"] == GROUP
    assert celebration["title"] == "30 days" and celebration["member"]["username"] == "ana"
    assert celebration["reactions"] == {} and celebration["congratulations"] == []
    assert events(cal, "milestone") == []


def test_a_private_milestone_sends_nothing_to_anyone(app, groups, connect):
    ben = connect("ben")
    join(ben)
    ben.get_received()
    record(app, "ana", "Called my sister", [])
    assert ben.get_received() == []


def test_join_lists_the_groups_shared_milestones_and_unsharing_removes_them(app, groups, connect):
    shared = record(app, "ana", "First meeting", ["circle", "quiet"])
    record(app, "ana", "Only mine", [])
    ben = connect("ben")
    assert [item["title"] for item in join(ben)["milestones"]] == ["First meeting"]
    ben.get_received()

    unshare(app, "ana", shared, ["circle"])

    assert events(ben, "milestone_removed") == [{"group": GROUP, "id": shared}]
    assert join(ben)["milestones"] == []
    ana = connect("ana")
    assert [item["id"] for item in join(ana, "quiet")["milestones"]] == [shared]  # still shared there


def test_members_react_and_congratulate_from_the_room(app, groups, connect):
    milestone_id = record(app, "ana", "30 days", ["circle"])
    ana, ben = connect("ana"), connect("ben")
    join(ana), join(ben)
    ana.get_received()

    ack = ben.emit("milestone_react", {"group": GROUP, "milestone_id": milestone_id, "kind": "celebrate", "on": True}, callback=True)
    assert ack == {"ok": True, "reactions": {"celebrate": 1}}
    ack = ben.emit("congratulate", {"group": GROUP, "milestone_id": milestone_id, "body": "So proud of you!"}, callback=True)
    assert ack["ok"] and ack["congratulation"]["body"] == "So proud of you!"

    received = {item["name"]: item["args"][0] for item in ana.get_received()}
    assert received["milestone_reaction"] == {"group": GROUP, "milestone_id": milestone_id, "counts": {"celebrate": 1}}
    assert received["milestone_congratulation"]["congratulation"]["author"]["username"] == "ben"
    [listed] = join(connect("ana"))["milestones"]
    assert listed["reactions"] == {"celebrate": 1} and [c["body"] for c in listed["congratulations"]] == ["So proud of you!"]


@pytest.mark.parametrize("event, extra", [
    ("milestone_react", {"kind": "support", "on": True}),
    ("congratulate", {"body": "Well done"}),
])
def test_responding_needs_membership_and_a_milestone_shared_here(app, groups, connect, event, extra):
    in_quiet = record(app, "ana", "Quiet one", ["quiet"])
    private = record(app, "ana", "Private one", [])
    ben, cal = connect("ben"), connect("cal")
    for milestone_id in (in_quiet, private, 999_999):
        ack = ben.emit(event, {"group": GROUP, "milestone_id": milestone_id, **extra}, callback=True)
        assert (ack["ok"], ack["error"]) == (False, "not_found")
    ack = cal.emit(event, {"group": GROUP, "milestone_id": in_quiet, **extra}, callback=True)
    assert (ack["ok"], ack["error"]) == (False, "not_member")
    ack = ben.emit(event, {"group": "quiet", "milestone_id": in_quiet, **extra}, callback=True)
    assert (ack["ok"], ack["error"]) == (False, "not_found")  # a private group's celebrations


def test_a_long_congratulation_is_refused(app, groups, connect):
    milestone_id = record(app, "ana", "30 days", ["circle"])
    ack = connect("ben").emit("congratulate", {"group": GROUP, "milestone_id": milestone_id, "body": "x" * 281}, callback=True)
    assert (ack["ok"], ack["error"]) == (False, "too_long")
