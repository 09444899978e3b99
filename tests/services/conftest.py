"""Service test fixtures."""
from tests.support.moderation import mod_world  # noqa: F401  (a fixture for the moderation tests)
from tests.support.member_data import member_world  # noqa: F401  (a member with data of every kind, for export and deletion tests)
