"""Helpers for tests that start real processes or need real services."""
import os

IN_CI = os.environ.get("CI", "").lower() == "true"
