"""The tab bar's "more" button and the bottom sheet it opens: every place the bar has no room for.

The sheet is a Radix dialog the browser opens and closes on its own (no server round trip); each link closes
it as it navigates. Player places are grouped (games, rewards and community, my account, help); the console's
are one list.
"""

from __future__ import annotations

from collections.abc import Sequence

import reflex as rx

from casino_app.components.music_toggle import music_toggle
from casino_app.components.nav_items import GROUPS, ConsoleItem, NavItem
from casino_app.components.numbers import grouped
from casino_app.state.notifications import NotificationState
from casino_app.state.ui import tr

NOTIFICATIONS = "/notifications"


def current(href: str) -> rx.Var:
    """``aria-current`` for a link to ``href``: "page" on that page."""
    path = rx.State.router.url.path
    # The router may report a trailing slash ("/faq/"); both forms are the same page.
    return rx.cond((path == href) | (path == href.rstrip("/") + "/"), "page", "false")


def _on_any(items: Sequence[NavItem | ConsoleItem]) -> rx.Var:
    """Whether the page shown is one of ``items`` (the "more" button then lights up like a current tab)."""
    path = rx.State.router.url.path
    hrefs = [item.href for item in items] + [item.href + "/" for item in items]
    return rx.Var.create(hrefs).contains(path)


def _unread_badge() -> rx.Component:
    return rx.cond(
        NotificationState.unread > 0,
        rx.el.span(grouped(NotificationState.unread), class_name="cc-more-count", id="cc-more-unread"),
    )


def _link(item: NavItem | ConsoleItem) -> rx.Component:
    return rx.el.li(
        rx.dialog.close(
            rx.link(
                rx.icon(item.icon, size=20, aria_hidden="true"),
                rx.el.span(tr(item.key)),
                _unread_badge() if item.href == NOTIFICATIONS else rx.fragment(),
                href=item.href,
                class_name="cc-more-link",
                aria_current=current(item.href),
                underline="none",
            )
        ),
    )


def _players(items: Sequence[NavItem | ConsoleItem]) -> bool:
    return all(isinstance(item, NavItem) for item in items)


def _grouped(items: Sequence[NavItem | ConsoleItem]) -> list[rx.Component]:
    """Player places under their group's heading; console screens as one list."""
    if not all(isinstance(item, NavItem) for item in items):
        return [rx.el.ul(*[_link(item) for item in items], class_name="cc-more-grid")]
    sections = []
    for group in GROUPS:
        members = [item for item in items if isinstance(item, NavItem) and item.group == group]
        if members:
            sections.append(
                rx.el.section(
                    rx.el.h2(tr(f"nav.group.{group}"), class_name="cc-more-group", id=f"cc-more-group-{group}"),
                    rx.el.ul(*[_link(item) for item in members], class_name="cc-more-grid"),
                    aria_labelledby=f"cc-more-group-{group}",
                )
            )
    return sections


def more_sheet(items: Sequence[NavItem | ConsoleItem], *, title_key: str, lead_key: str) -> rx.Component:
    """The "more" tab-bar button and its sheet listing ``items``."""
    return rx.dialog.root(
        rx.dialog.trigger(
            rx.el.button(
                rx.icon("layout-grid", size=22, aria_hidden="true"),
                rx.el.span(tr("nav.more")),
                type="button",
                class_name="cc-tabbar-more",
                data_active=rx.cond(_on_any(items), "true", "false"),
                id="cc-more-open",
            )
        ),
        rx.dialog.content(
            rx.el.div(
                rx.dialog.title(tr(title_key), class_name="cc-more-title"),
                rx.dialog.close(
                    rx.el.button(
                        rx.icon("x", size=18, aria_hidden="true"),
                        type="button",
                        class_name="cc-iconbtn",
                        aria_label=tr("nav.close"),
                        id="cc-more-close",
                    )
                ),
                class_name="cc-more-head",
            ),
            rx.dialog.description(tr(lead_key), class_name="cc-more-lead"),
            rx.el.nav(*_grouped(items), aria_label=tr(title_key)),
            # On a phone the header has no room for the music toggle: it lives here (players only).
            music_toggle(labelled=True, element_id="cc-music-toggle-sheet") if _players(items) else rx.fragment(),
            class_name="cc-more-sheet",
            id="cc-more-sheet",
        ),
    )
