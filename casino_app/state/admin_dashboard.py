"""The console dashboard's view-model: headline cards, chart series, table fallbacks and alerts (support and up,
re-checked on every call). Everything is read from ``services.console.dashboard``; nothing here decides a rule."""

from __future__ import annotations

import asyncio
from typing import Any

import reflex as rx

from casino_app.core import clock
from casino_app.core.errors import AppError
from casino_app.i18n import CATALOGS, LOCALES, t
from casino_app.services.console import dashboard, dashboard_alerts
from casino_app.state.admin_editing import console_user
from casino_app.state.auth import bilingual_error

RTP_Z = dashboard_alerts.Z  # the band's width in standard errors (stated on the page)
RTP_MIN_ROUNDS = dashboard_alerts.MIN_ROUNDS  # wagered rounds before a game is judged
# Neon series colours, in order (tokens from components/theme.py).
SERIES_COLORS = (
    "var(--cc-cyan)",
    "var(--cc-pink)",
    "var(--cc-gold)",
    "var(--cc-violet)",
    "var(--cc-success)",
    "var(--cc-danger)",
    "var(--cc-muted)",
)


def won(amount: int) -> str:
    """``₩1,234,000`` (``-₩4,900`` below zero)."""
    return f"-₩{-amount:,}" if amount < 0 else f"₩{amount:,}"


def pct(ratio: float | None) -> str:
    """A ratio as a percentage with two decimals (``96.12%``), empty for None."""
    return "" if ratio is None else f"{ratio * 100:.2f}%"


def day_label(day: Any) -> str:
    """``11/28``: how a chart's axis and the tables name a KST day."""
    return f"{day.month}/{day.day}"


def kind_key(kind: str) -> str:
    """A ledger entry kind with a catalog name, else ``OTHER``."""
    return kind if f"ledger.kind.{kind}" in CATALOGS["ko"] else "OTHER"


def alert_row(alert: dashboard_alerts.Alert) -> dict[str, str]:
    """An alert with its message in every locale (an RTP alert names the game in that locale)."""
    texts = {}
    for locale in LOCALES:
        params = dict(alert.params)
        if "game" in params:
            params["game"] = t(f"games.name.{params['game']}", locale)
        texts[locale] = t(f"dashboard_admin.alert.{alert.code}", locale, **params)
    return {"code": alert.code, "severity": alert.severity, "href": alert.href, **texts}


def player_points(board: dashboard.Dashboard) -> list[dict[str, Any]]:
    """DAU and signups per day (line chart)."""
    return [{"day": day_label(d.day), "dau": d.dau, "signups": d.signups} for d in board.daily]


def revenue_points(board: dashboard.Dashboard) -> list[dict[str, Any]]:
    """KRW paid, refunded and net per day (bar chart)."""
    return [
        {"day": day_label(d.day), "revenue": d.revenue_krw, "refunds": d.refunds_krw, "net": d.net_revenue_krw}
        for d in board.daily
    ]


def round_points(board: dashboard.Dashboard) -> tuple[list[dict[str, Any]], list[dict[str, str]]]:
    """Rounds per day with one field per game, and the games' series (key, colour)."""
    games = list(dict.fromkeys(g.game for g in board.rounds))
    rows: dict[str, dict[str, Any]] = {}
    for g in board.rounds:
        rows.setdefault(day_label(g.day), {"day": day_label(g.day)})[g.game] = g.rounds
    series = [{"key": game, "color": SERIES_COLORS[i % len(SERIES_COLORS)]} for i, game in enumerate(games)]
    return list(rows.values()), series


def rtp_points(board: dashboard.Dashboard) -> list[dict[str, Any]]:
    """Realised and declared RTP per wagered game, in percent (grouped bars against a 100 % line)."""
    return [
        {
            "game": r.game,
            "name_ko": t(f"games.name.{r.game}", "ko"),
            "name_en": t(f"games.name.{r.game}", "en"),
            "realised": round(r.realised * 100, 2) if r.realised is not None else None,
            "declared": round(r.declared * 100, 2),
        }
        for r in board.rtp
    ]


def rtp_state(r: dashboard_alerts.GameRtp) -> str:
    """``none`` (no stakes), ``few`` (not judged), ``out`` (alert) or ``ok``."""
    if r.realised is None:
        return "none"
    if not r.enough_rounds:
        return "few"
    return "out" if r.out_of_band else "ok"


def economy_points(board: dashboard.Dashboard) -> tuple[list[dict[str, Any]], list[dict[str, str]]]:
    """Sources and sinks per day by kind (``in_<KIND>`` / ``out_<KIND>``, two stacks) and their series."""
    kinds_in: dict[str, None] = {}
    kinds_out: dict[str, None] = {}
    rows = []
    for d in board.economy.daily:
        row: dict[str, Any] = {"day": day_label(d.day)}
        for kind, amount in d.sources.items():
            row[f"in_{kind}"], kinds_in[kind] = amount, None
        for kind, amount in d.sinks.items():
            row[f"out_{kind}"], kinds_out[kind] = amount, None
        rows.append(row)
    series = [
        {"key": f"{side}_{kind}", "stack": side, "kind": kind_key(kind), "side": side}
        for side, kinds in (("in", sorted(kinds_in)), ("out", sorted(kinds_out)))
        for kind in kinds
    ]
    for i, s in enumerate(series):
        s["color"] = SERIES_COLORS[i % len(SERIES_COLORS)]
    return rows, series


