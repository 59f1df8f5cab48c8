"""Published multipliers: decimal text in the odds tables, exact fractions in the arithmetic."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction


def parse_multiplier(value: str, *, maximum: int = 10_000) -> Fraction:
    """A table multiplier such as "0.5" or "250", exactly; ``ValueError`` outside 0..maximum or finer than 0.01."""
    try:
        parsed = Fraction(value)
    except (ValueError, ZeroDivisionError):
        raise ValueError("must be a decimal number") from None
    if parsed < 0 or parsed > maximum or (parsed * 100).denominator != 1:
        raise ValueError(f"must be between 0 and {maximum} with at most two decimals")
    return parsed


def decimal_text(value: Fraction) -> str:
    """A multiplier as plain decimal text ("0.5", "250")."""
    text = format(Decimal(value.numerator) / Decimal(value.denominator), "f")
    return text.rstrip("0").rstrip(".") if "." in text else text
