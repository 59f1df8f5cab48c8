"""``/api/analytics``: the analytics reports (buy funnel, retention, spend, games, gold economy) over whole KST
business days ending today, as JSON or as a CSV download (support, operators and admins)."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query
from fastapi.responses import Response

from casino_app.api.deps import require_staff
from casino_app.api.schemas import ResponseModel, errors
from casino_app.services.accounts.identity import AuthUser
from casino_app.services.analytics import csv_export, economy, funnel, games, retention, spend

router = APIRouter(prefix="/api/analytics", tags=["analytics"])
Support = Annotated[AuthUser, Depends(require_staff("support"))]
Format = Annotated[
    Literal["json", "csv"],
    Query(alias="format", description="json, or csv: a download (UTF-8 with a BOM, a header row, sections)"),
]
MAX_DAYS = 90
MAX_RETENTION_DAYS = 120


def _responses(what: str) -> dict[int | str, dict[str, Any]]:
    csv_file = {"schema": {"type": "string"}}
    return {
        200: {
            "description": f"{what}; with format=csv the same as a CSV attachment",
            "content": {"text/csv": csv_file},
        },
        **errors(401, 403, 422, 503),
    }


def _days(default: int, maximum: int = MAX_DAYS) -> Any:
    return Query(default, ge=1, le=maximum, description=f"KST business days ending today (1-{maximum})")


def _csv(name: str, report: Any) -> Response:
    """The report as a download: UTF-8 with a BOM (spreadsheets then read Hangul), never cached."""
    return Response(
        ("\ufeff" + csv_export.to_csv(report)).encode("utf-8"),
        media_type="text/csv; charset=utf-8",
        headers={
            "Content-Disposition": f'attachment; filename="{csv_export.filename(name, report.window)}"',
            "Cache-Control": "no-store",
        },
    )


class AnalyticsWindowOut(ResponseModel):
    """Whole KST business days ``first``..``last`` (inclusive; ``last`` is today)."""

    first: date
    last: date
    days: int


class AnalyticsFunnelStepOut(ResponseModel):
    """Players who reached this step in order (open_shop → buy_click → buy_success) within the window; the
    ratios to the first and to the previous step (null when that step has no players)."""

    step: str
    players: int
    of_first: float | None
    of_previous: float | None


class AnalyticsFunnelDayOut(ResponseModel):
    """Distinct players per step on one KST day (not ordered) and players with a failed buy."""

    day: date
    open_shop: int
    buy_click: int
    buy_success: int
    buy_fail: int


class AnalyticsFunnelOut(ResponseModel):
    """The buy funnel over the window (ordered per player, ClickHouse ``windowFunnel``), every day's counts."""

    window: AnalyticsWindowOut
    steps: list[AnalyticsFunnelStepOut]
    failed_players: int
    daily: list[AnalyticsFunnelDayOut]


class AnalyticsCohortOut(ResponseModel):
    """Players who signed up on ``day``, and how many were active exactly 1, 7 and 30 days later (null: that
    day has not ended yet)."""

    day: date
    size: int
    d1: int | None
    d7: int | None
    d30: int | None
    d1_rate: float | None
    d7_rate: float | None
    d30_rate: float | None


class AnalyticsRetentionSummaryOut(ResponseModel):
    """Dn (``day`` = 1, 7 or 30) over the non-empty cohorts whose day n has ended."""

    day: int
    cohorts: int
    players: int
    retained: int
    rate: float | None


class AnalyticsRetentionOut(ResponseModel):
    """Signup cohorts of the window (oldest first) and their D1/D7/D30 retention."""

    window: AnalyticsWindowOut
    cohorts: list[AnalyticsCohortOut]
    summary: list[AnalyticsRetentionSummaryOut]


class AnalyticsSpendRowOut(ResponseModel):
    """One KST day, ISO week (``period`` = its Monday; only the days inside the window) or the whole window:
    net revenue (₩, paid − refunded), orders, distinct buyers and active players, ARPU, ARPPU, paying share."""

    period: date
    revenue_krw: int
    paid_orders: int
    refunded_orders: int
    buyers: int
    active_players: int
    arpu_krw: float | None
    arppu_krw: float | None
    paying_share: float | None


