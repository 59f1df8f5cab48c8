"""Gacha pieces: item art, what a prize credited, the pull panel (prices, why a pull is unavailable and where gold
comes from), the featured prizes and the last pull's summary. The inventory uses the art and credit lines too."""

from __future__ import annotations

import reflex as rx
from reflex.vars import Var

from casino_app.components.games import rarity_badge
from casino_app.components.ticker import gold_ticker
from casino_app.state.daily import DailyState
from casino_app.state.gacha import GachaState
from casino_app.state.game_catalog import game_keys
from casino_app.state.reality import RealityState
from casino_app.state.round_keys import CLICK_KEY
from casino_app.state.ui import UIState, tr
from casino_app.state.wallet import WalletState


def item_art(src: rx.Var | str, size: int, class_name: str = "cc-item-art") -> rx.Component:
    """An item's picture (decorative: its name is always written next to it)."""
    return rx.el.img(
        src=src, alt="", width=str(size), height=str(size), class_name=class_name, loading="lazy", decoding="async"
    )


def item_name(row: rx.Var) -> rx.Var:
    """The item's name in the active language (``row`` has ``name_ko`` and ``name_en``)."""
    return rx.cond(UIState.locale == "en", row["name_en"], row["name_ko"])


def credit_line(kind: rx.Var, amount: rx.Var) -> rx.Component:
    """What a prize did: "+1,000 G credited", "+50 XP added" or "added to your inventory" (in the active language)."""
    return rx.match(
        kind,
        ("gold", rx.fragment("+", amount, " G ", tr("gacha_ui.gold_credited"))),
        ("xp", rx.fragment("+", amount, " XP ", tr("gacha_ui.xp_added"))),
        rx.fragment(tr("gacha_ui.item_stored")),
    )


# Held from the click until the reveal opens (``/js/cc-gacha.js``), so the header does not show a gold prize first.
HOLD_BALANCE = Var(_js_expr="(window.ccGacha && window.ccGacha.holdForPull())")

# Display-only figures (the server decides every pull): what the tab shows of the balance against the prices.
SHORT_SINGLE = WalletState.has_wallet & GachaState.loaded & (WalletState.gold < GachaState.cost_single)
SHORT_TEN = WalletState.has_wallet & GachaState.loaded & (WalletState.gold < GachaState.cost_ten)
NO_PULLS_LEFT = GachaState.loaded & (GachaState.daily_remaining == 0)
_UNAVAILABLE = ~GachaState.loaded | GachaState.busy | NO_PULLS_LEFT | RealityState.blocked


def _price(text: rx.Var) -> rx.Component:
    return rx.cond(GachaState.loaded, rx.fragment(text, " G"), tr("gacha_ui.loading"))


def _pull_button(count: int, label_key: str, price: rx.Var, short: rx.Var, element_id: str, tone: str) -> rx.Component:
    return rx.el.button(
        tr(label_key),
        " · ",
        _price(price),
        type="button",
        class_name=f"cc-btn cc-btn--{tone}",
        on_click=[rx.run_script(HOLD_BALANCE), GachaState.pull(count, CLICK_KEY)],
        disabled=_UNAVAILABLE | short,
        aria_describedby="cc-pull-reason",
        data_short=rx.cond(short, "true", "false"),
        id=element_id,
    )


def _earn_paths() -> rx.Component:
    """Where gold comes from, each a feature that exists here (the roulette only while it is on offer)."""
    links = [
        rx.cond(
            ~DailyState.claimed_today,
            rx.el.li(
                rx.el.button(
                    rx.icon("calendar-check", size=16, aria_hidden="true"),
                    tr("gacha_ui.earn_daily"),
                    type="button",
                    class_name="cc-link-button",
                    on_click=DailyState.set_open(True),
                    id="cc-earn-daily",
                )
            ),
        ),
        rx.el.li(
            rx.link(rx.icon("target", size=16, aria_hidden="true"), tr("gacha_ui.earn_missions"), href="/missions")
        ),
    ]
    if "roulette" in game_keys():
        links.append(
            rx.el.li(
                rx.link(
                    rx.icon("ferris-wheel", size=16, aria_hidden="true"),
                    tr("gacha_ui.earn_roulette"),
                    href="/games/roulette",
                )
            )
        )
    links.append(
        rx.el.li(rx.link(rx.icon("shopping-bag", size=16, aria_hidden="true"), tr("gacha_ui.earn_shop"), href="/shop"))
    )
    return rx.el.div(
        rx.el.p(tr("gacha_ui.earn_title"), class_name="cc-earn-title"),
        rx.el.ul(*links, class_name="cc-earn-list"),
        id="cc-earn",
    )


def _balance_line(label_key: str, price: rx.Var) -> rx.Component:
    return rx.el.span(
        tr("gacha_ui.balance"),
        " ",
        rx.el.strong(gold_ticker(WalletState.gold, element_id="cc-short-balance")),
        " G · ",
        tr(label_key),
        " ",
        price,
        " G",
    )


def pull_reason() -> rx.Component:
    """Why a pull button is disabled, and where gold comes from (always in the page: the buttons point to it)."""
    return rx.el.div(
        rx.cond(
            NO_PULLS_LEFT,
            rx.el.p(tr("gacha_ui.limit_reached"), id="cc-limit-reached"),
            rx.cond(
                SHORT_SINGLE | SHORT_TEN,
                rx.fragment(
                    rx.el.p(
                        rx.el.strong(rx.cond(SHORT_SINGLE, tr("gacha_ui.short_title"), tr("gacha_ui.short_ten"))),
                        " ",
                        rx.cond(
                            SHORT_SINGLE,
                            _balance_line("gacha.pull_one", GachaState.cost_single_text),
                            _balance_line("gacha.pull_ten", GachaState.cost_ten_text),
                        ),
                        id="cc-short",
                    ),
                    _earn_paths(),
                ),
            ),
        ),
        class_name="cc-pull-reason",
        id="cc-pull-reason",
    )


