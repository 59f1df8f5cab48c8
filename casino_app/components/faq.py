"""The FAQ accordion (keyboard accessible via Radix). Answers that name games or tools are filled in from the
product (``state.copy_lists``), so they list only what exists."""

from __future__ import annotations

import reflex as rx

from casino_app.state import copy_lists
from casino_app.state.ui import tr

FAQ_KEYS: tuple[str, ...] = (
    "games",
    "cashout",
    "invite",
    "fair",
    "odds",
    "limits",
    "reality",
    "break",
    "export",
    "age",
)


def faq_accordion() -> rx.Component:
    """Every FAQ entry as a collapsible question."""
    return rx.accordion.root(
        *[
            rx.accordion.item(
                header=rx.text(tr(f"faq.{key}.q"), weight="bold"),
                content=rx.text(copy_lists.say(f"faq.{key}.a"), color="var(--cc-muted)", line_height="1.7"),
                value=key,
            )
            for key in FAQ_KEYS
        ],
        type="multiple",
        variant="ghost",
        collapsible=True,
        width="100%",
        class_name="cc-card",
        padding="8px",
    )
