"""The analytics reports as plain chart points and table rows for ``/admin/analytics`` (display only).

Each ``*_view`` takes a report dataclass from ``services.analytics`` and returns the state's vars for that
section: chart points keep numbers (money in ₩, rates in percent with one decimal) and table rows hold text
with thousands separators, ``₩`` for money and ``—`` where a figure cannot be measured.
"""

from __future__ import annotations

from typing import Any

from casino_app.i18n import LOCALES, t
from casino_app.services.analytics.types import (
    FUNNEL_STEPS,
    EconomyReport,
    FunnelReport,
    GamesReport,
    RetentionReport,
    RetentionSummary,
    SpendReport,
    SpendRow,
    Window,
)
from casino_app.state.admin_dashboard import SERIES_COLORS, day_label, kind_key, won

DASH = "—"  # not measurable / no divisor


def count(value: int | None) -> str:
    """``1,234`` (``—`` for None)."""
    return DASH if value is None else f"{value:,}"


def rate(ratio: float | None) -> str:
    """A ratio as a percentage with one decimal (``66.7%``), ``—`` for None."""
    return DASH if ratio is None else f"{ratio * 100:.1f}%"


def rate_point(ratio: float | None) -> float | None:
    """A ratio as a chart percentage with one decimal (None stays a gap)."""
    return None if ratio is None else round(ratio * 100, 1)


def money(amount: float | None) -> str:
    """Whole won (``₩12,345``; ``—`` for None); per-player averages are rounded to the won."""
    return DASH if amount is None else won(round(amount))


def money_point(amount: float | None) -> int | None:
    """A chart amount in whole won (None stays a gap)."""
    return None if amount is None else round(amount)


def window_text(window: Window) -> str:
    """``2026-11-26 – 2026-11-28``."""
    return f"{window.first.isoformat()} – {window.last.isoformat()}"


def funnel_view(report: FunnelReport) -> dict[str, Any]:
    """Steps (bars labelled with players and conversion from the first step), failed players, per-day steps."""
    names = {locale: {s: t(f"analytics.step.{s}", locale) for s in FUNNEL_STEPS} for locale in LOCALES}
    return {
        "funnel_steps": [
            {
                "step": s.step,
                **{f"name_{locale}": names[locale].get(s.step, s.step) for locale in LOCALES},
                "players": s.players,
                "label": f"{s.players:,} · {rate(s.of_first)}",
            }
            for s in report.steps
        ],
        "funnel_table": [
            {
                "step": s.step,
                "players": count(s.players),
                "of_first": rate(s.of_first),
                "of_previous": rate(s.of_previous),
            }
            for s in report.steps
        ],
        "funnel_failed": count(report.failed_players),
        "funnel_daily": [
            {
                "day": day_label(d.day),
                "open_shop": d.open_shop,
                "buy_click": d.buy_click,
                "buy_success": d.buy_success,
                "buy_fail": d.buy_fail,
            }
            for d in report.daily
        ],
        "funnel_daily_table": [
            {
                "day": d.day.isoformat(),
                "open_shop": count(d.open_shop),
                "buy_click": count(d.buy_click),
                "buy_success": count(d.buy_success),
                "buy_fail": count(d.buy_fail),
            }
            for d in report.daily
        ],
    }


def retention_view(report: RetentionReport) -> dict[str, Any]:
    """Rates per cohort (lines), the non-empty cohorts newest first (table) and the D1/D7/D30 summary."""
    cohorts = [c for c in report.cohorts if c.size]
    return {
        "retention_points": [
            {
                "day": day_label(c.day),
                "d1": rate_point(c.d1_rate),
                "d7": rate_point(c.d7_rate),
                "d30": rate_point(c.d30_rate),
            }
            for c in report.cohorts
        ],
        "retention_rates": [
            {"day": c.day.isoformat(), "d1": rate(c.d1_rate), "d7": rate(c.d7_rate), "d30": rate(c.d30_rate)}
            for c in cohorts
        ],
        "cohort_rows": [
            {
                "day": c.day.isoformat(),
                "size": count(c.size),
                "d1": count(c.d1),
                "d1_rate": rate(c.d1_rate),
                "d7": count(c.d7),
                "d7_rate": rate(c.d7_rate),
                "d30": count(c.d30),
                "d30_rate": rate(c.d30_rate),
            }
            for c in reversed(cohorts)
        ],
        "retention_summary": [
            {
                "day": str(s.day),
                "rate": rate(s.rate),
                **{locale: summary_note(s, locale) for locale in LOCALES},
            }
            for s in report.summary
        ],
    }


