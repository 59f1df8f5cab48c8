"""Mission cards: title, progress bar, reward and claim button; the onboarding (first steps) panel for home."""

from __future__ import annotations

from typing import Literal

import reflex as rx

from casino_app.components.empty_state import empty_state
from casino_app.components.forms import alert
from casino_app.state.missions import MissionsState
from casino_app.state.round_keys import CLICK_KEY
from casino_app.state.ui import UIState, tr

M = MissionsState


def _text(row: rx.Var, field: str) -> rx.Var:
    return rx.cond(UIState.locale == "en", row[field + "_en"], row[field + "_ko"])


def _claim_button(row: rx.Var) -> rx.Component:
    return rx.cond(
        row["claimed"] != "",
        rx.el.span(
            rx.icon("check", size=14, aria_hidden="true"), tr("missions.claimed"), class_name="cc-badge cc-badge--ok"
        ),
        rx.el.button(
            rx.cond(row["claimable"] != "", tr("missions.claim"), tr("missions.in_progress")),
            type="button",
            class_name=rx.cond(row["claimable"] != "", "cc-btn cc-btn--primary", "cc-btn cc-btn--ghost"),
            disabled=(row["claimable"] == "") | (M.claiming != ""),
            aria_busy=M.claiming == row["id"],
            on_click=M.claim(row["id"], CLICK_KEY),
            id="cc-mission-claim-" + row["key"],
        ),
    )


def mission_card(row: rx.Var, *, with_link: bool = False, level: Literal["h2", "h3"] = "h3") -> rx.Component:
    """One mission: title (a heading at ``level``), description, ``progress / goal`` with a bar, the reward and
    its claim button."""
    bar_id = "cc-mission-bar-" + row["key"]
    return rx.el.article(
        rx.hstack(
            rx.heading(_text(row, "title"), as_=level, size="4"),
            rx.spacer(),
            rx.el.span(row["progress"], " / ", row["goal"], class_name="cc-level-xp", id=bar_id + "-label"),
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
            aria_labelledby=bar_id + "-label",
            aria_label=tr("missions.progress_label"),
            margin_y="8px",
        ),
        rx.hstack(
            rx.el.span(rx.icon("gift", size=14, aria_hidden="true"), " ", _text(row, "reward"), class_name="cc-badge"),
            rx.spacer(),
            *(
                [
                    rx.cond(
                        row["completed"] == "",
                        rx.link(tr("missions.go"), href=row["href"], class_name="cc-btn cc-btn--ghost"),
                    )
                ]
                if with_link
                else []
            ),
            _claim_button(row),
            width="100%",
            align="center",
            spacing="3",
        ),
        class_name="cc-card",
        data_mission=row["key"],
    )


def mission_list(rows: rx.Var, *, with_link: bool = False, level: Literal["h2", "h3"] = "h3") -> rx.Component:
    """Cards of ``rows`` (or the empty text); each card's title is a heading at ``level`` (one below the section's)."""
    return rx.cond(
        rows.length() > 0,  # type: ignore[attr-defined]
        rx.box(
            rx.foreach(rows, lambda row: mission_card(row, with_link=with_link, level=level)),
            display="grid",
            grid_template_columns="repeat(auto-fill, minmax(280px, 1fr))",
            gap="12px",
        ),
        empty_state("target", "empty.missions.title", "empty.missions.body", element_id="cc-missions-empty"),
    )


def claim_messages() -> rx.Component:
    """The last claim's result or error."""
    return rx.fragment(
        alert(M.error, alert_id="cc-missions-error"),
        alert(M.result, tone="success", alert_id="cc-missions-result"),
    )


def onboarding_panel() -> rx.Component:
    """The first-steps card for home and the welcome screen (load it with ``MissionsState.refresh``).

    Hidden for guests and staff (no rows); once every first step is claimed it says so and steps aside.
    """
    return rx.cond(
        M.onboarding.length() > 0,  # type: ignore[attr-defined]
        rx.el.section(
            rx.heading(tr("missions.onboarding_title"), as_="h2", size="6", id="cc-onboarding-title"),
            rx.cond(
                M.onboarding_done,
                rx.text(tr("missions.onboarding_done"), id="cc-onboarding-done"),
                rx.fragment(
                    rx.text(tr("missions.onboarding_lead"), color="var(--cc-muted)", margin_bottom="12px"),
                    claim_messages(),
                    mission_list(M.onboarding, with_link=True),
                ),
            ),
            rx.link(tr("missions.see_all"), href="/missions", class_name="cc-shop-tab", margin_top="12px"),
            aria_labelledby="cc-onboarding-title",
            class_name="cc-card",
            id="cc-onboarding-panel",
        ),
    )
