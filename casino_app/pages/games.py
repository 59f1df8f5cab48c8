"""``/games/slot``, ``/games/gacha``, ``/inventory`` and ``/games/history``."""

from __future__ import annotations

import reflex as rx

from casino_app.components.forms import alert
from casino_app.components.games import rarity_badge, reality_bar, reel, stat_tile
from casino_app.components.layout import shell
from casino_app.components.table import data_table
from casino_app.state import page_events
from casino_app.state.games import CLICK_KEY, GachaState, HistoryState, RealityState, SlotState
from casino_app.state.ui import UIState, tr


def _odds_dialog(trigger_id: str, title_key: str, *body: rx.Component) -> rx.Component:
    return rx.dialog.root(
        rx.dialog.trigger(
            rx.el.button(
                rx.icon("scale", size=16, aria_hidden="true"),
                tr("games.odds"),
                type="button",
                class_name="cc-btn cc-btn--ghost cc-btn--small",
                id=trigger_id,
            )
        ),
        rx.dialog.content(
            rx.dialog.title(tr(title_key), class_name="cc-glow-heading"),
            *body,
            rx.hstack(
                rx.dialog.close(rx.el.button(tr("daily.close"), type="button", class_name="cc-btn cc-btn--ghost")),
                justify="end",
                margin_top="16px",
            ),
            class_name="cc-card",
            max_width="640px",
        ),
    )


# --- slot ------------------------------------------------------------------------------------


def _paytable_row(row: rx.Var) -> rx.Component:
    return rx.el.tr(
        rx.el.td(UIState.messages["slot.symbol." + row["id"]]),
        rx.el.td(row["chance"], "%"),
        rx.el.td("×", row["pair"]),
        rx.el.td("×", row["triple"]),
    )


def slot_odds() -> rx.Component:
    """The published paytable, RTP and bonus rule."""
    return _odds_dialog(
        "cc-slot-odds",
        "slot.odds_title",
        rx.text(tr("slot.rtp"), " ", rx.el.strong(SlotState.declared_rtp, "%"), " · v", SlotState.version.to_string()),
        data_table(
            ("slot.col_symbol", "slot.col_chance", "slot.col_pair", "slot.col_triple"),
            SlotState.paytable,
            _paytable_row,
            id="cc-slot-paytable",
        ),
        rx.text(tr("slot.rules"), size="2", color="var(--cc-muted)", margin_top="12px"),
    )


def _bet_button(bet: rx.Var) -> rx.Component:
    return rx.el.button(
        bet.to_string(),
        type="button",
        class_name="cc-bet",
        aria_pressed=rx.cond(SlotState.bet == bet, "true", "false"),
        on_click=SlotState.choose_bet(bet),
    )


def slot_page() -> rx.Component:
    """The slot machine."""
    return shell(
        rx.el.section(
            rx.hstack(
                rx.heading(tr("slot.title"), as_="h1", size="7", class_name="cc-glow-heading", id="slot-title"),
                rx.spacer(),
                slot_odds(),
                align="center",
            ),
            reality_bar(),
            rx.el.div(
                rx.el.div(
                    reel(0, SlotState.reels[0], SlotState.spin_id),
                    reel(1, SlotState.reels[1], SlotState.spin_id),
                    reel(2, SlotState.reels[2], SlotState.spin_id),
                    class_name=rx.cond(SlotState.celebrate, "cc-reels cc-reels--win", "cc-reels"),
                    key=SlotState.spin_id,
                    aria_live="polite",
                ),
                rx.el.div(
                    rx.cond(
                        SlotState.spin_id > 0,
                        rx.cond(
                            SlotState.celebrate,
                            rx.el.p(
                                tr("slot.win"),
                                " ",
                                rx.el.strong(SlotState.win_text, " G"),
                                " (×",
                                SlotState.multiplier,
                                ")",
                                class_name="cc-result cc-result--win",
                                id="cc-slot-result",
                            ),
                            rx.el.p(
                                rx.cond(SlotState.win > 0, tr("slot.returned"), tr("slot.no_win")),
                                " ",
                                rx.cond(SlotState.win > 0, rx.el.strong(SlotState.win_text, " G"), ""),
                                class_name="cc-result",
                                id="cc-slot-result",
                            ),
                        ),
                    ),
                    rx.cond(
                        SlotState.bonus_pct > 0,
                        rx.el.p(
                            tr("slot.streak_bonus"), " +", SlotState.bonus_pct.to_string(), "%", class_name="cc-bonus"
                        ),
                    ),
                    class_name="cc-result-area",
                ),
                class_name="cc-card cc-machine",
                id="cc-machine",
                data_spin=SlotState.spin_id.to_string(),
                data_win=SlotState.win.to_string(),
                data_bet=SlotState.last_bet.to_string(),
            ),
            alert(SlotState.error, alert_id="cc-slot-error"),
            rx.el.div(
                rx.el.span(tr("slot.bet"), class_name="cc-label"),
                rx.el.div(
                    rx.foreach(SlotState.bet_options, _bet_button),
                    class_name="cc-bets",
                    role="group",
                    aria_label=tr("slot.bet"),
                ),
                rx.el.button(
                    rx.icon("rotate-cw", size=20, aria_hidden="true"),
                    rx.cond(SlotState.busy, tr("slot.spinning"), tr("slot.spin")),
                    type="button",
                    class_name="cc-btn cc-btn--primary cc-spin",
                    on_click=SlotState.spin(CLICK_KEY),
                    disabled=SlotState.busy,
                    id="cc-spin",
                ),
                class_name="cc-controls",
            ),
            rx.el.dl(
                stat_tile("games.rounds", SlotState.stats["rounds"]),
                stat_tile("games.wins", SlotState.stats["wins"]),
                stat_tile("games.best", SlotState.stats["best"]),
                stat_tile("games.net", SlotState.stats["net"]),
                class_name="cc-card cc-stats-row",
            ),
            rx.el.p(
                tr("games.proof"),
                " ",
                rx.el.code(SlotState.proof_hash),
                " · ",
                tr("games.nonce"),
                " ",
                SlotState.proof_nonce.to_string(),
                " · ",
                rx.link(tr("games.verify_link"), href="/fairness"),
                class_name="cc-proof",
            ),
            aria_labelledby="slot-title",
            class_name="cc-game",
        )
    )


