"""The simulator's printed report: per-day sources and sinks, median balances, first pulls, weekly injection."""

from __future__ import annotations

from fractions import Fraction

from casino_app.services.economy.player import SINKS, SOURCES
from casino_app.services.economy.profiles import PACE_MINUTES, PROFILES
from casino_app.services.economy.sim import Result

_HEADERS = {
    "starter": "starter",
    "daily": "daily",
    "missions": "missions",
    "achievements": "achieve",
    "roulette": "roulette",
    "game_wins": "game win",
    "gacha_gold": "gacha+",
    "game_stakes": "stakes",
    "gacha_cost": "gacha-",
}


def _table(headers: list[str], rows: list[list[str]]) -> list[str]:
    widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(headers)]
    line = "  ".join(h.rjust(w) for h, w in zip(headers, widths, strict=True))
    out = [line, "-" * len(line)]
    out += ["  ".join(c.rjust(w) for c, w in zip(r, widths, strict=True)) for r in rows]
    return out


def _pct(value: Fraction | None) -> str:
    return "—" if value is None else f"{float(value):.1f} %"


def _minutes(value: float | None) -> str:
    return "never" if value is None else f"{value:.1f}"


def render(drawn: Result, luck_free: Result, threshold_pct: float) -> str:
    """The report (what ``economy-sim`` prints): the drawn run's days and first pulls, both runs' weekly injection.

    ``drawn`` pays what the games draw; ``luck_free`` is the same players paid every payout at its
    expectation, which is what the weekly-injection verdict reads (a few hundred players' luck swings
    a week by several percent of all gold held).
    """
    inputs = drawn.inputs
    players = ", ".join(f"{key} {n}" for key, n in drawn.players.items())
    economy = inputs.economy
    lines = [
        f"Economy simulation: {sum(drawn.players.values())} new players ({players}), {drawn.days} days, "
        f"seed {drawn.seed}",
        f"Configuration: {inputs.source}; starter gold {economy.starter_gold:,}; daily gold "
        f"min({economy.daily_gold_base:,} + {economy.daily_gold_per_streak_day:,} × streak, "
        f"{economy.daily_gold_cap:,}); gacha pull {inputs.gacha.cost_single:,}",
        "",
        "Gold into (sources) and out of (sinks) all simulated wallets per day, as drawn; median balance per profile:",
    ]
    headers = ["day", *(_HEADERS[k] for k in SOURCES), *(_HEADERS[k] for k in SINKS), "net", *drawn.players]
    rows = [
        [
            str(d.day),
            *(f"{d.sources[k]:,}" for k in SOURCES),
            *(f"{d.sinks[k]:,}" for k in SINKS),
            f"{d.net:,}",
            *(f"{d.median_balance[k]:,}" for k in drawn.players),
        ]
        for d in drawn.daily
    ]
    lines += _table(headers, rows)
    lines += ["", "Time to the first gacha pull (minutes of play since signup; nearest-rank percentiles):"]
    rows = [
        [
            f.profile,
            str(f.players),
            str(f.first_session_minutes),
            _minutes(f.percentile(50)),
            _minutes(f.percentile(90)),
            _minutes(f.percentile(100)),
            f"{f.within_first_session}/{f.players}",
        ]
        for f in drawn.first_pulls
    ]
    lines += _table(["profile", "players", "1st session", "median", "p90", "max", "in 1st session"], rows)
    lines += [
        "",
        "Weekly net injection = (sources − sinks) over the week / gold held when it began "
        f"(alert above {threshold_pct:g} %; week 1 starts from nothing):",
    ]
    rows = [
        [
            f"{w.index} (days {w.first}–{w.first + 6})",
            f"{w.net:,}",
            _pct(w.pct),
            f"{lf.net:,}",
            f"{lf.start_circulation:,}",
            _pct(lf.pct),
            _pct(lf.pct_of_end),
        ]
        for w, lf in zip(drawn.weeks, luck_free.weeks, strict=True)
    ]
    lines += _table(
        ["week", "net (drawn)", "injection", "net (luck-free)", "held at start", "injection", "of end (console)"],
        rows,
    )
    worst = luck_free.max_weekly_pct
    verdict = "no full week after the first" if worst is None else "OK" if worst <= threshold_pct else "ALERT"
    lines += [f"Highest luck-free weekly net injection: {_pct(worst)} ({verdict})", "", "Profiles:"]
    lines += [f"  {p.key:<11} {p.share:>3} %  {p.description}" for p in PROFILES if p.key in drawn.players]
    pace = ", ".join(f"{step} {minutes * 60:.0f} s" for step, minutes in PACE_MINUTES.items())
    lines += [f"Pace: {pace}", ""]
    return "\n".join(lines)
