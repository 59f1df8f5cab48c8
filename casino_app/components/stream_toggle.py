"""The profile's card for the opt-in to streamers' OBS overlays (off until the player turns it on)."""

from __future__ import annotations

import reflex as rx

from casino_app.components.forms import saved_notice
from casino_app.state.stream_visibility import StreamVisibilityState
from casino_app.state.ui import tr

S = StreamVisibilityState


def stream_toggle() -> rx.Component:
    """The switch, what it means, and the saved confirmation."""
    return rx.el.section(
        rx.hstack(
            rx.icon("radio-tower", size=20, aria_hidden="true"),
            rx.heading(tr("stream.title"), as_="h2", size="5", id="cc-stream-title"),
            spacing="2",
            align="center",
        ),
        rx.text(tr("stream.lead"), size="2", color="var(--cc-muted)", margin_y="8px", id="cc-stream-lead"),
        rx.el.label(
            rx.switch(
                checked=S.visible,
                on_change=S.set_visible,
                id="cc-stream-visible",
                aria_describedby="cc-stream-lead",
            ),
            rx.el.span(tr("stream.switch")),
            class_name="cc-switch-label",
        ),
        saved_notice("stream.", S.saved, "cc-stream-saved", margin_top="8px"),
        class_name="cc-card",
        aria_labelledby="cc-stream-title",
        id="cc-stream",
    )
