"""The community hub counts real things."""

from __future__ import annotations

from casino_app.services import community
from casino_app.services.games import slot
from tests.support.accounts import new_staff
from tests.support.wallets import player_with_gold


def test_snapshot_counts_players_rounds_and_active_players() -> None:
    community._cache = (0.0, None)
    first, second = player_with_gold(10_000), player_with_gold(10_000)
    new_staff("operator")  # staff are not club members
    slot.spin(first, 100, "a")
    slot.spin(first, 100, "b")
    slot.spin(second, 100, "c")
    snap = community.snapshot()
    assert (snap.players, snap.rounds_today, snap.active_today) == (2, 3, 2)
