"""``/wallet``: the player's gold history (kinds in Korean, paged)."""

from __future__ import annotations

import reflex as rx

from casino_app.components.empty_state import empty_state
from casino_app.components.layout import shell
from casino_app.components.table import SCROLL_X, data_table
from casino_app.components.ticker import gold_ticker
from casino_app.state import page_events
from casino_app.state.daily import DailyState
from casino_app.state.ui import tr, tr_by
from casino_app.state.wallet import WalletHistoryState, WalletState


def _row(item: rx.Var) -> rx.Component:
    return rx.el.tr(
        rx.el.td(item["created_at"]),
        rx.el.td(tr_by("ledger.kind.", item["kind"])),
        rx.el.td(item["amount"], class_name=rx.cond(item["positive"] != "", "cc-amount-plus", "cc-amount-minus")),
        rx.el.td(item["balance_after"]),
    )


def wallet_page() -> rx.Component:
    """Balance and history."""
    return shell(
        rx.el.section(
            rx.heading(tr("wallet.title"), as_="h1", size="7", id="wallet-title", class_name="cc-glow-heading"),
            rx.text(tr("wallet.lead"), color="var(--cc-muted)", margin_bottom="16px"),
            rx.el.div(
                rx.text(tr("wallet.balance"), size="2", color="var(--cc-muted)"),
                rx.el.div(
                    gold_ticker(WalletState.gold, element_id="cc-wallet-balance"), " G", class_name="cc-big-number"
                ),
                class_name="cc-card",
                margin_bottom="16px",
            ),
            rx.cond(
                WalletHistoryState.items.length() > 0,
                rx.el.div(
                    data_table(
                        ("wallet.col_when", "wallet.col_kind", "wallet.col_amount", "wallet.col_balance"),
                        WalletHistoryState.items,
                        _row,
                        id="cc-wallet-table",
                    ),
                    class_name="cc-card",
                    **SCROLL_X,
                ),
                empty_state(
                    "wallet",
                    "empty.wallet.title",
                    "empty.wallet.body",
                    on_click=DailyState.set_open(True),
                    action="empty.wallet.go",
                    element_id="cc-wallet-empty",
                ),
            ),
            rx.cond(
                WalletHistoryState.next_cursor != "",
                rx.el.button(
                    tr("wallet.more"),
                    type="button",
                    class_name="cc-btn cc-btn--ghost",
                    on_click=WalletHistoryState.more,
                    disabled=WalletHistoryState.loading,
                    margin_top="16px",
                    id="cc-wallet-more",
                ),
            ),
            aria_labelledby="wallet-title",
            padding_top="16px",
        )
    )


def register(app: rx.App) -> None:
    """Add ``/wallet`` (players only)."""
    app.add_page(
        wallet_page,
        route="/wallet",
        title=tr("page.wallet_title"),
        on_load=[*page_events.PLAYER, WalletHistoryState.load],
    )
