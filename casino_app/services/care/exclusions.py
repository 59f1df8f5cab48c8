"""Cool-off (24 hours to 30 days) and self-exclusion (6 months to 5 years).

While one is in force, games, purchases, reward claims and marketing notifications are refused
(``services.care.guard``). Nobody can shorten one: there is no API for it, and a database trigger refuses
deleting a row or changing anything but the one-time opt-in. A new break may only end later than the one in
force (it extends it). After the end the player must opt back in, and play resumes 24 hours after that.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa
from dateutil.relativedelta import relativedelta
from sqlmodel import Session

from casino_app.core import clock
from casino_app.core.db import after_commit, session_scope
from casino_app.models.care import CareExclusion
from casino_app.services import realtime
from casino_app.services.care.errors import AlreadyOptedIn, CareInvalid, ExclusionActive, NoBreak, OptInNotYet

COOL_OFF = {"24h": relativedelta(hours=24), "72h": relativedelta(hours=72), "7d": relativedelta(days=7),
            "30d": relativedelta(days=30)}  # fmt: skip
SELF_EXCLUSION = {"6m": relativedelta(months=6), "1y": relativedelta(years=1), "5y": relativedelta(years=5)}
PERIODS = {"cool_off": COOL_OFF, "self_exclusion": SELF_EXCLUSION}
RESUME_DELAY = timedelta(hours=24)
MIN_EXTENSION = timedelta(hours=1)  # a new break must end this much later than the one in force


@dataclass(frozen=True)
class Exclusion:
    """A break in force: its kind and period, when it ends, and whether the player has opted back in."""

    id: int
    kind: str
    period: str
    starts_at: datetime
    ends_at: datetime
    opted_in_at: datetime | None
    resumes_at: datetime | None

    def opt_in_open(self, now: datetime) -> bool:
        """Whether the player may opt back in now (the break is over and they have not yet)."""
        return self.opted_in_at is None and now >= self.ends_at

    @property
    def until(self) -> datetime:
        """The earliest moment play can resume (the end plus 24 hours when not yet opted in)."""
        return self.resumes_at or self.ends_at + RESUME_DELAY


def _view(row: CareExclusion) -> Exclusion:
    return Exclusion(
        id=row.id or 0,
        kind=row.kind,
        period=row.period,
        starts_at=row.starts_at,
        ends_at=row.ends_at,
        opted_in_at=row.opted_in_at,
        resumes_at=row.resumes_at,
    )


def _in_force(user_id: int, now: datetime) -> sa.Select:
    table = CareExclusion.__table__
    return (
        sa.select(CareExclusion)
        .where(table.c.user_id == user_id, sa.or_(table.c.resumes_at.is_(None), table.c.resumes_at > now))
        .order_by(table.c.ends_at.desc())
    )


def in_force(db: Session, user_id: int, now: datetime) -> Exclusion | None:
    """The break that blocks the player at ``now`` (the one ending last), or None."""
    row = db.scalars(_in_force(user_id, now).limit(1)).first()
    return _view(row) if row is not None else None


def current(user_id: int) -> Exclusion | None:
    """The player's break in force now, if any."""
    with session_scope() as db:
        return in_force(db, user_id, clock.now())


def start(user_id: int, kind: str, period: str, *, by: str = "player") -> Exclusion:
    """Start a cool-off or self-exclusion now; the player's open tabs stop play at once.

    409 ``EXCLUSION_ACTIVE`` unless the new break ends at least an hour after the one in force (a break only
    ever extends; a retried request does not stack); 422 ``CARE_SETTING_INVALID`` for an unknown kind or period.
    """
    lengths = PERIODS.get(kind)
    if lengths is None or period not in lengths:
        raise CareInvalid(details={"field": "period", "allowed": {k: list(v) for k, v in PERIODS.items()}})
    now = clock.now()
    ends = now + lengths[period]
    with session_scope() as db:
        db.execute(sa.text("SELECT pg_advisory_xact_lock(hashtext('care_exclusion'), :u)"), {"u": user_id % 2**31})
        existing = in_force(db, user_id, now)
        if existing is not None and existing.ends_at + MIN_EXTENSION > ends:
            details = {"until": existing.ends_at.isoformat(), "until_kst": clock.kst_text(existing.ends_at)}
            raise ExclusionActive(details={**details, "kind": existing.kind})
        row = CareExclusion(user_id=user_id, kind=kind, period=period, starts_at=now, ends_at=ends, created_by=by)
        db.add(row)
        db.flush()
        until = (ends + RESUME_DELAY).isoformat()
        after_commit(db, lambda: realtime.to_user(user_id, "care", paused=True, kind=kind, until=until))
        return _view(row)


def opt_in(user_id: int) -> Exclusion:
    """Opt back in after every break has ended: play resumes 24 hours from now.

    409 ``OPT_IN_NOT_YET`` before the end, ``ALREADY_OPTED_IN`` the second time, ``NO_BREAK`` without a break.
    """
    now = clock.now()
    with session_scope() as db:
        rows = db.scalars(_in_force(user_id, now).with_for_update()).all()
        if not rows:
            raise NoBreak()
        waiting = [r for r in rows if r.opted_in_at is None]
        if not waiting:
            resumes = max(r.resumes_at or now for r in rows)
            raise AlreadyOptedIn(details={"resumes_at": resumes.isoformat(), "resumes_kst": clock.kst_text(resumes)})
        if any(r.ends_at > now for r in rows):
            latest = max(r.ends_at for r in rows)
            raise OptInNotYet(details={"ends_at": latest.isoformat(), "ends_kst": clock.kst_text(latest)})
        for row in waiting:
            row.opted_in_at, row.resumes_at = now, now + RESUME_DELAY
        db.flush()
        return _view(max(rows, key=lambda r: r.ends_at))


def history(user_id: int) -> list[Exclusion]:
    """Every break the player has taken, newest first."""
    table = CareExclusion.__table__
    with session_scope() as db:
        rows = db.scalars(sa.select(CareExclusion).where(table.c.user_id == user_id).order_by(table.c.id.desc()))
        return [_view(r) for r in rows]
