"""``/care``: the healthy-play settings page — reality checks, daily limits, breaks, links and help.

Layout only: every value comes from ``CareState`` (which asks ``services.care``); the breaks, links and help
sections live in ``components/care_page.py``, and the break dialog is the one the game pages' "take a break"
button opens.
"""

from __future__ import annotations

import reflex as rx

from casino_app.components.care import break_dialog
from casino_app.components.care_page import breaks_section, care_card, help_section, more_section, muted
from casino_app.components.forms import alert
from casino_app.components.layout import shell
from casino_app.components.numbers import grouped
from casino_app.state import page_events
from casino_app.state.care import INTERVALS, CareState
from casino_app.state.mood import MoodState
from casino_app.state.ui import tr, tr_by

C = CareState


def _saved(which: str, key: str) -> rx.Component:
    return rx.cond(
        C.saved == which,
        rx.el.div(tr(key), class_name="cc-alert cc-alert--success", role="status", id=f"cc-care-saved-{which}"),
    )


def _interval_button(minutes: int) -> rx.Component:
    value = str(minutes)
    return rx.el.button(
        tr(f"care_page.reality.option_{value}"),
        type="button",
        class_name="cc-bet",
        aria_pressed=rx.cond(C.interval == value, "true", "false"),
        on_click=C.choose_interval(value),
        id=f"cc-care-interval-{value}",
    )


def _reality_section() -> rx.Component:
    return care_card(
        "care_page.reality.title",
        "cc-care-reality",
        muted("care_page.reality.lead"),
        rx.el.p(tr("care_page.reality.choose"), class_name="cc-label", id="cc-care-interval-label", margin_top="12px"),
        rx.el.div(
            *(_interval_button(minutes) for minutes in INTERVALS),
            class_name="cc-bets",
            role="group",
            aria_labelledby="cc-care-interval-label",
        ),
        rx.el.p(
            tr("care_page.reality.effective_1"),
            rx.el.strong(grouped(C.effective_interval), id="cc-care-effective-interval"),
            tr("care_page.reality.effective_2"),
            " ",
            tr("care_page.reality.default"),
            class_name="cc-field-hint",
        ),
        rx.cond(
            C.flagged,
            rx.el.div(
                rx.icon("info", size=18, aria_hidden="true"),
                rx.el.span(tr("care_page.reality.flagged")),
                class_name="cc-alert cc-alert--info",
                role="status",
                id="cc-care-flagged",
            ),
        ),
        rx.el.p(tr("care_page.reality.session"), class_name="cc-field-hint"),
        _saved("interval", "care_page.saved_interval"),
    )


def _limit_field(name: str, field_id: str, value: rx.Var, label_key: str, hint_key: str) -> rx.Component:
    return rx.el.div(
        rx.el.label(tr(label_key), html_for=field_id, class_name="cc-label"),
        rx.input(
            id=field_id,
            name=name,
            default_value=value,
            key=value + ":" + C.pending.length().to_string(),
            input_mode="numeric",
            pattern="[0-9,]*",
            max_length=12,
            placeholder=tr("care_page.limits.none"),
            size="3",
            class_name="cc-input",
            aria_describedby=field_id + "-hint",
        ),
        rx.el.p(tr(hint_key), class_name="cc-field-hint", id=field_id + "-hint"),
        class_name="cc-field",
    )


def _pending_row(row: rx.Var) -> rx.Component:
    time_limit = row["name"] == "time_limit_min"
    return rx.el.li(
        tr_by("care_page.limits.pending_", row["name"]),
        ": ",
        rx.el.strong(
            rx.cond(
                row["value"] == "",
                tr("care_page.limits.none"),
                rx.fragment(
                    row["value"], rx.cond(time_limit, tr("care_page.limits.minutes"), tr("care_page.limits.gold"))
                ),
            )
        ),
        " · ",
        tr("care_page.limits.pending_at"),
        " ",
        rx.el.strong(row["at"]),
        data_limit=row["name"],
    )


