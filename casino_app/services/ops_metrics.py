"""Business gauges: read from the database by a periodic job, exported by ``/metrics``.

Counters (purchases, rate-limit decisions, invite codes, webhooks…) are incremented where the event happens;
the values below are *states* — stock left, money at risk, RTP over a window, gold in circulation, outbox
lag — read from PostgreSQL, the one truth every container shares. The ``ops-metrics`` job (Celery beat in
compose, the in-process scheduler in embedded mode) reads them every ``JOB_INTERVAL_SECONDS`` and stores the
snapshot (Redis when configured, so the app's workers see what the Celery worker read; else this process);
a scrape only reads that snapshot, never the database. A snapshot older than ``STALE_AFTER_SECONDS`` is
ignored. The figures and their rules come from the services that own them:

- ``cc_gacha_stock_remaining{rarity}``: units left of the active gacha table's limited items, summed by rarity.
- ``cc_crash_open_bets`` / ``cc_crash_open_stakes_gold``: crash bets still riding (not cashed out, round not
  crashed) and their stakes — the house's open exposure before multipliers.
- ``cc_game_rtp_*{game}``: realised vs declared RTP of each wagered game over the last ``RTP_WINDOW`` of
  rounds, with the statistical band and the out-of-band flag of ``console.dashboard_alerts`` (the console's
  RTP alert and Prometheus' fire on the same rule).
- ``cc_gold_circulation``, ``cc_gold_net_injection_ratio`` and ``cc_gold_inflation_threshold_ratio``: gold in
  player wallets, the net injection over the last 7 KST days as a share of it, and the configured alert
  threshold (``ECONOMY_INFLATION_ALERT_PCT``, 15 % by default) — the same figures as ``wallet.economy``.
- ``cc_outbox_pending`` / ``cc_outbox_oldest_pending_seconds`` (gauges of ``core.metrics``): set from the
  snapshot at scrape time, so the lag is current even where the relay runs in another container.
- ``cc_business_metrics_ok{section}``: 1 when the section was read by a fresh snapshot, else 0 (the failure is
  logged by the job); ``cc_business_metrics_age_seconds``: how old the snapshot is.
"""

from __future__ import annotations

import json
import logging
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from datetime import timedelta
from typing import Any

import redis
import sqlalchemy as sa
from prometheus_client import CollectorRegistry
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.registry import Collector

from casino_app.core import clock, metrics
from casino_app.core.db import session_scope
from casino_app.core.redis_client import get_redis
from casino_app.services import outbox, wallet
from casino_app.services.console import dashboard
from casino_app.services.console.dashboard_alerts import GameRtp
from casino_app.services.games import configs, gacha_reports

logger = logging.getLogger(__name__)

JOB_NAME = "ops-metrics"
JOB_INTERVAL_SECONDS = 60.0
STALE_AFTER_SECONDS = 300
RTP_WINDOW = timedelta(hours=24)
INFLATION_WINDOW_DAYS = 7
SECTIONS = ("gacha", "crash", "rtp", "economy", "outbox")
REDIS_KEY = "cc:ops:metrics"

_CRASH_OPEN = sa.text("SELECT count(*), coalesce(sum(bet_amount), 0) FROM crash_bets WHERE status = 'active'")


@dataclass
class Snapshot:
    """The business state at ``taken_at`` (epoch seconds); a section whose query failed keeps its empty value."""

    taken_at: float = 0.0
    gacha_stock: dict[str, int] = field(default_factory=dict)  # rarity → units left (limited items only)
    crash_open_bets: int = 0
    crash_open_stakes: int = 0
    rtp: list[GameRtp] = field(default_factory=list)
    gold_circulation: int = 0
    net_injection_ratio: float = 0.0
    inflation_threshold_ratio: float = 0.0
    outbox_pending: int = 0
    outbox_oldest_seconds: float = 0.0
    ok: dict[str, bool] = field(default_factory=lambda: dict.fromkeys(SECTIONS, False))

    def to_json(self) -> str:
        """The snapshot as JSON (for Redis)."""
        return json.dumps(asdict(self))

    @classmethod
    def from_json(cls, raw: bytes | str) -> Snapshot:
        """Parse ``to_json``'s output."""
        data: dict[str, Any] = json.loads(raw)
        data["rtp"] = [GameRtp(**game) for game in data.get("rtp", [])]
        data["ok"] = dict.fromkeys(SECTIONS, False) | {k: bool(v) for k, v in data.get("ok", {}).items()}
        return cls(**data)


