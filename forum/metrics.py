"""Prometheus metrics at /metrics, readable only from METRICS_ALLOWED_IPS (404 for everyone else).

Each process exports its own figures (gunicorn runs one worker per process): scrape every
process, and sum in Prometheus. Figures that live in the database (such as open reports) are read
at scrape time by callbacks registered with `scrape_time_gauge`.
"""
from __future__ import annotations

import ipaddress
import time
from collections.abc import Callable, Iterator

from flask import Blueprint, Flask, Response, abort, current_app, g, has_app_context, request
from prometheus_client import REGISTRY, CONTENT_TYPE_LATEST, Counter, Gauge, Histogram, generate_latest
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector

from forum.events import Event, react_to

bp = Blueprint("metrics", __name__)

HTTP_REQUESTS = Counter(
    "forum_http_requests_total", "HTTP requests answered, by endpoint and status.", ["endpoint", "method", "status"]
)
HTTP_LATENCY = Histogram(
    "forum_http_request_duration_seconds",
    "Time to answer an HTTP request, by endpoint and status.",
    ["endpoint", "status"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
)
CONNECTED_SOCKETS = Gauge("forum_connected_sockets", "Socket.IO connections of signed-in members open on this process.")
SOCKET_EVENTS = Counter("forum_socket_events_total", "Socket.IO events answered, by event and outcome code.", ["event", "outcome"])
ROOM_MESSAGES = Counter("forum_room_messages_total", "Live-room messages stored and broadcast (rate() gives messages/s).")

_scrape_time_gauges: dict[str, tuple[str, Callable[[], float]]] = {}


def scrape_time_gauge(name: str, documentation: str) -> Callable[[Callable[[], float]], Callable[[], float]]:
    """Register `read() -> number`, called in the app context of each scrape: `@scrape_time_gauge("forum_open_reports", ...)`."""

    def register(read: Callable[[], float]) -> Callable[[], float]:
        _scrape_time_gauges[name] = (documentation, read)
        return read

    return register


class _ScrapeTimeCollector(Collector):
    def collect(self) -> Iterator[GaugeMetricFamily]:
        if not has_app_context():
            return
        for name, (documentation, read) in list(_scrape_time_gauges.items()):
            try:
                value = float(read())
            except Exception:
                current_app.logger.exception("Reading the %s metric failed", name)
                continue
            yield GaugeMetricFamily(name, documentation, value=value)


REGISTRY.register(_ScrapeTimeCollector())


@react_to("message")
def count_room_message(_evt: Event) -> None:
    ROOM_MESSAGES.inc()


def _allowed_networks(app: Flask) -> list[ipaddress.IPv4Network | ipaddress.IPv6Network]:
    return [ipaddress.ip_network(item, strict=False) for item in app.config["METRICS_ALLOWED_IPS"]]


def _may_scrape(address: str | None) -> bool:
    try:
        client = ipaddress.ip_address(address or "")
    except ValueError:
        return False
    if client.version == 6 and client.ipv4_mapped is not None:
        client = client.ipv4_mapped
    return any(client in network for network in current_app.extensions["forum_metrics_networks"])


@bp.get("/metrics")
def metrics() -> Response:
    """The Prometheus text format, for configured scrapers only."""
    if not _may_scrape(request.remote_addr):
        abort(404)
    return Response(generate_latest(REGISTRY), mimetype=CONTENT_TYPE_LATEST)


def init_app(app: Flask) -> None:
    app.extensions["forum_metrics_networks"] = _allowed_networks(app)
    app.register_blueprint(bp)

    @app.after_request
    def observe_request(response: Response) -> Response:
        started = g.get("request_started")
        endpoint = request.endpoint or "unmatched"
        status = str(response.status_code)
        HTTP_REQUESTS.labels(endpoint, request.method, status).inc()
        if started is not None:
            HTTP_LATENCY.labels(endpoint, status).observe(time.perf_counter() - started)
        return response
