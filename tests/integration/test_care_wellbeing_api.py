"""Dealer feedback, the mood check-in and the play-style quiz over REST and through their Reflex handlers: players
only, 422 for anything outside the vocabulary, one mood per KST day even under 20 concurrent answers, no mood link
into a staked game, and a quiz that only ever shortens the reality-check interval, never applies a limit by itself
and never suggests a limit above the player's own."""

from __future__ import annotations

import asyncio
import itertools
from datetime import UTC, datetime, timedelta

import pytest

import casino_app.casino_app  # noqa: F401 - registers every state (in the context every test starts from)
from casino_app.core import clock
from casino_app.i18n import CATALOGS
from casino_app.services.care import exclusions, mood, quiz, settings
from tests.support.accounts import bearer, new_player
from tests.support.api import api_client, assert_envelope
from tests.support.care import count_rows, staff_headers
from tests.support.state_harness import handler_state

pytestmark = pytest.mark.anyio

CALM = {"session": "short", "budget": "set_budget", "enjoy": "relaxed", "after_loss": "calm", "time": "evening"}
GENTLE = {**CALM, "after_loss": "make_up", "time": "late_night"}
EN = {"Accept-Language": "en-US"}


async def test_mood_once_a_day_with_a_gentle_suggestion() -> None:
    pair = new_player()
    headers = bearer(pair.access_token)
    async with api_client() as client:
        assert_envelope(await client.get("/api/mood"), 401)
        assert_envelope(await client.get("/api/mood", headers=await staff_headers(client)), 403)
        empty = (await client.get("/api/mood", headers=headers)).json()
        assert empty["checkin"] is None
        assert empty["moods"] == list(mood.MOODS)
        assert_envelope(await client.post("/api/mood", json={"mood": "ecstatic"}, headers=headers), 422)
        assert_envelope(await client.post("/api/mood", json={}, headers=headers), 422)
        first = await client.post("/api/mood", json={"mood": "okay"}, headers=headers)
        assert first.status_code == 200, first.text
        # a new player still has today's free roulette spin: the suggestion costs no gold
        assert (first.json()["suggestion"], first.json()["link"]) == ("free_roulette", "/games/roulette")
        assert first.json()["mood_label"] == "그저 그래요"
        again = await client.post("/api/mood", json={"mood": "great"}, headers=headers)
        error = assert_envelope(again, 409, "MOOD_ALREADY_TODAY")
        assert error["details"] == {"mood": "okay", "suggestion": "free_roulette"}
        today = (await client.get("/api/mood", headers={**headers, **EN})).json()
        assert today["checkin"]["mood"] == "okay"
        assert today["checkin"]["mood_label"] == "Okay"
    assert count_rows("SELECT count(*) FROM mood_checkins WHERE user_id = :u", u=pair.user.id) == 1


async def test_okay_without_a_free_spin_gets_advice_and_a_care_link_not_a_game() -> None:
    from casino_app.services.accounts import identity
    from casino_app.services.games import roulette

    pair = new_player()
    uid = pair.user.id
    while roulette.available(uid).free_left > 0:
        roulette.spin(identity.load(uid), f"mood-free-{roulette.available(uid).free_left}")
    async with api_client() as client:
        answer = await client.post("/api/mood", json={"mood": "okay"}, headers=bearer(pair.access_token))
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert (body["suggestion"], body["link"]) == ("lower_bet", "/care")
    assert "한도" in body["message"]
    assert "/games" not in body["message"]


async def test_low_moods_and_breaks_get_rest() -> None:
    tired, on_break = new_player().user.id, new_player().user.id
    assert mood.checkin(tired, "tired").suggestion == "rest"
    exclusions.start(on_break, "cool_off", "24h")
    rested = mood.checkin(on_break, "great")
    assert (rested.suggestion, rested.link) == ("rest", "/care")


async def test_a_new_kst_day_asks_again() -> None:
    uid = new_player().user.id
    # 23:50 KST, then 00:10 KST the next day
    frozen = clock.FrozenClock(datetime(2026, 12, 1, 14, 50, tzinfo=UTC))
    with clock.use_clock(frozen):
        assert mood.checkin(uid, "good").suggestion == "enjoy"
        with pytest.raises(mood.MoodAlreadyToday):
            mood.checkin(uid, "down")
        frozen.advance(timedelta(minutes=20))
        assert mood.today(uid) is None
        assert mood.checkin(uid, "down").suggestion == "rest"
    assert count_rows("SELECT count(*) FROM mood_checkins WHERE user_id = :u", u=uid) == 2


