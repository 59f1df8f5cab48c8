"""One simulated player: the published game math, the real reward rules, the profile's behaviour.

Games play their own published rules: the slot draws from the exact distribution of
its table (``slot_table.base_table``) and settles like ``slot.payout`` (the win-streak
bonus included); rock-paper-scissors, the prize roulette and the gacha call the games'
own draw and settlement functions with floats from the player's seeded RNG. Missions
and achievements are counted from the same actions the app records; their rewards,
the daily reward and the level formula are the app's. Gold is integers throughout.
"""

from __future__ import annotations

import math
import random
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from fractions import Fraction
from typing import Any

from casino_app.models.accounts import XP_PER_LEVEL
from casino_app.services import daily
from casino_app.services.achievements import requirements
from casino_app.services.actions import Kind
from casino_app.services.economy.expected import Expectations
from casino_app.services.economy.inputs import AchievementSpec, Inputs, MissionSpec
from casino_app.services.economy.profiles import PACE_MINUTES, Profile
from casino_app.services.fairness.rng import Unit
from casino_app.services.games import gacha_draw, roulette_table, rps_table
from casino_app.services.games.roulette_table import TICKET_ITEM_ID
from casino_app.services.games.slot_table import base_table
from casino_app.settings import get_settings

SOURCES = ("starter", "daily", "missions", "achievements", "roulette", "game_wins", "gacha_gold")
SINKS = ("game_stakes", "gacha_cost")
_ROUND = Kind.ROUND_PLAYED.value
FIRST_DAY = date(2027, 1, 4)  # a Monday: simulated weeks are the missions' weeks (Monday 00:00 KST)


class Prepared:
    """Per-run lookups shared by every player: the slot distribution, missions and achievements by action.

    ``luck_free`` pays every drawn payout (slot, rock-paper-scissors, roulette gold, gacha gold) at its
    exact expectation given what was known before it (``expected``) instead of the drawn amount; the
    fractions are carried per player in units of ``1 / scale`` gold, so no gold is lost or made up.
    """

    def __init__(self, inputs: Inputs, *, luck_free: bool = False) -> None:
        self.inputs = inputs
        self.luck_free = luck_free
        slot = inputs.slot
        by_multiplier: dict[Any, Any] = defaultdict(int)
        for probability, multiplier in base_table(slot):
            by_multiplier[multiplier] += probability
        pays = sorted(by_multiplier)
        denominator = sum(s.weight for s in slot.symbols) ** 3
        cumulative, running = [], 0
        for pay in pays:
            running += int(by_multiplier[pay] * denominator)
            cumulative.append(running)
        self.slot_total = denominator
        self.slot_cumulative = cumulative
        self.slot_pays = [(pay.numerator, pay.denominator, pay > 1, pay > 0) for pay in pays]
        self.slot_paying = [pay > 1 for pay in pays]  # a line above the stake extends the win streak
        self.slot_bets = list(slot.bet_options)
        self.rps_bets = list(inputs.rps.bet_options)
        self.missions: dict[str, list[MissionSpec]] = defaultdict(list)
        for mission in inputs.missions:
            self.missions[mission.action].append(mission)
        self.achievements: dict[str, list[tuple[AchievementSpec, tuple[requirements.Goal, ...]]]] = defaultdict(list)
        for achievement in inputs.achievements:
            try:
                goals = requirements.goals(requirements.parse(achievement.requirements))
            except requirements.RequirementInvalid:
                continue
            for kind in {goal.measure.changed_by.value for goal in goals}:
                self.achievements[kind].append((achievement, goals))
        self.protection_every = get_settings().streak_protection_every_days
        self.stock = {i.id: i.stock for i in inputs.gacha.items if i.stock is not None}  # shared by all players
        expect = Expectations(inputs)
        values = [
            *expect.slot_win.values(),
            *expect.rps_win.values(),
            expect.roulette_gold,
            *expect.gacha_gold.values(),
        ]
        self.scale = math.lcm(*(Fraction(v).denominator for v in values))
        self.slot_ev = {key: int(v * self.scale) for key, v in expect.slot_win.items()}
        self.rps_ev = {key: int(v * self.scale) for key, v in expect.rps_win.items()}
        self.roulette_ev = int(expect.roulette_gold * self.scale)
        self.gacha_ev = {key: int(v * self.scale) for key, v in expect.gacha_gold.items()}
        self.slot_max_steps = slot.streak_bonus_max_steps
        self._slot_wins: dict[int, list[list[int]]] = {}
        # rps_table's own settlement for every bet and outcome, and the outcome for each house hand
        self.rps_outcomes = [rps_table.outcome_of("ROCK", move) for move in rps_table.MOVES]
        self.rps_pays = {
            (bet, o): rps_table.payout(o, bet, inputs.rps) for bet in self.rps_bets for o in rps_table.OUTCOMES
        }

    def slot_wins(self, bet: int) -> list[list[int]]:
        """``slot.payout`` for ``bet``: ``[steps][line]`` = ``floor(bet × multiplier × (100 + bonus) / 100)``."""
        table = self._slot_wins.get(bet)
        if table is None:
            step_pct = self.inputs.slot.streak_bonus_step_pct
            table = self._slot_wins[bet] = [
                [
                    bet * num * (100 + (step_pct * steps if pays else 0)) // (den * 100)
                    for num, den, _, pays in self.slot_pays
                ]
                for steps in range(self.slot_max_steps + 1)
            ]
        return table


