"""The periodic-job registry: one list drives both Celery beat and the in-process scheduler."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from casino_app.settings import Settings


@dataclass(frozen=True)
class PeriodicJob:
    """A job that runs every ``interval(settings)`` seconds.

    ``run`` is the plain function both runners call; ``task_name`` is its Celery name.
    """

    name: str
    task_name: str
    interval: Callable[[Settings], float]
    run: Callable[[str], object]


def periodic_jobs() -> list[PeriodicJob]:
    """Every periodic job of the app."""
    from casino_app.services import heartbeat, idempotency, ledger, ops_metrics, outbox
    from casino_app.services.accounts import sessions

    return [
        PeriodicJob(
            name=heartbeat.HEARTBEAT_JOB,
            task_name="cc.heartbeat",
            interval=lambda s: float(s.heartbeat_interval_seconds),
            run=heartbeat.beat,
        ),
        PeriodicJob(
            name="auth-cleanup",
            task_name="cc.auth_cleanup",
            interval=lambda s: 3600.0,
            run=lambda runner: sessions.purge_expired(),
        ),
        PeriodicJob(
            name="idempotency-cleanup",
            task_name="cc.idempotency_cleanup",
            interval=lambda s: 6 * 3600.0,
            run=lambda runner: idempotency.purge_older_than(days=7),
        ),
        PeriodicJob(
            name="outbox-relay",
            task_name="cc.outbox_relay",
            interval=lambda s: float(s.outbox_relay_interval_seconds),
            run=_relay_outbox,
        ),
        PeriodicJob(
            name="outbox-cleanup",
            task_name="cc.outbox_cleanup",
            interval=lambda s: 6 * 3600.0,
            run=lambda runner: outbox.purge_published(days=7),
        ),
        PeriodicJob(
            name="shop-settle",
            task_name="cc.shop_settle",
            interval=lambda s: 60.0,
            run=_settle_shop_orders,
        ),
        PeriodicJob(
            name="limited-holds",
            task_name="cc.limited_holds",
            interval=lambda s: 15.0,
            run=_sweep_limited_holds,
        ),
        PeriodicJob(
            name="ledger-reconcile",
            task_name="cc.ledger_reconcile",
            interval=lambda s: 3600.0,
            run=lambda runner: ledger.check_and_report(),
        ),
        PeriodicJob(
            name="care-segments",
            task_name="cc.care_segments",
            interval=lambda s: 600.0,
            run=_care_segments,
        ),
        PeriodicJob(
            name="email-delivery",
            task_name="cc.email_delivery",
            interval=lambda s: 30.0,
            run=_deliver_email,
        ),
        PeriodicJob(
            name="campaign-dispatch",
            task_name="cc.campaign_dispatch",
            interval=lambda s: 30.0,
            run=_dispatch_campaigns,
        ),
        PeriodicJob(
            name=ops_metrics.JOB_NAME,
            task_name="cc.ops_metrics",
            interval=lambda s: ops_metrics.JOB_INTERVAL_SECONDS,
            run=_ops_metrics,
        ),
    ]


def _settle_shop_orders(runner: str) -> None:
    """Settle open shop orders from the gateway; void those pending for more than 5 minutes."""
    from casino_app.services.shop import jobs

    jobs.sweep()


def _sweep_limited_holds(runner: str) -> None:
    """End limited-package stock holds past LIMITED_HOLD_TTL_SECONDS (settle or void their orders)."""
    from casino_app.services.shop import limited

    limited.sweep_holds()


def _care_segments(runner: str) -> None:
    """Nightly at 04:00 KST: RFM groups and protective flags (checked every 10 minutes, runs once a night)."""
    from casino_app.services.care import segments

    segments.run_nightly(runner)


def _dispatch_campaigns(runner: str) -> None:
    """Send due campaigns (and finish interrupted broadcasts) to players not reached yet, exactly once each."""
    from casino_app.services.messaging import campaigns

    campaigns.dispatch_due()


def _deliver_email(runner: str) -> None:
    """Send queued mail through SMTP (or keep it in the outbox as ``local``), retrying failures."""
    from casino_app.services.messaging.email import delivery

    delivery.deliver_pending()


def _ops_metrics(runner: str) -> None:
    """Read the business gauges (stock, crash exposure, RTP, gold, outbox lag) for ``/metrics``."""
    from casino_app.services import ops_metrics

    ops_metrics.publish()


def _relay_outbox(runner: str) -> None:
    """Without Kafka, drain the outbox into OLAP; with Kafka the relay process owns it."""
    from casino_app.services import outbox
    from casino_app.services.olap import sink
    from casino_app.settings import get_settings

    if not get_settings().kafka_bootstrap_servers:
        for _ in range(20):  # at most 20 batches per run, so one run never monopolises a worker
            if sink.relay() < outbox.BATCH:
                break
    outbox.backlog()  # refreshes the backlog gauges


def beat_schedule(settings: Settings) -> dict[str, dict[str, object]]:
    """Celery beat configuration built from the registry."""
    schedule: dict[str, dict[str, object]] = {}
    for job in periodic_jobs():
        every = job.interval(settings)
        # A run that waited a whole interval in the queue is pointless: the next one is due.
        schedule[job.name] = {"task": job.task_name, "schedule": every, "options": {"expires": every}}
    return schedule