def summary_note(summary: RetentionSummary, locale: str) -> str:
    """Which cohorts a Dn summary covers, or that none can be measured yet."""
    if not summary.cohorts:
        return t("analytics.summary_none", locale)
    numbers = {"cohorts": summary.cohorts, "players": summary.players, "retained": summary.retained}
    return t("analytics.summary_note", locale, **{k: f"{v:,}" for k, v in numbers.items()})


def spend_row(row: SpendRow) -> dict[str, str]:
    """One day, week or the whole window as table text."""
    return {
        "period": row.period.isoformat(),
        "revenue": won(row.revenue_krw),
        "paid_orders": count(row.paid_orders),
        "refunded_orders": count(row.refunded_orders),
        "buyers": count(row.buyers),
        "active": count(row.active_players),
        "arpu": money(row.arpu_krw),
        "arppu": money(row.arppu_krw),
        "paying": rate(row.paying_share),
    }


def spend_view(report: SpendReport) -> dict[str, Any]:
    """Daily revenue with ARPU/ARPPU (chart), daily and weekly tables, and the window's totals (cards)."""
    return {
        "spend_points": [
            {
                "day": day_label(d.period),
                "revenue": d.revenue_krw,
                "arpu": money_point(d.arpu_krw),
                "arppu": money_point(d.arppu_krw),
            }
            for d in report.daily
        ],
        "spend_daily_table": [spend_row(d) for d in report.daily],
        "spend_weekly_table": [spend_row(w) for w in report.weekly],
        "spend_cards": spend_row(report.total),
    }


def games_view(report: GamesReport) -> dict[str, Any]:
    """One row per game (realised vs declared RTP and their gap) and rounds per day per game (lines)."""
    rows: dict[str, dict[str, Any]] = {}
    for d in report.daily:
        rows.setdefault(d.day.isoformat(), {"day": day_label(d.day)})[d.game] = d.rounds
    games = list(dict.fromkeys(d.game for d in report.daily))
    return {
        "game_rows": [
            {
                "game": g.game,
                "rounds": count(g.rounds),
                "players": count(g.players),
                "wagered": count(g.wagered),
                "paid": count(g.paid),
                "realised": rate(g.realised_rtp),
                "declared": rate(g.declared_rtp),
                "gap": DASH if g.realised_rtp is None else f"{(g.realised_rtp - g.declared_rtp) * 100:+.1f}",
            }
            for g in report.games
        ],
        "game_points": [rows[key] for key in sorted(rows)],
        "game_series": [{"key": game, "color": SERIES_COLORS[i % len(SERIES_COLORS)]} for i, game in enumerate(games)],
        "game_daily_table": [
            {
                "day": d.day.isoformat(),
                "game": d.game,
                "rounds": count(d.rounds),
                "wagered": count(d.wagered),
                "paid": count(d.paid),
            }
            for d in report.daily
            if d.rounds
        ],
    }


def economy_view(report: EconomyReport) -> dict[str, Any]:
    """Sources and sinks by kind (table), per day with the net (chart and table) and the window's totals."""
    return {
        "economy_cards": {
            "sources": count(report.sources),
            "sinks": count(report.sinks),
            "net": f"{report.net:+,}",
        },
        "economy_flows": [
            {
                "direction": f.direction,
                "kind": kind_key(f.kind),
                "code": f.kind,
                "amount": count(f.amount),
                "transfers": count(f.transfers),
            }
            for f in report.flows
        ],
        "economy_points": [
            {"day": day_label(d.day), "sources": d.sources, "sinks": d.sinks, "net": d.net} for d in report.daily
        ],
        "economy_daily_table": [
            {"day": d.day.isoformat(), "sources": count(d.sources), "sinks": count(d.sinks), "net": f"{d.net:+,}"}
            for d in report.daily
        ],
    }