def _gacha(snap: Snapshot) -> None:
    config = configs.active("gacha").config
    rarity = {item.id: item.rarity for item in config.items}
    stock: dict[str, int] = {}
    for item_id, remaining in gacha_reports.stock(config).items():
        stock[rarity[item_id]] = stock.get(rarity[item_id], 0) + remaining
    snap.gacha_stock = stock


def _crash(snap: Snapshot) -> None:
    with session_scope() as db:
        count, stakes = db.execute(_CRASH_OPEN).one()
    snap.crash_open_bets, snap.crash_open_stakes = int(count), int(stakes)


def _rtp(snap: Snapshot) -> None:
    snap.rtp = dashboard.rtp_since(clock.now() - RTP_WINDOW)


def _economy(snap: Snapshot) -> None:
    economy = wallet.economy(INFLATION_WINDOW_DAYS)
    snap.gold_circulation = economy.circulation
    snap.net_injection_ratio = float(economy.net_injection_pct) / 100  # a Decimal when circulation > 0
    snap.inflation_threshold_ratio = float(economy.alert_threshold_pct) / 100


def _outbox(snap: Snapshot) -> None:
    backlog = outbox.backlog()
    snap.outbox_pending, snap.outbox_oldest_seconds = backlog.pending, backlog.oldest_age_seconds


_READERS: dict[str, Callable[[Snapshot], None]] = {
    "gacha": _gacha,
    "crash": _crash,
    "rtp": _rtp,
    "economy": _economy,
    "outbox": _outbox,
}


def snapshot() -> Snapshot:
    """Read every section now; a failing section is logged and flagged, the others still count."""
    snap = Snapshot(taken_at=time.time())
    for section, read in _READERS.items():
        try:
            read(snap)
            snap.ok[section] = True
        except Exception:  # one broken query must not blind the other sections (its flag reads 0)
            logger.warning("business metrics: %s could not be read", section, exc_info=True)
    return snap


_lock = threading.Lock()
_local: Snapshot | None = None  # without Redis: the last snapshot this process read


def publish() -> Snapshot:
    """The periodic job: read a snapshot and store it for every worker's ``/metrics``."""
    global _local
    snap = snapshot()
    client = get_redis()
    if client is None:
        with _lock:
            _local = snap
        return snap
    client.set(REDIS_KEY, snap.to_json(), ex=STALE_AFTER_SECONDS)
    return snap


def stored() -> Snapshot | None:
    """The last published snapshot, or None when there is none younger than ``STALE_AFTER_SECONDS``."""
    client = get_redis()
    if client is None:
        with _lock:
            snap = _local
    else:
        try:
            raw = client.get(REDIS_KEY)
            snap = Snapshot.from_json(raw) if raw else None
        except (redis.RedisError, ValueError, TypeError, KeyError):
            logger.warning("business metrics: the stored snapshot is unreadable", exc_info=True)
            snap = None
    if snap is None or time.time() - snap.taken_at > STALE_AFTER_SECONDS:
        return None
    return snap


def forget() -> None:
    """Drop the stored snapshot (tests)."""
    global _local
    with _lock:
        _local = None
    client = get_redis()
    if client is not None:
        client.delete(REDIS_KEY)


def _gauge(name: str, doc: str, labels: list[str] | None = None) -> GaugeMetricFamily:
    return GaugeMetricFamily(name, doc, labels=labels)


def _gacha_families(snap: Snapshot) -> list[Metric]:
    stock = _gauge("cc_gacha_stock_remaining", "Units left of the active gacha table's limited items.", ["rarity"])
    for rarity, remaining in sorted(snap.gacha_stock.items()):
        stock.add_metric([rarity], remaining)
    return [stock]


