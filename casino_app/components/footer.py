"""Site footer: the social-casino notice, the problem-gambling helpline and the healthy-play links."""

from __future__ import annotations

import reflex as rx

from casino_app.state.ui import tr


def footer() -> rx.Component:
    """Content info landmark."""
    return rx.el.footer(
        rx.vstack(
            rx.text(tr("footer.notice"), weight="bold", color="var(--cc-text)"),
            rx.text(tr("footer.helpline")),
            rx.hstack(
                rx.link(tr("footer.care"), href="/care", id="cc-footer-care"),
                rx.link(tr("footer.responsible"), href="/responsible-play", id="cc-footer-responsible"),
                spacing="4",
                wrap="wrap",
            ),
            rx.text(tr("footer.rights"), size="1"),
            spacing="2",
            max_width="960px",
            margin="0 auto",
        ),
        class_name="cc-footer",
        aria_label=tr("a11y.footer"),
    )
