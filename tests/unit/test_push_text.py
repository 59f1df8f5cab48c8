"""The words a web push carries: catalog kinds in the player's language, operators' own words, safe fallbacks."""

from __future__ import annotations

import json

from casino_app.services.messaging import push, text


def test_catalog_kinds_use_the_notify_text_in_the_players_language() -> None:
    ko = text.notification_text("level_up", {"level": 5}, "ko")
    en = text.notification_text("level_up", {"level": 5}, "en")
    assert ko == text.MessageText("카지노 클럽", "레벨 5 달성! 축하해요.")
    assert en.title == "Casino Club"
    assert "5" in en.body
    assert en.body.isascii()
    assert text.notification_text("level_up", {"level": 5}, "fr") == ko  # unknown language: Korean


def test_amounts_are_signed_and_language_suffixed_parameters_are_picked() -> None:
    adjusted = text.notification_text("gold_adjusted", {"amount": 12000}, "ko")
    assert "+12,000" in adjusted.body
    unlocked = text.notification_text(
        "achievement_unlocked", {"name_ko": "첫 슬롯", "name_en": "First slot", "gold": 100, "xp": 5}, "en"
    )
    assert "First slot" in unlocked.body
    assert "첫 슬롯" not in unlocked.body


def test_unknown_kinds_fall_back_to_the_generic_line() -> None:
    assert text.notification_text("no_such_kind", {}, "ko").body == "새 소식이 있어요."


def test_operator_messages_carry_their_own_words_with_korean_as_the_fallback() -> None:
    both = {"ko": {"title": "점검 안내", "body": "새벽 2시 점검"}, "en": {"title": "Maintenance", "body": "2 a.m."}}
    assert text.notification_text("broadcast", both, "en") == text.MessageText("Maintenance", "2 a.m.")
    korean_only = {"ko": {"title": "이벤트", "body": "주말 이벤트가 열렸어요."}}
    assert text.notification_text("campaign", korean_only, "en") == text.MessageText(
        "이벤트", "주말 이벤트가 열렸어요."
    )
    long_body = {"ko": {"title": "t" * 300, "body": "가" * 2000}}
    clipped = text.notification_text("broadcast", long_body, "ko")
    assert len(clipped.title) == text.TITLE_MAX
    assert len(clipped.body) == text.BODY_MAX
    assert clipped.body.endswith("…")


def test_the_payload_fits_a_push_and_points_at_the_notification_center() -> None:
    body = {"ko": {"title": "가" * 60, "body": "나" * 500}}
    raw = push.payload(42, "broadcast", body, "ko")
    assert len(raw) < 3000  # push services take 4096 bytes after encryption overhead
    decoded = json.loads(raw)
    assert decoded["url"] == "/notifications"
    assert decoded["tag"] == "cc-notification-42"
    assert decoded["lang"] == "ko"
