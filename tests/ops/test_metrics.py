"""Prometheus metrics: requests and latency by endpoint and status, sockets, room messages; only for scrapers."""
from __future__ import annotations

import pytest
import sqlalchemy as sa
from prometheus_client.parser import text_string_to_metric_families

from forum import metrics
from forum.extensions import db
from forum.models import User
from tests.support.moderation import report


def scrape(client, address: str = "127.0.0.1") -> dict[tuple[str, tuple], float]:
    response = client.get("/metrics", environ_base={"REMOTE_ADDR": address})
    assert response.status_code == 200
    assert response.mimetype == "text/plain"
    return {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(response.text)
        for sample in family.samples
    }


def value(samples, name: str, **labels) -> float:
    return samples.get((name, tuple(sorted(labels.items()))), 0.0)


def test_requests_are_counted_and_timed_by_endpoint_and_status(client):
    before = scrape(client)
    client.get("/login")
    client.get("/login")
    client.get("/no-such-page")
    after = scrape(client)

    counted = "forum_http_requests_total"
    assert value(after, counted, endpoint="auth.login", method="GET", status="200") - value(
        before, counted, endpoint="auth.login", method="GET", status="200"
    ) == 2
    assert value(after, counted, endpoint="unmatched", method="GET", status="404") - value(
        before, counted, endpoint="unmatched", method="GET", status="404"
    ) == 1
    timed = "forum_http_request_duration_seconds_count"
    assert value(after, timed, endpoint="auth.login", status="200") - value(before, timed, endpoint="auth.login", status="200") == 2


@pytest.mark.parametrize("address", ["127.0.0.1", "::1"])
def test_local_scrapers_are_allowed_by_default(client, address):
    assert client.get("/metrics", environ_base={"REMOTE_ADDR": address}).status_code == 200


@pytest.mark.parametrize("address", ["10.1.2.3", "192.0.2.7", "2001:db8::1"])
def test_other_addresses_get_not_found(client, address):
    response = client.get("/metrics", environ_base={"REMOTE_ADDR": address})
    assert response.status_code == 404
    assert "forum_http_requests_total" not in response.text


class TestConfiguredScrapers:
    @pytest.fixture
    def app_config(self):
        return {"METRICS_ALLOWED_IPS": ["10.0.0.0/8", "192.0.2.7"]}

    @pytest.mark.parametrize("address", ["10.1.2.3", "192.0.2.7", "::ffff:10.9.9.9"])
    def test_listed_addresses_and_networks_may_scrape(self, client, address):
        assert client.get("/metrics", environ_base={"REMOTE_ADDR": address}).status_code == 200

    @pytest.mark.parametrize("address", ["127.0.0.1", "192.0.2.8"])
    def test_unlisted_addresses_get_not_found_even_local_ones(self, client, address):
        assert client.get("/metrics", environ_base={"REMOTE_ADDR": address}).status_code == 404


class TestBehindAProxy:
    @pytest.fixture
    def app_config(self):
        return {"TRUSTED_PROXIES": 1}

    def test_the_client_address_from_the_proxy_decides(self, client):
        outside = client.get("/metrics", headers={"X-Forwarded-For": "203.0.113.9"})
        assert outside.status_code == 404
        assert client.get("/metrics", headers={"X-Forwarded-For": "127.0.0.1"}).status_code == 200


def test_scrape_time_gauges_read_the_database_at_each_scrape(client, build, monkeypatch):
    monkeypatch.setattr(metrics, "_scrape_time_gauges", {})

    @metrics.scrape_time_gauge("forum_test_accounts", "Accounts, read at scrape time.")
    def accounts() -> int:
        return db.session.scalar(sa.select(sa.func.count()).select_from(User))

    assert value(scrape(client), "forum_test_accounts") == 0
    build.user("river")
    build.user("sky")
    assert value(scrape(client), "forum_test_accounts") == 2


def test_a_failing_scrape_time_gauge_leaves_the_others(client, monkeypatch):
    monkeypatch.setattr(metrics, "_scrape_time_gauges", {})
    metrics.scrape_time_gauge("forum_test_broken", "Always fails.")(lambda: 1 / 0)
    metrics.scrape_time_gauge("forum_test_fine", "Always 3.")(lambda: 3)
    samples = scrape(client)
    assert value(samples, "forum_test_fine") == 3
    assert ("forum_test_broken", ()) not in samples


def test_open_reports_are_a_gauge_read_at_each_scrape(client, app, mod_world):
    assert "forum_open_reports 0.0" in client.get("/metrics").text
    report(app, "ben", "post", mod_world.post)
    report(app, "ben", "thread", mod_world.thread)
    assert "forum_open_reports 2.0" in client.get("/metrics").text
