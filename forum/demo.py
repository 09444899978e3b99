"""Demo content for `flask seed-demo`, created through the same services as real use."""
from __future__ import annotations

from forum.services import accounts, groups, threads

ADMIN = "admin"
PASSWORD = "demo-password"
MEMBERS = ["river", "sam", "noor", "jules"]

AGREEMENT = """1. **What is said here stays here.** Don't share anyone's story outside the group.
2. Speak from your own experience; everyone is the expert on their own life.
3. Notice what kind of replies the author asked for, and honour it.
4. No judgement, no diagnosing, no selling.
5. If you are in danger right now, contact your local emergency number."""

GROUPS = [
    ("early-recovery", "Early recovery", "For the first months: one day at a time, together.", "public"),
    ("family-and-friends", "Family and friends", "For people who love someone in recovery.", "public"),
    ("night-owls", "Night owls", "A small private group for the hard hours.", "private"),
]

THREADS = [
    (
        "river", "early-recovery", "Thirty days today", "celebrate",
        "I didn't think I'd get here. Thirty days, one at a time. Thank you all.",
        [("sam", "That is huge. Proud of you!", [("river", "Thank you, Sam. Your check-ins helped.", [])])],
    ),
    (
        "noor", "early-recovery", "Evenings are the hardest part", "just_listen",
        "I'm not looking for fixes, I just need to say it: 6 to 9 pm is rough right now.",
        [("jules", "Hearing you. Evenings were rough for me too.", [])],
    ),
    (
        "sam", "family-and-friends", "How do you talk to a parent about it?", "advice_welcome",
        "My dad is three weeks in. How did you start the conversation without it feeling like a lecture?",
        [("noor", "What worked for me: ask how *they* want to be supported.", [("sam", "Good idea, thank you.", [])])],
    ),
]


def seed() -> None:
    admin = accounts.register(ADMIN, PASSWORD)
    members = {name: accounts.register(name, PASSWORD) for name in MEMBERS}
    created = {
        slug: groups.create_group(admin, slug, name, description, AGREEMENT, visibility)
        for slug, name, description, visibility in GROUPS
    }
    for group in created.values():
        groups.appoint_moderator(admin, group, "jules")
        for member in members.values():
            if groups.join_group(member, group, True).status == "pending":
                groups.decide_request(admin, group, member.username, approve=True)
    for author, slug, title, preference, body, replies in THREADS:
        thread = threads.start_thread(members[author], created[slug], title, body, preference)
        _reply_tree(thread, None, replies, members)


def _reply_tree(thread, parent_id, replies, members) -> None:
    for author, body, children in replies:
        post = threads.post_reply(members[author], thread, body, parent_id)
        _reply_tree(thread, post.id, children, members)
