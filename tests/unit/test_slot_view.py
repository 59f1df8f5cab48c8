"""The slot screen's idle face and paytable come from the odds table: hand-computed figures for the shipped one."""

from __future__ import annotations

from casino_app.services.games.slot_table import DEFAULT_SLOT, SlotConfig, SlotSymbol, line_multiplier
from casino_app.services.games.slot_view import BLANK, PayRow, idle_face, paytable


def _table(*symbols: tuple[str, int, str, str], bets: list[int] | None = None) -> SlotConfig:
    return SlotConfig(
        symbols=[SlotSymbol(id=i, weight=w, triple=t, pair=p) for i, w, t, p in symbols],
        bet_options=bets or [1, 100],
    )


def test_the_idle_face_is_three_common_symbols_that_pay_nothing() -> None:
    face = idle_face(DEFAULT_SLOT)
    # weights: cherry 30, lemon 25, bell 18, clover 14, diamond 8, seven 5 → the second, the first, the third
    assert face == ["lemon", "cherry", "bell"]
    assert line_multiplier(DEFAULT_SLOT, tuple(face)) == "0"
    assert "seven" not in face


def test_equal_weights_are_ordered_by_id_and_a_two_symbol_table_idles_blank() -> None:
    tied = _table(("zed", 10, "3", "1"), ("amber", 10, "4", "1"), ("moss", 10, "5", "1"), ("top", 1, "50", "2"))
    assert idle_face(tied) == ["moss", "amber", "zed"]
    two = _table(("left", 5, "3", "1"), ("right", 5, "4", "1"))  # any three reels of two symbols hold a pair
    assert idle_face(two) == [BLANK, BLANK, BLANK]


def test_the_paytable_at_a_bet_for_the_shipped_table() -> None:
    rows = {row.symbol: row for row in paytable(DEFAULT_SLOT, 100)}
    assert list(rows) == ["cherry", "lemon", "bell", "clover", "diamond", "seven"]  # the table's own order
    # weights sum to 100: the chance per reel is the weight in per cent
    assert rows["cherry"] == PayRow("cherry", "30.0", "4", "0.5", 400, 50)
    assert rows["clover"] == PayRow("clover", "14.0", "40", "1.5", 4_000, 150)
    assert rows["seven"] == PayRow("seven", "5.0", "250", "5", 25_000, 500)
    top = {row.symbol: row for row in paytable(DEFAULT_SLOT, 10_000)}
    assert (top["diamond"].triple_gold, top["diamond"].pair_gold) == (1_000_000, 30_000)


def test_pays_are_rounded_down_like_a_round() -> None:
    odd = _table(("aa", 3, "2.5", "1.5"), ("bb", 3, "3", "0.25"), ("cc", 1, "10", "2"))
    rows = {row.symbol: row for row in paytable(odd, 1)}
    assert (rows["aa"].triple_gold, rows["aa"].pair_gold) == (2, 1)  # 2.5 → 2, 1.5 → 1
    assert rows["bb"].pair_gold == 0  # 0.25 of 1 gold
    assert rows["cc"].chance_pct == "14.3"  # 1 / 7


def test_the_reels_stop_at_the_same_pace_whatever_they_show() -> None:
    """docs/fairness.md §10: no anticipation pause when two reels match (no near-miss theatre): the gap between
    reel stops never depends on the symbols."""
    from casino_app.components import slot_machine

    source = slot_machine._SLOT_JS
    assert "tease" not in source.lower()
    waits = [line for line in source.splitlines() if "wait" in line and ("+=" in line or "=" in line)]
    assert waits, "the reel-stop timing was not found"
    assert not any("line[" in line or "shown[" in line or "symbol" in line for line in waits), waits
