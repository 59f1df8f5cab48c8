"""The dealer's catalog and rules without a database: no pressure words in any line (dealer, mood and quiz copy),
no promise the app does not keep, both languages alike, context first (loss streaks and long sessions suggest a
break and link only to the care settings; a "win" that paid back no more than the stake is not celebrated), varied
lines, and a bounded context."""

from __future__ import annotations

import itertools
import re

import pytest

from casino_app.i18n import CATALOGS
from casino_app.services.care import feedback
from casino_app.services.care import feedback_catalog as catalog
from tests.support.env import environment

# Near-miss talk, chasing, urgency and upselling, in both languages (matched case-insensitively, spaces loose).
FORBIDDEN_EN = (
    "almost",
    "so close",
    "nearly",
    "just missed",
    "near miss",
    "one more",
    "another round",
    "another spin",
    "try again",
    "next time for sure",
    "next time",
    "you're due",
    "due for",
    "keep going",
    "keep spinning",
    "keep playing",
    "don't stop",
    "win it back",
    "win back",
    "chase",
    "hurry",
    "last chance",
    "don't miss",
    "now or never",
    "limited time",
    "bet more",
    "raise your bet",
    "bigger bet",
    "buy more",
    "top up",
    "discount",
    "sale",
    "bonus offer",
    "lucky streak",
    "hot streak",
    "come back",
    "play now",
    "play on",
    "at your own pace",
    "part of the game",
    # promises the app does not keep: breaks start at once (nothing is scheduled); no link sets the bet
    "schedule",
    "at the lowest bet",
)
FORBIDDEN_KO = (
    "아깝",
    "아쉽",
    "거의",
    "한 번 더",
    "한번 더",
    "한 판 더",
    "한판 더",
    "다음엔 꼭",
    "다음에는 꼭",
    "이번엔 꼭",
    "조금만 더",
    "마지막 기회",
    "기회",
    "놓치지",
    "서둘러",
    "지금 바로",
    "만회",
    "되찾",
    "본전",
    "다시 도전",
    "계속 돌",
    "계속 하",
    "계속해",
    "더 걸",
    "베팅을 올",
    "더 사",
    "충전",
    "할인",
    "특가",
    "곧 터",
    "대박",
    "다시 와",
    "돌아와",
    "고 와요",
    "었다 와",
    "다녀와",
    "지금 플레이",
    "바로 플레이",
    "플레이하러",
    "게임의 일부",
    # promises the app does not keep, and the app's own word for reality checks ("이용 시간 알림")
    "쉬는 시간을 정",
    "가장 낮은 베팅으로",
    "리얼리티",
)


def _pattern(phrase: str) -> re.Pattern[str]:
    body = r"\s*".join(re.escape(part) for part in phrase.split())
    return re.compile(rf"\b{body}\b" if phrase.isascii() else body, re.IGNORECASE)


def _lines(prefixes: tuple[str, ...] = ("dealer.", "mood.", "quiz.")) -> list[tuple[str, str, str]]:
    return [
        (locale, key, text)
        for locale, messages in CATALOGS.items()
        for key, text in messages.items()
        if key.startswith(prefixes)
    ]


def test_no_line_in_either_language_uses_a_pressure_word() -> None:
    lines = _lines()
    assert len(lines) > 100
    patterns = [_pattern(p) for p in (*FORBIDDEN_EN, *FORBIDDEN_KO)]
    offenders = [(locale, key, p.pattern) for locale, key, text in lines for p in patterns if p.search(text)]
    assert offenders == []


def test_the_scan_would_catch_a_forbidden_line() -> None:
    patterns = [_pattern(p) for p in (*FORBIDDEN_EN, *FORBIDDEN_KO)]
    for bad in (
        "So  close! One more spin?",
        "아까워요, 한 번 더!",
        "거의 다 왔어요",
        "Next time for sure",
        "잠깐 쉬었다 와요",
        "스트레칭하고 와요",
        "Come back soon!",
        "설정에서 쉬는 시간을 정할 수 있어요",
        "You can schedule a break",
        "슬롯으로 (가장 낮은 베팅으로)",
        "리얼리티 체크 간격",
        "Losing rounds are part of the game",
    ):
        assert any(p.search(bad) for p in patterns), bad


def test_korean_care_copy_calls_reality_checks_what_the_app_calls_them() -> None:
    ko = CATALOGS["ko"]
    assert "이용 시간 알림" in ko["quiz.interval_applied"]
    assert "이용 시간 알림" in ko["quiz.interval_kept"]
    assert "reality-check" in CATALOGS["en"]["quiz.interval_applied"]


def test_no_dealer_line_links_into_a_game() -> None:
    for kind, spec in catalog.KINDS.items():
        assert spec.link in ("", catalog.CARE_LINK), kind
    for locale, key, text in _lines(("dealer.",)):
        assert "/games" not in text, (locale, key)


def test_both_languages_have_the_same_kinds_and_variant_counts() -> None:
    said = {
        locale: {key for key in messages if key.startswith(catalog.PREFIX)} for locale, messages in CATALOGS.items()
    }
    assert said["ko"] == said["en"]
    kinds_in_catalog = {key[len(catalog.PREFIX) :].rsplit(".", 1)[0] for key in said["ko"]}
    assert kinds_in_catalog == set(catalog.KINDS)
    for kind in catalog.KINDS:
        counts = {locale: len(catalog.variant_keys(kind, locale)) for locale in CATALOGS}
        assert counts["ko"] == counts["en"] >= 3, (kind, counts)
        numbers = [int(key.rsplit(".", 1)[1]) for key in catalog.variant_keys(kind)]
        assert numbers == list(range(1, len(numbers) + 1)), kind


