"""Site footer: the social-casino notice and the problem-gambling helpline."""

from __future__ import annotations

import reflex as rx

from casino_app.state.ui import tr


def footer() -> rx.Component:
    """Content info landmark."""
    return rx.el.footer(
        rx.vstack(
            rx.text(tr("footer.notice"), weight="bold", color="var(--cc-text)"),
            rx.text(tr("footer.helpline")),
            rx.text(tr("footer.rights"), size="1"),
            spacing="2",
            max_width="960px",
            margin="0 auto",
        ),
        class_name="cc-footer",
        aria_label=tr("a11y.footer"),
    )
