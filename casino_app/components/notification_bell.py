"""The header bell: opens the notification center and shows the unread count (live, on every screen size)."""

from __future__ import annotations

import reflex as rx

from casino_app.components.numbers import grouped
from casino_app.state.notifications import NotificationState
from casino_app.state.ui import tr

BADGE_MAX = 99


def _badge() -> rx.Component:
    """The unread count over the bell ("99+" above 99); hidden from screen readers, which get the label."""
    return rx.el.span(
        rx.cond(NotificationState.unread > BADGE_MAX, f"{BADGE_MAX}+", NotificationState.unread.to_string()),
        aria_hidden="true",
        id="cc-bell-count",
        position="absolute",
        top="-6px",
        right="-6px",
        min_width="20px",
        height="20px",
        padding="0 5px",
        border_radius="var(--cc-radius-pill)",
        background="var(--cc-pink)",
        color="var(--cc-on-accent)",
        font_size="var(--cc-font-xs)",
        font_weight="800",
        line_height="20px",
        text_align="center",
        box_shadow="var(--cc-glow-pink)",
    )


def notification_bell() -> rx.Component:
    """A link to ``/notifications`` with the unread badge (players only; the header decides when to show it)."""
    return rx.link(
        rx.icon("bell", size=18, aria_hidden="true"),
        rx.cond(NotificationState.unread > 0, _badge()),
        rx.el.span(
            tr("nc.bell"),
            rx.cond(
                NotificationState.unread > 0,
                rx.fragment(" · ", grouped(NotificationState.unread), " ", tr("nc.bell_unread")),
            ),
            class_name="cc-sr-only",
            aria_live="polite",
        ),
        href="/notifications",
        class_name="cc-iconbtn",
        underline="none",
        position="relative",
        id="cc-bell",
        title=tr("nc.bell"),
    )
