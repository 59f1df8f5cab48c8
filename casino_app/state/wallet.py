"""The player's gold as displayed (the ledger is the truth; realtime pushes keep this fresh)."""

from __future__ import annotations

import asyncio

import reflex as rx

from casino_app.core import clock
from casino_app.i18n import CATALOGS
from casino_app.services import ledger
from casino_app.state.auth import AuthState, require_player


class WalletState(rx.State):
    """Display-only balance of the tab's player; never used to decide a debit."""

    gold: int = 0
    has_wallet: bool = False
    _owner: int = 0  # whose balance ``gold`` is
    _version: int = 0  # the ledger version of ``gold``; older balances arriving late are ignored

    @rx.event
    async def refresh(self) -> None:
        """Re-read the balance from the ledger."""
        user = await require_player(self)
        if user is None:
            self.gold, self.has_wallet, self._owner, self._version = 0, False, 0, 0
            return
        wallet = await asyncio.to_thread(ledger.wallet_snapshot, user.id)
        self._apply_balance(user.id, wallet.gold, wallet.version)

    def _apply_balance(self, user_id: int, gold: int, version: int) -> None:
        """Show ``user_id``'s balance unless a newer one is shown (pushes and replies can arrive out of order)."""
        if user_id != self._owner:
            self._owner, self._version = user_id, 0
        if version < self._version:
            return
        self.gold, self._version = int(gold), version
        self.has_wallet = True


class WalletHistoryState(rx.State):
    """The wallet history page, keyset-paginated."""

    items: list[dict[str, str]] = []
    next_cursor: str = ""
    loading: bool = False

    async def _page(self, cursor: str | None) -> rx.event.EventSpec | None:
        user = await require_player(self)
        if user is None:
            return (await self.get_state(AuthState))._leave_player_page()
        self.loading = True
        try:
            page = await asyncio.to_thread(ledger.history, user.id, limit=20, cursor=cursor)
        finally:
            self.loading = False
        rows = [
            {
                "id": str(item.id),
                "kind": item.kind if f"ledger.kind.{item.kind}" in CATALOGS["ko"] else "OTHER",
                "amount": f"{item.amount:+,}",
                "positive": "1" if item.amount > 0 else "",
                "balance_after": f"{item.balance_after:,}",
                "reference": item.reference,
                "created_at": clock.kst_text(item.created_at),
            }
            for item in page.items
        ]
        self.items = rows if cursor is None else [*self.items, *rows]
        self.next_cursor = page.next_cursor or ""
        return None

    @rx.event
    async def load(self) -> rx.event.EventSpec | None:
        """First page."""
        return await self._page(None)

    @rx.event
    async def more(self) -> rx.event.EventSpec | None:
        """The next page."""
        if not self.next_cursor:
            return None
        return await self._page(self.next_cursor)
