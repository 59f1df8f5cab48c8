"""``/games/gacha``: the featured prizes, pulls (with why one is unavailable), the full-screen reveal, the last
pull's prizes and the full disclosure."""

from __future__ import annotations

import reflex as rx

from casino_app.components.forms import alert
from casino_app.components.gacha_parts import featured_banner, item_art, last_pull, pull_panel
from casino_app.components.gacha_reveal import reveal_overlay, script_loader
from casino_app.components.games import reality_bar, stat_tile
from casino_app.components.layout import shell
from casino_app.components.numbers import grouped
from casino_app.components.odds_dialog import odds_dialog
from casino_app.components.table import data_table
from casino_app.state import page_events
from casino_app.state.daily import DailyState
from casino_app.state.gacha import GachaState
from casino_app.state.ui import UIState, tr, tr_by


def _rate_row(row: rx.Var) -> rx.Component:
    return rx.el.tr(
        rx.el.td(tr_by("rarity.", row["rarity"])),
        rx.el.td(row["base"], "%"),
        rx.el.td(row["consolidated"], "%"),
    )


def _item_row(row: rx.Var) -> rx.Component:
    return rx.el.tr(
        rx.el.td(
            item_art(row["art"], 28, class_name="cc-item-art cc-item-art--row"),
            rx.cond(UIState.locale == "en", row["name_en"], row["name_ko"]),
        ),
        rx.el.td(tr_by("rarity.", row["rarity"])),
        rx.el.td(row["probability"], "%"),
        rx.el.td(row["stock"]),
    )


def gacha_odds() -> rx.Component:
    """Full disclosure: rarity rates, consolidated rates with pity, every item, rules, stock."""
    return odds_dialog(
        "cc-gacha-odds",
        "gacha.odds_title",
        data_table(
            ("gacha.col_rarity", "gacha.col_base", "gacha.col_consolidated"),
            GachaState.rates,
            _rate_row,
            id="cc-gacha-rates",
        ),
        rx.el.div(
            data_table(
                ("gacha.col_item", "gacha.col_rarity", "gacha.col_probability", "gacha.col_stock"),
                GachaState.items,
                _item_row,
            ),
            max_height="240px",
            overflow_y="auto",
            margin_top="12px",
            # a scrolling region must be reachable by keyboard (axe: scrollable-region-focusable)
            tab_index=0,
            role="region",
            aria_label=tr("gacha.col_item"),
        ),
        rx.el.ul(
            rx.el.li(tr("gacha.rule_pity")),
            rx.el.li(tr("gacha.rule_ten")),
            rx.el.li(tr("gacha.rule_fallback")),
            rx.el.li(tr("gacha.rule_limit")),
            rx.el.li(tr("gacha.gold_rtp"), " ", GachaState.gold_rtp, "% · v", GachaState.version.to_string()),
            class_name="cc-rules",
        ),
    )


def _when_loaded(value: rx.Var) -> rx.Var:
    """``value`` once the table is loaded, an ellipsis before (never a "0" that is not true)."""
    return rx.cond(GachaState.loaded, value, "…")


def gacha_page() -> rx.Component:
    """The gacha machine."""
    return shell(
        rx.el.section(
            rx.hstack(
                rx.heading(tr("gacha.title"), as_="h1", size="7", class_name="cc-glow-heading", id="gacha-title"),
                rx.spacer(),
                gacha_odds(),
                align="center",
            ),
            reality_bar(),
            featured_banner(),
            rx.el.p(
                rx.icon("users", size=16, aria_hidden="true"),
                tr("gacha.today_prefix"),
                " ",
                rx.el.strong(_when_loaded(grouped(GachaState.players_today)), id="cc-players-today"),
                tr("gacha.today_suffix"),
                class_name="cc-counter",
            ),
            rx.el.div(
                rx.el.div(
                    rx.hstack(
                        rx.el.span(tr("gacha.pity")),
                        rx.spacer(),
                        rx.el.span(
                            _when_loaded(GachaState.pity.to_string() + " / " + GachaState.pity_threshold.to_string()),
                            id="cc-pity",
                        ),
                    ),
                    rx.el.div(
                        rx.el.div(class_name="cc-bar-fill", style={"width": GachaState.pity_percent.to_string() + "%"}),
                        class_name="cc-bar",
                        role="progressbar",
                        aria_valuenow=GachaState.pity_percent.to_string(),
                        aria_valuemin="0",
                        aria_valuemax="100",
                        aria_label=tr("gacha.pity"),
                    ),
                    rx.text(
                        tr("gacha.daily_remaining"),
                        " ",
                        rx.el.strong(_when_loaded(grouped(GachaState.daily_remaining)), id="cc-daily-remaining"),
                        " / ",
                        _when_loaded(grouped(GachaState.daily_limit)),
                        size="2",
                        margin_top="8px",
                    ),
                    class_name="cc-card",
                ),
                pull_panel(),
                class_name="cc-gacha-top",
            ),
            alert(GachaState.error, alert_id="cc-gacha-error"),
            last_pull(),
            rx.el.dl(
                stat_tile("rarity.COMMON", grouped(GachaState.by_rarity["COMMON"])),
                stat_tile("rarity.RARE", grouped(GachaState.by_rarity["RARE"])),
                stat_tile("rarity.EPIC", grouped(GachaState.by_rarity["EPIC"])),
                stat_tile("rarity.LEGENDARY", grouped(GachaState.by_rarity["LEGENDARY"])),
                class_name="cc-card cc-stats-row",
            ),
            rx.link(tr("nav.inventory"), href="/inventory", color="var(--cc-cyan)"),
            reveal_overlay(),
            script_loader(),
            aria_labelledby="gacha-title",
            class_name="cc-game",
        )
    )


def register(app: rx.App) -> None:
    """Add ``/games/gacha`` (players only, checked server-side)."""
    app.add_page(
        gacha_page,
        route="/games/gacha",
        title=tr("page.gacha_title"),
        # the check-in state tells the pull panel whether today's reward is still there to take
        on_load=[*page_events.PLAYER, GachaState.load, DailyState.refresh],
    )
