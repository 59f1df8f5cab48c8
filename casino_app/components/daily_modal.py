"""The daily check-in modal: month calendar, streak counter, next reward, protection, claim."""

from __future__ import annotations

import reflex as rx

from casino_app.components.forms import alert
from casino_app.state.daily import DailyState
from casino_app.state.ui import tr

WEEKDAY_KEYS = ("daily.sun", "daily.mon", "daily.tue", "daily.wed", "daily.thu", "daily.fri", "daily.sat")


def _cell(cell: rx.Var) -> rx.Component:
    return rx.el.div(
        rx.cond(cell["state"] == "claimed", rx.icon("check", size=14, aria_hidden="true"), rx.el.span(cell["label"])),
        class_name="cc-cal-cell cc-cal-" + cell["state"],
        role="gridcell",
        aria_label=rx.cond(cell["state"] == "blank", "", cell["date"]),
        data_state=cell["state"],
    )


def calendar_grid() -> rx.Component:
    """Sunday-first month grid; claimed days glow."""
    return rx.el.div(
        rx.el.div(rx.el.strong(DailyState.month_label), class_name="cc-cal-title"),
        rx.el.div(
            *[rx.el.div(tr(key), class_name="cc-cal-head", role="columnheader") for key in WEEKDAY_KEYS],
            rx.foreach(DailyState.cells, _cell),
            class_name="cc-cal-grid",
            role="grid",
            aria_label=tr("daily.calendar"),
            id="cc-daily-calendar",
        ),
    )


def _stat(label_key: str, value: rx.Var | rx.Component, element_id: str) -> rx.Component:
    return rx.el.div(rx.el.dt(tr(label_key)), rx.el.dd(value, id=element_id), class_name="cc-stat")


def daily_modal() -> rx.Component:
    """The modal itself (mounted once in the page shell)."""
    return rx.dialog.root(
        rx.dialog.content(
            rx.dialog.title(tr("daily.title"), class_name="cc-glow-heading"),
            rx.dialog.description(tr("daily.lead"), size="2", color="var(--cc-muted)"),
            rx.el.dl(
                _stat("daily.streak", rx.fragment(DailyState.streak, " ", tr("daily.days")), "cc-daily-streak"),
                _stat(
                    "daily.next_reward",
                    rx.fragment(DailyState.next_gold_text, " G · ", DailyState.next_xp.to_string(), " XP"),
                    "cc-daily-next",
                ),
                _stat(
                    "daily.protection",
                    rx.fragment(DailyState.protections_held.to_string(), " / 1"),
                    "cc-daily-protection",
                ),
                class_name="cc-daily-stats",
            ),
            calendar_grid(),
            rx.el.label(
                rx.switch(
                    checked=DailyState.protection_auto,
                    on_change=DailyState.set_auto_use,
                    id="cc-daily-auto",
                ),
                rx.el.span(tr("daily.auto_use")),
                class_name="cc-switch-label",
            ),
            rx.text(tr("daily.protection_rule"), size="1", color="var(--cc-muted)"),
            alert(DailyState.error, alert_id="cc-daily-error"),
            rx.cond(
                DailyState.result.contains("gold"),
                rx.el.div(
                    rx.icon("sparkles", size=18, aria_hidden="true"),
                    rx.el.span(
                        tr("daily.claimed_prefix"),
                        " ",
                        DailyState.result["gold"],
                        " G · ",
                        DailyState.result["xp"],
                        " XP",
                    ),
                    class_name="cc-alert cc-alert--success cc-pop",
                    role="status",
                    id="cc-daily-result",
                ),
            ),
            rx.hstack(
                rx.dialog.close(rx.el.button(tr("daily.close"), type="button", class_name="cc-btn cc-btn--ghost")),
                rx.el.button(
                    rx.cond(DailyState.claimed_today, tr("daily.claimed"), tr("daily.claim")),
                    type="button",
                    class_name="cc-btn cc-btn--primary",
                    on_click=DailyState.claim,
                    disabled=DailyState.claimed_today | DailyState.busy,
                    id="cc-daily-claim",
                ),
                justify="end",
                spacing="3",
                margin_top="16px",
            ),
            class_name="cc-card cc-daily-modal",
            max_width="460px",
        ),
        open=DailyState.open,
        on_open_change=DailyState.set_open,
    )