def _crash_families(snap: Snapshot) -> list[Metric]:
    open_bets = _gauge("cc_crash_open_bets", "Crash bets riding in the round in play (not cashed out yet).")
    open_bets.add_metric([], snap.crash_open_bets)
    open_stakes = _gauge("cc_crash_open_stakes_gold", "Gold staked on crash bets still riding (open exposure).")
    open_stakes.add_metric([], snap.crash_open_stakes)
    return [open_bets, open_stakes]


def _rtp_families(snap: Snapshot) -> list[Metric]:
    window = f"{int(RTP_WINDOW.total_seconds() // 3600)} h"
    realised = _gauge("cc_game_rtp_realised_ratio", f"Realised RTP (paid / wagered) over the last {window}.", ["game"])
    declared = _gauge("cc_game_rtp_declared_ratio", "Declared RTP of the tables played (stake-weighted).", ["game"])
    low = _gauge("cc_game_rtp_band_low_ratio", "Lower edge of the realised RTP's statistical band.", ["game"])
    high = _gauge("cc_game_rtp_band_high_ratio", "Upper edge of the realised RTP's statistical band.", ["game"])
    rounds = _gauge("cc_game_rtp_rounds", f"Wagered rounds over the last {window}.", ["game"])
    outside = _gauge(
        "cc_game_rtp_out_of_band", "1 when the game has enough rounds and its realised RTP left its band.", ["game"]
    )
    for game in snap.rtp:
        declared.add_metric([game.game], game.declared)
        rounds.add_metric([game.game], game.rounds)
        outside.add_metric([game.game], 1 if game.out_of_band else 0)
        if game.realised is not None and game.band_low is not None and game.band_high is not None:
            realised.add_metric([game.game], game.realised)
            low.add_metric([game.game], game.band_low)
            high.add_metric([game.game], game.band_high)
    return [realised, declared, low, high, rounds, outside]


def _economy_families(snap: Snapshot) -> list[Metric]:
    circulation = _gauge("cc_gold_circulation", "Gold in player wallets.")
    circulation.add_metric([], snap.gold_circulation)
    injection = _gauge(
        "cc_gold_net_injection_ratio",
        f"Gold created minus gold destroyed in player wallets over {INFLATION_WINDOW_DAYS} KST days, per gold held.",
    )
    injection.add_metric([], snap.net_injection_ratio)
    threshold = _gauge("cc_gold_inflation_threshold_ratio", "The net-injection share that raises the inflation alert.")
    threshold.add_metric([], snap.inflation_threshold_ratio)
    return [circulation, injection, threshold]


_FAMILIES: dict[str, Callable[[Snapshot], list[Metric]]] = {
    "gacha": _gacha_families,
    "crash": _crash_families,
    "rtp": _rtp_families,
    "economy": _economy_families,
}


def families(snap: Snapshot | None) -> list[Metric]:
    """The snapshot as gauge families; a section not read (or no fresh snapshot) exports only its 0 flag."""
    read = snap.ok if snap is not None else dict.fromkeys(SECTIONS, False)
    found: list[Metric] = []
    if snap is not None:
        found = [family for section, build in _FAMILIES.items() if read[section] for family in build(snap)]
    ok = _gauge("cc_business_metrics_ok", "1 when the last snapshot read the section (0: failed, stale).", ["section"])
    for section in SECTIONS:
        ok.add_metric([section], 1 if read[section] else 0)
    found.append(ok)
    if snap is not None:
        age = _gauge("cc_business_metrics_age_seconds", "Age of the business-metrics snapshot.")
        age.add_metric([], max(0.0, time.time() - snap.taken_at))
        found.append(age)
    return found


class _Fixed(Collector):
    """Yields families built beforehand (one scrape's)."""

    def __init__(self, found: list[Metric]) -> None:
        self._found = found

    def collect(self) -> Iterator[Metric]:
        """The families."""
        yield from self._found


def scrape_registry() -> CollectorRegistry:
    """For one ``/metrics`` response: the stored snapshot's gauges (and the outbox gauges set from it)."""
    snap = stored()
    if snap is not None and snap.ok["outbox"]:
        metrics.OUTBOX_PENDING.set(snap.outbox_pending)
        metrics.OUTBOX_OLDEST.set(snap.outbox_oldest_seconds)
    registry = CollectorRegistry(auto_describe=False)
    registry.register(_Fixed(families(snap)))
    return registry
