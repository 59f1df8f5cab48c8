"""Outcomes in words: symbol, hand, rarity and item names from the catalogs and the odds tables, per language."""

from __future__ import annotations

from casino_app.services.games import gacha_text, registry
from casino_app.services.games.gacha_table import DEFAULT_GACHA


def test_slot_reels_are_named() -> None:
    slot = registry.get("slot")
    outcome = {"reels": ["diamond", "cherry", "diamond"], "multiplier": "3"}
    assert slot.outcome_text(outcome, "ko") == "다이아몬드 · 체리 · 다이아몬드 ×3"
    assert slot.outcome_text(outcome, "en") == "Diamond · Cherry · Diamond ×3"
    assert slot.verify_text(outcome, "ko") == ["다이아몬드 · 체리 · 다이아몬드 ×3"]
    # A symbol a newer table added before the catalogs named it stays readable as its id.
    assert slot.outcome_text({"reels": ["comet", "bell", "seven"], "multiplier": "0"}, "ko") == "comet · 종 · 세븐 ×0"


def test_rps_hands_and_verdicts_are_named() -> None:
    rps = registry.get("rps")
    outcome = {"player_move": "ROCK", "server_move": "SCISSORS", "outcome": "WIN"}
    assert rps.outcome_text(outcome, "ko") == "바위 vs 가위 · 승리"
    assert rps.outcome_text(outcome, "en") == "Rock vs Scissors · Win"
    assert rps.verify_text(outcome, "ko") == ["하우스: 가위"]
    assert rps.verify_text(outcome, "en") == ["House: Scissors"]


def test_roulette_segments_use_the_tables_labels() -> None:
    roulette = registry.get("roulette")
    outcome = {"segment_index": 4, "kind": "gold", "amount": 500, "label_ko": "골드 500", "label_en": "500 gold"}
    assert roulette.outcome_text(outcome, "ko") == "#4 골드 500"
    assert roulette.verify_text(outcome, "en") == ["#4 500 gold"]


def test_crash_rounds_are_described() -> None:
    crash = registry.get("crash")
    assert crash.outcome_text({"round_number": 12, "cashout_multiplier": 215}, "ko") == "#12 2.15배에 캐시아웃"
    assert crash.outcome_text({"round_number": 13, "crash_point": 137}, "en") == "#13 crashed at 1.37×"
    assert crash.outcome_text({"round_number": 14}, "ko") == "#14 패배"


def _pull(rarity: str, item_id: str, **extra: object) -> dict[str, object]:
    return {"rarity": rarity, "item_id": item_id, "drawn_rarity": rarity, "drawn_item_id": item_id, **extra}


def test_gacha_pulls_are_named_from_the_round_or_the_table() -> None:
    gacha = registry.get("gacha")
    stored = {
        "pulls": [
            _pull("COMMON", "xp_50", name_ko="경험치 부스터 +50", name_en="XP booster +50", pity_before=3),
            _pull("RARE", "title_lucky", name_ko="칭호: 행운아", name_en="Title: Lucky one", pity_before=4),
        ]
    }
    assert gacha.outcome_text(stored, "ko") == "일반 경험치 부스터 +50, 레어 칭호: 행운아"
    assert gacha.outcome_text(stored, "en") == "Common XP booster +50, Rare Title: Lucky one"
    # A recomputed outcome stores no names: the table the round used names them.
    recomputed = {"pulls": [_pull("RARE", "gold_8k"), _pull("COMMON", "frame_neon")]}
    assert gacha.verify_text(recomputed, "ko", DEFAULT_GACHA) == ["레어 · 골드 상자 8,000", "일반 · 네온 프레임"]
    assert gacha.verify_text(recomputed, "en", None) == ["Rare · gold_8k", "Common · frame_neon"]


def test_a_sold_out_fallback_names_what_was_drawn_first() -> None:
    swapped = {
        "pulls": [
            {
                "rarity": "RARE",
                "item_id": "xp_300",
                "drawn_rarity": "RARE",
                "drawn_item_id": "title_lucky",
                "name_ko": "경험치 부스터 +300",
                "name_en": "XP booster +300",
            }
        ]
    }
    assert gacha_text.verify_text(swapped, "ko", DEFAULT_GACHA) == [
        "레어 · 경험치 부스터 +300 (품절로 대체 — 원래 뽑힌 것: 레어 · 칭호: 행운아)"
    ]


def test_gacha_recorded_inputs_are_read_from_the_pulls() -> None:
    outcome = {
        "pulls": [
            _pull("COMMON", "xp_50", pity_before=7, sold_out=[]),
            _pull("RARE", "gold_8k", pity_before=8, sold_out=["avatar_dragon"]),
        ]
    }
    assert registry.get("gacha").recorded_inputs(outcome) == {
        "count": 2,
        "pity_before": 7,
        "sold_out": [[], ["avatar_dragon"]],
    }
    assert gacha_text.sold_out_text(outcome) == "2:avatar_dragon"
    assert registry.get("slot").recorded_inputs({"reels": []}) == {}