@dataclass
class _Streak:
    """What ``daily._continuation`` reads of a player's streak row."""

    last_claim_date: Any = None
    current_streak: int = 0
    longest_streak: int = 0
    protections_held: int = 0
    auto_use_protection: bool = True


@dataclass
class Player:
    """A simulated player's state and the flows it caused, by day."""

    profile: Profile
    rng: random.Random
    prep: Prepared
    balance: int = 0
    xp: int = 0
    day: int = 0
    minutes: float = 0.0  # minutes of play since signup
    first_pull_minute: float | None = None
    pulls: int = 0
    pulls_today: int = 0
    tickets: int = 0
    pity: int = 0
    slot_streak: int = 0
    streak: _Streak = field(default_factory=_Streak)
    counts: dict[tuple[str, str | None], int] = field(default_factory=lambda: defaultdict(int))
    progress: dict[tuple[str, str], int] = field(default_factory=dict)
    earned: set[str] = field(default_factory=set)
    flows: dict[tuple[int, str], int] = field(default_factory=lambda: defaultdict(int))
    carry: int = 0  # luck-free mode: gold owed below one whole gold, in units of 1 / prep.scale

    # --- money and actions -------------------------------------------------------------------------

    def credit(self, kind: str, amount: int) -> None:
        """Gold into the wallet (a source)."""
        if amount:
            self.balance += amount
            self.flows[self.day, kind] += amount

    def pay(self, kind: str, drawn: int, expected: int) -> None:
        """A drawn payout: ``drawn`` gold, or in luck-free mode its expectation (``expected`` / scale)."""
        if self.prep.luck_free:
            self.carry += expected
            drawn, self.carry = divmod(self.carry, self.prep.scale)
        self.credit(kind, drawn)

    def debit(self, kind: str, amount: int) -> None:
        """Gold out of the wallet (a sink); callers check the balance first, as the ledger would."""
        assert 0 <= amount <= self.balance
        self.balance -= amount
        self.flows[self.day, kind] += amount

    def add_xp(self, amount: int) -> None:
        """XP, and ``level_reached`` for each level crossed (level = XP / 500 + 1)."""
        before = self.xp // XP_PER_LEVEL
        self.xp += amount
        for level in range(before + 2, self.xp // XP_PER_LEVEL + 2):
            self.act(Kind.LEVEL_REACHED.value, count=level)

    def act(self, kind: str, game: str | None = None, count: int = 1) -> None:
        """Count an action and pay every mission and achievement it completes (claimed at once)."""
        if kind != Kind.LEVEL_REACHED.value:
            self.counts[kind, game] += count
            if game is not None:
                self.counts[kind, None] += count
        for mission in self.prep.missions.get(kind, ()):
            if mission.game is None or mission.game == game:
                self._advance(mission, count)
        for achievement, goals in self.prep.achievements.get(kind, ()):
            if achievement.key not in self.earned and all(self._measure(g.measure) >= g.target for g in goals):
                self.earned.add(achievement.key)
                self.spend("claim")
                self.credit("achievements", achievement.reward_gold)
                self.add_xp(achievement.reward_xp)

    def _measure(self, measure: requirements.Measure) -> int:
        if measure.source == "level":
            return self.xp // XP_PER_LEVEL + 1
        if measure.source == "streak":
            return self.streak.longest_streak
        return self.counts.get((str(measure.action), measure.game), 0)

    def _period(self, cadence: str) -> str:
        if cadence == "daily":
            return f"D{self.day}"
        return f"W{(self.day - 1) // 7}" if cadence == "weekly" else "once"

    def _advance(self, mission: MissionSpec, count: int) -> None:
        key = (mission.key, self._period(mission.cadence))
        done = self.progress.get(key, 0)
        if done >= mission.goal:
            return
        self.progress[key] = min(done + count, mission.goal)
        if self.progress[key] < mission.goal:
            return
        self.spend("claim")
        self.credit("missions", mission.reward_gold)
        if mission.reward_item_key == TICKET_ITEM_ID:
            self.tickets += mission.reward_item_quantity
        self.add_xp(mission.reward_xp)
        self.act(Kind.MISSION_COMPLETED.value)

    def spend(self, step: str) -> None:
        """Time passes: one ``step`` of play (``profiles.PACE_MINUTES``)."""
        self.minutes += PACE_MINUTES[step]

    def remaining(self, mission_action: str) -> int:
        """Rounds until a round-counting mission or achievement could next complete (a lower bound)."""
        needs = [
            m.goal - self.progress.get((m.key, self._period(m.cadence)), 0)
            for m in self.prep.missions.get(mission_action, ())
        ]
        for achievement, goals in self.prep.achievements.get(mission_action, ()):
            if achievement.key not in self.earned:
                needs += [g.target - self._measure(g.measure) for g in goals if g.measure.source == "count"]
        positive = [n for n in needs if n > 0]
        return min(positive) if positive else 1_000_000

    # --- the day's steps ---------------------------------------------------------------------------

    def check_in(self) -> None:
        """The daily reward: the streak rules of ``services.daily`` and the active economy formula."""
        row = self.streak
        today = FIRST_DAY + timedelta(days=self.day - 1)
        streak, use_protection = daily._continuation(row, today)  # type: ignore[arg-type]
        economy = self.prep.inputs.economy
        self.spend("daily")
        self.credit("daily", economy.daily_gold(streak))
        if use_protection:
            row.protections_held -= 1
        if streak % self.prep.protection_every == 0 and row.protections_held < daily.MAX_PROTECTIONS:
            row.protections_held += 1
        row.current_streak, row.last_claim_date = streak, today
        row.longest_streak = max(row.longest_streak, streak)
        self.add_xp(economy.daily_xp(streak))
        self.act(Kind.DAILY_CHECKIN.value)

    def spin_roulette(self) -> None:
        """One roulette spin through the table's own draw; a ticket prize is a spin for later."""
        config = self.prep.inputs.roulette
        segment = config.segments[roulette_table.draw([Unit(self.rng.getrandbits(32))], config)]
        self.spend("roulette")
        self.pay("roulette", segment.amount if segment.kind == "gold" else 0, self.prep.roulette_ev)
        if segment.kind == "xp":
            self.add_xp(segment.amount)
        elif segment.item_id == TICKET_ITEM_ID:
            self.tickets += segment.amount
        self.act(_ROUND, "roulette")

    def pull_threshold(self) -> int | None:
        """Gold at which the profile pulls now (the reserve counts after the first pull); None at today's limit."""
        gacha = self.prep.inputs.gacha
        if self.pulls_today >= min(self.profile.gacha_pulls_per_day, gacha.daily_limits["STANDARD"]):
            return None
        return gacha.cost_single + (self.profile.gacha_reserve if self.pulls else 0)

    def pull(self) -> None:
        """One pull action through ``gacha_draw.draw_round``: ten at once when the profile can afford ten.

        A ten-pull costs ``cost_ten``, counts once towards the daily limit and has the table's
        Rare-or-better guarantee; pity carries over; limited stock is shared by every simulated player.
        """
        gacha, stock = self.prep.inputs.gacha, self.prep.stock

        def take(_: int, item: Any) -> bool:
            if stock.get(item.id, 0) <= 0:
                return False
            stock[item.id] -= 1
            return True

        ten = self.profile.ten_pulls and self.balance >= gacha.cost_ten + self.profile.gacha_reserve
        count = 10 if ten else 1
        self.debit("gacha_cost", gacha.cost_ten if ten else gacha.cost_single)
        units = [Unit(self.rng.getrandbits(32)) for _ in range(2 * count)]
        draws, self.pity = gacha_draw.draw_round(units, gacha, count, self.pity, take)
        self.spend("gacha")
        self.pulls += count
        self.pulls_today += 1
        if self.first_pull_minute is None:
            self.first_pull_minute = self.minutes
        for draw in draws:
            pool = "pity" if draw.pity else "guarantee" if draw.guarantee else "base"
            self.pay("gacha_gold", draw.item.amount if draw.item.kind == "gold" else 0, self.prep.gacha_ev[pool])
            if draw.item.kind == "xp":
                self.add_xp(draw.item.amount)
        self.act(_ROUND, "gacha")
        self.act(Kind.GACHA_PULL.value, count=count)
