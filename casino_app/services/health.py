"""Health report: database, Redis, migrations at head, periodic-job freshness, OLAP and Kafka.

OLAP and Kafka carry analytics only: they are reported, but do not make the app unready.
"""

from __future__ import annotations

import time
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa

from casino_app.core import migrations
from casino_app.core.db import get_engine, is_embedded
from casino_app.core.redis_client import get_redis
from casino_app.services import heartbeat, kafka_status, outbox
from casino_app.settings import get_settings


@dataclass
class HealthReport:
    """What ``GET /api/health`` returns; ``healthy`` decides 200 vs 503."""

    status: str
    database: dict[str, Any]
    redis: dict[str, Any]
    migrations: dict[str, Any]
    jobs: dict[str, Any]
    events: dict[str, Any] = field(default_factory=dict)
    olap: dict[str, Any] = field(default_factory=dict)
    kafka: dict[str, Any] = field(default_factory=dict)
    mode: dict[str, str] = field(default_factory=dict)

    @property
    def healthy(self) -> bool:
        """Ready to serve: database up, schema at head, Redis up when configured."""
        return self.status == "ok"

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return asdict(self)


def _check_database() -> dict[str, Any]:
    start = time.perf_counter()
    try:
        with get_engine().connect() as conn:
            conn.execute(sa.text("SELECT 1"))
    except Exception as exc:  # any driver failure means "down", never a 500
        return {"ok": False, "error": type(exc).__name__}
    return {"ok": True, "latency_ms": round((time.perf_counter() - start) * 1000, 2), "embedded": is_embedded()}


def _check_migrations() -> dict[str, Any]:
    head = list(migrations.head_revisions())
    try:
        current = list(migrations.current_revisions(get_engine()))
    except Exception as exc:
        return {"at_head": False, "head": head, "current": [], "error": type(exc).__name__}
    return {"at_head": set(current) == set(head) and len(head) == 1, "head": head, "current": current}


def _check_redis() -> dict[str, Any]:
    client = get_redis()
    if client is None:
        return {"configured": False, "ok": True}
    start = time.perf_counter()
    try:
        client.ping()
    except Exception as exc:
        return {"configured": True, "ok": False, "error": type(exc).__name__}
    return {"configured": True, "ok": True, "latency_ms": round((time.perf_counter() - start) * 1000, 2)}


def _check_jobs(now: datetime) -> dict[str, Any]:
    interval = get_settings().heartbeat_interval_seconds
    try:
        runs = heartbeat.last_runs()
    except Exception as exc:
        return {"ok": False, "error": type(exc).__name__}
    beat = runs.get(heartbeat.HEARTBEAT_JOB)
    if beat is None:
        return {"heartbeat": None, "stale": True}
    age = (now - beat.last_run_at).total_seconds()
    return {
        "heartbeat": {
            "last_run_at": beat.last_run_at.isoformat(),
            "age_seconds": round(age, 1),
            "runs": beat.runs,
            "runner": beat.runner,
            "last_duration_ms": beat.last_duration_ms,
        },
        # Three missed intervals before we call it stale: one late run is not an outage.
        "stale": age > 3 * interval,
    }


def _check_events() -> dict[str, Any]:
    try:
        backlog = outbox.backlog()
    except Exception as exc:
        return {"ok": False, "error": type(exc).__name__}
    age = round(backlog.oldest_age_seconds, 1)
    return {"ok": True, "outbox_pending": backlog.pending, "oldest_pending_seconds": age}


def _check_olap() -> dict[str, Any]:
    from casino_app.services.olap import client  # lazy: the OLAP driver is only loaded where it is used

    return client.status()


def check() -> HealthReport:
    """Probe every dependency and summarise. Never raises."""
    settings = get_settings()
    database = _check_database()
    olap = _check_olap()
    migration = _check_migrations() if database["ok"] else {"at_head": False}
    redis_state = _check_redis()
    jobs = _check_jobs(datetime.now(UTC)) if database["ok"] else {"ok": False}
    events = _check_events() if database["ok"] else {"ok": False}
    healthy = database["ok"] and migration["at_head"] and redis_state["ok"]
    return HealthReport(
        status="ok" if healthy else "unhealthy",
        database=database,
        redis=redis_state,
        migrations=migration,
        jobs=jobs,
        events=events,
        olap=olap,
        kafka=kafka_status.check() if settings.kafka_bootstrap_servers else {"configured": False},
        mode={
            "database": "embedded" if is_embedded() else "external",
            "jobs": "celery" if settings.broker_url else "in-process",
            "state": "redis" if settings.redis_url else "local",
            "events": "kafka" if settings.kafka_bootstrap_servers else "in-process",
            "olap": olap["kind"],
        },
    )
