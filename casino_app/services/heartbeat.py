"""Periodic-job heartbeats: each run records when it ran, how long it took, and where."""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert

from casino_app.core.db import session_scope
from casino_app.models.system import JobHeartbeat

HEARTBEAT_JOB = "heartbeat"


@dataclass(frozen=True)
class HeartbeatInfo:
    """The last recorded run of a job."""

    name: str
    last_run_at: datetime
    runs: int
    last_duration_ms: int
    runner: str


def record_run(name: str, *, runner: str, duration_ms: int) -> HeartbeatInfo:
    """Upsert the heartbeat row of job ``name`` (one statement, safe under concurrency)."""
    table = JobHeartbeat.__table__
    stmt = (
        insert(table)
        .values(name=name, last_run_at=sa.func.now(), runs=1, last_duration_ms=duration_ms, runner=runner)
        .on_conflict_do_update(
            index_elements=[table.c.name],
            set_={
                "last_run_at": sa.func.now(),
                "runs": table.c.runs + 1,
                "last_duration_ms": duration_ms,
                "runner": runner,
            },
        )
        .returning(table.c.name, table.c.last_run_at, table.c.runs, table.c.last_duration_ms, table.c.runner)
    )
    with session_scope() as session:
        row = session.execute(stmt).one()
    return HeartbeatInfo(*row)


def beat(runner: str) -> HeartbeatInfo:
    """The heartbeat job itself: prove the scheduler and the database round trip work."""
    start = time.perf_counter()
    with session_scope() as session:
        session.execute(sa.text("SELECT 1"))
    return record_run(HEARTBEAT_JOB, runner=runner, duration_ms=int((time.perf_counter() - start) * 1000))


def last_runs() -> dict[str, HeartbeatInfo]:
    """Every job's last run, by job name."""
    with session_scope() as session:
        rows = session.execute(
            sa.select(
                JobHeartbeat.name,
                JobHeartbeat.last_run_at,
                JobHeartbeat.runs,
                JobHeartbeat.last_duration_ms,
                JobHeartbeat.runner,
            )
        ).all()
    return {row[0]: HeartbeatInfo(*row) for row in rows}
