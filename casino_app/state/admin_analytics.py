"""The console's analytics view-model: the five OLAP reports (buy funnel, retention, spend, games, economy) as
chart points and table rows, a period per report, and a CSV download per report (support and up, re-checked on
every call). The figures come from ``services.analytics``; nothing here decides a rule."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

import reflex as rx

from casino_app.core import clock
from casino_app.core.errors import AppError
from casino_app.i18n import LOCALES, t
from casino_app.services.analytics import csv_export, economy, funnel, games, retention, spend
from casino_app.state import analytics_view as view
from casino_app.state.admin_editing import console_user

BOM = "\ufeff"  # lets Excel read the UTF-8 CSV (Korean text) correctly
CSV_MIME = "text/csv;charset=utf-8"
# Report -> (the service function, the periods offered in days (the first is the default), its view).
REPORTS: dict[str, tuple[Callable[[int], Any], tuple[int, ...], Callable[[Any], dict[str, Any]]]] = {
    "funnel": (funnel.buy_funnel, (3, 7, 30), view.funnel_view),
    "retention": (retention.retention, (60, 90, 120), view.retention_view),
    "spend": (spend.spend, (7, 30, 90), view.spend_view),
    "games": (games.games, (7, 30, 90), view.games_view),
    "economy": (economy.economy, (7, 30, 90), view.economy_view),
}
DEFAULT_DAYS: dict[str, int] = {name: periods[0] for name, (_, periods, _) in REPORTS.items()}


def period_choice(report: object, value: object) -> tuple[str, int] | None:
    """The report and number of days a browser asked for, when both are offered (else None)."""
    name = str(report)
    if name not in REPORTS:
        return None
    days = {str(d): d for d in REPORTS[name][1]}.get(str(value))
    return None if days is None else (name, days)


def read_error(names: list[str], exc: AppError) -> dict[str, str]:
    """The message for reports that could not be read, in every locale: which reports, then why."""
    return {
        locale: t(
            "analytics.read_failed",
            locale,
            reports=", ".join(t(f"analytics.{name}_title", locale) for name in names),
            message=exc.message(locale),
        )
        for locale in LOCALES
    }


def csv_file(name: str, report: Any) -> tuple[bytes, str]:
    """The report as the CSV file Excel opens directly (UTF-8 with a BOM) and its file name."""
    return (BOM + csv_export.to_csv(report)).encode("utf-8"), csv_export.filename(name, report.window)


class AdminAnalyticsState(rx.State):
    """``/admin/analytics`` (support, operators and admins; checked on every call)."""

    days: dict[str, int] = dict(DEFAULT_DAYS)
    windows: dict[str, str] = {}
    loaded: bool = False
    error: dict[str, str] = {}
    updated: str = ""
    funnel_steps: list[dict[str, Any]] = []
    funnel_table: list[dict[str, str]] = []
    funnel_failed: str = ""
    funnel_daily: list[dict[str, Any]] = []
    funnel_daily_table: list[dict[str, str]] = []
    retention_points: list[dict[str, Any]] = []
    retention_rates: list[dict[str, str]] = []
    cohort_rows: list[dict[str, str]] = []
    retention_summary: list[dict[str, str]] = []
    spend_points: list[dict[str, Any]] = []
    spend_daily_table: list[dict[str, str]] = []
    spend_weekly_table: list[dict[str, str]] = []
    spend_cards: dict[str, str] = {}
    game_rows: list[dict[str, str]] = []
    game_points: list[dict[str, Any]] = []
    game_series: list[dict[str, str]] = []
    game_daily_table: list[dict[str, str]] = []
    economy_cards: dict[str, str] = {}
    economy_flows: list[dict[str, str]] = []
    economy_points: list[dict[str, Any]] = []
    economy_daily_table: list[dict[str, str]] = []

    async def _staff(self) -> tuple[bool, rx.event.EventSpec | None]:
        """Re-check the caller (support and up): (allowed, what to answer when not)."""
        staff, error = await console_user(self, "support")
        if staff is not None:
            return True, None
        if not error:
            return False, rx.redirect("/admin/login")
        self.error = error
        return False, None

    async def _read(self, names: tuple[str, ...]) -> list[str]:
        """Read ``names`` for their chosen periods and show them; returns the names that could not be read (an
        unavailable store), which keep what they showed and are named in the error message."""
        self.error = {}
        failed: list[str] = []
        cause: AppError | None = None
        for name in names:
            read, _, show = REPORTS[name]
            try:
                report = await asyncio.to_thread(read, self.days[name])
            except AppError as exc:
                failed.append(name)
                cause = exc
                continue
            for var, value in show(report).items():
                setattr(self, var, value)
            self.windows = {**self.windows, name: view.window_text(report.window)}
        if cause is not None:
            self.error = read_error(failed, cause)
        self.updated = clock.kst_text(clock.now())
        self.loaded = True
        return failed

    @rx.event
    async def load(self) -> rx.event.EventSpec | None:
        """The page's ``on_load``: every report for its default period."""
        allowed, answer = await self._staff()
        if not allowed:
            return answer
        self.days = dict(DEFAULT_DAYS)
        await self._read(tuple(REPORTS))
        return None

    @rx.event
    async def refresh(self) -> rx.event.EventSpec | None:
        """Read every report again for the chosen periods."""
        allowed, answer = await self._staff()
        if not allowed:
            return answer
        await self._read(tuple(REPORTS))
        return None

    @rx.event
    async def choose_days(self, report: str, value: str) -> rx.event.EventSpec | None:
        """Switch one report to another offered period (anything else is ignored) and read it."""
        allowed, answer = await self._staff()
        if not allowed:
            return answer
        choice = period_choice(report, value)
        if choice is None:
            return None
        name, days = choice
        previous = self.days.get(name, DEFAULT_DAYS[name])
        self.days = {**self.days, name: days}
        if await self._read((name,)):  # not read: the chosen button goes back to the period still shown
            self.days = {**self.days, name: previous}
        return None

    @rx.event
    async def download_csv(self, report: str) -> rx.event.EventSpec | None:
        """The report for its chosen period as a CSV file (read again, so it is what the server holds now)."""
        allowed, answer = await self._staff()
        if not allowed:
            return answer
        name = str(report)
        if name not in REPORTS:
            return None
        read = REPORTS[name][0]
        try:
            found = await asyncio.to_thread(read, self.days.get(name, DEFAULT_DAYS[name]))
        except AppError as exc:
            self.error = read_error([name], exc)
            return None
        data, filename = csv_file(name, found)
        return rx.download(data=data, filename=filename, mime_type=CSV_MIME)
