"""Background jobs: heartbeat upserts, the in-process scheduler, and a real Celery worker."""

from __future__ import annotations

import asyncio
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from casino_app.services import heartbeat
from casino_app.settings import get_settings
from casino_app.workers.celery_app import celery_app, create_celery
from casino_app.workers.schedule import beat_schedule, periodic_jobs
from casino_app.workers.tasks import register_tasks
from tests.support.env import environment


def test_heartbeat_counts_every_run_under_concurrency(database_url: str) -> None:
    with ThreadPoolExecutor(max_workers=8) as pool:
        list(pool.map(lambda _: heartbeat.beat("test"), range(40)))
    runs = heartbeat.last_runs()
    assert runs[heartbeat.HEARTBEAT_JOB].runs == 40


@pytest.mark.anyio
async def test_in_process_scheduler_runs_the_registry_jobs(database_url: str) -> None:
    from casino_app.workers.inprocess import run_scheduler

    task = asyncio.create_task(run_scheduler())
    try:
        for _ in range(100):
            await asyncio.sleep(0.05)
            runs = await asyncio.to_thread(heartbeat.last_runs)
            if heartbeat.HEARTBEAT_JOB in runs:
                break
    finally:
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
    assert runs[heartbeat.HEARTBEAT_JOB].runner == "in-process"


def test_celery_configuration_is_at_least_once() -> None:
    conf = celery_app.conf
    assert conf.task_acks_late is True
    assert conf.task_reject_on_worker_lost is True
    assert conf.worker_prefetch_multiplier == 1
    names = {job.task_name for job in periodic_jobs()}
    assert names <= set(celery_app.tasks)
    schedule = beat_schedule(get_settings())
    assert schedule["heartbeat"]["schedule"] == get_settings().heartbeat_interval_seconds


@pytest.mark.redis
def test_real_celery_worker_runs_the_heartbeat(database_url: str, redis_url: str) -> None:
    from celery.contrib.testing.worker import start_worker

    with environment(REDIS_URL=redis_url):
        app = create_celery()
        register_tasks(app)
        with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
            app.send_task("cc.heartbeat")
            deadline = time.monotonic() + 20
            while time.monotonic() < deadline:
                runs = heartbeat.last_runs()
                if heartbeat.HEARTBEAT_JOB in runs:
                    break
                time.sleep(0.2)
    assert runs[heartbeat.HEARTBEAT_JOB].runner == "celery"
