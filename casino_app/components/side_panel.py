"""The right column: live feed and notifications."""

from __future__ import annotations

import reflex as rx

from casino_app.components.empty_state import empty_state
from casino_app.components.numbers import grouped
from casino_app.state.auth import AuthState
from casino_app.state.feed import FeedState
from casino_app.state.notifications import NotificationState
from casino_app.state.ui import UIState, tr


def _notification(item: rx.Var) -> rx.Component:
    return rx.el.li(
        rx.text(rx.cond(UIState.locale == "en", item.en, item.ko), size="2"),  # type: ignore[attr-defined]
        rx.text(item.at, size="1", color="var(--cc-muted)"),  # type: ignore[attr-defined]
        class_name="cc-note",
    )


def notifications_section() -> rx.Component:
    """The player's latest notifications (pushed live)."""
    return rx.el.section(
        rx.hstack(
            rx.icon("bell", size=18, color="var(--cc-cyan)", aria_hidden="true"),
            rx.heading(tr("side.notifications_title"), as_="h2", size="3", id="cc-notifications-title"),
            rx.cond(
                NotificationState.unread > 0,
                rx.el.button(
                    grouped(NotificationState.unread),
                    # label in name (WCAG 2.5.3): the visible count first, then what the button does
                    rx.el.span(" ", tr("side.mark_read"), class_name="cc-sr-only"),
                    type="button",
                    class_name="cc-badge cc-badge--rank cc-unread",
                    on_click=NotificationState.mark_read,
                    title=tr("side.mark_read"),
                ),
            ),
            align="center",
            spacing="2",
        ),
        rx.cond(
            NotificationState.items.length() > 0,
            rx.el.ul(
                rx.foreach(NotificationState.items, _notification), class_name="cc-notes", id="cc-notification-list"
            ),
            empty_state(
                "bell",
                "empty.notifications.title",
                "empty.notifications.body",
                element_id="cc-side-notifications-empty",
                compact=True,
            ),
        ),
        class_name="cc-card",
        aria_labelledby="cc-notifications-title",
        id="cc-notifications",
    )


def _feed_line(line: rx.Var) -> rx.Component:
    text = rx.text(rx.cond(UIState.locale == "en", line.en, line.ko), size="2")  # type: ignore[attr-defined]
    return rx.el.li(
        # Signed-in players open the player's card (and can follow them) from the line.
        rx.cond(
            AuthState.is_authenticated & (line.user_id > 0),  # type: ignore[attr-defined]
            rx.link(text, href="/players?id=" + line.user_id.to_string(), color="inherit"),  # type: ignore[attr-defined]
            text,
        ),
        rx.text(line.at, size="1", color="var(--cc-muted)"),  # type: ignore[attr-defined]
        class_name="cc-note cc-feed-line",
    )


def _feed_view(label_key: str, following: bool, button_id: str) -> rx.Component:
    pressed = FeedState.following_only if following else ~FeedState.following_only
    return rx.el.button(
        tr(label_key),
        type="button",
        on_click=FeedState.show_following(following),
        aria_pressed=rx.cond(pressed, "true", "false"),
        class_name=rx.cond(pressed, "cc-btn cc-btn--primary cc-btn--small", "cc-btn cc-btn--ghost cc-btn--small"),
        id=button_id,
    )


def _feed_views() -> rx.Component:
    """Everyone / the players I follow."""
    return rx.hstack(
        _feed_view("feed.view_all", False, "cc-feed-all"),
        _feed_view("feed.view_following", True, "cc-feed-following"),
        spacing="2",
        margin_top="8px",
        role="group",
        aria_label=tr("feed.view_label"),
    )


def feed_section() -> rx.Component:
    """The live feed: every player's Legendary pulls and big wins."""
    return rx.el.section(
        rx.hstack(
            rx.icon("radio", size=18, color="var(--cc-pink)", aria_hidden="true", class_name="cc-live"),
            rx.heading(tr("side.feed_title"), as_="h2", size="3", id="cc-feed-title"),
            align="center",
            spacing="2",
        ),
        rx.cond(AuthState.is_authenticated & ~AuthState.is_staff, _feed_views()),
        rx.cond(
            FeedState.lines.length() > 0,
            rx.el.ul(
                rx.foreach(FeedState.lines, _feed_line), class_name="cc-notes", id="cc-feed-list", aria_live="polite"
            ),
            empty_state(
                "signal",
                rx.cond(FeedState.following_only, tr("empty.feed_following.title"), tr("empty.feed.title")),
                rx.cond(FeedState.following_only, tr("empty.feed_following.body"), tr("empty.feed.body")),
                element_id="cc-feed-empty",
                compact=True,
            ),
        ),
        class_name="cc-card",
        aria_labelledby="cc-feed-title",
        id="cc-feed",
    )


def side_panel() -> rx.Component:
    """Feed and notifications (complementary landmark)."""
    return rx.el.aside(
        rx.vstack(
            feed_section(),
            notifications_section(),
            spacing="4",
            width="100%",
            align="stretch",
        ),
        class_name="cc-side",
        aria_label=tr("a11y.side_panel"),
    )