class AnalyticsSpendOut(ResponseModel):
    """Purchases against active players: daily, weekly and the window's total."""

    window: AnalyticsWindowOut
    daily: list[AnalyticsSpendRowOut]
    weekly: list[AnalyticsSpendRowOut]
    total: AnalyticsSpendRowOut


class AnalyticsGameRowOut(ResponseModel):
    """One game over the window: rounds, players, gold wagered and paid, realised RTP (null without stakes) and
    the stake-weighted declared RTP of the odds tables played (the active one's without stakes)."""

    game: str
    rounds: int
    players: int
    wagered: int
    paid: int
    realised_rtp: float | None
    declared_rtp: float


class AnalyticsGameDayOut(ResponseModel):
    """One game on one KST day."""

    day: date
    game: str
    rounds: int
    wagered: int
    paid: int


class AnalyticsGamesOut(ResponseModel):
    """Every game over the window, and every game on every day."""

    window: AnalyticsWindowOut
    games: list[AnalyticsGameRowOut]
    daily: list[AnalyticsGameDayOut]


class AnalyticsFlowRowOut(ResponseModel):
    """Gold that reached players from the system (``source``) or left them for it (``sink``), by kind."""

    direction: Literal["source", "sink"]
    kind: str
    amount: int
    transfers: int


class AnalyticsEconomyDayOut(ResponseModel):
    """Gold issued to and taken from players on one KST day (net = sources − sinks)."""

    day: date
    sources: int
    sinks: int
    net: int


class AnalyticsEconomyOut(ResponseModel):
    """Sources and sinks by kind over the window, every day's, and the totals."""

    window: AnalyticsWindowOut
    flows: list[AnalyticsFlowRowOut]
    daily: list[AnalyticsEconomyDayOut]
    sources: int
    sinks: int
    net: int


@router.get("/funnels/buy", response_model=AnalyticsFunnelOut, responses=_responses("The buy funnel"))
def buy_funnel(staff: Support, fmt: Format = "json", days: int = _days(3)) -> AnalyticsFunnelOut | Response:
    """Support and up: open_shop → buy_click → buy_success, in order per player, over the last ``days``."""
    report = funnel.buy_funnel(days)
    return _csv("funnel", report) if fmt == "csv" else AnalyticsFunnelOut.model_validate(report)


@router.get("/retention", response_model=AnalyticsRetentionOut, responses=_responses("Signup cohorts and D1/D7/D30"))
def retention_report(
    staff: Support, fmt: Format = "json", days: int = _days(60, MAX_RETENTION_DAYS)
) -> AnalyticsRetentionOut | Response:
    """Support and up: the signup cohorts of the last ``days`` (up to 120) with D1/D7/D30 retention."""
    report = retention.retention(days)
    return _csv("retention", report) if fmt == "csv" else AnalyticsRetentionOut.model_validate(report)


@router.get("/spend", response_model=AnalyticsSpendOut, responses=_responses("Revenue, ARPU, ARPPU and paying share"))
def spend_report(staff: Support, fmt: Format = "json", days: int = _days(30)) -> AnalyticsSpendOut | Response:
    """Support and up: revenue, orders, buyers, ARPU, ARPPU and paying share per day, ISO week and window."""
    report = spend.spend(days)
    return _csv("spend", report) if fmt == "csv" else AnalyticsSpendOut.model_validate(report)


@router.get("/games", response_model=AnalyticsGamesOut, responses=_responses("Rounds and RTP per game"))
def games_report(staff: Support, fmt: Format = "json", days: int = _days(7)) -> AnalyticsGamesOut | Response:
    """Support and up: rounds, players, stakes, payouts and realised vs declared RTP per game, and per day."""
    report = games.games(days)
    return _csv("games", report) if fmt == "csv" else AnalyticsGamesOut.model_validate(report)


@router.get("/economy", response_model=AnalyticsEconomyOut, responses=_responses("Gold sources and sinks"))
def economy_report(staff: Support, fmt: Format = "json", days: int = _days(7)) -> AnalyticsEconomyOut | Response:
    """Support and up: gold issued to players (sources) and taken from them (sinks) by kind, and per day."""
    report = economy.economy(days)
    return _csv("economy", report) if fmt == "csv" else AnalyticsEconomyOut.model_validate(report)
