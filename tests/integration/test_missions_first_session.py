"""The first session through the wired paths: check in, spin the slot and the roulette, verify a round, claim
the first steps, and afford a gacha pull (which completes the last first step)."""

from __future__ import annotations

import sqlalchemy as sa

from casino_app.core.db import get_engine, session_scope
from casino_app.services import daily, ledger, missions
from casino_app.services.accounts import identity
from casino_app.services.games import gacha, roulette, slot, verified
from casino_app.services.missions import defaults
from tests.support.accounts import new_player


def test_a_new_player_reaches_a_gacha_pull_through_the_first_steps() -> None:
    with session_scope() as db:
        defaults.install(db)
    user = identity.load(new_player().user.id)
    daily.claim(user.id)
    slot.spin(user.id, 100, "first-spin")
    roulette.spin(user, "first-roulette")
    with get_engine().connect() as conn:
        hash_, client_seed, nonce = conn.execute(
            sa.text(
                "SELECT server_seed_hash, client_seed, nonce FROM game_rounds WHERE game = 'slot' AND user_id = :u"
            ),
            {"u": user.id},
        ).one()
    assert verified.mark(user.id, "slot", hash_, client_seed, nonce)
    assert not verified.mark(user.id, "slot", hash_, client_seed, nonce)  # the same round again counts nothing

    board = missions.board(user.id)
    first_steps = {m.key: m for m in board.onboarding}
    ready = [m for m in board.onboarding if m.claimable]
    assert {m.key for m in ready} == set(first_steps) - {"onboarding_gacha_pull"}
    assert {m.key for m in board.daily if m.completed} == {"daily_checkin"}
    assert next(m for m in board.weekly if m.key == "weekly_verify_rounds").progress == 1
    for mission in ready:
        missions.claim(user.id, mission.id, f"claim-{mission.id}")
    assert ledger.balance_of(user.id) >= 5_000

    gacha.pull(user, 1, "first-pull")
    gacha_step = first_steps["onboarding_gacha_pull"]
    assert missions.claim(user.id, gacha_step.id, "claim-gacha").item_key == "roulette_ticket"
    assert missions.board(user.id).onboarding_done
