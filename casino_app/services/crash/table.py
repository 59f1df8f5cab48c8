"""The crash table: house edge, maximum multiplier, bet limits, round payout cap, phase lengths, curve.

One versioned table for everyone (``game_configs``). The declared RTP is ``1 − house_edge`` for every
cash-out target up to the maximum multiplier (``chain.survival``), so the table's RTP stays within 96–99 %.
"""

from __future__ import annotations

from fractions import Fraction

from pydantic import BaseModel, ConfigDict, Field, model_validator


class CrashConfig(BaseModel):
    """A published crash table (multipliers in hundredths: 100 = 1.00×)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    house_edge_bp: int = Field(300, ge=100, le=400, description="house edge in basis points (300 = 3 %)")
    max_multiplier_x100: int = Field(100_000, ge=1_000, le=1_000_000, description="the highest crash point")
    min_bet: int = Field(10, ge=1, le=1_000_000)
    max_bet: int = Field(10_000, ge=1, le=1_000_000)
    round_payout_cap: int = Field(
        5_000_000, ge=10_000, le=1_000_000_000, description="most gold one round pays out in total"
    )
    betting_ms: int = Field(7_000, ge=1_000, le=60_000, description="length of the betting phase")
    cooldown_ms: int = Field(3_000, ge=500, le=60_000, description="pause after a crash before the next round")
    growth_per_ms: float = Field(0.00006, ge=0.00001, le=0.001, description="m(t) = e^(growth · t ms)")

    @model_validator(mode="after")
    def _rules(self) -> CrashConfig:
        if self.min_bet > self.max_bet:
            raise ValueError("min_bet must not exceed max_bet")
        if self.max_bet * self.max_multiplier_x100 // 100 > self.round_payout_cap * 10:
            raise ValueError("one bet at the maximum multiplier may not exceed ten round payout caps")
        return self

    @property
    def rtp(self) -> Fraction:
        """``1 − house_edge``."""
        return Fraction(10_000 - self.house_edge_bp, 10_000)


DEFAULT_CRASH = CrashConfig()
AUTO_CASHOUT_MIN = 101  # 1.01×: a target of 1.00× would return the stake at best
