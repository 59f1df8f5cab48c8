"""In-process scheduler for embedded mode (no broker): runs the registry's jobs on their intervals.

Registered as a Reflex lifespan task only when no Celery broker is configured,
so exactly one backend process runs it (embedded mode has one worker).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging

from casino_app.settings import get_settings
from casino_app.workers.schedule import PeriodicJob, periodic_jobs
from casino_app.workers.tasks import run_job

logger = logging.getLogger("casino_app.jobs")


async def _loop(job: PeriodicJob, interval: float) -> None:
    while True:
        with contextlib.suppress(Exception):  # run_job already logged and counted it
            await asyncio.to_thread(run_job, job, "in-process")
        await asyncio.sleep(interval)


async def run_scheduler() -> None:
    """Run every periodic job forever (first run immediately); cancel to stop."""
    settings = get_settings()
    jobs = periodic_jobs()
    logger.info("in-process scheduler started", extra={"jobs": [job.name for job in jobs]})
    async with asyncio.TaskGroup() as group:
        for job in jobs:
            group.create_task(_loop(job, job.interval(settings)))
