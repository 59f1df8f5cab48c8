"""The mood check-in card: six mood buttons, then today's answer with its gentle suggestion and link.

Place it on a player page and add ``MoodState.load`` to that page's ``on_load``; guests and staff see nothing.
"""

from __future__ import annotations

import reflex as rx

from casino_app.components.forms import alert, localized
from casino_app.state.mood import MOODS, MoodState
from casino_app.state.ui import tr

M = MoodState


def _choices() -> rx.Component:
    return rx.el.div(
        *[
            rx.el.button(
                tr(f"mood.choice.{mood}"),
                type="button",
                class_name="cc-bet",
                disabled=M.busy,
                on_click=M.checkin(mood),
                id=f"cc-mood-{mood}",
            )
            for mood in MOODS
        ],
        class_name="cc-bets",
        role="group",
        aria_labelledby="cc-mood-title",
    )


def _answered() -> rx.Component:
    return rx.el.div(
        rx.el.p(localized(M.answered), class_name="cc-field-hint", id="cc-mood-answered"),
        rx.el.p(localized(M.suggestion_text), id="cc-mood-suggestion", data_suggestion=M.suggestion),
        rx.cond(
            M.link != "",
            rx.link(localized(M.link_label), href=M.link, class_name="cc-btn cc-btn--ghost", id="cc-mood-link"),
        ),
    )


def mood_card() -> rx.Component:
    """Today's mood question, or today's answer and its suggestion (one answer per KST day)."""
    return rx.cond(
        M.ready,
        rx.el.section(
            rx.heading(tr("mood.title"), as_="h2", size="4", id="cc-mood-title"),
            rx.cond(
                M.mood != "",
                _answered(),
                rx.fragment(rx.text(tr("mood.lead"), size="2", color="var(--cc-muted)"), _choices()),
            ),
            alert(M.error, tone="info", alert_id="cc-mood-error"),
            class_name="cc-card",
            id="cc-mood-card",
            aria_labelledby="cc-mood-title",
        ),
    )