def economy_rows(board: dashboard.Dashboard) -> list[dict[str, str]]:
    """The economy chart as table rows (day, direction, kind, gold)."""
    return [
        {"day": day_label(d.day), "side": side, "kind": kind_key(kind), "amount": f"{amount:,}"}
        for d in board.economy.daily
        for side, flows in (("in", d.sources), ("out", d.sinks))
        for kind, amount in sorted(flows.items())
    ]


class AdminDashboardState(rx.State):
    """The console's first screen (support, operators and admins; checked on every call)."""

    days: int = 7
    error: dict[str, str] = {}
    updated: str = ""
    window: str = ""
    cards: dict[str, str] = {}
    players: list[dict[str, Any]] = []
    revenue: list[dict[str, Any]] = []
    rounds: list[dict[str, Any]] = []
    round_series: list[dict[str, str]] = []
    rtp: list[dict[str, Any]] = []
    economy: list[dict[str, Any]] = []
    economy_series: list[dict[str, str]] = []
    economy_net: dict[str, str] = {}
    daily_table: list[dict[str, str]] = []
    rounds_table: list[dict[str, str]] = []
    rtp_table: list[dict[str, str]] = []
    economy_table: list[dict[str, str]] = []
    alerts: list[dict[str, str]] = []

    async def _read(self) -> rx.event.EventSpec | None:
        """Re-check the staff member, then read the dashboard for ``days``."""
        staff, error = await console_user(self, "support")
        if staff is None:
            if not error:
                return rx.redirect("/admin/login")
            self.error = error
            return None
        self.error = {}
        try:
            board = await asyncio.to_thread(dashboard.dashboard, self.days)
        except AppError as exc:
            self.error = bilingual_error(exc)
            return None
        self._show(board)
        return None

    def _show(self, board: dashboard.Dashboard) -> None:
        today, eco = board.today_stats, board.economy
        self.updated = clock.kst_text(board.generated_at)
        self.window = f"{board.first_day.isoformat()} – {board.today.isoformat()}"
        self.cards = {
            "dau": f"{today.dau:,}",
            "signups": f"{today.signups:,}",
            "revenue": won(today.net_revenue_krw),
            "gross": won(today.revenue_krw),
            "refunds": won(today.refunds_krw),
            "rounds": f"{board.rounds_today:,}",
            "circulation": f"{eco.circulation:,}",
            "holders": f"{eco.players_with_gold:,}",
        }
        self.players, self.revenue, self.rtp = player_points(board), revenue_points(board), rtp_points(board)
        self.rounds, self.round_series = round_points(board)
        self.economy, self.economy_series = economy_points(board)
        self.economy_net = {
            locale: t(
                "dashboard_admin.economy_net",
                locale,
                net=f"{eco.net_injection:+,}",
                pct=f"{eco.net_injection_pct:.2f}",
                threshold=f"{eco.alert_threshold_pct:g}",
            )
            for locale in LOCALES
        }
        self.daily_table = [
            {
                "day": day_label(d.day),
                "dau": f"{d.dau:,}",
                "signups": f"{d.signups:,}",
                "orders": f"{d.paid_orders:,}",
                "revenue": won(d.revenue_krw),
                "refunds": won(d.refunds_krw),
                "net": won(d.net_revenue_krw),
            }
            for d in board.daily
        ]
        self.rounds_table = [
            {
                "day": day_label(g.day),
                "game": g.game,
                "rounds": f"{g.rounds:,}",
                "bet": f"{g.bet:,}",
                "payout": f"{g.payout:,}",
            }
            for g in board.rounds
            if g.rounds
        ]
        self.rtp_table = [
            {
                "game": r.game,
                "rounds": f"{r.rounds:,}",
                "realised": pct(r.realised),
                "declared": pct(r.declared),
                "band": f"{pct(r.band_low)} – {pct(r.band_high)}" if r.band_low is not None else "",
                "state": rtp_state(r),
            }
            for r in board.rtp
        ]
        self.economy_table = economy_rows(board)
        self.alerts = [alert_row(a) for a in board.alerts]

    @rx.event
    async def load(self) -> rx.event.EventSpec | None:
        """The page's ``on_load``: the last 7 days."""
        self.days = 7
        return await self._read()

    @rx.event
    async def refresh(self) -> rx.event.EventSpec | None:
        """Read the same window again."""
        return await self._read()

    @rx.event
    async def choose_days(self, value: str) -> rx.event.EventSpec | None:
        """Switch between 7 and 30 days (anything else is ignored)."""
        wanted = {"7": 7, "30": 30}.get(str(value))
        if wanted is None:
            return None
        self.days = wanted
        return await self._read()
