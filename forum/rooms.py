"""Socket.IO room names, made in one place so every emitter and joiner agrees."""


def group_room(group_id: int) -> str:
    return f"group:{group_id}"


def thread_room(thread_id: int) -> str:
    return f"thread:{thread_id}"


def user_room(user_id: int) -> str:
    return f"user:{user_id}"
