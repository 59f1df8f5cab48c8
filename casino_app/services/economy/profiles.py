"""The simulator's published behaviour profiles and the pace of play it assumes (docs/economy.md shows them).

A profile says how long a player plays, on how many days, which games at which bet,
and when they pull the gacha. Every profile starts as a new player who follows the
onboarding list on the welcome screen (check in, spin the slot, spin the roulette,
verify a round, pull the gacha) and claims every mission and achievement reward
it qualifies for. Nobody buys gold: the simulator measures the free economy.
"""

from __future__ import annotations

from dataclasses import dataclass

# Minutes per step, from the game screens' pacing: a slot spin is a click, 1 s of reels and up to 3 s of
# win glow, then a look at the result (10 s); a rock-paper-scissors round is a choice and a reveal (15 s);
# the roulette wheel turns 4.2 s; a gacha pull flips its card; verifying a round is a visit to the fairness
# page; claiming a reward is one tap on its card.
PACE_MINUTES: dict[str, float] = {
    "slot": 10 / 60,
    "rps": 15 / 60,
    "roulette": 15 / 60,
    "gacha": 30 / 60,
    "verify": 90 / 60,
    "follow": 60 / 60,
    "daily": 30 / 60,
    "claim": 5 / 60,
}


@dataclass(frozen=True)
class Profile:
    """How one kind of player behaves (published; the numbers are assumptions, not measurements)."""

    key: str
    description: str
    share: int  # weight of the profile in the mixed population (percent)
    first_session_minutes: int
    session_minutes: tuple[int, int]  # later sessions: uniform whole minutes in [low, high]
    play_chance_pct: int  # chance to play on a later day (day 1 is always played)
    game_mix: tuple[tuple[str, int], ...]  # (game, weight) for rounds after the daily missions' needs
    bet_per_mille: int  # bet = the largest bet option ≤ balance × this / 1000 (never below the minimum)
    gacha_pulls_per_day: int  # at most this many single pulls a day (also capped by the table's daily limit)
    gacha_reserve: int  # gold kept after a pull
    ten_pulls: bool  # pulls ten at once (one daily pull action) whenever it holds the ten-pull cost + reserve
    verifies_per_day: int  # rounds verified on the fairness page per session (after day 1's onboarding one)
    follows_weekly: bool  # follows another player once a week


PROFILES: tuple[Profile, ...] = (
    # "Pulls when it can" includes a ten-pull (one daily pull action) whenever ten and the reserve are affordable.
    Profile(
        key="newcomer",
        description="first session exactly 30 min, then 30 min a day; minimum bet; pulls whenever it can",
        share=10,
        first_session_minutes=30,
        session_minutes=(30, 30),
        play_chance_pct=100,
        game_mix=(("slot", 85), ("rps", 15)),
        bet_per_mille=0,
        gacha_pulls_per_day=3,
        gacha_reserve=0,
        ten_pulls=True,
        verifies_per_day=0,
        follows_weekly=False,
    ),
    Profile(
        key="casual",
        description="10–20 min on about 5 days a week; bets about 0.5 % of its gold; pulls when it can, keeping 1,000",
        share=40,
        first_session_minutes=15,
        session_minutes=(10, 20),
        play_chance_pct=70,
        game_mix=(("slot", 80), ("rps", 20)),
        bet_per_mille=5,
        gacha_pulls_per_day=3,
        gacha_reserve=1_000,
        ten_pulls=True,
        verifies_per_day=0,
        follows_weekly=False,
    ),
    Profile(
        key="regular",
        description="30–45 min a day; bets about 1 % of its gold; pulls when it can, keeping 5,000",
        share=25,
        first_session_minutes=30,
        session_minutes=(30, 45),
        play_chance_pct=95,
        game_mix=(("slot", 75), ("rps", 25)),
        bet_per_mille=10,
        gacha_pulls_per_day=3,
        gacha_reserve=5_000,
        ten_pulls=True,
        verifies_per_day=1,
        follows_weekly=True,
    ),
    Profile(
        key="enthusiast",
        description="90 min a day; bets about 2 % of its gold; pulls when it can, keeping 10,000",
        share=15,
        first_session_minutes=90,
        session_minutes=(90, 90),
        play_chance_pct=100,
        game_mix=(("slot", 70), ("rps", 30)),
        bet_per_mille=20,
        gacha_pulls_per_day=3,
        gacha_reserve=10_000,
        ten_pulls=True,
        verifies_per_day=1,
        follows_weekly=True,
    ),
    Profile(
        key="saver",
        description="20–30 min on most days; minimum bet; one pull a day at most, keeping 20,000 (hoards gold)",
        share=10,
        first_session_minutes=20,
        session_minutes=(20, 30),
        play_chance_pct=85,
        game_mix=(("slot", 90), ("rps", 10)),
        bet_per_mille=0,
        gacha_pulls_per_day=1,
        gacha_reserve=20_000,
        ten_pulls=False,
        verifies_per_day=0,
        follows_weekly=False,
    ),
)


def by_key(key: str) -> Profile:
    """The profile named ``key`` (``KeyError`` when there is none)."""
    for profile in PROFILES:
        if profile.key == key:
            return profile
    raise KeyError(key)
