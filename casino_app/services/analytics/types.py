"""What the analytics reports return (plain frozen dataclasses; money in ₩, gold as integers, ratios 0–1)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

FUNNEL_STEPS = ("open_shop", "buy_click", "buy_success")
RETENTION_DAYS = (1, 7, 30)


@dataclass(frozen=True)
class Window:
    """Whole business days ``first``..``last`` (inclusive; ``last`` is today)."""

    first: date
    last: date
    days: int


@dataclass(frozen=True)
class FunnelStep:
    """Players who reached this step in order (open_shop → buy_click → buy_success) within the window."""

    step: str
    players: int
    of_first: float | None  # players / players of the first step (None when the first step has none)
    of_previous: float | None  # players / players of the previous step (1.0 for the first step when > 0)


@dataclass(frozen=True)
class FunnelDay:
    """Distinct players per step on one day (not ordered; for the daily chart) and failed buys."""

    day: date
    open_shop: int
    buy_click: int
    buy_success: int
    buy_fail: int


@dataclass(frozen=True)
class FunnelReport:
    """``GET /api/analytics/funnels/buy``."""

    window: Window
    steps: list[FunnelStep]
    failed_players: int  # players with at least one buy_fail in the window
    daily: list[FunnelDay]


@dataclass(frozen=True)
class Cohort:
    """Players who signed up on ``day`` and how many were active exactly 1, 7 and 30 days later."""

    day: date
    size: int
    d1: int | None  # None: that day has not ended yet (not measurable)
    d7: int | None
    d30: int | None
    d1_rate: float | None
    d7_rate: float | None
    d30_rate: float | None


@dataclass(frozen=True)
class RetentionSummary:
    """Dn over every cohort whose day n has ended: retained / cohort sizes (None without such a cohort)."""

    day: int  # 1, 7 or 30
    cohorts: int
    players: int
    retained: int
    rate: float | None


@dataclass(frozen=True)
class RetentionReport:
    """``GET /api/analytics/retention``: signup cohorts of the window, newest last."""

    window: Window
    cohorts: list[Cohort]
    summary: list[RetentionSummary]


@dataclass(frozen=True)
class SpendRow:
    """One day or one week (``period`` = its first day) of purchases against active players."""

    period: date
    revenue_krw: int  # net: paid − refunded
    paid_orders: int
    refunded_orders: int
    buyers: int  # distinct players with a paid order in the period
    active_players: int  # distinct players active in the period (a sign-in, round, shop visit or order)
    arpu_krw: float | None  # revenue / active players
    arppu_krw: float | None  # revenue / buyers
    paying_share: float | None  # buyers / active players


@dataclass(frozen=True)
class SpendReport:
    """``GET /api/analytics/spend``: daily rows, ISO weeks (Monday first) and the whole window."""

    window: Window
    daily: list[SpendRow]
    weekly: list[SpendRow]
    total: SpendRow


@dataclass(frozen=True)
class GameRow:
    """One game over the window."""

    game: str
    rounds: int
    players: int
    wagered: int
    paid: int
    realised_rtp: float | None  # paid / wagered (None without stakes)
    declared_rtp: float  # stake-weighted over the odds-table versions played (the active table without stakes)


@dataclass(frozen=True)
class GameDay:
    """One game on one day."""

    day: date
    game: str
    rounds: int
    wagered: int
    paid: int


@dataclass(frozen=True)
class GamesReport:
    """``GET /api/analytics/games``."""

    window: Window
    games: list[GameRow]
    daily: list[GameDay]


@dataclass(frozen=True)
class FlowRow:
    """Gold that reached players from the system (``source``) or left them for it (``sink``), by transfer kind."""

    direction: str  # source | sink
    kind: str
    amount: int
    transfers: int


@dataclass(frozen=True)
class EconomyDay:
    """Gold issued to and taken from players on one day."""

    day: date
    sources: int
    sinks: int
    net: int  # sources − sinks


@dataclass(frozen=True)
class EconomyReport:
    """``GET /api/analytics/economy``."""

    window: Window
    flows: list[FlowRow]
    daily: list[EconomyDay]
    sources: int
    sinks: int
    net: int
