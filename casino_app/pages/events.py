"""``/events``: time-limited events — cards with their KST window and an honest countdown, joining, the chosen
event's missions with progress and claims, and its leaderboard."""

from __future__ import annotations

import reflex as rx

from casino_app.components.empty_state import empty_state
from casino_app.components.forms import alert
from casino_app.components.layout import shell
from casino_app.components.shop import Countdown
from casino_app.components.table import data_table
from casino_app.state import page_events
from casino_app.state.events import EventsState
from casino_app.state.round_keys import CLICK_KEY
from casino_app.state.ui import UIState, tr

E = EventsState
_PHASES = ("upcoming", "live", "ended")
_COUNTS_TO = {"upcoming": "events.starts_in", "live": "events.ends_in", "ended": "events.claims_close_in"}


def _text(row: rx.Var, name: str) -> rx.Var:
    return rx.cond(UIState.locale == "en", row[f"{name}_en"], row[f"{name}_ko"])


def _phase_badge(phase: rx.Var) -> rx.Component:
    return rx.match(
        phase,
        ("live", rx.el.span(tr("events.phase_live"), class_name="cc-badge cc-badge--ok")),
        ("upcoming", rx.el.span(tr("events.phase_upcoming"), class_name="cc-badge")),
        rx.el.span(tr("events.phase_ended"), class_name="cc-badge cc-badge--off"),
    )


def _countdown(row: rx.Var) -> rx.Component:
    """Counts to the start, the end, or the end of the claim period (the server's times, not the device's)."""
    return rx.el.p(
        rx.icon("clock", size=14, aria_hidden="true"),
        " ",
        rx.match(row["phase"], *[(p, tr(_COUNTS_TO[p])) for p in _PHASES], ""),
        " ",
        Countdown.create(
            ends=row["countdown_ms"],
            now=E.server_now_ms,
            day_unit=tr("shop.day_unit"),
            ended_label=tr("events.time_up"),
            id="cc-event-countdown-" + row["id"],
        ),
        class_name="cc-field-hint",
    )


def event_card(row: rx.Var) -> rx.Component:
    """One event: phase, title, window (KST), countdown, participation, join and details."""
    is_selected = E.selected_id == row["id"]
    return rx.el.article(
        rx.hstack(
            _phase_badge(row["phase"]),
            rx.cond(row["joined"] != "", rx.el.span(tr("events.joined"), class_name="cc-badge cc-badge--ok")),
            spacing="2",
        ),
        rx.heading(_text(row, "title"), as_="h2", size="5", margin_top="8px"),
        rx.text(_text(row, "description"), size="2", color="var(--cc-muted)"),
        rx.el.p(tr("events.window"), " ", row["window"], " ", tr("events.kst"), class_name="cc-field-hint"),
        _countdown(row),
        rx.cond(
            row["joined"] != "",
            rx.el.p(tr("events.my_points"), " ", row["points"], class_name="cc-field-hint"),
        ),
        rx.hstack(
            rx.cond(
                (row["phase"] == "live") & (row["joined"] == ""),
                rx.el.button(
                    tr("events.join"),
                    type="button",
                    class_name="cc-btn cc-btn--primary",
                    on_click=E.join(row["id"]),
                    disabled=E.busy,
                    id="cc-event-join-" + row["id"],
                ),
            ),
            rx.el.button(
                tr("events.details"),
                type="button",
                class_name=rx.cond(is_selected, "cc-btn cc-btn--ghost", "cc-btn"),
                aria_pressed=rx.cond(is_selected, "true", "false"),
                on_click=E.select(row["id"]),
                id="cc-event-details-" + row["id"],
            ),
            spacing="3",
            margin_top="12px",
        ),
        class_name="cc-card cc-card--glow",
        data_event=row["key"],
    )


def _mission_action(row: rx.Var) -> rx.Component:
    return rx.cond(
        row["claimable"] != "",
        rx.el.button(
            tr("events.claim"),
            type="button",
            class_name="cc-btn cc-btn--primary",
            on_click=E.claim(row["id"], CLICK_KEY),
            disabled=E.busy,
            id="cc-event-claim-" + row["id"],
        ),
        rx.el.span(
            rx.cond(row["claimed"] != "", tr("events.claimed"), tr("events.in_progress")),
            class_name=rx.cond(row["claimed"] != "", "cc-badge cc-badge--ok", "cc-badge cc-badge--off"),
        ),
    )


