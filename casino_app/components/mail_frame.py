"""A stored or previewed mail's HTML, shown only inside a fully sandboxed frame."""

from __future__ import annotations

import reflex as rx

from casino_app.state.ui import tr


def mail_frame(html: rx.Var, title_key: str, frame_id: str) -> rx.Component:
    """The mail's HTML in a fully sandboxed frame: no scripts, no same origin, nothing reaches the console."""
    return rx.el.iframe(
        src_doc=html,
        sandbox="",
        referrer_policy="no-referrer",
        title=tr(title_key),
        id=frame_id,
        width="100%",
        height="420px",
        style={"border": "1px solid var(--cc-border, #444)", "borderRadius": "8px", "background": "#fff"},
    )
