"""The Celery app (Redis broker). Start a worker with ``celery -A casino_app.workers.celery_app worker``.

Without a broker (embedded mode) the same task functions run in-process:
see ``casino_app.workers.inprocess``.
"""

from __future__ import annotations

from celery import Celery

from casino_app.settings import get_settings
from casino_app.workers.schedule import beat_schedule


def create_celery() -> Celery:
    """Build the Celery app with at-least-once delivery settings."""
    settings = get_settings()
    app = Celery("casino_app", broker=settings.broker_url or "memory://", include=["casino_app.workers.tasks"])
    app.conf.update(
        task_acks_late=True,
        task_reject_on_worker_lost=True,
        worker_prefetch_multiplier=1,
        task_serializer="json",
        accept_content=["json"],
        result_serializer="json",
        task_ignore_result=True,
        timezone="UTC",
        enable_utc=True,
        broker_connection_retry_on_startup=True,
        worker_hijack_root_logger=False,
        beat_schedule=beat_schedule(settings),
        broker_transport_options={"visibility_timeout": 3600},
    )
    return app


celery_app = create_celery()
