"""The crash player's cash-out line: a celebration by win tier when it paid more than the bet, else calm."""

from __future__ import annotations

import reflex as rx

from casino_app.components.celebration import calm_line, celebration
from casino_app.state.crash import CrashState as C
from casino_app.state.ui import tr


def cashed_line() -> rx.Component:
    """ "Cashed out ×m → n G" with the tier's banner, count-up and coins; a 1.00× cash-out only says so."""
    return rx.cond(
        C.my_tier != "none",
        rx.el.span(
            tr("crash.me.cashed"),
            " ×",
            C.my_multiplier,
            " → ",
            celebration(
                "cc-crash-celebrate",
                C.my_tier,
                C.my_round_id.to_string(),
                amount=C.my_payout,
                amount_text=C.my_payout_text,
            ),
        ),
        calm_line(tr("crash.me.returned"), " ×", C.my_multiplier, " → ", rx.el.strong(C.my_payout_text, " G")),
    )
