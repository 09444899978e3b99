"""Socket.IO room names, made in one place so every emitter and joiner agrees."""

GROUP_ROOM_PREFIX = "group:"
USER_ROOM_PREFIX = "user:"


def _id_after(prefix: str, room: str) -> int | None:
    suffix = room.removeprefix(prefix)
    return int(suffix) if suffix != room and suffix.isdigit() else None


def group_room(group_id: int) -> str:
    """A group's live room: its members' sockets after `join`."""
    return f"{GROUP_ROOM_PREFIX}{group_id}"


def group_id_of(room: str) -> int | None:
    """The group whose live room this is, or None for any other room."""
    return _id_after(GROUP_ROOM_PREFIX, room)


def thread_room(thread_id: int) -> str:
    return f"thread:{thread_id}"


def user_room(user_id: int) -> str:
    """Every socket of one person (all tabs, every process): for events meant for them alone."""
    return f"{USER_ROOM_PREFIX}{user_id}"


def user_id_of(room: str) -> int | None:
    """The person whose own room this is, or None for any other room."""
    return _id_after(USER_ROOM_PREFIX, room)


SITE_MODERATION_ROOM = "moderators:site"


def moderators_room(group_id: int | None) -> str:
    """A group's moderators (their queue pages): reports about that group, and nobody else.

    Items that belong to no group (a member reported site-wide) go to the site admins' room.
    """
    return SITE_MODERATION_ROOM if group_id is None else f"moderators:{group_id}"
