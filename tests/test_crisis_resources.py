"""CRISIS_RESOURCES: the help a site shows to the author of words that matched a crisis rule."""
import json

import pytest

from forum.safety import DEFAULT_CRISIS_RESOURCES, parse_crisis_resources
from tests.conftest import make_app

LOCAL = [{"name": "Our own line", "phone": "0800 123", "url": "https://help.example.org", "ignored": "x"}]


def test_unset_gives_the_default_set():
    assert parse_crisis_resources(None) == parse_crisis_resources("  ") == DEFAULT_CRISIS_RESOURCES
    assert all(resource["name"] for resource in DEFAULT_CRISIS_RESOURCES)


def test_a_site_sets_its_own_resources_from_the_environment(monkeypatch, database_url):
    monkeypatch.setenv("CRISIS_RESOURCES", json.dumps(LOCAL))
    app = make_app(database_url)
    assert app.config["CRISIS_RESOURCES"] == [{"name": "Our own line", "phone": "0800 123", "url": "https://help.example.org"}]


@pytest.mark.parametrize(
    "raw, problem",
    [
        ("[{", "not valid JSON"),
        ("{}", "non-empty JSON list"),
        ("[]", "non-empty JSON list"),
        ('[{"phone": "1"}]', "needs a \\\"name\\\""),
        ('[{"name": "x", "url": "javascript:alert(1)"}]', "must start with https://"),
    ],
)
def test_a_broken_setting_stops_start_up_with_a_clear_reason(raw, problem):
    with pytest.raises(ValueError, match=problem):
        parse_crisis_resources(raw)