def test_every_kind_has_a_line_without_placeholders_and_only_known_placeholders() -> None:
    for kind in catalog.KINDS:
        assert catalog.usable(kind, frozenset()), kind
        for key in catalog.variant_keys(kind):
            for messages in CATALOGS.values():
                assert catalog.placeholders(messages[key]) <= catalog.PLACEHOLDERS, key


def test_action_types_kinds_and_animations_fit_together() -> None:
    assert set(catalog.ACTION_TYPES) <= set(catalog.KINDS)
    assert {spec.animation for spec in catalog.KINDS.values()} <= set(catalog.ANIMATIONS)
    for kind in ("loss_streak", "long_session"):
        assert catalog.KINDS[kind].animation == "rest"
        assert catalog.KINDS[kind].link == "/care"
    celebratory = {k for k, spec in catalog.KINDS.items() if spec.animation == "cheer"}
    assert not celebratory & {"even", "loss", "loss_streak", "long_session", "purchase"}


@pytest.mark.parametrize(
    ("action", "context", "kind"),
    [
        ("loss", {"loss_streak": 2}, "loss"),
        ("loss", {"loss_streak": 3}, "loss_streak"),
        ("win", {"loss_streak": 4, "net": 500}, "loss_streak"),
        ("big_win", {"session_minutes": 60, "net": 9_000}, "long_session"),
        ("level_up", {"session_minutes": 75, "level": 3}, "long_session"),
        ("win_streak", {"loss_streak": 3, "win_streak": 5}, "loss_streak"),
        ("win", {"net": 0}, "even"),
        ("big_win", {"net": -50}, "even"),
        ("win", {"net": 1}, "win"),
        ("win", {}, "win"),
        ("purchase", {"loss_streak": 9, "session_minutes": 300}, "purchase"),
        ("loss_streak", {}, "loss_streak"),
        ("long_session", {"session_minutes": 5}, "long_session"),
        ("daily_checkin", {"days": 3}, "daily_checkin"),
    ],
)
def test_context_decides_the_kind(action: str, context: dict, kind: str) -> None:
    assert feedback.kind_for(action, feedback.parse_context(context)) == kind


def test_placeholders_are_filled_from_the_context() -> None:
    feedback.reset_memory()
    seen = set()
    for _ in range(40):
        reaction = feedback.react(7, "loss", {"game": "slot", "net": -1_500})
        seen.add(reaction.messages["en"])
        assert "{" not in reaction.messages["ko"] + reaction.messages["en"]
    assert "You lost 1,500 gold at Slot. Please keep to the budget you set." in seen
    streak = {feedback.react(7, "loss", {"loss_streak": 4}).messages["ko"] for _ in range(40)}
    assert "4판 연속으로 잃었어요. 여기서 잠시 쉬어 가는 건 어때요?" in streak


@pytest.mark.parametrize("action", catalog.ACTION_TYPES)
def test_every_action_renders_with_and_without_context(action: str) -> None:
    full = {"loss_streak": 0, "win_streak": 2, "session_minutes": 10, "net": 300, "level": 4, "days": 2, "game": "rps"}
    for context in ({}, None, full):
        reaction = feedback.react(11, action, context)
        assert reaction.animation in catalog.ANIMATIONS
        assert reaction.character == "haru"
        for text in reaction.messages.values():
            assert text
            assert "{" not in text
            assert "}" not in text


def test_a_player_never_gets_the_same_line_twice_in_a_row() -> None:
    feedback.reset_memory()
    for action in ("win", "loss", "loss_streak", "purchase"):
        picks = [feedback.react(21, action).variant for _ in range(30)]
        assert all(a != b for a, b in itertools.pairwise(picks)), (action, picks)
        assert len(set(picks)) >= 2


def test_an_unreachable_redis_falls_back_without_crashing() -> None:
    feedback.reset_memory()
    with environment(REDIS_URL="redis://127.0.0.1:1/0"):
        picks = [feedback.react(5, "win").variant for _ in range(10)]
    assert all(a != b for a, b in itertools.pairwise(picks))


@pytest.mark.parametrize(
    ("action", "context", "field"),
    [
        ("jackpot", {}, "action_type"),
        ("", {}, "action_type"),
        ("win", {"mood": 1}, "mood"),
        ("win", {"net": True}, "net"),
        ("win", {"net": 1.5}, "net"),
        ("win", {"net": "100"}, "net"),
        ("loss", {"loss_streak": -1}, "loss_streak"),
        ("loss", {"loss_streak": 1001}, "loss_streak"),
        ("win", {"net": 10**13}, "net"),
        ("win", {"game": "poker"}, "game"),
        ("win", {"game": 3}, "game"),
        ("level_up", {"level": 0}, "level"),
        ("win", [1, 2], "context"),
        ("win", {f"k{i}": 1 for i in range(20)}, "context"),
    ],
)
def test_bad_input_is_a_422(action: str, context: object, field: str) -> None:
    with pytest.raises(feedback.FeedbackInvalid) as caught:
        feedback.react(1, action, context)  # type: ignore[arg-type]
    assert caught.value.status == 422
    assert caught.value.details["field"] == field
