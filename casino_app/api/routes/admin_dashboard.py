"""``/api/admin/dashboard``: the console's first screen — KST days of players, money and rounds, realised vs
declared RTP per game, the gold economy and the pending alerts (support, operators and admins)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

from fastapi import APIRouter, Depends, Query

from casino_app.api.deps import require_staff
from casino_app.api.routes.admin_wallet import EconomyDayOut, EconomyOut
from casino_app.api.schemas import ResponseModel, errors
from casino_app.services.accounts.identity import AuthUser
from casino_app.services.console import dashboard, dashboard_alerts

router = APIRouter(prefix="/api/admin/dashboard", tags=["admin"])
Support = Annotated[AuthUser, Depends(require_staff("support"))]


class DayOut(ResponseModel):
    """One KST day: players active (a round played or a sign-in), signups, KRW paid and refunded that day."""

    day: date
    dau: int
    signups: int
    revenue_krw: int
    refunds_krw: int
    net_revenue_krw: int
    paid_orders: int


class GameDayOut(ResponseModel):
    """Rounds of one game on one KST day with their stakes and payouts (gold)."""

    day: date
    game: str
    rounds: int
    bet: int
    payout: int


class GameRtpOut(ResponseModel):
    """A wagered game over the window: realised RTP (null without stakes) vs the stake-weighted declared RTP,
    the band ``declared ± 4 standard errors`` and whether the alert holds (at least ``min_rounds`` rounds and
    outside the band). Ratios, 0.96 = 96 %."""

    game: str
    rounds: int
    wagered: int
    paid: int
    realised: float | None
    declared: float
    band_low: float | None
    band_high: float | None
    enough_rounds: bool
    out_of_band: bool


class AlertOut(ResponseModel):
    """A pending alert: ``code`` (ledger, rtp, crash_down, crash_paused, orders_stuck, inflation,
    self_exclusion), ``severity`` (danger, warning, info), the console page for it and its numbers."""

    code: str
    severity: str
    href: str
    params: dict[str, str | int | float]


class DashboardOut(ResponseModel):
    """The dashboard over ``days`` KST days ending today (today last)."""

    days: int
    first_day: date
    today: date
    generated_at: datetime
    daily: list[DayOut]
    rounds: list[GameDayOut]
    rtp: list[GameRtpOut]
    rtp_min_rounds: int
    rtp_band_z: float
    economy: EconomyOut
    alerts: list[AlertOut]


@router.get("", responses=errors(401, 403, 422))
def dashboard_view(
    staff: Support, days: int = Query(7, description="7 or 30", json_schema_extra={"enum": [7, 30]})
) -> DashboardOut:
    """Support and up: the last 7 or 30 KST days (422 ``DASHBOARD_DAYS_INVALID`` otherwise)."""
    board = dashboard.dashboard(days)
    eco = board.economy
    return DashboardOut(
        days=board.days,
        first_day=board.first_day,
        today=board.today,
        generated_at=board.generated_at,
        daily=[
            DayOut(
                day=d.day,
                dau=d.dau,
                signups=d.signups,
                revenue_krw=d.revenue_krw,
                refunds_krw=d.refunds_krw,
                net_revenue_krw=d.net_revenue_krw,
                paid_orders=d.paid_orders,
            )
            for d in board.daily
        ],
        rounds=[GameDayOut(day=g.day, game=g.game, rounds=g.rounds, bet=g.bet, payout=g.payout) for g in board.rounds],
        rtp=[
            GameRtpOut(
                game=r.game,
                rounds=r.rounds,
                wagered=r.wagered,
                paid=r.paid,
                realised=r.realised,
                declared=r.declared,
                band_low=r.band_low,
                band_high=r.band_high,
                enough_rounds=r.enough_rounds,
                out_of_band=r.out_of_band,
            )
            for r in board.rtp
        ],
        rtp_min_rounds=dashboard_alerts.MIN_ROUNDS,
        rtp_band_z=dashboard_alerts.Z,
        economy=EconomyOut(
            days=eco.days,
            circulation=eco.circulation,
            players_with_gold=eco.players_with_gold,
            daily=[EconomyDayOut(day=d.day, sources=d.sources, sinks=d.sinks, net=d.net) for d in eco.daily],
            net_injection=eco.net_injection,
            net_injection_pct=eco.net_injection_pct,
            inflation_alert=eco.inflation_alert,
            alert_threshold_pct=eco.alert_threshold_pct,
        ),
        alerts=[AlertOut(code=a.code, severity=a.severity, href=a.href, params=a.params) for a in board.alerts],
    )