async def test_twenty_concurrent_checkins_store_exactly_one() -> None:
    pair = new_player()
    headers = bearer(pair.access_token)
    async with api_client() as client:
        answers = await asyncio.gather(
            *(
                client.post("/api/mood", json={"mood": m}, headers=headers)
                for m in itertools.islice(itertools.cycle(mood.MOODS), 20)
            )
        )
    statuses = sorted(r.status_code for r in answers)
    assert statuses == [200] + [409] * 19, statuses
    assert count_rows("SELECT count(*) FROM mood_checkins WHERE user_id = :u", u=pair.user.id) == 1


# --- quiz ------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"answers": {}},
        {"answers": {k: v for k, v in CALM.items() if k != "budget"}},
        {"answers": {**CALM, "time": "noon"}},
        {"answers": {**CALM, "risk": "high"}},
        {"answers": {**CALM, "session": 2}},
        {"answers": CALM, "extra": True},
        {"answers": [CALM]},
    ],
)
async def test_quiz_refuses_missing_or_unknown_answers(body: dict) -> None:
    headers = bearer(new_player().access_token)
    async with api_client() as client:
        assert_envelope(await client.post("/api/quiz/submit", json=body, headers=headers), 422)


async def test_quiz_result_and_the_interval_only_ever_gets_shorter() -> None:
    pair = new_player()
    uid = pair.user.id
    headers = bearer(pair.access_token)
    async with api_client() as client:
        assert_envelope(await client.get("/api/quiz"), 401)
        assert_envelope(await client.post("/api/quiz/submit", json={"answers": CALM}), 401)
        assert (await client.get("/api/quiz", headers=headers)).json() is None

        calm = await client.post("/api/quiz/submit", json={"answers": CALM}, headers=headers)
        assert calm.status_code == 200, calm.text
        assert calm.json()["style"] == "relaxed"
        assert calm.json()["reality_interval"] == {"suggested": 30, "previous": 30, "applied": False}
        assert settings.get(uid).reality_interval_min == 30

        gentle = await client.post("/api/quiz/submit", json={"answers": GENTLE}, headers={**headers, **EN})
        body = gentle.json()
        assert body["reality_interval"] == {"suggested": 15, "previous": 30, "applied": True}
        assert body["suggested_limits"] == {"time_limit_min": 30, "loss_limit_gold": 1000}
        assert body["limit_advice"] == [
            {"name": "time_limit_min", "value": 30, "current": None, "action": "set"},
            {"name": "loss_limit_gold", "value": 1000, "current": None, "action": "set"},
        ]
        assert body["games"][0] == {"game": "roulette", "name": CATALOGS["en"]["games.name.roulette"], "note": "free"}
        assert body["style_name"] == "Easy stroller"
        view = settings.get(uid)
        assert view.reality_interval_min == 15
        assert (view.time_limit_min, view.loss_limit_gold) == (None, None)  # suggested, never applied

        again = await client.post("/api/quiz/submit", json={"answers": CALM}, headers=headers)
        assert again.json()["reality_interval"] == {"suggested": 30, "previous": 15, "applied": False}
        assert settings.get(uid).reality_interval_min == 15  # never lengthened

        latest = (await client.get("/api/quiz", headers=headers)).json()
        assert latest["id"] == again.json()["id"]
        assert latest["answers"] == CALM
    assert count_rows("SELECT count(*) FROM quiz_results WHERE user_id = :u", u=uid) == 3


async def test_quiz_shortens_a_sixty_minute_choice_to_thirty() -> None:
    uid = new_player().user.id
    settings.set_reality_interval(uid, 60)
    result = quiz.submit(uid, CALM)
    assert result.result["reality_interval"] == {"suggested": 30, "previous": 60, "applied": True}
    assert settings.get(uid).reality_interval_min == 30
    assert "risk" not in repr(result.result).lower()


async def test_quiz_never_suggests_a_limit_above_the_players_own() -> None:
    pair = new_player()
    uid = pair.user.id
    headers = bearer(pair.access_token)
    settings.set_limits(uid, time_limit_min=20, loss_limit_gold=500)
    async with api_client() as client:
        # calm answers suggest 30 minutes and 5,000 gold: both above the player's own limits, so "keep" them
        calm = await client.post("/api/quiz/submit", json={"answers": CALM}, headers=headers)
        assert calm.status_code == 200, calm.text
        assert calm.json()["suggested_limits"] == {"time_limit_min": 20, "loss_limit_gold": 500}
        assert calm.json()["limit_advice"] == [
            {"name": "time_limit_min", "value": 20, "current": 20, "action": "keep"},
            {"name": "loss_limit_gold", "value": 500, "current": 500, "action": "keep"},
        ]
        stored = quiz.latest(uid)
        assert stored is not None
        assert stored.result["suggested_limits"] == {"time_limit_min": 20, "loss_limit_gold": 500}
    view = settings.get(uid)
    assert (view.time_limit_min, view.loss_limit_gold) == (20, 500)  # nothing applied, raised or removed

    other = new_player().user.id
    settings.set_limits(other, time_limit_min=None, loss_limit_gold=10_000)
    result = quiz.submit(other, CALM)
    assert [(a.name, a.value, a.current, a.action) for a in result.limits] == [
        ("time_limit_min", 30, None, "set"),
        ("loss_limit_gold", 5_000, 10_000, "lower"),
    ]
    settings.set_limits(other, time_limit_min=None, loss_limit_gold=800)  # lowered after the quiz: applies at once
    later = quiz.latest(other)
    assert later is not None
    assert [(a.name, a.value, a.current, a.action) for a in later.limits] == [
        ("time_limit_min", 30, None, "set"),
        ("loss_limit_gold", 800, 800, "keep"),
    ]
    assert later.result["suggested_limits"] == {"time_limit_min": 30, "loss_limit_gold": 800}


