"""How the crash screen words its numbers: multipliers, the players list, the history chips, the odds table.

Pure functions over the live snapshot (``services.crash.snapshot``) and the published table; multipliers are
integers in hundredths everywhere (``100`` = 1.00×), formatted without floats.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from fractions import Fraction
from typing import Any

from casino_app.services.crash import chain
from casino_app.services.crash.table import AUTO_CASHOUT_MIN, CrashConfig

# Cash-out targets shown in the odds table (hundredths), up to the table's maximum.
ODDS_TARGETS = (AUTO_CASHOUT_MIN, 150, 200, 300, 500, 1_000, 10_000)
HIGH_POINT = 1_000  # 10×: a "high" chip in the history
LOW_POINT = 200  # below 2×: a "low" chip


def x_text(hundredths: object) -> str:
    """``"2.35"`` for 235 (empty for anything that is not a positive integer)."""
    if isinstance(hundredths, bool) or not isinstance(hundredths, int) or hundredths <= 0:
        return ""
    return f"{hundredths // 100}.{hundredths % 100:02d}"


def gold_text(amount: object) -> str:
    """``"1,234"`` (``"0"`` for anything that is not an integer)."""
    return f"{amount:,}" if isinstance(amount, int) and not isinstance(amount, bool) else "0"


def percent_text(chance: Fraction) -> str:
    """A probability as a percentage: two decimals, four below 1 %."""
    value = float(chance) * 100
    return f"{value:.2f}" if value >= 1 else f"{value:.4f}"


def bet_rows(bets: Iterable[Mapping[str, Any]], nickname: str) -> list[dict[str, str]]:
    """The round's bets as the players list shows them (``me`` marks the tab's own player)."""
    mine = nickname.casefold()
    rows = []
    for bet in bets:
        name = str(bet.get("nickname", ""))
        status = str(bet.get("status", ""))
        rows.append(
            {
                "nickname": name,
                "bet": gold_text(bet.get("bet_amount")),
                "auto": "1" if bet.get("auto") else "",
                "status": status if status in ("active", "cashed", "lost") else "active",
                "multiplier": x_text(bet.get("cashout_multiplier")),
                "payout": gold_text(bet.get("payout")) if status == "cashed" else "",
                "payout_raw": str(bet.get("payout", 0)) if status == "cashed" else "",
                "me": "1" if mine and name.casefold() == mine else "",
            }
        )
    return rows


def history_chips(history: Iterable[Mapping[str, Any]]) -> list[dict[str, str]]:
    """The last crash points, newest first, each with its hash (the verify link) and a tone."""
    chips = []
    for item in history:
        point = item.get("crash_point")
        if not isinstance(point, int):
            continue
        tone = "high" if point >= HIGH_POINT else ("low" if point < LOW_POINT else "mid")
        chips.append(
            {"number": str(item.get("number", "")), "point": x_text(point), "hash": str(item.get("hash", "")),
             "tone": tone}
        )  # fmt: skip
    return chips


def odds_rows(config: CrashConfig) -> list[dict[str, str]]:
    """Each shown target with its exact chance (``P(crash ≥ x)``) and the average return per 100 gold."""
    targets = sorted({t for t in ODDS_TARGETS if t <= config.max_multiplier_x100} | {config.max_multiplier_x100})
    rows = []
    for target in targets:
        chance = chain.survival(target, config.house_edge_bp, config.max_multiplier_x100)
        back = chance * target  # per 100 gold: 100 · chance · target / 100
        rows.append({"target": x_text(target), "chance": percent_text(chance), "return": f"{float(back):.2f}"})
    return rows


def table_texts(config: CrashConfig, version: int) -> dict[str, str]:
    """The published table's figures as text (RTP, edge, limits, the cap, the instant-crash share)."""
    instant = 1 - chain.survival(AUTO_CASHOUT_MIN, config.house_edge_bp, config.max_multiplier_x100)
    return {
        "rtp": f"{float(config.rtp * 100):.2f}".rstrip("0").rstrip("."),
        "edge": f"{config.house_edge_bp / 100:.2f}".rstrip("0").rstrip("."),
        "max_multiplier": x_text(config.max_multiplier_x100),
        "min_bet": gold_text(config.min_bet),
        "max_bet": gold_text(config.max_bet),
        "cap": gold_text(config.round_payout_cap),
        "instant": percent_text(instant),
        "version": str(version),
    }
