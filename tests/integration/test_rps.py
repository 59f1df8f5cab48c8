"""Rock-paper-scissors through the REST API: idempotency, camelCase, refusals that record nothing, the books,
an independent recompute of every recorded round, stats and the history filter.

The recompute below uses only hashlib/hmac/struct and the published table (``GET /api/games/rps/odds``),
following docs/fairness.md, so a bug in the engine cannot hide behind the same bug here.
"""

from __future__ import annotations

import hashlib
import hmac
import struct
import uuid
from fractions import Fraction
from typing import Any

import httpx
import pytest
import sqlalchemy as sa

from casino_app.core.db import get_engine
from casino_app.core.errors import ValidationFailed
from casino_app.services import ledger
from casino_app.services.games import configs, slot
from tests.support.accounts import bearer, new_player, new_staff
from tests.support.api import api_client, assert_envelope
from tests.support.wallets import fund

pytestmark = pytest.mark.anyio
PLAY = "/api/games/rps/play"
MOVES = ["ROCK", "PAPER", "SCISSORS"]
BEATS = {"ROCK": "SCISSORS", "PAPER": "ROCK", "SCISSORS": "PAPER"}


# --- the independent implementation ---------------------------------------------------------------


def _house_move(seed: bytes, client_seed: str, nonce: int) -> str:
    """Float 0 of the round (digest 0, bytes 0-3 big-endian = n); the house hand is MOVES[floor(3n / 2**32)]."""
    digest = hmac.new(seed, f"{client_seed}:{nonce}:0".encode(), hashlib.sha256).digest()
    n = struct.unpack(">I", digest[:4])[0]
    return MOVES[3 * n // 2**32]


def _settle(player: str, house: str, bet: int, multiplier: str) -> tuple[str, int]:
    if player == house:
        return "DRAW", bet
    if BEATS[player] == house:
        return "WIN", int(bet * Fraction(multiplier) // 1)
    return "LOSE", 0


# --- helpers -------------------------------------------------------------------------------------


def _count(sql: str, **params: object) -> int:
    with get_engine().connect() as conn:
        return int(conn.scalar(sa.text(sql), params))


def _key() -> dict[str, str]:
    return {"Idempotency-Key": str(uuid.uuid4())}


async def _play(client: httpx.AsyncClient, headers: dict[str, str], body: dict[str, Any]) -> dict[str, Any]:
    response = await client.post(PLAY, headers={**headers, **_key()}, json=body)
    assert response.status_code == 200, response.text
    return response.json()


def _nothing_recorded(user_id: int, balance: int) -> None:
    assert _count("SELECT count(*) FROM game_rounds WHERE user_id = :u", u=user_id) == 0
    assert _count("SELECT count(*) FROM ledger_transfers WHERE kind = 'RPS_PLAY'") == 0
    assert _count("SELECT COALESCE(max(nonce), 0) FROM fairness_seeds WHERE user_id = :u", u=user_id) == 0
    assert ledger.balance_of(user_id) == balance


# --- the tests -----------------------------------------------------------------------------------


async def test_a_round_moves_exactly_bet_and_win_and_a_retry_replays_it() -> None:
    pair = new_player()
    fund(pair.user.id, 100_000)
    start = ledger.balance_of(pair.user.id)
    headers = bearer(pair.access_token)
    key = _key()
    async with api_client() as client:
        first = await client.post(PLAY, headers={**headers, **key}, json={"player_move": "ROCK", "bet_amount": 1000})
        assert first.status_code == 200, first.text
        body = first.json()
        assert {"round_id", "player_move", "server_move", "outcome", "win_amount", "balance", "xp_gained"} <= set(body)
        assert set(body["proof"]) == {"server_seed_hash", "client_seed", "nonce"}
        assert body["player_move"] == "ROCK"
        assert body["server_move"] in MOVES
        assert (body["outcome"], body["win_amount"]) == _settle("ROCK", body["server_move"], 1000, "1.9")
        assert body["balance"] == start - 1000 + body["win_amount"] == ledger.balance_of(pair.user.id)
        assert body["celebrate"] == (body["outcome"] == "WIN")
        assert body["xp_gained"] == 10

        again = await client.post(PLAY, headers={**headers, **key}, json={"player_move": "ROCK", "bet_amount": 1000})
        assert again.text == first.text
        assert again.headers.get("Idempotent-Replayed") == "true"
        camel = await client.post(PLAY, headers={**headers, **key}, json={"playerMove": "ROCK", "betAmount": 1000})
        assert camel.json()["round_id"] == body["round_id"]  # the same request, spelled in camelCase

        other_move = await client.post(
            PLAY, headers={**headers, **key}, json={"player_move": "PAPER", "bet_amount": 1000}
        )
        assert_envelope(other_move, 409, "IDEMPOTENCY_KEY_REUSED")
        other_bet = await client.post(PLAY, headers={**headers, **key}, json={"player_move": "ROCK", "bet_amount": 500})
        assert_envelope(other_bet, 409)
    assert _count("SELECT count(*) FROM game_rounds WHERE user_id = :u", u=pair.user.id) == 1
    assert _count("SELECT count(*) FROM ledger_transfers WHERE kind = 'RPS_PLAY'") == 1
    assert ledger.balance_of(pair.user.id) == start - 1000 + body["win_amount"]
    assert ledger.reconcile().ok


async def test_camel_case_fields_are_accepted() -> None:
    pair = new_player()
    fund(pair.user.id, 10_000)
    async with api_client() as client:
        body = await _play(client, bearer(pair.access_token), {"playerMove": "SCISSORS", "betAmount": 200})
    assert (body["player_move"], body["bet_amount"]) == ("SCISSORS", 200)
    assert _count("SELECT count(*) FROM game_rounds WHERE game = 'rps'") == 1


@pytest.mark.parametrize(
    ("body", "with_key", "status", "code"),
    [
        ({"player_move": "LIZARD", "bet_amount": 100}, True, 422, None),
        ({"player_move": "rock", "bet_amount": 100}, True, 422, None),
        ({"player_move": "ROCK", "bet_amount": 150}, True, 422, "BET_NOT_ALLOWED"),
        ({"player_move": "ROCK", "bet_amount": 20_000}, True, 422, "BET_NOT_ALLOWED"),
        ({"player_move": "ROCK", "bet_amount": "100"}, True, 422, None),
        ({"player_move": "ROCK", "bet_amount": 100.0}, True, 422, None),
        ({"player_move": "ROCK", "bet_amount": True}, True, 422, None),
        ({"player_move": "ROCK"}, True, 422, None),
        ({"player_move": "ROCK", "bet_amount": 100, "server_move": "SCISSORS"}, True, 422, None),
        ({"player_move": "ROCK", "bet_amount": 100}, False, 400, "IDEMPOTENCY_KEY_REQUIRED"),
        ({"player_move": "ROCK", "bet_amount": 10_000}, True, 409, "INSUFFICIENT_FUNDS"),
    ],
)
async def test_a_refused_request_records_nothing(body: dict, with_key: bool, status: int, code: str | None) -> None:
    pair = new_player()
    start = ledger.balance_of(pair.user.id)
    assert start < 10_000  # the welcome gold cannot cover the largest bet
    headers = {**bearer(pair.access_token), **(_key() if with_key else {})}
    async with api_client() as client:
        assert_envelope(await client.post(PLAY, headers=headers, json=body), status, code)
        seeds = (await client.get("/api/fairness/seeds", headers=bearer(pair.access_token))).json()
    assert seeds["nonce"] == 0
    _nothing_recorded(pair.user.id, start)


async def test_recorded_rounds_recompute_from_the_revealed_seed_and_keep_the_books() -> None:
    pair = new_player()
    fund(pair.user.id, 2_000_000)
    start = ledger.balance_of(pair.user.id)
    headers = bearer(pair.access_token)
    bets = [100, 200, 500, 1000, 2000, 5000, 10000]
    async with api_client() as client:
        played = [
            await _play(client, headers, {"player_move": MOVES[i % 3], "bet_amount": bets[i % len(bets)]})
            for i in range(90)
        ]
        slot.spin(pair.user.id, 100, "not-rps")  # another game's round stays out of the rps filter
        before = (await client.get("/api/fairness/seeds", headers=headers)).json()
        rotation = (await client.post("/api/fairness/rotate", headers=headers)).json()
        table = (await client.get("/api/games/rps/odds")).json()
        rounds, cursor = [], None
        while True:
            url = "/api/games/history?game_type=rps&limit=25" + (f"&cursor={cursor}" if cursor else "")
            page = (await client.get(url, headers=headers)).json()
            rounds += page["items"]
            cursor = page["next_cursor"]
            if not cursor:
                break
        verified = (
            await client.post(
                "/api/fairness/verify",
                headers=headers,
                json={
                    "game": "rps",
                    "server_seed": rotation["revealed_server_seed"],
                    "client_seed": rounds[0]["client_seed"],
                    "nonce": rounds[0]["nonce"],
                    "config_version": rounds[0]["config_version"],
                },
            )
        ).json()

    seed = bytes.fromhex(rotation["revealed_server_seed"])
    assert hashlib.sha256(seed).hexdigest() == before["server_seed_hash"]
    assert float(table["declared_rtp"]) == pytest.approx((float(table["config"]["win_multiplier"]) + 1) / 3, abs=1e-4)
    assert [r["game"] for r in rounds] == ["rps"] * 90
    assert sorted(r["id"] for r in rounds) == sorted(p["round_id"] for p in played)
    by_id = {p["round_id"]: p for p in played}
    mismatches = []
    for r in rounds:
        house = _house_move(seed, r["client_seed"], r["nonce"])
        outcome, win = _settle(r["outcome"]["player_move"], house, r["bet"], table["config"]["win_multiplier"])
        answer = by_id[r["id"]]
        if (
            r["server_seed_hash"] != before["server_seed_hash"]
            or (r["outcome"]["server_move"], r["outcome"]["outcome"], r["payout"]) != (house, outcome, win)
            or (answer["server_move"], answer["outcome"], answer["win_amount"]) != (house, outcome, win)
        ):
            mismatches.append(r["id"])
    assert mismatches == [], f"{len(mismatches)} of {len(rounds)} rounds do not recompute"
    assert verified["outcome"] == {"server_move": _house_move(seed, rounds[0]["client_seed"], rounds[0]["nonce"])}
    assert {r["outcome"]["outcome"] for r in rounds} == {"WIN", "DRAW", "LOSE"}  # 90 rounds reach every branch

    slot_net = _count("SELECT payout - bet FROM game_rounds WHERE game = 'slot' AND user_id = :u", u=pair.user.id)
    net = sum(p["win_amount"] - p["bet_amount"] for p in played)
    assert ledger.balance_of(pair.user.id) == start + net + slot_net
    # A draw is a refund of the stake (DRAW_REFUND), a win a WIN leg, a loss the bet alone.
    legs = _count(
        "SELECT count(*) FROM ledger_entries e JOIN ledger_transfers t ON t.id = e.transfer_id"
        " WHERE t.kind = 'RPS_PLAY' AND e.kind = 'DRAW_REFUND' AND e.amount > 0"
    )
    assert legs == sum(1 for p in played if p["outcome"] == "DRAW")
    assert ledger.reconcile().ok


async def test_stats_count_plays_wins_losses_and_ties() -> None:
    pair = new_player()
    fund(pair.user.id, 1_000_000)
    headers = bearer(pair.access_token)
    async with api_client() as client:
        empty = (await client.get("/api/games/stats/rps", headers=headers)).json()
        assert empty["extra"] == {"plays": 0, "wins": 0, "losses": 0, "ties": 0}
        played = [await _play(client, headers, {"player_move": MOVES[i % 3], "bet_amount": 500}) for i in range(30)]
        mine = (await client.get("/api/games/stats/rps", headers=headers)).json()
        overall = (await client.get("/api/games/stats/me", headers=headers)).json()
    tally = {o: sum(1 for p in played if p["outcome"] == o) for o in ("WIN", "LOSE", "DRAW")}
    expected = {"plays": 30, "wins": tally["WIN"], "losses": tally["LOSE"], "ties": tally["DRAW"]}
    assert mine["extra"] == expected
    assert overall["game_breakdown"]["rps"]["extra"] == expected
    assert (mine["total_bets"], mine["total_wins"], mine["total_losses"]) == (30, tally["WIN"], tally["LOSE"])
    assert mine["total_wagered"] == 15_000
    assert mine["total_won"] == sum(p["win_amount"] for p in played)
    assert overall["game_breakdown"]["slot"]["total_bets"] == 0


async def test_only_tables_inside_the_rtp_window_can_be_published_and_rounds_record_their_version() -> None:
    staff = new_staff("admin")
    raw = configs.DEFAULT_RPS.model_dump(mode="json")
    for greedy in ("2", "1.7"):  # RTP 100 % and 90 %
        with pytest.raises(ValidationFailed) as refused:
            configs.add_version("rps", {**raw, "win_multiplier": greedy}, actor_id=staff)
        assert refused.value.error_code == "RTP_OUT_OF_RANGE"
    published = configs.add_version("rps", {**raw, "win_multiplier": "1.8"}, actor_id=staff)
    assert (published.version, published.declared_rtp) == (2, pytest.approx(2.8 / 3, abs=1e-4))
    pair = new_player()
    fund(pair.user.id, 100_000)
    async with api_client() as client:
        body = await _play(client, bearer(pair.access_token), {"player_move": "PAPER", "bet_amount": 1000})
    assert (body["config_version"], body["multiplier"]) == (2, "1.8")
    assert (body["outcome"], body["win_amount"]) == _settle("PAPER", body["server_move"], 1000, "1.8")
