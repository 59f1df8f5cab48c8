"""Presence: a tab counts as open only while some process keeps re-marking it (web push relies on it)."""

from __future__ import annotations

import pytest

from casino_app.services import realtime


def test_a_registered_tab_is_present_until_its_mark_lapses(monkeypatch: pytest.MonkeyPatch) -> None:
    now = [1_000_000.0]
    monkeypatch.setattr(realtime.time, "time", lambda: now[0])
    monkeypatch.setattr(realtime, "get_redis", lambda: None)
    realtime.register_tab(424242, "tab-a")
    try:
        assert realtime.is_present(424242)
        assert realtime.local_owners()["tab-a"] == 424242
        now[0] += realtime.PRESENCE_TTL_SECONDS + 1
        assert not realtime.is_present(424242)  # still registered for its events, but nobody re-marked it
        assert realtime.tabs_of(424242) == ["tab-a"]
        realtime.mark_present({424242})  # what the process holding the websocket does every few seconds
        assert realtime.is_present(424242)
    finally:
        realtime.unregister_tab(424242, "tab-a")
    assert "tab-a" not in realtime.local_owners()
