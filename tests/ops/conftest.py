"""Operations test fixtures."""
from tests.support.moderation import mod_world  # noqa: F401  (a fixture: open reports for the metrics test)
