"""The economy simulator: simulated players with published profiles, day by day, from signup.

Deterministic: every player has its own RNG seeded from ``(seed, profile, index)``,
and players play each day in a fixed order. ``run`` returns per-day sources and sinks
by kind, each profile's median balance per day, time to the first gacha pull (minutes
of play since signup) and the weekly net injection; ``report.render`` prints them and
``python -m casino_app.cli economy-sim`` runs it.

Weekly net injection (the documents' inflation alarm, "net injection > 15 % per week"):
for each full week of days ``7w+1 … 7w+7``, gold that entered players' wallets minus gold
that left them, over the gold players held when the week began. The first week of a
cohort that starts from nothing has no such base, so it is reported but not measured.
``pct_of_end`` divides by the gold held when the week ended instead, as the console's
economy view (``wallet.economy``) does; it is never larger.
"""

from __future__ import annotations

import random
import statistics
from dataclasses import dataclass
from fractions import Fraction

from casino_app.services.economy.inputs import Inputs
from casino_app.services.economy.player import SINKS, SOURCES, Player, Prepared
from casino_app.services.economy.profiles import PROFILES, Profile
from casino_app.services.economy.session import play_day


@dataclass(frozen=True)
class Day:
    """One simulated day: gold in and out of all wallets by kind, circulation after it, medians per profile."""

    day: int
    sources: dict[str, int]
    sinks: dict[str, int]
    circulation: int
    median_balance: dict[str, int]

    @property
    def net(self) -> int:
        """Sources minus sinks."""
        return sum(self.sources.values()) - sum(self.sinks.values())


@dataclass(frozen=True)
class FirstPull:
    """When a profile's players made their first gacha pull, in minutes of play since signup."""

    profile: str
    players: int
    first_session_minutes: int
    minutes: tuple[float, ...]  # of the players who pulled, sorted

    @property
    def never(self) -> int:
        """Players who never pulled in the simulated days."""
        return self.players - len(self.minutes)

    def percentile(self, pct: int) -> float | None:
        """The ``pct``-th percentile (nearest rank) over all players; None when that player never pulled."""
        rank = max(1, -(-pct * self.players // 100))
        return self.minutes[rank - 1] if rank <= len(self.minutes) else None

    @property
    def within_first_session(self) -> int:
        """Players whose first pull came inside their first session."""
        return sum(1 for m in self.minutes if m <= self.first_session_minutes)


@dataclass(frozen=True)
class Week:
    """Net injection over days ``first … first+6``."""

    index: int
    first: int
    net: int
    start_circulation: int
    end_circulation: int

    @property
    def pct(self) -> Fraction | None:
        """Net injection as a percentage of the gold held at the start (None without any)."""
        return Fraction(self.net * 100, self.start_circulation) if self.start_circulation > 0 else None

    @property
    def pct_of_end(self) -> Fraction | None:
        """Net injection as a percentage of the gold held at the end (the console's definition)."""
        return Fraction(self.net * 100, self.end_circulation) if self.end_circulation > 0 else None


@dataclass(frozen=True)
class Result:
    """A simulation run and what it found."""

    inputs: Inputs
    seed: int
    days: int
    luck_free: bool
    players: dict[str, int]
    daily: tuple[Day, ...]
    first_pulls: tuple[FirstPull, ...]
    weeks: tuple[Week, ...]

    @property
    def max_weekly_pct(self) -> Fraction | None:
        """The highest measured weekly net injection (None when no week could be measured)."""
        measured = [w.pct for w in self.weeks if w.pct is not None]
        return max(measured) if measured else None

    def first_pull(self, profile: str) -> FirstPull:
        """The first-pull statistics of one profile."""
        return next(f for f in self.first_pulls if f.profile == profile)


def population(total: int, profiles: tuple[Profile, ...]) -> dict[str, int]:
    """Players per profile: ``total`` split by the profiles' shares (at least one each)."""
    shares = sum(p.share for p in profiles)
    return {p.key: max(1, round(total * p.share / shares)) for p in profiles}


def run(
    inputs: Inputs,
    *,
    days: int = 30,
    players: int = 200,
    seed: int = 11,
    profiles: tuple[Profile, ...] = PROFILES,
    luck_free: bool = False,
) -> Result:
    """Simulate ``players`` new players (split by profile share) for ``days`` days from their signup.

    ``luck_free`` pays every drawn payout at its expectation (see ``player.Prepared``).
    """
    if not 1 <= days <= 366 or not 1 <= players <= 100_000:
        raise ValueError("days must be 1–366 and players 1–100,000")
    prep = Prepared(inputs, luck_free=luck_free)
    counts = population(players, profiles)
    cohort = [
        Player(profile, random.Random(f"{seed}:{profile.key}:{i}"), prep)
        for profile in profiles
        for i in range(counts[profile.key])
    ]
    history = []
    for day in range(1, days + 1):
        for player in cohort:
            play_day(player, day)
        history.append(_day(day, cohort, profiles))
    first_pulls = tuple(
        FirstPull(
            profile.key,
            counts[profile.key],
            profile.first_session_minutes,
            tuple(
                sorted(p.first_pull_minute for p in cohort if p.profile is profile and p.first_pull_minute is not None)
            ),
        )
        for profile in profiles
    )
    return Result(inputs, seed, days, luck_free, counts, tuple(history), first_pulls, _weeks(history))


def _day(day: int, cohort: list[Player], profiles: tuple[Profile, ...]) -> Day:
    sources = {kind: sum(p.flows.get((day, kind), 0) for p in cohort) for kind in SOURCES}
    sinks = {kind: sum(p.flows.get((day, kind), 0) for p in cohort) for kind in SINKS}
    medians = {
        profile.key: int(statistics.median_low([p.balance for p in cohort if p.profile is profile]))
        for profile in profiles
    }
    return Day(day, sources, sinks, sum(p.balance for p in cohort), medians)


def _weeks(history: list[Day]) -> tuple[Week, ...]:
    weeks = []
    for index in range(len(history) // 7):
        days = history[7 * index : 7 * index + 7]
        start = history[7 * index - 1].circulation if index else 0
        weeks.append(Week(index + 1, 7 * index + 1, sum(d.net for d in days), start, days[-1].circulation))
    return tuple(weeks)
