"""Desktop side navigation and the mobile bottom tab bar with its "more" sheet (all from ``nav_items``).

Players see ``NAV_ITEMS``; staff see the console's screens instead (``CONSOLE_ITEMS``), on every screen size.
"""

from __future__ import annotations

import reflex as rx

from casino_app.components.daily_modal import unclaimed_dot
from casino_app.components.more_sheet import current, more_sheet
from casino_app.components.nav_items import (
    CONSOLE_ITEMS,
    NAV_ITEMS,
    ConsoleItem,
    NavItem,
    console_more_items,
    console_tab_items,
    more_items,
)
from casino_app.state.auth import AuthState
from casino_app.state.ui import tr


def _when_visible(item: NavItem, component: rx.Component) -> rx.Component:
    return rx.cond(AuthState.is_authenticated, component) if item.requires_login else component


def _side_item(item: NavItem | ConsoleItem) -> rx.Component:
    return rx.el.li(
        rx.link(
            rx.icon(item.icon, size=18, aria_hidden="true"),
            rx.el.span(tr(item.key)),
            href=item.href,
            class_name="cc-navlink",
            aria_current=current(item.href),
            underline="none",
        ),
        list_style="none",
    )


def _side_list(items: list[rx.Component]) -> rx.Component:
    return rx.el.ul(*items, padding="0", margin="0", display="grid", gap="4px")


def side_nav() -> rx.Component:
    """The desktop left column (hidden below the desktop breakpoint): the player's places, or the console's."""
    return rx.cond(
        AuthState.is_staff,
        rx.el.nav(
            _side_list([_side_item(item) for item in CONSOLE_ITEMS]),
            aria_label=tr("admin.nav"),
            class_name="cc-sidenav cc-sidenav--console",
        ),
        rx.el.nav(
            _side_list([_when_visible(item, _side_item(item)) for item in NAV_ITEMS if item.side]),
            aria_label=tr("a11y.main_nav"),
            class_name="cc-sidenav",
        ),
    )


def _tab_item(item: NavItem | ConsoleItem) -> rx.Component:
    return rx.link(
        rx.icon(item.icon, size=22, aria_hidden="true"),
        rx.el.span(tr(item.key)),
        unclaimed_dot("cc-tab-daily-badge") if item.href == "/" else rx.fragment(),  # home holds the check-in card
        href=item.href,
        aria_current=current(item.href),
        underline="none",
    )


def _player_tab(item: NavItem) -> rx.Component:
    if item.tab == "guests":
        return rx.cond(AuthState.is_authenticated, rx.fragment(), _tab_item(item))
    if item.tab == "members":
        return rx.cond(AuthState.is_authenticated, _tab_item(item))
    return _tab_item(item)


def _player_more() -> rx.Component:
    """Members get the sheet of every other place; guests only when some public place is not in the bar."""
    member = more_sheet(more_items(member=True), title_key="nav.more_title", lead_key="nav.more_lead")
    guest_items = more_items(member=False)
    if not guest_items:
        return rx.cond(AuthState.is_authenticated, member)
    guest = more_sheet(guest_items, title_key="nav.more_title", lead_key="nav.more_lead")
    return rx.cond(AuthState.is_authenticated, member, guest)


def _player_tabs() -> rx.Component:
    return rx.fragment(*[_player_tab(item) for item in NAV_ITEMS if item.in_tabbar], _player_more())


def _console_tabs() -> rx.Component:
    return rx.fragment(
        *[_tab_item(item) for item in console_tab_items()],
        more_sheet(console_more_items(), title_key="nav.console_title", lead_key="nav.console_lead"),
    )


def tab_bar() -> rx.Component:
    """The mobile bottom tab bar (hidden on desktop): a few places and "more" for every other one."""
    return rx.el.nav(
        rx.cond(AuthState.is_staff, _console_tabs(), _player_tabs()),
        aria_label=tr("a11y.tab_bar"),
        class_name="cc-tabbar",
    )
