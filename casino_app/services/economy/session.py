"""A simulated player's day: check in, spin the roulette, do what the profile does, play until time is up.

The round loop is the simulator's hot path (millions of rounds per run): between two
moments when a mission or achievement could complete it plays rounds with plain
integer arithmetic and counts them in one batch, which gives exactly the totals that
counting them one by one would.
"""

from __future__ import annotations

import bisect
import itertools

from casino_app.models.accounts import XP_PER_LEVEL
from casino_app.services.actions import Kind
from casino_app.services.economy.player import Player
from casino_app.services.economy.profiles import PACE_MINUTES
from casino_app.services.fairness.rng import Unit
from casino_app.services.games import rps_table

_ROUND = Kind.ROUND_PLAYED.value


def play_day(player: Player, day: int) -> None:
    """Day ``day`` (1 = signup day) of ``player``: nothing when the profile skips the day."""
    profile, rng = player.profile, player.rng
    player.day, player.pulls_today = day, 0
    first = day == 1
    if first:
        player.credit("starter", player.prep.inputs.economy.starter_gold)
    elif rng.randrange(100) >= profile.play_chance_pct:
        return
    minutes = profile.first_session_minutes if first else rng.randint(*profile.session_minutes)
    until = player.minutes + minutes
    player.check_in()
    for _ in range(player.prep.inputs.roulette.free_spins_per_day):
        player.spin_roulette()
    _play(player, until, max_rounds=1)  # the onboarding slot spin, and a round to verify
    if player.counts.get((_ROUND, None), 0):
        for _ in range(1 if first else profile.verifies_per_day):
            player.spend("verify")
            player.act(Kind.ROUND_VERIFIED.value)
    if profile.follows_weekly and (first or (day - 1) % 7 == 0):
        player.spend("follow")
        player.act(Kind.FOLLOW.value)
    _play(player, until)


def _play(player: Player, until: float, max_rounds: int | None = None) -> None:
    """Rounds of the profile's game mix until ``until`` minutes; tickets and gacha pulls taken between rounds."""
    prep, profile = player.prep, player.profile
    random, bits = player.rng.random, player.rng.getrandbits
    games = [game for game, _ in profile.game_mix]
    weights = list(itertools.accumulate(weight for _, weight in profile.game_mix))
    options = {"slot": prep.slot_bets, "rps": prep.rps_bets}
    xp_per_100 = {"slot": prep.inputs.slot.xp_per_100_gold, "rps": prep.inputs.rps.xp_per_100_gold}
    cumulative, total, paying, max_steps = prep.slot_cumulative, prep.slot_total, prep.slot_paying, prep.slot_max_steps
    rps_pays, rps_outcome, moves = prep.rps_pays, prep.rps_outcomes, rps_table.MOVES
    per_mille = profile.bet_per_mille
    pending = dict.fromkeys([*games, "slot"], 0)
    luck_free, scale, slot_ev, rps_ev = prep.luck_free, prep.scale, prep.slot_ev, prep.rps_ev
    stakes = wins = played = 0
    bound = player.remaining(_ROUND)
    pull_at = player.pull_threshold()
    level_at = (player.xp // XP_PER_LEVEL + 1) * XP_PER_LEVEL

    def flush() -> None:
        nonlocal stakes, wins, bound, pull_at, level_at
        player.flows[player.day, "game_stakes"] += stakes
        player.flows[player.day, "game_wins"] += wins
        stakes = wins = 0
        for game, count in pending.items():
            if count:
                pending[game] = 0
                player.act(_ROUND, game, count)
        bound, pull_at = player.remaining(_ROUND), player.pull_threshold()
        level_at = (player.xp // XP_PER_LEVEL + 1) * XP_PER_LEVEL

    while max_rounds is None or played < max_rounds:
        if player.tickets and player.minutes + PACE_MINUTES["roulette"] <= until:
            flush()
            player.tickets -= 1
            player.spin_roulette()
            flush()
            continue
        if pull_at is not None and player.balance >= pull_at and player.minutes + PACE_MINUTES["gacha"] <= until:
            flush()
            player.pull()
            flush()
            continue
        game = "slot" if max_rounds == 1 else games[bisect.bisect_right(weights, random() * weights[-1])]
        pace = PACE_MINUTES[game]
        if player.minutes + pace > until:
            break
        choices = options[game]
        bet = choices[0]
        if per_mille:
            bet = choices[max(0, bisect.bisect_right(choices, player.balance * per_mille // 1000) - 1)]
        if bet > player.balance:
            break  # not enough gold for the smallest bet: the session ends
        if game == "slot":
            line = bisect.bisect_right(cumulative, random() * total)
            steps = player.slot_streak if player.slot_streak < max_steps else max_steps
            if luck_free:
                win, player.carry = divmod(player.carry + slot_ev[bet, steps], scale)
            else:
                win = prep.slot_wins(bet)[steps][line]
            player.slot_streak = player.slot_streak + 1 if paying[line] else 0
        else:
            win = rps_pays[bet, rps_outcome[moves.index(rps_table.house_move(Unit(bits(32))))]]
            if luck_free:
                win, player.carry = divmod(player.carry + rps_ev[bet], scale)
        player.balance += win - bet
        stakes += bet
        wins += win
        player.minutes += pace
        played += 1
        pending[game] += 1
        player.xp += bet // 100 * xp_per_100[game]
        bound -= 1
        if bound <= 0 or player.xp >= level_at:
            if player.xp >= level_at:
                gained, player.xp = player.xp - (level_at - XP_PER_LEVEL), level_at - XP_PER_LEVEL
                player.add_xp(gained)  # announces the level reached (achievements)
            flush()
    flush()
