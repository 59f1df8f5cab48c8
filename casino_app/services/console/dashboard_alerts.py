"""What needs an operator now: the dashboard's pending alerts, and the RTP band behind one of them.

RTP band. Over the window, a wagered game's realised RTP is ``P / B`` (Σ payout / Σ bet) and what its tables
declare is ``E / B`` (Σ bet × declared RTP of the round's table). Under the published odds every round's
deviation ``dᵢ = payoutᵢ − betᵢ × declaredᵢ`` has mean 0, so ``Σ dᵢ = P − E`` has a standard error of about
``√Σ dᵢ²`` (the rounds are independent; their own spread measures the game's variance, jackpots included).
The alert fires when ``|P − E| > Z × √Σ dᵢ²`` — the realised RTP is outside ``declared ± Z × √Σ dᵢ² / B`` —
and the game had at least ``MIN_ROUNDS`` wagered rounds in the window: a band, not a fixed percentage, so a
quiet game with a lucky streak does not page anyone and a busy game is held to a tight band. With ``Z = 4``
a fair game trips it about once in 16,000 checks (normal approximation).

Other alerts: the ledger reconciliation failing (its last result, cached ``RECONCILE_TTL_SECONDS``: a full
check scans every ledger entry, so the dashboard never runs it more often than that, whatever the refresh
rate); the economy's net-injection (inflation) flag from ``wallet.economy``; the crash loop paused, or led by
nobody (no heartbeat for ``lease.STALE_AFTER_S``, after which another process would have taken over); shop
orders still open ``STUCK_ORDER_MINUTES`` after creation (the shop job settles or voids them within 5); and,
for information, players who asked for a self-exclusion today.
"""

from __future__ import annotations

import json
import logging
import math
import threading
import time
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal

import redis
import sqlalchemy as sa

from casino_app.core import clock
from casino_app.core.db import session_scope
from casino_app.core.redis_client import get_redis
from casino_app.services import ledger, wallet
from casino_app.services.crash import lease

logger = logging.getLogger(__name__)

Z = 4.0
MIN_ROUNDS = 1_000
RECONCILE_TTL_SECONDS = 600
STUCK_ORDER_MINUTES = 15
_RECONCILE_KEY = "console:dashboard:reconcile"
SEVERITIES = ("danger", "warning", "info")


@dataclass(frozen=True)
class RtpSums:
    """Additive sums of a game's wagered rounds (summed over days)."""

    rounds: int = 0
    wagered: int = 0
    paid: int = 0
    expected: Decimal = Decimal(0)
    squares: Decimal = Decimal(0)

    def add(self, rounds: int, wagered: int, paid: int, expected: Decimal, squares: Decimal) -> RtpSums:
        """These sums plus one more group's."""
        return RtpSums(
            self.rounds + rounds,
            self.wagered + wagered,
            self.paid + paid,
            self.expected + expected,
            self.squares + squares,
        )


@dataclass(frozen=True)
class GameRtp:
    """A wagered game's realised RTP over the window against what its tables declare, with the band."""

    game: str
    rounds: int  # wagered rounds in the window
    wagered: int
    paid: int
    realised: float | None  # None without a stake in the window
    declared: float
    band_low: float | None
    band_high: float | None
    enough_rounds: bool
    out_of_band: bool  # the alert: enough rounds and outside the band


def game_rtp(game: str, sums: RtpSums, active_declared: float) -> GameRtp:
    """Realised vs declared RTP of ``game`` and whether it left its band (``active_declared`` when unplayed)."""
    if sums.wagered <= 0:
        return GameRtp(game, sums.rounds, 0, sums.paid, None, active_declared, None, None, False, False)
    declared = float(sums.expected / sums.wagered)
    realised = sums.paid / sums.wagered
    half_width = Z * math.sqrt(float(sums.squares)) / sums.wagered
    enough = sums.rounds >= MIN_ROUNDS
    outside = abs(Decimal(sums.paid) - sums.expected) > Decimal(Z) * sums.squares.sqrt()
    return GameRtp(
        game=game,
        rounds=sums.rounds,
        wagered=sums.wagered,
        paid=sums.paid,
        realised=realised,
        declared=declared,
        band_low=max(0.0, declared - half_width),
        band_high=declared + half_width,
        enough_rounds=enough,
        out_of_band=enough and outside,
    )


@dataclass(frozen=True)
class Alert:
    """One pending alert: a stable ``code``, how serious, the console page that handles it and its numbers."""

    code: str
    severity: str  # danger | warning | info
    href: str
    params: dict[str, str | int | float] = field(default_factory=dict)


@dataclass(frozen=True)
class ReconcileStatus:
    """The ledger reconciliation's last result as the dashboard shows it."""

    ok: bool
    mismatched_accounts: int
    unbalanced_transfers: int
    checked_at: datetime


_local_lock = threading.Lock()
_local: tuple[float, ReconcileStatus] | None = None


def _encode(status: ReconcileStatus) -> str:
    return json.dumps(
        {
            "ok": status.ok,
            "mismatched": status.mismatched_accounts,
            "unbalanced": status.unbalanced_transfers,
            "at": status.checked_at.isoformat(),
        }
    )


