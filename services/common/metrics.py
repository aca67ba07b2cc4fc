"""Prometheus metrics shared by every service (one registry per process)."""
from prometheus_client import Counter, Histogram

HTTP_REQUESTS = Counter(
    "http_requests_total", "HTTP requests answered", ["service", "method", "endpoint", "status"]
)
HTTP_LATENCY = Histogram(
    "http_request_duration_seconds", "HTTP request latency", ["service", "endpoint"],
    buckets=(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5),
)
EVENTS_PUBLISHED = Counter("events_published_total", "Outbox events confirmed by the broker")
EVENTS_CONSUMED = Counter(
    "events_consumed_total", "Events received by the consumer", ["event_type", "outcome"]
)
THRESHOLD_CORRECTIONS = Counter(
    "partner_threshold_corrections_total",
    "Partners whose incremental managed volume (PA2) the monthly re-evaluation found wrong and corrected",
)
