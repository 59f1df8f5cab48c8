"""``/games/gacha``: pulls, the reveal and the full disclosure."""

from __future__ import annotations

import reflex as rx

from casino_app.components.forms import alert
from casino_app.components.games import rarity_badge, reality_bar, stat_tile
from casino_app.components.layout import shell
from casino_app.components.odds_dialog import odds_dialog
from casino_app.components.table import data_table
from casino_app.state import page_events
from casino_app.state.gacha import GachaState
from casino_app.state.reality import RealityState
from casino_app.state.round_keys import CLICK_KEY
from casino_app.state.ui import UIState, tr


def _rate_row(row: rx.Var) -> rx.Component:
    return rx.el.tr(
        rx.el.td(UIState.messages["rarity." + row["rarity"]]),
        rx.el.td(row["base"], "%"),
        rx.el.td(row["consolidated"], "%"),
    )


def _item_row(row: rx.Var) -> rx.Component:
    return rx.el.tr(
        rx.el.td(rx.cond(UIState.locale == "en", row["name_en"], row["name_ko"])),
        rx.el.td(UIState.messages["rarity." + row["rarity"]]),
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


def _prize(card: rx.Var) -> rx.Component:
    return rx.el.li(
        rarity_badge(card.rarity),  # type: ignore[attr-defined]
        rx.el.strong(rx.cond(UIState.locale == "en", card.name_en, card.name_ko)),  # type: ignore[attr-defined]
        rx.cond(card.pity, rx.el.span(tr("gacha.pity_hit"), class_name="cc-tag")),  # type: ignore[attr-defined]
        rx.cond(card.guarantee, rx.el.span(tr("gacha.guarantee_hit"), class_name="cc-tag")),  # type: ignore[attr-defined]
        rx.cond(card.fell_back, rx.el.span(tr("gacha.fell_back"), class_name="cc-tag")),  # type: ignore[attr-defined]
        class_name="cc-prize cc-prize-" + card.rarity,  # type: ignore[attr-defined]
    )


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
            rx.el.p(
                rx.icon("users", size=16, aria_hidden="true"),
                tr("gacha.today_prefix"),
                " ",
                rx.el.strong(GachaState.players_today.to_string(), id="cc-players-today"),
                tr("gacha.today_suffix"),
                class_name="cc-counter",
            ),
            rx.el.div(
                rx.el.div(
                    rx.hstack(
                        rx.el.span(tr("gacha.pity")),
                        rx.spacer(),
                        rx.el.span(
                            GachaState.pity.to_string(), " / ", GachaState.pity_threshold.to_string(), id="cc-pity"
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
                        rx.el.strong(GachaState.daily_remaining.to_string(), id="cc-daily-remaining"),
                        " / ",
                        GachaState.daily_limit.to_string(),
                        size="2",
                        margin_top="8px",
                    ),
                    class_name="cc-card",
                ),
                rx.el.div(
                    rx.el.button(
                        tr("gacha.pull_one"),
                        " · ",
                        GachaState.cost_single.to_string(),
                        " G",
                        type="button",
                        class_name="cc-btn cc-btn--primary",
                        on_click=GachaState.pull(1, CLICK_KEY),
                        disabled=GachaState.busy | (GachaState.daily_remaining == 0) | RealityState.blocked,
                        id="cc-pull-1",
                    ),
                    rx.el.button(
                        tr("gacha.pull_ten"),
                        " · ",
                        GachaState.cost_ten.to_string(),
                        " G",
                        type="button",
                        class_name="cc-btn cc-btn--ghost",
                        on_click=GachaState.pull(10, CLICK_KEY),
                        disabled=GachaState.busy | (GachaState.daily_remaining == 0) | RealityState.blocked,
                        id="cc-pull-10",
                    ),
                    class_name="cc-pull-buttons",
                ),
                class_name="cc-gacha-top",
            ),
            alert(GachaState.error, alert_id="cc-gacha-error"),
            rx.cond(
                GachaState.pull_id > 0,
                rx.el.ul(
                    rx.foreach(GachaState.prizes, _prize),
                    class_name="cc-prizes cc-reveal-" + GachaState.best_rarity,
                    key=GachaState.pull_id,
                    id="cc-prizes",
                    aria_live="polite",
                ),
            ),
            rx.el.dl(
                stat_tile("rarity.COMMON", GachaState.by_rarity["COMMON"].to_string()),
                stat_tile("rarity.RARE", GachaState.by_rarity["RARE"].to_string()),
                stat_tile("rarity.EPIC", GachaState.by_rarity["EPIC"].to_string()),
                stat_tile("rarity.LEGENDARY", GachaState.by_rarity["LEGENDARY"].to_string()),
                class_name="cc-card cc-stats-row",
            ),
            rx.link(tr("nav.inventory"), href="/inventory", color="var(--cc-cyan)"),
            aria_labelledby="gacha-title",
            class_name="cc-game",
        )
    )


def register(app: rx.App) -> None:
    """Add ``/games/gacha`` (players only, checked server-side)."""
    app.add_page(
        gacha_page, route="/games/gacha", title=tr("page.gacha_title"), on_load=[*page_events.PLAYER, GachaState.load]
    )