def _today() -> rx.Component:
    return rx.el.dl(
        rx.el.div(
            rx.el.dt(tr("care_page.limits.played"), class_name="cc-field-hint"),
            rx.el.dd(
                rx.el.strong(grouped(C.played_minutes_today), id="cc-care-played-today"),
                tr("care_page.limits.minutes"),
                margin="0",
            ),
        ),
        rx.el.div(
            rx.el.dt(tr("care_page.limits.lost"), class_name="cc-field-hint"),
            rx.el.dd(rx.el.strong(C.loss_today_text, id="cc-care-loss-today"), tr("care_page.limits.gold"), margin="0"),
        ),
        aria_label=tr("care_page.limits.today"),
        display="flex",
        gap="24px",
        flex_wrap="wrap",
        margin_y="12px",
    )


def _limits_section() -> rx.Component:
    return care_card(
        "care_page.limits.title",
        "cc-care-limits",
        muted("care_page.limits.lead"),
        _today(),
        rx.el.ul(
            rx.el.li(tr("care_page.limits.rule_lower")),
            rx.el.li(tr("care_page.limits.rule_higher")),
            rx.el.li(tr("care_page.limits.rule_stop")),
            class_name="cc-shop-rules",
        ),
        rx.form(
            rx.box(
                _limit_field(
                    "time_limit",
                    "cc-care-time-limit",
                    C.time_limit,
                    "care_page.limits.time_label",
                    "care_page.limits.time_hint",
                ),
                _limit_field(
                    "loss_limit",
                    "cc-care-loss-limit",
                    C.loss_limit,
                    "care_page.limits.loss_label",
                    "care_page.limits.loss_hint",
                ),
                display="grid",
                grid_template_columns="repeat(auto-fill, minmax(240px, 1fr))",
                gap="12px",
            ),
            rx.el.button(
                tr("care_page.limits.save"),
                type="submit",
                class_name="cc-btn cc-btn--primary",
                id="cc-care-limits-save",
            ),
            on_submit=C.save_limits,
        ),
        _saved("limits", "care_page.saved_limits"),
        rx.cond(
            C.pending.length() > 0,
            rx.el.div(
                rx.heading(tr("care_page.limits.pending_title"), as_="h3", size="3", margin_bottom="4px"),
                rx.el.p(tr("care_page.limits.pending_note"), class_name="cc-field-hint"),
                rx.el.ul(rx.foreach(C.pending, _pending_row), class_name="cc-shop-rules"),
                class_name="cc-alert cc-alert--info",
                role="status",
                id="cc-care-pending",
                display="block",
                margin_top="12px",
            ),
        ),
        rx.el.p(
            tr("care_page.limits.shop"),
            " ",
            rx.link(tr("care_page.limits.shop_link"), href="/shop/limits", id="cc-care-shop-limits"),
            class_name="cc-field-hint",
            margin_top="12px",
        ),
    )


def care_page() -> rx.Component:
    """Reality checks, daily limits, breaks, more tools and help (Korean by default)."""
    return shell(
        rx.el.section(
            rx.heading(tr("care_page.title"), as_="h1", size="7", id="care-title", class_name="cc-glow-heading"),
            rx.text(tr("care_page.lead"), color="var(--cc-muted)", margin_bottom="16px"),
            rx.cond(~C.break_dialog_open, alert(C.error, alert_id="cc-care-error")),
            rx.vstack(
                _reality_section(),
                _limits_section(),
                breaks_section(),
                more_section(),
                help_section(),
                spacing="4",
                align="stretch",
            ),
            break_dialog(),
            aria_labelledby="care-title",
            padding_top="16px",
        )
    )


def register(app: rx.App) -> None:
    """Add ``/care`` (players only)."""
    app.add_page(
        care_page,
        route="/care",
        title=tr("page.care_title"),
        on_load=[*page_events.PLAYER, CareState.load, MoodState.load],
    )
