"""Per-post links built once per page are the links `url_for` builds, whatever the values hold."""
from __future__ import annotations

import pytest
from flask import url_for

from forum.web.render_once import url_for_item


@pytest.mark.parametrize(
    "endpoint, id_field, values",
    [
        ("threads.react", "post_id", {"post_id": 7, "kind": "support"}),
        ("threads.edit", "post_id", {"post_id": 2147483647}),
        ("reports.new", "target_id", {"target_type": "member", "target_id": 12, "group": "circle"}),
        # a slug holding the stand-in's digits must not be rewritten
        ("reports.new", "target_id", {"target_type": "member", "target_id": 12, "group": "g-2147483648"}),
    ],
)
def test_an_item_url_is_the_url_url_for_builds(app, endpoint, id_field, values):
    with app.test_request_context("/"):
        for item_id in (values[id_field], 1, 99):  # the pattern is built on the first call, reused after
            wanted = url_for(endpoint, **{**values, id_field: item_id})
            assert url_for_item(endpoint, id_field, **{**values, id_field: item_id}) == wanted


def test_an_item_without_an_id_gets_what_url_for_gives(app):
    with app.test_request_context("/"):
        wanted = url_for("reports.new", target_type="member", target_id=None, group="circle")
        assert url_for_item("reports.new", "target_id", target_type="member", target_id=None, group="circle") == wanted
