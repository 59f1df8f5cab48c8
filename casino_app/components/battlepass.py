"""Battle pass pieces: a reward cell of the track (what it gives, its state, its claim button) and a tier column."""

from __future__ import annotations

import reflex as rx

from casino_app.state.battlepass import BattlePassState
from casino_app.state.ui import UIState, tr

S = BattlePassState
ICONS = {"gold": "coins", "xp": "sparkles", "item": "gift"}

CELL_STYLE = {
    "display": "flex",
    "flex_direction": "column",
    "align_items": "center",
    "gap": "6px",
    "min_height": "132px",
    "text_align": "center",
}  # surface, border and radius: the shared inset card (CELL_CLASS)
CELL_CLASS = "cc-card cc-card--inset"


def reward_text(row: rx.Var, track: str) -> rx.Component:
    """``1,000 gold``, ``50 XP`` or ``Roulette ticket ×2``, in the active language."""
    kind, amount = row[f"{track}_kind"], row[f"{track}_amount"]
    name = rx.cond(UIState.locale == "en", row[f"{track}_name_en"], row[f"{track}_name_ko"])
    return rx.el.span(
        rx.match(
            kind,
            ("gold", rx.fragment(amount, " ", tr("battlepass.gold_unit"))),
            ("xp", rx.fragment(amount, " ", tr("battlepass.xp_unit"))),
            rx.fragment(name, " ×", amount),
        ),
        font_weight="700",
        font_size="var(--cc-font-sm)",
    )


def _state_line(row: rx.Var, track: str) -> rx.Component:
    state = row[f"{track}_state"]
    element_id = "cc-bp-claim-" + row["prefix"] + track + "-" + row["level"]
    return rx.match(
        state,
        (
            "claimable",
            rx.el.button(
                tr("battlepass.claim"),
                type="button",
                class_name="cc-iconbtn",
                disabled=S.busy,
                on_click=S.claim(row["id"], track),
                id=element_id,
            ),
        ),
        (
            "claimed",
            rx.el.span(
                rx.icon("check", size=14, aria_hidden="true"),
                tr("battlepass.claimed"),
                class_name="cc-badge cc-badge--ok",
                id=element_id,
            ),
        ),
        (
            "premium",
            rx.el.span(
                rx.icon("lock", size=14, aria_hidden="true"),
                tr("battlepass.needs_premium"),
                class_name="cc-badge cc-badge--off",
                id=element_id,
            ),
        ),
        rx.el.span(
            rx.icon("lock", size=14, aria_hidden="true"),
            tr("battlepass.locked"),
            class_name="cc-badge cc-badge--off",
            id=element_id,
        ),
    )


def reward_cell(row: rx.Var, track: str) -> rx.Component:
    """One track's reward at a tier: greyed with a lock until it can be claimed, a claim button when it can."""
    kind, state = row[f"{track}_kind"], row[f"{track}_state"]
    locked = (state == "locked") | (state == "premium")
    return rx.cond(
        kind != "",
        rx.el.div(
            rx.match(
                kind,
                *[(k, rx.icon(icon, size=22, aria_hidden="true")) for k, icon in ICONS.items()],
                rx.icon("gift", size=22, aria_hidden="true"),
            ),
            reward_text(row, track),
            _state_line(row, track),
            style=CELL_STYLE,
            class_name=CELL_CLASS,
            opacity=rx.cond(locked, "0.55", "1"),
            filter=rx.cond(locked, "grayscale(0.8)", "none"),
            data_state=state,
        ),
        rx.el.div(
            rx.text(tr("battlepass.no_reward"), size="1", color="var(--cc-muted)"),
            style=CELL_STYLE,
            class_name=CELL_CLASS,
            opacity="0.4",
        ),
    )


def tier_column(row: rx.Var) -> rx.Component:
    """A tier: its number and pass XP, the free reward above the premium one."""
    return rx.el.li(
        rx.el.div(
            rx.el.strong(tr("battlepass.tier"), " ", row["level"]),
            rx.el.div(row["xp_required"], " XP", font_size="var(--cc-font-xs)", color="var(--cc-muted)"),
            text_align="center",
            color=rx.cond(row["reached"] != "", "var(--cc-cyan)", "var(--cc-muted)"),
        ),
        reward_cell(row, "free"),
        reward_cell(row, "premium"),
        display="flex",
        flex_direction="column",
        gap="8px",
        min_width="120px",
        list_style="none",
        padding="8px",
        border_radius="var(--cc-radius-md)",
        border=rx.cond(row["current"] != "", "1px solid var(--cc-pink)", "1px solid transparent"),
        id="cc-bp-tier-" + row["prefix"] + row["level"],
        aria_label=tr("battlepass.tier") + " " + row["level"],
    )


def track_labels() -> rx.Component:
    """The row names beside the track: free above premium."""
    label = {"display": "flex", "align_items": "center", "min_height": "132px", "font_weight": "700"}
    return rx.el.div(
        rx.el.div(height="44px"),
        rx.el.div(tr("battlepass.track_free"), style=label),
        rx.el.div(rx.icon("crown", size=16, aria_hidden="true"), tr("battlepass.track_premium"), style=label),
        display="flex",
        flex_direction="column",
        gap="8px",
        padding="8px 0",
        min_width="84px",
    )
