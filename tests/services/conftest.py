"""Service test fixtures."""
from tests.support.moderation import mod_world  # noqa: F401  (a fixture for the moderation tests)
