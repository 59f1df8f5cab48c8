"""Player segments: the nightly RFM groups and protective flags, the staff care list and campaign audiences.

**What they are for.** Segments let staff look after players (the care list of flagged players) and pick the
audience of a campaign (``audience``). They are **never** used for odds, prices or offers: odds tables are one
for everyone, prices are the catalog's, and no module under ``services/games`` or ``services/shop`` may import
this package (a unit test enforces it). A flagged player gets *more* protection — reality checks every 15
minutes (``settings.effective_interval``) — and is left out of every campaign audience.

**The run** (``run``; nightly at 04:00 KST through ``run_nightly``, or ``python -m casino_app.cli segments-run``)
is one transaction of three set-based statements: delete the rows of accounts that are staff or disabled now,
score every player (``segments_rfm``), then recompute every flag (``segments_flags``). It only reads activity
and rewrites the table, so running it again gives the same rows (only ``computed_at`` moves).

**Scheduling.** The job registry runs jobs on intervals; ``run_nightly`` is called every 10 minutes and runs the
job only when the last run recorded in ``job_heartbeats`` (``JOB_NAME``) is older than the latest 04:00 KST —
so a server that was down at 04:00 catches up at its next tick, and a second tick the same night does nothing.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from datetime import time as day_time
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session

from casino_app.core import clock
from casino_app.core.db import session_scope
from casino_app.models.accounts import User
from casino_app.models.care import CareExclusion, PlayerSegment
from casino_app.models.games import GameRound
from casino_app.models.shop import ShopOrder
from casino_app.services import heartbeat
from casino_app.services.care import exclusions, segments_flags, segments_rfm

logger = logging.getLogger(__name__)

GROUPS = segments_rfm.GROUPS
FLAGS = segments_flags.FLAGS
JOB_NAME = "care-segments"
NIGHTLY_AT = day_time(4, 0)  # KST
CHECK_EVERY_SECONDS = 600.0
RUN_TIMEOUT = "10min"  # the batch may take longer than a request's statement timeout
LIST_LIMIT_MAX = 100

_segments = PlayerSegment.__table__
_users = User.__table__
_exclusions = CareExclusion.__table__
_rounds = GameRound.__table__
_orders = ShopOrder.__table__


@dataclass(frozen=True)
class SegmentCounts:
    """How many players are in each group and carry each flag (every group and flag listed, zeros included)."""

    computed_at: datetime | None
    players: int
    flagged: int
    groups: dict[str, int]
    flags: dict[str, int]


@dataclass(frozen=True)
class SegmentRun(SegmentCounts):
    """One run: the counts it produced and how many rows of former players it removed."""

    removed: int = 0
    duration_ms: int = 0


def _tally(db: Session) -> SegmentCounts:
    groups = dict.fromkeys(GROUPS, 0)
    groups.update(db.execute(sa.select(_segments.c.rfm_group, sa.func.count()).group_by(_segments.c.rfm_group)).all())
    flag = sa.func.unnest(_segments.c.flags).label("flag")
    inner = sa.select(flag).subquery()
    flags = dict.fromkeys(FLAGS, 0)
    flags.update(db.execute(sa.select(inner.c.flag, sa.func.count()).group_by(inner.c.flag)).all())
    players, flagged, computed_at = db.execute(
        sa.select(
            sa.func.count(),
            sa.func.count().filter(sa.func.cardinality(_segments.c.flags) > 0),
            sa.func.max(_segments.c.computed_at),
        )
    ).one()
    return SegmentCounts(computed_at, int(players), int(flagged), groups, flags)


def run(now: datetime | None = None) -> SegmentRun:
    """Compute every player's RFM group and protective flags (idempotent); logs and returns the counts."""
    at = now or clock.now()
    tz = str(clock.business_tz())
    started = time.perf_counter()
    with session_scope() as db:
        db.execute(sa.text(f"SET LOCAL statement_timeout = '{RUN_TIMEOUT}'"))
        db.execute(sa.text("SELECT pg_advisory_xact_lock(hashtext('care_segments'))"))  # one run at a time
        removed = segments_rfm.remove_non_players(db)
        segments_rfm.upsert_groups(db, at, tz)
        segments_flags.update_flags(db, at, tz)
        counts = _tally(db)
    duration = round((time.perf_counter() - started) * 1000)
    result = SegmentRun(**vars(counts), removed=removed, duration_ms=duration)
    logger.info(
        "player segments computed",
        extra={
            "job": JOB_NAME,
            "players": result.players,
            "flagged": result.flagged,
            "groups": result.groups,
            "flags": result.flags,
            "removed": removed,
            "ms": duration,
        },
    )
    return result


def last_nightly_time(now: datetime) -> datetime:
    """The latest 04:00 KST at or before ``now`` (UTC)."""
    local = now.astimezone(clock.business_tz())
    at = datetime.combine(local.date(), NIGHTLY_AT, tzinfo=local.tzinfo)
    if local < at:
        at -= timedelta(days=1)
    return at.astimezone(UTC)


def due(last_run_at: datetime | None, now: datetime) -> bool:
    """Whether the nightly run is due: never ran, or last ran before the latest 04:00 KST."""
    return last_run_at is None or last_run_at < last_nightly_time(now)


def run_nightly(runner: str) -> SegmentRun | None:
    """The scheduled job: run once after each 04:00 KST (recorded as heartbeat ``JOB_NAME``), else do nothing."""
    last = heartbeat.last_runs().get(JOB_NAME)
    if not due(last.last_run_at if last else None, clock.now()):
        return None
    result = run()
    heartbeat.record_run(JOB_NAME, runner=runner, duration_ms=result.duration_ms)
    return result


