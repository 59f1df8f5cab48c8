"""The right column: live feed and notifications."""

from __future__ import annotations

import reflex as rx

from casino_app.state.ui import tr


def _section(title_key: str, empty_key: str, icon: str, section_id: str) -> rx.Component:
    return rx.el.section(
        rx.hstack(
            rx.icon(icon, size=18, color="var(--cc-cyan)", aria_hidden="true"),
            rx.heading(tr(title_key), as_="h2", size="3", id=f"{section_id}-title"),
            align="center",
            spacing="2",
        ),
        rx.text(tr(empty_key), color="var(--cc-muted)", size="2", margin_top="8px"),
        class_name="cc-card",
        aria_labelledby=f"{section_id}-title",
        id=section_id,
    )


def side_panel() -> rx.Component:
    """Feed and notifications (complementary landmark)."""
    return rx.el.aside(
        rx.vstack(
            _section("side.feed_title", "side.feed_empty", "radio", "cc-feed"),
            _section("side.notifications_title", "side.notifications_empty", "bell", "cc-notifications"),
            spacing="4",
            width="100%",
            align="stretch",
        ),
        class_name="cc-side",
        aria_label=tr("a11y.side_panel"),
    )
