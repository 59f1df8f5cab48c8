"""Crash as a registry citizen: its table, RTP, history summary, stats and verification lines.

Crash is not played through the single-player round engine (one shared round, many players): the registry's
``shared`` flag keeps it out of the generated play routes, and its own routes (``/api/games/crash/bet``,
``/cashout``) call ``services.crash.bets``. A settled bet is also recorded in ``game_rounds`` (seed NULL,
``server_seed_hash`` = the round's commitment, ``nonce`` = the round number) so that history, stats, export,
care summaries and progression treat it like any round.
"""

from __future__ import annotations

from collections.abc import Mapping
from fractions import Fraction
from typing import Any

import sqlalchemy as sa
from pydantic import BaseModel, ConfigDict, Field
from sqlmodel import Session

from casino_app.models.games import GameRound
from casino_app.services.accounts.identity import AuthUser
from casino_app.services.crash import chain
from casino_app.services.crash.table import DEFAULT_CRASH, CrashConfig
from casino_app.services.fairness import rng
from casino_app.services.games import registry
from casino_app.services.games.registry import Settlement, Table

TRANSFER_BET = "CRASH_BET"
TRANSFER_CASHOUT = "CRASH_CASHOUT"


class CrashBetRequest(BaseModel):
    """``{bet_amount, auto_cashout?}`` (camelCase ``betAmount``/``autoCashout`` accepted); multiplier as ×."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True, frozen=True)

    bet_amount: int = Field(alias="betAmount", strict=True, ge=1, le=1_000_000_000)
    auto_cashout: float | None = Field(None, alias="autoCashout", ge=1.01, le=10_000)


class Crash(registry.Game):
    """The shared crash round."""

    key = "crash"
    action = "bet"
    transfer_kind = TRANSFER_BET
    config_model = CrashConfig
    request_model = CrashBetRequest
    default_config = DEFAULT_CRASH
    icon = "rocket"
    shared = True
    api_summary = "Bet on the current crash round"

    def resolve(
        self, db: Session, user: AuthUser, request: BaseModel, table: Table, context: Any, units: list[rng.Unit]
    ) -> Settlement:
        """Never called: crash rounds are shared (``services.crash.bets``), not drawn per player."""
        raise NotImplementedError("crash is played through services.crash.bets")

    def recompute(self, units: list[rng.Unit], config: Any, params: Mapping[str, Any]) -> dict[str, Any]:
        """The crash point of ``params['hash']`` under ``config`` (the chain, not floats, decides crash)."""
        point = chain.crash_point(str(params["hash"]), config.house_edge_bp, config.max_multiplier_x100)
        return {"crash_point": point}

    def verify_floats(self, config: Any, params: Mapping[str, Any]) -> int:
        """No floats: the round hash decides."""
        return 0

    def rtp(self, config: Any) -> Fraction:
        """``1 − house_edge`` for every cash-out target up to the maximum."""
        return config.rtp

    def rtp_range(self) -> tuple[Fraction, Fraction]:
        """96–99 %."""
        return Fraction(96, 100), Fraction(99, 100)

    def summary(self, outcome: Mapping[str, Any]) -> str:
        """ "#123 cashed 2.15x" or "#123 crashed 1.37x"."""
        number = outcome.get("round_number", "?")
        if outcome.get("cashout_multiplier"):
            return f"#{number} cashed {outcome['cashout_multiplier'] / 100:.2f}x"
        point = outcome.get("crash_point")
        return f"#{number} crashed {point / 100:.2f}x" if point else f"#{number} lost"

    def outcome_text(self, outcome: Mapping[str, Any], locale: str) -> str:
        """ "#123 2.15× 캐시아웃" or "#123 1.37×에서 크래시"."""
        number = outcome.get("round_number", "?")
        if outcome.get("cashout_multiplier"):
            x = f"{outcome['cashout_multiplier'] / 100:.2f}"
            return registry.catalog_name("readable.crash_cashed", self.summary(outcome), locale, round=number, x=x)
        point = outcome.get("crash_point")
        if point:
            x = f"{point / 100:.2f}"
            return registry.catalog_name("readable.crash_crashed", self.summary(outcome), locale, round=number, x=x)
        return registry.catalog_name("readable.crash_lost", self.summary(outcome), locale, round=number)

    def verify_lines(self, outcome: Mapping[str, Any]) -> list[str]:
        """The crash point the chain decided (known once the round crashed)."""
        point = outcome.get("crash_point")
        return [f"crash:{point / 100:.2f}x" if point else "crash:?"]

    def stats(self, db: Session, user_id: int) -> dict[str, int]:
        """``bets``, ``wins`` (cashed out) and ``losses`` (lost at the crash)."""
        table = GameRound.__table__
        row = db.execute(
            sa.select(
                sa.func.count(),
                sa.func.count().filter(table.c.payout > 0),
                sa.func.count().filter(table.c.payout == 0),
            ).where(table.c.user_id == user_id, table.c.game == self.key)
        ).one()
        return dict(zip(("bets", "wins", "losses"), (int(v) for v in row), strict=True))


CRASH = registry.register(Crash())