def counts() -> SegmentCounts:
    """The latest run's counts per group and per flag (staff)."""
    with session_scope() as db:
        return _tally(db)


# --- the staff care list ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CareEntry:
    """A flagged player on the care list: why, their RFM measures, last activity and any break in force."""

    user_id: int
    site_id: str
    nickname: str
    rfm_group: str
    flags: list[str]
    details: dict[str, Any]
    recency_days: int | None
    frequency: int
    monetary_krw: int
    last_round_at: datetime | None
    last_paid_at: datetime | None
    computed_at: datetime
    on_break: exclusions.Exclusion | None

    @property
    def last_active_at(self) -> datetime | None:
        """The later of the last round and the last payment (live, not as of the run)."""
        known = [t for t in (self.last_round_at, self.last_paid_at) if t is not None]
        return max(known) if known else None


@dataclass(frozen=True)
class CarePage:
    """A page of the care list (most flags first, then by player id) and the total matching."""

    items: list[CareEntry]
    total: int
    next_offset: int | None = None


def _check(value: str | None, allowed: tuple[str, ...], name: str) -> None:
    if value is not None and value not in allowed:
        raise ValueError(f"unknown {name} {value!r}")


def care_list(*, flag: str | None = None, group: str | None = None, limit: int = 50, offset: int = 0) -> CarePage:
    """Flagged players (optionally with one flag, in one group), most flags first, ``limit``/``offset`` paged."""
    _check(flag, FLAGS, "flag")
    _check(group, GROUPS, "group")
    limit = max(1, min(limit, LIST_LIMIT_MAX))
    offset = max(0, offset)
    last_round = (
        sa.select(_rounds.c.created_at)
        .where(_rounds.c.user_id == _segments.c.user_id)
        .order_by(_rounds.c.id.desc())
        .limit(1)
        .scalar_subquery()
    )
    last_paid = (
        sa.select(sa.func.max(_orders.c.paid_at))
        .where(_orders.c.user_id == _segments.c.user_id, _orders.c.status == "paid")
        .scalar_subquery()
    )
    where = [sa.func.cardinality(_segments.c.flags) > 0, _users.c.staff_role.is_(None)]
    if flag is not None:
        where.append(sa.literal(flag) == sa.any_(_segments.c.flags))
    if group is not None:
        where.append(_segments.c.rfm_group == group)
    query = (
        sa.select(
            _segments,
            _users.c.site_id,
            _users.c.nickname,
            last_round.label("last_round_at"),
            last_paid.label("last_paid_at"),
            sa.func.count().over().label("total"),
        )
        .join(_users, _users.c.id == _segments.c.user_id)
        .where(*where)
        .order_by(sa.func.cardinality(_segments.c.flags).desc(), _segments.c.user_id)
        .limit(limit)
        .offset(offset)
    )
    now = clock.now()
    with session_scope() as db:
        rows = db.execute(query).all()
        items = [_entry(db, row, now) for row in rows]
        total = int(rows[0]._mapping["total"]) if rows else _count(db, where)
    more = offset + len(items) < total
    return CarePage(items=items, total=total, next_offset=offset + len(items) if more else None)


def _count(db: Session, where: list[Any]) -> int:
    query = sa.select(sa.func.count()).select_from(_segments.join(_users, _users.c.id == _segments.c.user_id))
    return int(db.execute(query.where(*where)).scalar_one())


def _entry(db: Session, row: Any, now: datetime) -> CareEntry:
    values = row._mapping
    return CareEntry(
        user_id=values["user_id"],
        site_id=values["site_id"],
        nickname=values["nickname"],
        rfm_group=values["rfm_group"],
        flags=list(values["flags"]),
        details=dict(values["details"]),
        recency_days=values["recency_days"],
        frequency=values["frequency"],
        monetary_krw=values["monetary_krw"],
        last_round_at=values["last_round_at"],
        last_paid_at=values["last_paid_at"],
        computed_at=values["computed_at"],
        on_break=exclusions.in_force(db, values["user_id"], now),
    )


# --- campaign audiences -------------------------------------------------------------------------------------


def audience_query(group: str, now: datetime) -> sa.Select:
    """The ids of group ``group`` a campaign may reach at ``now``, ascending.

    Left out: players on a cool-off or self-exclusion (``guard.marketing_allowed``: no break whose
    ``resumes_at`` is unset or later than ``now``), players with any protective flag, staff and disabled accounts.
    """
    _check(group, GROUPS, "group")
    on_break = sa.exists().where(
        _exclusions.c.user_id == _segments.c.user_id,
        sa.or_(_exclusions.c.resumes_at.is_(None), _exclusions.c.resumes_at > now),
    )
    return (
        sa.select(_segments.c.user_id)
        .join(_users, _users.c.id == _segments.c.user_id)
        .where(
            _segments.c.rfm_group == group,
            sa.func.cardinality(_segments.c.flags) == 0,
            _users.c.staff_role.is_(None),
            _users.c.is_active,
            ~on_break,
        )
        .order_by(_segments.c.user_id)
    )


def audience(db: Session, group: str) -> list[int]:
    """Player ids of ``group`` that a campaign may reach now (never anyone on a break or with a flag)."""
    return [int(uid) for uid in db.execute(audience_query(group, clock.now())).scalars()]