def mission_item(row: rx.Var) -> rx.Component:
    """A mission: title, description, progress bar, reward and its claim button."""
    return rx.el.li(
        rx.hstack(
            rx.el.strong(_text(row, "title")),
            rx.spacer(),
            _mission_action(row),
            width="100%",
            align="center",
        ),
        rx.text(_text(row, "description"), size="2", color="var(--cc-muted)"),
        rx.el.div(
            rx.el.div(class_name="cc-bar-fill", style={"width": row["percent"] + "%"}),
            class_name="cc-bar",
            role="progressbar",
            aria_valuemin="0",
            aria_valuemax="100",
            aria_valuenow=row["percent"],
            aria_label=_text(row, "title"),
        ),
        rx.el.p(
            row["progress"],
            " / ",
            row["goal"],
            " · ",
            tr("events.reward"),
            rx.cond(row["gold"] != "", rx.fragment(" ", row["gold"], " G")),
            rx.cond(row["xp"] != "", rx.fragment(" ", row["xp"], " XP")),
            class_name="cc-field-hint",
        ),
        class_name="cc-card",
        id="cc-event-mission-" + row["id"],
    )


def _leader_row(row: rx.Var) -> rx.Component:
    return rx.el.tr(
        rx.el.td(row["rank"]),
        rx.el.td(row["nickname"], rx.cond(row["me"] != "", rx.fragment(" ", tr("events.you")))),
        rx.el.td(row["points"]),
        class_name=rx.cond(row["me"] != "", "cc-row-me", ""),
    )


def leaderboard() -> rx.Component:
    """The chosen event's top players and the player's own place."""
    return rx.el.section(
        rx.heading(tr("events.leaderboard"), as_="h3", size="4", id="cc-event-board-title"),
        rx.text(tr("events.leaderboard_rule"), size="1", color="var(--cc-muted)"),
        rx.cond(
            E.leaders.length() > 0,
            data_table(
                ("events.col_rank", "events.col_player", "events.col_points"),
                E.leaders,
                _leader_row,
                id="cc-event-board",
            ),
            empty_state(
                "podium",
                "empty.event_board.title",
                "empty.event_board.body",
                element_id="cc-event-board-empty",
                compact=True,
            ),
        ),
        rx.el.p(
            tr("events.my_rank"),
            " ",
            rx.cond(E.my_rank != "", E.my_rank, "-"),
            " · ",
            tr("events.my_points"),
            " ",
            E.my_points,
            rx.cond(E.my_hidden, rx.fragment(" · ", tr("events.hidden_note"))),
            class_name="cc-field-hint",
            id="cc-event-my-rank",
        ),
        class_name="cc-card",
        aria_labelledby="cc-event-board-title",
    )


def selected_event() -> rx.Component:
    """The chosen event's missions and leaderboard."""
    s = E.selected
    return rx.cond(
        E.selected_id != "",
        rx.el.section(
            rx.heading(_text(s, "title"), as_="h2", size="6", id="cc-event-selected-title"),
            rx.cond(
                (s["phase"] == "live") & (s["joined"] == ""),
                rx.el.div(tr("events.join_to_progress"), class_name="cc-alert cc-alert--info", role="note"),
            ),
            rx.cond(
                s["phase"] == "ended",
                rx.el.p(
                    tr("events.claims_until"), " ", s["claims_close"], " ", tr("events.kst"), class_name="cc-field-hint"
                ),
            ),
            rx.heading(tr("events.missions"), as_="h3", size="4"),
            rx.el.ul(
                rx.foreach(E.missions, mission_item), class_name="cc-list", style={"list_style": "none", "padding": 0}
            ),
            leaderboard(),
            aria_labelledby="cc-event-selected-title",
            display="grid",
            gap="12px",
        ),
    )


def events_page() -> rx.Component:
    """Cards, then the chosen event."""
    return shell(
        rx.el.section(
            rx.heading(tr("events.title"), as_="h1", size="7", id="events-title", class_name="cc-glow-heading"),
            rx.text(tr("events.lead"), color="var(--cc-muted)", margin_bottom="12px"),
            alert(E.error, alert_id="cc-events-error"),
            rx.cond(
                E.claimed.length() > 0,
                rx.el.div(
                    tr("events.claimed_notice"),
                    " ",
                    rx.cond(UIState.locale == "en", E.claimed["title_en"], E.claimed["title_ko"]),
                    " · ",
                    E.claimed["gold"],
                    " G",
                    class_name="cc-alert cc-alert--success",
                    role="status",
                    id="cc-events-claimed",
                ),
            ),
            rx.cond(
                E.events.length() > 0,
                rx.box(
                    rx.foreach(E.events, event_card),
                    display="grid",
                    grid_template_columns="repeat(auto-fill, minmax(280px, 1fr))",
                    gap="16px",
                    margin_bottom="16px",
                ),
                rx.cond(
                    E.loaded,
                    empty_state("calendar", "empty.events.title", "empty.events.body", element_id="cc-events-empty"),
                ),
            ),
            selected_event(),
            aria_labelledby="events-title",
            padding_top="16px",
        )
    )


def register(app: rx.App) -> None:
    """Add ``/events`` (players only)."""
    app.add_page(
        events_page,
        route="/events",
        title=tr("page.events_title"),
        on_load=[*page_events.PLAYER, EventsState.load],
    )
