"""The dealer's feedback over REST and in the Reflex helpers: vocabulary, context, variety (Redis too)."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta

import pytest

import casino_app.casino_app  # noqa: F401 - registers every state (in the context every test starts from)
from casino_app.core import clock
from casino_app.services.care import feedback
from tests.support.accounts import bearer, new_player
from tests.support.api import api_client, assert_envelope
from tests.support.care import staff_headers

pytestmark = pytest.mark.anyio

CALM = {"session": "short", "budget": "set_budget", "enjoy": "relaxed", "after_loss": "calm", "time": "evening"}
GENTLE = {**CALM, "after_loss": "make_up", "time": "late_night"}
EN = {"Accept-Language": "en-US"}


# --- feedback --------------------------------------------------------------------------------------------------


async def test_feedback_needs_a_player_and_answers_in_the_callers_language() -> None:
    pair = new_player()
    headers = bearer(pair.access_token)
    async with api_client() as client:
        assert_envelope(await client.post("/api/feedback", json={"action_type": "win"}), 401)
        assert_envelope(
            await client.post("/api/feedback", json={"action_type": "win"}, headers=await staff_headers(client)), 403
        )
        ko = await client.post("/api/feedback", json={"action_type": "win", "context": {"net": 300}}, headers=headers)
        assert ko.status_code == 200, ko.text
        body = ko.json()
        assert set(body) == {"message", "animation", "character", "kind", "link"}
        assert body["character"] == {"key": "haru", "name": "딜러 하루"}
        assert body["animation"] == "cheer"
        assert body["kind"] == "win"
        assert body["link"] is None
        en = await client.post("/api/feedback", json={"action_type": "daily_checkin"}, headers={**headers, **EN})
        assert en.json()["character"]["name"] == "Dealer Haru"
        assert en.json()["animation"] == "wave"
        assert en.json()["message"].isascii()


async def test_context_turns_celebration_into_care() -> None:
    headers = bearer(new_player().access_token)
    async with api_client() as client:
        streak = await client.post(
            "/api/feedback",
            json={"action_type": "loss", "context": {"loss_streak": 3, "game": "slot"}},
            headers=headers,
        )
        assert streak.status_code == 200, streak.text
        assert (streak.json()["kind"], streak.json()["animation"], streak.json()["link"]) == (
            "loss_streak",
            "rest",
            "/care",
        )
        long = await client.post(
            "/api/feedback",
            json={"action_type": "big_win", "context": {"session_minutes": 90, "net": 5000}},
            headers=headers,
        )
        assert (long.json()["kind"], long.json()["animation"]) == ("long_session", "rest")
        even = await client.post("/api/feedback", json={"action_type": "win", "context": {"net": 0}}, headers=headers)
        assert (even.json()["kind"], even.json()["animation"]) == ("even", "nod")


@pytest.mark.parametrize(
    "body",
    [
        {"action_type": "jackpot"},
        {},
        {"action_type": "win", "context": {"mood": "sad"}},
        {"action_type": "win", "context": {"net": True}},
        {"action_type": "win", "context": {"net": "5"}},
        {"action_type": "win", "context": {"net": 1.5}},
        {"action_type": "loss", "context": {"loss_streak": -1}},
        {"action_type": "loss", "context": {"loss_streak": 5000}},
        {"action_type": "win", "context": {"game": "poker"}},
        {"action_type": "win", "context": {"game": {"nested": 1}}},
        {"action_type": "win", "context": [1]},
        {"action_type": "win", "extra": 1},
        {"action_type": 3},
    ],
)
async def test_feedback_refuses_anything_outside_its_vocabulary(body: dict) -> None:
    headers = bearer(new_player().access_token)
    async with api_client() as client:
        assert_envelope(await client.post("/api/feedback", json=body, headers=headers), 422)


async def test_dealer_lines_vary_per_player_over_rest() -> None:
    headers = bearer(new_player().access_token)
    feedback.reset_memory()
    async with api_client() as client:
        lines = [
            (await client.post("/api/feedback", json={"action_type": "loss"}, headers=headers)).json()["message"]
            for _ in range(12)
        ]
    assert all(a != b for a, b in itertools.pairwise(lines))


def test_after_a_round_the_server_counts_streaks_and_the_session() -> None:
    from casino_app.services.accounts import identity
    from casino_app.services.games import roulette, slot
    from tests.support.wallets import player_with_gold

    start = datetime(2026, 12, 2, 3, 0, tzinfo=UTC)
    frozen = clock.FrozenClock(start)
    with clock.use_clock(frozen):
        uid = player_with_gold(100_000)
        spin = roulette.spin(identity.load(uid), "free-spin-h2")
        gold = int(spin.prize.get("amount", 0)) if spin.prize.get("kind") == "gold" else 0
        action, context = feedback.round_moment(uid, "roulette", 0, gold)
        assert (action, context["loss_streak"], context["win_streak"]) == ("free_spin", 0, 0)
        nets: list[int] = []
        best_run = 0
        for n in range(60):  # 20 minutes of play: no reality check is due yet
            frozen.advance(timedelta(seconds=20))
            played = slot.spin(uid, 100, f"h2-round-{n}")
            nets.append(played.win_amount - played.bet)
            action, context = feedback.round_moment(uid, "slot", played.bet, played.win_amount)
            run = next((k for k, net in enumerate(reversed(nets)) if net >= 0), len(nets))
            assert context["loss_streak"] == min(run, feedback.STREAK_WINDOW), (n, nets)
            assert context["session_minutes"] == (n + 1) * 20 // 60
            assert context["net"] == played.win_amount - played.bet
            if played.win_amount == 0:
                assert action == "loss"
            elif played.win_amount <= played.bet:
                assert action == "win"  # told as the plain "even" line
                assert feedback.kind_for(action, feedback.parse_context(context)) in ("even", "loss_streak")
            else:
                assert action in ("win", "big_win", "win_streak")
            reaction = feedback.after_round(uid, "slot", played.bet, played.win_amount)
            if run >= feedback.LOSS_STREAK_BREAK:
                assert (reaction.kind, reaction.link) == ("loss_streak", "/care")
            best_run = max(best_run, run)
    assert best_run >= feedback.LOSS_STREAK_BREAK, nets  # 60 spins without three losses in a row: practically never


# --- mood ------------------------------------------------------------------------------------------------------


@pytest.mark.redis
async def test_with_redis_the_last_line_is_remembered_across_processes(redis_url: str) -> None:
    from casino_app.core.redis_client import get_redis
    from tests.support.env import environment

    uid = new_player().user.id
    with environment(REDIS_URL=redis_url):
        client = get_redis()
        assert client is not None
        picks = []
        for _ in range(12):
            feedback.reset_memory()  # as if every call landed on another process: only Redis remembers
            picks.append(feedback.react(uid, "loss").variant)
        assert all(a != b for a, b in itertools.pairwise(picks))
        assert int(client.get(f"care:dealer:last:{uid}:loss")) == picks[-1]
        assert 0 < client.ttl(f"care:dealer:last:{uid}:loss") <= feedback.MEMORY_SECONDS


def test_the_dealer_calls_a_win_big_exactly_when_the_celebration_does() -> None:
    from casino_app.services.games.win_tier import WinTier, win_tier

    uid = new_player().user.id
    for payout in (0, 100, 150, 499, 500, 1_999, 2_000):
        action, _ = feedback.round_moment(uid, "slot", 100, payout)
        big = win_tier(100, payout) in (WinTier.BIG, WinTier.MEGA)
        assert (action == "big_win") is big, (payout, action)
    assert feedback.round_moment(uid, "slot", 100, 500)[0] == "big_win"  # 5x: the screen's BIG
    assert feedback.round_moment(uid, "slot", 100, 499)[0] == "win"
