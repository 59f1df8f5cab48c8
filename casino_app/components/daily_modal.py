"""The daily check-in modal: the 7-day reward track, streak, next reward, protection, claim; the unclaimed dot."""

from __future__ import annotations

import reflex as rx

from casino_app.components.forms import alert
from casino_app.components.numbers import grouped
from casino_app.state.daily import DailyState
from casino_app.state.ui import tr
from casino_app.state.wallet import WalletState


def unclaimed_dot(element_id: str) -> rx.Component:
    """A dot while today's reward waits (header and tab bar), named for screen readers; gone once claimed."""
    return rx.cond(
        WalletState.has_wallet & DailyState.badge_due,
        rx.el.span(
            rx.el.span(class_name="cc-daily-dot", aria_hidden="true"),
            rx.el.span(tr("daily.badge"), class_name="cc-sr-only"),
            id=element_id,
            data_badge="daily",
        ),
    )


def _amount(value: rx.Var, unit: str) -> rx.Component:
    return rx.el.span(value, " ", unit, class_name="cc-nowrap")  # "75 XP" never breaks inside


def _track_day(day: rx.Var) -> rx.Component:
    state_key = rx.match(
        day["state"],
        ("claimed", tr("daily.track_claimed")),
        ("today", tr("daily.track_today")),
        tr("daily.track_ahead"),
    )
    return rx.el.li(
        rx.el.span(tr("daily.track_day").replace("{day}", day["day"]), class_name="cc-track-day"),  # type: ignore[attr-defined]
        rx.el.span(
            rx.cond(
                day["state"] == "claimed",
                rx.icon("check", size=16, aria_hidden="true"),
                rx.icon("coins", size=16, aria_hidden="true"),
            ),
            class_name="cc-track-mark",
        ),
        _amount(day["gold"], "G"),
        _amount(day["xp"], "XP"),
        rx.el.span(state_key, class_name=rx.cond(day["today"] == "1", "cc-track-state", "cc-sr-only")),
        class_name="cc-track-item cc-track-" + day["state"],
        aria_current=rx.cond(day["today"] == "1", "date", "false"),
        data_state=day["state"],
        data_today=day["today"],
    )


def week_track() -> rx.Component:
    """The 7 days of the current streak cycle as an ordered list: each day's gold and XP, today marked."""
    return rx.el.section(
        rx.el.h2(tr("daily.track_title"), class_name="cc-track-title", id="cc-daily-track-title"),
        rx.el.ol(
            rx.foreach(DailyState.track, _track_day),
            class_name="cc-track",
            id="cc-daily-track",
            aria_labelledby="cc-daily-track-title",
        ),
        rx.text(tr("daily.track_note"), size="1", color="var(--cc-muted)"),
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
                _stat(
                    "daily.streak", rx.fragment(grouped(DailyState.streak), " ", tr("daily.days")), "cc-daily-streak"
                ),
                _stat(
                    "daily.next_reward",
                    rx.fragment(
                        _amount(DailyState.next_gold_text, "G"), " · ", _amount(grouped(DailyState.next_xp), "XP")
                    ),
                    "cc-daily-next",
                ),
                _stat(
                    "daily.protection",
                    rx.fragment(DailyState.protections_held.to_string(), " / 1"),
                    "cc-daily-protection",
                ),
                class_name="cc-daily-stats",
            ),
            week_track(),
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
                        _amount(DailyState.result["gold"], "G"),
                        " · ",
                        _amount(DailyState.result["xp"], "XP"),
                    ),
                    class_name="cc-alert cc-alert--success cc-pop",
                    role="status",
                    id="cc-daily-result",
                ),
            ),
            rx.hstack(
                rx.dialog.close(rx.el.button(tr("daily.close"), type="button", class_name="cc-btn cc-btn--ghost")),
                rx.el.button(
                    rx.cond(
                        DailyState.claimed_today,
                        rx.fragment(rx.icon("check", size=16, aria_hidden="true"), tr("daily.claimed")),
                        tr("daily.claim"),
                    ),
                    type="button",
                    # once taken it is a quiet, finished state, not the page's main action (review D14)
                    class_name=rx.cond(DailyState.claimed_today, "cc-btn cc-btn--done", "cc-btn cc-btn--primary"),
                    on_click=DailyState.claim,
                    disabled=DailyState.claimed_today | DailyState.busy,
                    id="cc-daily-claim",
                ),
                justify="end",
                spacing="3",
                margin_top="16px",
                wrap="wrap",
            ),
            class_name="cc-card cc-daily-modal",
            max_width="520px",
        ),
        open=DailyState.open,
        on_open_change=DailyState.set_open,
    )
