"""Celery tasks: thin wrappers that call the same job functions the in-process runner uses."""

from __future__ import annotations

import logging
import time

from celery import Celery

from casino_app.core import metrics
from casino_app.workers.celery_app import celery_app
from casino_app.workers.schedule import PeriodicJob, periodic_jobs

logger = logging.getLogger("casino_app.jobs")


def run_job(job: PeriodicJob, runner: str) -> None:
    """Run one periodic job, counting and logging the outcome (re-raises failures)."""
    start = time.perf_counter()
    try:
        job.run(runner)
    except Exception:
        metrics.JOB_RUNS.labels(job.name, "error").inc()
        logger.exception("job failed", extra={"job": job.name, "runner": runner})
        raise
    metrics.JOB_RUNS.labels(job.name, "ok").inc()
    # Routine: every few seconds for the relay. Failures above are what a person needs to see.
    logger.debug(
        "job ran", extra={"job": job.name, "runner": runner, "ms": round((time.perf_counter() - start) * 1000)}
    )


def register_tasks(app: Celery) -> None:
    """Register a Celery task for every periodic job on ``app``."""
    for job in periodic_jobs():
        _register(app, job)


def _register(app: Celery, job: PeriodicJob) -> None:
    @app.task(name=job.task_name, acks_late=True, shared=False)
    def _task() -> None:
        run_job(job, runner="celery")


register_tasks(celery_app)