def pull_panel() -> rx.Component:
    """The two pull buttons with their prices, and the reason when one cannot be used."""
    return rx.el.div(
        _pull_button(1, "gacha.pull_one", GachaState.cost_single_text, SHORT_SINGLE, "cc-pull-1", "primary"),
        _pull_button(10, "gacha.pull_ten", GachaState.cost_ten_text, SHORT_TEN, "cc-pull-10", "ghost"),
        pull_reason(),
        class_name="cc-pull-buttons",
    )


def _featured_item(row: rx.Var) -> rx.Component:
    return rx.el.li(
        item_art(row["art"], 96),
        rarity_badge(row["rarity"]),
        rx.el.strong(item_name(row)),
        rx.el.span(tr("gacha_ui.per_pull"), " ", row["probability"], "%", class_name="cc-featured-chance"),
        class_name="cc-featured-item cc-featured-" + row["rarity"],
        data_item=row["item_id"],
    )


def featured_banner() -> rx.Component:
    """The table's Epic and Legendary prizes with their art and exact per-pull chance."""
    return rx.el.section(
        rx.heading(tr("gacha_ui.featured_title"), as_="h2", size="4", id="cc-featured-title"),
        rx.cond(
            GachaState.loaded,
            rx.el.ul(rx.foreach(GachaState.featured, _featured_item), class_name="cc-featured-list"),
            rx.el.p(tr("gacha_ui.loading"), class_name="cc-gx-muted"),
        ),
        class_name="cc-card cc-featured",
        aria_labelledby="cc-featured-title",
        id="cc-featured",
    )


def prize_tags(card: rx.Var) -> rx.Component:
    """What decided the prize besides the plain draw: hard pity, the 10-pull guarantee, a sold-out fallback."""
    return rx.fragment(
        rx.cond(card.pity, rx.el.span(tr("gacha.pity_hit"), class_name="cc-tag")),  # type: ignore[attr-defined]
        rx.cond(card.guarantee, rx.el.span(tr("gacha.guarantee_hit"), class_name="cc-tag")),  # type: ignore[attr-defined]
        rx.cond(card.fell_back, rx.el.span(tr("gacha.fell_back"), class_name="cc-tag")),  # type: ignore[attr-defined]
    )


def _prize(card: rx.Var) -> rx.Component:
    return rx.el.li(
        item_art(card.art, 56),  # type: ignore[attr-defined]
        rx.el.div(
            rarity_badge(card.rarity),  # type: ignore[attr-defined]
            rx.el.strong(rx.cond(UIState.locale == "en", card.name_en, card.name_ko)),  # type: ignore[attr-defined]
            rx.el.span(credit_line(card.kind, card.amount), class_name="cc-gx-credit"),  # type: ignore[attr-defined]
            prize_tags(card),
            class_name="cc-prize-text",
        ),
        class_name="cc-card cc-card--inset cc-prize cc-prize-" + card.rarity,  # type: ignore[attr-defined]
        data_item=card.item_id,  # type: ignore[attr-defined]
        data_rarity=card.rarity,  # type: ignore[attr-defined]
    )


def pull_totals(element_id: str) -> rx.Component:
    """What the latest pull credited: gold, XP and inventory items (only the parts it had), and a level-up."""
    return rx.el.p(
        rx.cond(
            GachaState.total_gold > 0,
            rx.el.span(
                "+", GachaState.total_gold_text, " G ", tr("gacha_ui.gold_credited"), class_name="cc-gx-total-gold"
            ),
        ),
        rx.cond(
            GachaState.total_xp > 0,
            rx.el.span("+", GachaState.total_xp_text, " XP ", tr("gacha_ui.xp_added"), class_name="cc-gx-total-xp"),
        ),
        rx.cond(
            GachaState.total_items > 0,
            rx.el.span(
                tr("gacha_ui.items_label"), " ×", GachaState.total_items.to_string(), class_name="cc-gx-total-items"
            ),
        ),
        rx.cond(
            GachaState.leveled_up,
            rx.el.span(tr("gacha_ui.level_up"), " ", GachaState.level.to_string(), class_name="cc-gx-total-level"),
        ),
        class_name="cc-pull-totals",
        id=element_id,
    )


def last_pull() -> rx.Component:
    """The latest pull's prizes and credits, kept on the page after the reveal closes."""
    return rx.cond(
        GachaState.pull_id > 0,
        rx.el.section(
            rx.hstack(
                rx.heading(tr("gacha_ui.last_pull"), as_="h2", size="4", id="cc-last-pull-title"),
                rx.spacer(),
                rx.link(tr("gacha_ui.to_inventory"), href="/inventory", class_name="cc-gx-link"),
                align="center",
            ),
            pull_totals("cc-pull-summary"),
            rx.el.ul(
                rx.foreach(GachaState.prizes, _prize),
                class_name="cc-prizes cc-prizes--art",
                key=GachaState.pull_id,
                id="cc-prizes",
            ),
            class_name="cc-card cc-last-pull",
            aria_labelledby="cc-last-pull-title",
            tab_index=-1,
            id="cc-last-pull",
        ),
    )