def _decode(raw: bytes | str) -> ReconcileStatus:
    data = json.loads(raw)
    return ReconcileStatus(
        bool(data["ok"]), int(data["mismatched"]), int(data["unbalanced"]), datetime.fromisoformat(data["at"])
    )


def _check() -> ReconcileStatus:
    result = ledger.reconcile()
    return ReconcileStatus(result.ok, result.mismatched_accounts, result.unbalanced_transfers, result.checked_at)


def reconciliation() -> ReconcileStatus:
    """The last ledger reconciliation, at most ``RECONCILE_TTL_SECONDS`` old (checked now when older).

    Shared through Redis when configured (one check per deployment per period), else per process.
    """
    global _local
    client = get_redis()
    if client is not None:
        try:
            cached = client.get(_RECONCILE_KEY)
            if cached:
                return _decode(cached)
        except (redis.RedisError, ValueError, KeyError):
            logger.warning("dashboard: cached reconciliation unreadable; checking now", exc_info=True)
    with _local_lock:
        if client is None and _local is not None and time.monotonic() - _local[0] < RECONCILE_TTL_SECONDS:
            return _local[1]
        status = _check()
        _local = (time.monotonic(), status)
    if client is not None:
        try:
            client.set(_RECONCILE_KEY, _encode(status), ex=RECONCILE_TTL_SECONDS)
        except redis.RedisError:
            logger.warning("dashboard: could not cache the reconciliation", exc_info=True)
    return status


def forget_reconciliation() -> None:
    """Drop the cached result (tests; an operator who just fixed the ledger gets a fresh check next time)."""
    global _local
    with _local_lock:
        _local = None
    client = get_redis()
    if client is not None:
        try:
            client.delete(_RECONCILE_KEY)
        except redis.RedisError:
            logger.warning("dashboard: could not drop the cached reconciliation", exc_info=True)


_CRASH_LOOP = sa.text(
    "SELECT paused, heartbeat_at IS NOT NULL AND heartbeat_at >= now() - make_interval(secs => :stale)"
    " FROM crash_loop WHERE id = 1"
)
_STUCK = sa.text(
    "SELECT count(*), min(created_at) FROM shop_orders WHERE status IN ('created', 'pending') AND created_at <= :cutoff"
)
_EXCLUSIONS = sa.text(
    "SELECT count(DISTINCT user_id) FROM care_exclusions WHERE kind = 'self_exclusion' AND starts_at >= :since"
)


def pending(*, rtp: list[GameRtp], economy: wallet.Economy, today: date) -> list[Alert]:
    """Every alert that holds now, the most serious first (see the module docstring for each rule)."""
    cutoff = clock.now() - timedelta(minutes=STUCK_ORDER_MINUTES)
    with session_scope() as db:
        loop = db.execute(_CRASH_LOOP, {"stale": lease.STALE_AFTER_S}).first()
        stuck, oldest = db.execute(_STUCK, {"cutoff": cutoff}).one()
        excluded = int(db.execute(_EXCLUSIONS, {"since": clock.start_of_business_day(today)}).scalar_one())
    alerts: list[Alert] = []
    status = reconciliation()
    if not status.ok:
        alerts.append(
            Alert(
                "ledger",
                "danger",
                "",  # no console page repairs the ledger: the message says who to call
                {
                    "mismatched": status.mismatched_accounts,
                    "unbalanced": status.unbalanced_transfers,
                    "checked_at": clock.kst_text(status.checked_at),
                },
            )
        )
    for game in rtp:
        if game.out_of_band and game.realised is not None:
            alerts.append(
                Alert(
                    "rtp",
                    "danger",
                    "/admin/odds",
                    {
                        "game": game.game,
                        "realised": round(game.realised * 100, 2),
                        "declared": round(game.declared * 100, 2),
                        "low": round((game.band_low or 0) * 100, 2),
                        "high": round((game.band_high or 0) * 100, 2),
                        "rounds": game.rounds,
                    },
                )
            )
    paused, led = (bool(loop[0]), bool(loop[1])) if loop is not None else (False, False)
    if not led:
        alerts.append(Alert("crash_down", "danger", "/admin/crash", {"seconds": lease.STALE_AFTER_S}))
    if paused:
        alerts.append(Alert("crash_paused", "warning", "/admin/crash"))
    if stuck:
        alerts.append(
            Alert(
                "orders_stuck",
                "warning",
                "/admin/shop/orders",
                {"count": int(stuck), "minutes": STUCK_ORDER_MINUTES, "oldest": clock.kst_text(oldest)},
            )
        )
    if economy.inflation_alert:
        alerts.append(
            Alert(
                "inflation",
                "warning",
                "#cc-dash-economy",
                {"pct": economy.net_injection_pct, "threshold": economy.alert_threshold_pct, "days": economy.days},
            )
        )
    if excluded:
        alerts.append(Alert("self_exclusion", "info", "/admin/care", {"count": excluded}))
    return sorted(alerts, key=lambda a: SEVERITIES.index(a.severity))