# --- gacha -----------------------------------------------------------------------------------


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
    return _odds_dialog(
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
                        disabled=GachaState.busy | (GachaState.daily_remaining == 0),
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
                        disabled=GachaState.busy | (GachaState.daily_remaining == 0),
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


def inventory_page() -> rx.Component:
    """Owned cosmetics."""
    return shell(
        rx.el.section(
            rx.heading(tr("inventory.title"), as_="h1", size="7", class_name="cc-glow-heading", id="inventory-title"),
            rx.cond(
                GachaState.inventory.length() > 0,
                rx.el.ul(
                    rx.foreach(
                        GachaState.inventory,
                        lambda item: rx.el.li(
                            rarity_badge(item["rarity"]),
                            rx.el.strong(rx.cond(UIState.locale == "en", item["name_en"], item["name_ko"])),
                            rx.text("×", item["quantity"], " · ", item["since"], size="1", color="var(--cc-muted)"),
                            class_name="cc-card cc-prize cc-prize-" + item["rarity"],
                        ),
                    ),
                    class_name="cc-prizes",
                    id="cc-inventory",
                ),
                rx.text(tr("inventory.empty"), color="var(--cc-muted)"),
            ),
            aria_labelledby="inventory-title",
            padding_top="16px",
        )
    )


def _history_row(row: rx.Var) -> rx.Component:
    return rx.el.tr(
        rx.el.td(row["at"]),
        rx.el.td(UIState.messages["games.name." + row["game"]]),
        rx.el.td(row["summary"]),
        rx.el.td(row["bet"]),
        rx.el.td(row["net"], class_name=rx.cond(row["positive"] != "", "cc-amount-plus", "cc-amount-minus")),
        rx.el.td(rx.el.code(row["hash"]), " #", row["nonce"]),
        rx.el.td(rx.link(tr("games.verify_link"), href="/fairness?round=" + row["id"])),
    )


def history_page() -> rx.Component:
    """The player's rounds with proofs."""
    return shell(
        rx.el.section(
            rx.heading(tr("history.title"), as_="h1", size="7", class_name="cc-glow-heading", id="history-title"),
            rx.hstack(
                *[
                    rx.el.button(
                        tr(key),
                        type="button",
                        class_name="cc-bet",
                        aria_pressed=rx.cond(HistoryState.game == value, "true", "false"),
                        on_click=HistoryState.filter(value),
                    )
                    for key, value in (("history.all", ""), ("games.name.slot", "slot"), ("games.name.gacha", "gacha"))
                ],
                spacing="2",
                margin_y="12px",
            ),
            rx.cond(
                HistoryState.items.length() > 0,
                rx.el.div(
                    data_table(
                        (
                            "history.col_when",
                            "history.col_game",
                            "history.col_outcome",
                            "history.col_bet",
                            "history.col_net",
                            "history.col_proof",
                            "history.col_verify",
                        ),
                        HistoryState.items,
                        _history_row,
                        id="cc-history-table",
                    ),
                    class_name="cc-card",
                    overflow_x="auto",
                ),
                rx.text(tr("history.empty"), color="var(--cc-muted)"),
            ),
            rx.cond(
                HistoryState.next_cursor != "",
                rx.el.button(
                    tr("wallet.more"),
                    type="button",
                    class_name="cc-btn cc-btn--ghost",
                    on_click=HistoryState.more,
                    margin_top="12px",
                ),
            ),
            aria_labelledby="history-title",
            padding_top="16px",
        )
    )


def register(app: rx.App) -> None:
    """Add the game pages (players only, checked server-side)."""
    app.add_page(
        slot_page, route="/games/slot", title=tr("page.slot_title"), on_load=[*page_events.PLAYER, SlotState.load]
    )
    app.add_page(
        gacha_page, route="/games/gacha", title=tr("page.gacha_title"), on_load=[*page_events.PLAYER, GachaState.load]
    )
    app.add_page(
        inventory_page,
        route="/inventory",
        title=tr("page.inventory_title"),
        on_load=[*page_events.PLAYER, GachaState.load_inventory],
    )
    app.add_page(
        history_page,
        route="/games/history",
        title=tr("page.history_title"),
        on_load=[*page_events.PLAYER, HistoryState.load, RealityState.refresh],
    )
