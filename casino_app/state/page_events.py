"""The ``on_load`` chains every page uses: who is here, their gold, their notifications."""

from __future__ import annotations

from casino_app.state.auth import AuthState
from casino_app.state.daily import DailyState
from casino_app.state.feed import FeedState
from casino_app.state.notifications import NotificationState
from casino_app.state.wallet import WalletState

# Public pages: resolve the tab's user (if any) for the header, balance and side panel.
PUBLIC = [
    AuthState.refresh_identity,
    WalletState.refresh,
    NotificationState.refresh,
    FeedState.refresh,
    DailyState.refresh_badge,
]
# Player pages: the same, but guests are sent to the login page first (server-side check).
PLAYER = [
    AuthState.require_player,
    WalletState.refresh,
    NotificationState.refresh,
    FeedState.refresh,
    DailyState.refresh_badge,
]
# The admin console: staff only.
STAFF = [AuthState.require_staff]
