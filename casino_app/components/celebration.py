"""The win celebration and the calm result lines, shared by the games.

``celebration`` shows a round that paid more than its stake: a tier banner (win / big win / mega win, or reward for
a prize without a stake), the payout counting up from 0 and a coin burst sized by the tier. The tier comes from
``services/games/win_tier.py`` through the page's state; a page shows ``celebration`` only when that tier is not
``none``, and ``calm_line`` otherwise (a loss, a draw, a partial return: plain muted text, no motion).

The final amount is rendered by the server (screen readers and reduced motion read it as it is);
``/js/cc-celebrate.js`` animates over it once per round (``window.ccCelebrate``, called on mount, compiled into
the bundle: no inline script). ``/styles/celebrate.css`` holds the look.
"""

from __future__ import annotations

import reflex as rx
from reflex.vars import FunctionStringVar

from casino_app.state.sound import CUES
from casino_app.state.ui import tr_by

SCRIPT = "/js/cc-celebrate.js"
STYLESHEET = "/styles/celebrate.css"
TIERS = ("win", "big", "mega", "reward")


def celebration(
    element_id: str,
    tier: rx.Var | str,
    round_key: rx.Var,
    *,
    amount: rx.Var | None = None,
    amount_text: rx.Var | None = None,
    unit: rx.Var | str = " G",
    label: rx.Component | None = None,
) -> rx.Component:
    """A celebration for one round (``round_key`` remounts it for the next): the tier's banner, then either the
    payout (``amount`` / ``amount_text``, counted up) or a ``label`` (a prize without a number to count)."""
    if amount is not None and amount_text is not None:
        body = rx.el.strong(
            rx.el.span(amount_text, class_name="cc-celebrate-final"),
            rx.el.span(class_name="cc-celebrate-run", aria_hidden="true"),
            unit,
            class_name="cc-celebrate-amount",
        )
    else:
        body = rx.el.strong(label if label is not None else rx.fragment(), class_name="cc-celebrate-amount")
    call = FunctionStringVar.create("window.ccCelebrate").call(element_id, round_key)
    return rx.el.span(
        rx.el.span(tr_by("celebrate.tier.", tier), class_name="cc-celebrate-banner"),  # type: ignore[operator]
        body,
        rx.el.span(class_name="cc-celebrate-coins", aria_hidden="true"),
        rx.el.span(on_mount=rx.run_script(call), hidden=True, aria_hidden="true"),
        id=element_id,
        key=round_key,
        class_name="cc-celebrate cc-celebrate--" + tier,  # type: ignore[operator]
        data_tier=tier,
        data_amount=amount.to_string() if amount is not None else "",
    )


def calm_line(*children: rx.Component | rx.Var | str, element_id: str | None = None) -> rx.Component:
    """A result that is not a win, said plainly (muted, no banner, no coins, no shake)."""
    return rx.el.span(*children, class_name="cc-result-calm", id=element_id)


def play_cue(kind: str) -> rx.event.EventSpec:
    """An event that plays sound ``kind`` in the browser at once (e.g. on the click, before the server answers)."""
    if kind not in CUES:
        raise ValueError(f"unknown sound cue: {kind}")
    return rx.run_script(rx.Var(_js_expr=f'(window.ccSound && window.ccSound("{kind}"))'))
