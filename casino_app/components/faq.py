"""The FAQ accordion (keyboard accessible via Radix). Answers that name games or tools are filled in from the
product (``state.copy_lists``), so they list only what exists."""

from __future__ import annotations

from typing import Literal

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


def _question(key: str, level: Literal["h2", "h3"]) -> rx.Component:
    # Radix's accordion header is always an <h3>; as_child lets the question be a heading at ``level`` instead
    # (on /faq it sits right under the page's h1: axe's heading-order).
    heading = rx.el.h2 if level == "h2" else rx.el.h3
    return rx.accordion.item(
        rx.accordion.header(
            heading(
                rx.accordion.trigger(rx.text(tr(f"faq.{key}.q"), as_="span", weight="bold"), rx.accordion.icon()),
                class_name="cc-faq-question",
            ),
            as_child=True,
        ),
        rx.accordion.content(rx.text(copy_lists.say(f"faq.{key}.a"), color="var(--cc-muted)", line_height="1.7")),
        value=key,
    )


def faq_accordion(level: Literal["h2", "h3"] = "h3") -> rx.Component:
    """Every FAQ entry as a collapsible question, each question a heading at ``level`` (one below its section's)."""
    return rx.accordion.root(
        *[_question(key, level) for key in FAQ_KEYS],
        type="multiple",
        variant="ghost",
        collapsible=True,
        width="100%",
        class_name="cc-card",
        padding="8px",
    )