# --- Reflex handlers -------------------------------------------------------------------------------------------


async def test_the_dealer_helper_fills_one_bubble(monkeypatch: pytest.MonkeyPatch) -> None:
    from casino_app.state import dealer
    from casino_app.state.slot import SlotState

    user = new_player().user
    game_state = await handler_state(monkeypatch, SlotState, user)
    assert await dealer.react(game_state, "win", {"net": 200, "game": "slot"})
    bubble = await game_state.get_state(dealer.DealerState)
    first = bubble.line_id
    assert bubble.kind == "win"
    assert bubble.animation == "cheer"
    assert bubble.message["ko"]
    assert await dealer.react(game_state, "loss", {"loss_streak": 3})
    assert (bubble.kind, bubble.animation, bubble.link, bubble.line_id) == ("loss_streak", "rest", "/care", first + 1)
    assert not await dealer.react(game_state, "jackpot", {})  # refused: the bubble keeps its line
    assert bubble.kind == "loss_streak"
    dealer.DealerState.dismiss.fn(bubble)
    assert bubble.hidden
    assert await dealer.after_round(game_state, "slot", stake=100, payout=0)  # a round the caller just played
    assert not bubble.hidden
    assert (bubble.kind, bubble.animation) == ("loss", "calm")
    guest = await handler_state(monkeypatch, SlotState, None)
    assert not await dealer.react(guest, "win", {})
    assert not await dealer.after_round(guest, "slot", stake=100, payout=0)


async def test_the_mood_and_quiz_handlers(monkeypatch: pytest.MonkeyPatch) -> None:
    from casino_app.state.care_quiz import CareQuizState
    from casino_app.state.mood import MoodState

    user = new_player().user
    card = await handler_state(monkeypatch, MoodState, user)
    await MoodState.load.fn(card)
    assert card.ready
    assert card.mood == ""
    await MoodState.checkin.fn(card, "nonsense")
    assert card.mood == ""
    await MoodState.checkin.fn(card, "stressed")
    assert (card.mood, card.suggestion, card.link) == ("stressed", "rest", "/care")
    assert "쉬어" in card.suggestion_text["ko"]
    await MoodState.checkin.fn(card, "great")
    assert card.error["ko"]
    assert card.mood == "stressed"

    page = await handler_state(monkeypatch, CareQuizState, user)
    await CareQuizState.load.fn(page)
    assert page.editing
    assert not page.has_result
    CareQuizState.choose.fn(page, "session", "forever")
    CareQuizState.choose.fn(page, "risk", "high")
    assert page.answers == {}
    for question, option in GENTLE.items():
        CareQuizState.choose.fn(page, question, option)
    await CareQuizState.submit.fn(page)
    assert page.has_result
    assert not page.editing
    assert not page.error
    assert "15" in page.texts["interval"]["ko"]
    assert "이용 시간 알림" in page.texts["interval"]["ko"]
    assert page.games[0]["game"] == "roulette"
    assert page.games[0]["href"] == "/games/roulette"  # free: no stake
    assert all(row["href"] == "" for row in page.games[1:])  # staked games are named, never linked
    assert "1,000 골드" in page.texts["limit_loss_limit_gold"]["ko"]
    assert page.texts["limits_link"]["ko"] == CATALOGS["ko"]["quiz.limits_link"]
    assert settings.get(user.id).reality_interval_min == 15

    settings.set_limits(user.id, time_limit_min=15, loss_limit_gold=300)
    await CareQuizState.load.fn(page)
    keep = page.texts["limit_loss_limit_gold"]
    assert "300" in keep["ko"]
    assert "1,000" not in keep["ko"]
    assert "keep your current limit of 300 gold" in keep["en"]
    assert "15" in page.texts["limit_time_limit_min"]["en"]
    assert page.texts["limits_hint"]["ko"] == CATALOGS["ko"]["quiz.limits_keep_hint"]
    assert page.texts["limits_link"]["en"] == CATALOGS["en"]["quiz.limits_view_link"]
