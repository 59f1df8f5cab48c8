"""What the overlays print (in the overlay's own language, numbers grouped) and that their tokens stay out of logs."""

from __future__ import annotations

from datetime import UTC, datetime

from casino_app.core.logging import redact_text
from casino_app.services.overlays import data
from casino_app.state.overlay import big_win_row, feed_row, ranked_row

AT = datetime(2026, 11, 29, 3, 5, tzinfo=UTC)  # 12:05 in Seoul


def test_feed_and_big_win_rows_in_both_languages() -> None:
    win = data.Moment(7, "big_win", "별빛부엉이", {"game": "slot", "amount": 12_500, "multiplier": "2.50"}, AT)
    assert feed_row(win, "ko") == {
        "id": "7",
        "kind": "big_win",
        "text": "별빛부엉이님이 슬롯에서 12,500 골드 당첨!",
        "at": "12:05",
    }
    assert big_win_row(win, "en")["amount"] == "12,500 gold"
    assert big_win_row(win, "ko")["detail"] == "슬롯 · 2.50배"
    pull = data.Moment(8, "legendary", "Neo", {"game": "gacha", "item_ko": "용의 알", "item_en": "Dragon egg"}, AT)
    assert "Dragon egg" in feed_row(pull, "en")["text"]
    assert "용의 알" in feed_row(pull, "ko")["text"]


def test_ranked_rows_group_thousands() -> None:
    assert ranked_row(data.Ranked(3, "Neo", 12_345)) == {"id": "3", "rank": "3", "nickname": "Neo", "score": "12,345"}


def test_overlay_tokens_are_redacted_from_logs() -> None:
    token = "ccov_" + "A1b2" * 10
    assert token not in redact_text(f"GET /overlay/feed?{'to' + 'ken'}={token}&lang=en")
    assert token not in redact_text(f"opened with {token}")
