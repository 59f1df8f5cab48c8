"""Prometheus metrics, safe with several worker processes.

When ``PROMETHEUS_MULTIPROC_DIR`` is set (the run script sets it whenever more
than one backend worker runs), prometheus_client writes per-process files and
``render()`` aggregates them; per-process resource usage is exported as
``cc_process_*`` gauges labelled by pid. With one process the standard
process, platform and GC collectors are used.
"""

from __future__ import annotations

import os
import threading
import time

import psutil
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
    multiprocess,
)

MULTIPROCESS = bool(os.environ.get("PROMETHEUS_MULTIPROC_DIR"))

HTTP_REQUESTS = Counter(
    "cc_http_requests_total",
    "HTTP requests by method, route template and status code.",
    ["method", "route", "status"],
)
HTTP_LATENCY = Histogram(
    "cc_http_request_duration_seconds",
    "HTTP request latency by method and route template.",
    ["method", "route"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0),
)
LEDGER_OK = Gauge(
    "cc_ledger_reconcile_ok", "1 when the last ledger reconciliation passed.", multiprocess_mode="mostrecent"
)
JOB_RUNS = Counter("cc_job_runs_total", "Periodic job runs by job and outcome.", ["job", "outcome"])
OUTBOX_RELAYED = Counter("cc_outbox_relayed_total", "Outbox events relayed, by sink.", ["sink"])
KAFKA_DEAD_LETTERS = Counter(
    "cc_kafka_dead_letters_total", "Consumed messages sent to the dead-letter topic, by kind.", ["kind"]
)
OLAP_DEAD_LETTERS = Counter(
    "cc_olap_dead_letters_total", "Events the embedded relay kept in the OLAP dead_letters table (unmappable)."
)
OUTBOX_PENDING = Gauge("cc_outbox_pending", "Outbox events not yet relayed.", multiprocess_mode="mostrecent")
OUTBOX_OLDEST = Gauge(
    "cc_outbox_oldest_pending_seconds", "Age of the oldest unrelayed outbox event.", multiprocess_mode="mostrecent"
)
PAYMENT_WEBHOOK_SIGNATURE_FAILURES = Counter(
    "cc_payment_webhook_signature_failures_total",
    "Payment webhooks refused by verification, by provider and reason (signature, stale, payload).",
    ["provider", "reason"],
)
PAYMENT_WEBHOOKS = Counter(
    "cc_payment_webhooks_total",
    "Verified payment webhooks by provider and outcome (processed, duplicate, failed).",
    ["provider", "outcome"],
)
PAYMENT_WEBHOOK_DELIVERIES = Counter(
    "cc_payment_webhook_deliveries_total",
    "Sandbox webhook delivery attempts by outcome (delivered, retried, failed).",
    ["outcome"],
)
SHOP_PURCHASE_ATTEMPTS = Counter("cc_shop_purchase_attempts_total", "Purchases started (a new order).")
SHOP_PURCHASE_SUCCESSES = Counter("cc_shop_purchase_successes_total", "Orders paid (gold credited).")
SHOP_PURCHASE_FAILURES = Counter(
    "cc_shop_purchase_failures_total",
    "Purchases refused, failed or voided, by reason (PURCHASE_LIMIT, PAYMENT_VELOCITY, DECLINED, STALE_AUTO_VOID...).",
    ["reason"],
)
SHOP_IDEMPOTENT_HITS = Counter(
    "cc_shop_idempotent_hits_total",
    "Purchase requests answered with an existing order (same key), by its status.",
    ["status"],
)
SHOP_REFUNDS = Counter("cc_shop_refunds_total", "Orders refunded, by kind (withdrawal, staff, provider).", ["kind"])
SHOP_ORDERS = Counter(
    "cc_shop_orders_total",
    "Shop orders entering a status (created, pending, paid, failed, voided, refunded), by kind (standard, limited).",
    ["kind", "status"],
)
RATE_LIMIT_HITS = Counter(
    "cc_rate_limit_hits_total",
    "Rate-limiter decisions by endpoint (the limit's scope), player rank (none when not per player) and outcome.",
    ["endpoint", "rank", "outcome"],
)
INVITE_REDEMPTIONS = Counter(
    "cc_invite_redemptions_total", "Signups admitted by a code, by kind (staff invite, personal code).", ["kind"]
)
INVITE_REJECTIONS = Counter(
    "cc_invite_rejections_total",
    "Invite codes refused, by stage (check, signup) and reason (unknown, expired, exhausted, inactive).",
    ["stage", "reason"],
)
REALTIME_OPEN_TABS = Gauge(
    "cc_realtime_open_tabs",
    "Browser tabs with an open app websocket (summed over workers).",
    multiprocess_mode="livesum",
)

_PROCESS_GAUGES = {
    "rss": Gauge("cc_process_resident_memory_bytes", "Resident memory per worker.", multiprocess_mode="liveall"),
    "cpu": Gauge("cc_process_cpu_seconds", "CPU seconds used per worker.", multiprocess_mode="liveall"),
    "fds": Gauge("cc_process_open_fds", "Open file descriptors per worker.", multiprocess_mode="liveall"),
    "start": Gauge("cc_process_start_time_seconds", "Worker start time (unix).", multiprocess_mode="liveall"),
}
_last_refresh = 0.0
_refresh_lock = threading.Lock()


def refresh_process_gauges(min_interval: float = 5.0) -> None:
    """Update this process's resource gauges (at most every ``min_interval`` seconds)."""
    global _last_refresh
    now = time.monotonic()
    if now - _last_refresh < min_interval or not _refresh_lock.acquire(blocking=False):
        return
    try:
        _last_refresh = now
        proc = psutil.Process()
        with proc.oneshot():
            cpu = proc.cpu_times()
            _PROCESS_GAUGES["cpu"].set(cpu.user + cpu.system)
            _PROCESS_GAUGES["rss"].set(proc.memory_info().rss)
            _PROCESS_GAUGES["fds"].set(proc.num_fds())
            _PROCESS_GAUGES["start"].set(proc.create_time())
    finally:
        _refresh_lock.release()


def render(extra: CollectorRegistry | None = None) -> tuple[bytes, str]:
    """The exposition text for ``/metrics`` and its content type.

    ``extra`` holds collectors computed at scrape time (values read from the database, the same in every
    worker); its families are appended after the process metrics.
    """
    refresh_process_gauges(min_interval=0)
    if MULTIPROCESS:
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
        body = generate_latest(registry)
    else:
        body = generate_latest(REGISTRY)
    if extra is not None:
        body += generate_latest(extra)
    return body, CONTENT_TYPE_LATEST


def mark_process_dead(pid: int | None = None) -> None:
    """Drop a finished worker's live gauges (called at worker exit)."""
    if MULTIPROCESS:
        multiprocess.mark_process_dead(pid or os.getpid())
