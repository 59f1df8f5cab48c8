"""Desktop side navigation and mobile bottom tab bar (both from ``NAV_ITEMS``)."""

from __future__ import annotations

import reflex as rx

from casino_app.components.nav_items import NAV_ITEMS, NavItem
from casino_app.state.auth import AuthState
from casino_app.state.ui import tr


def _current(item: NavItem) -> rx.Var:
    path = rx.State.router.url.path
    # The router may report a trailing slash ("/faq/"); both forms are the same page.
    matches = (path == item.href) | (path == item.href.rstrip("/") + "/")
    return rx.cond(matches, "page", "false")


def _when_visible(item: NavItem, component: rx.Component) -> rx.Component:
    return rx.cond(AuthState.is_authenticated, component) if item.requires_login else component


def _side_link(item: NavItem) -> rx.Component:
    return _when_visible(item, _side_item(item))


def _side_item(item: NavItem) -> rx.Component:
    return rx.el.li(
        rx.link(
            rx.icon(item.icon, size=18, aria_hidden="true"),
            rx.el.span(tr(item.key)),
            href=item.href,
            class_name="cc-navlink",
            aria_current=_current(item),
            underline="none",
        ),
        list_style="none",
    )


def side_nav() -> rx.Component:
    """The desktop left column (hidden below the desktop breakpoint)."""
    return rx.el.nav(
        rx.el.ul(*[_side_link(item) for item in NAV_ITEMS], padding="0", margin="0", display="grid", gap="4px"),
        aria_label=tr("a11y.main_nav"),
        class_name="cc-sidenav",
    )


def _tab_link(item: NavItem) -> rx.Component:
    if item.tab == "guests":
        return rx.cond(AuthState.is_authenticated, rx.fragment(), _tab_item(item))
    if item.tab == "members":
        return rx.cond(AuthState.is_authenticated, _tab_item(item))
    return _tab_item(item)


def _tab_item(item: NavItem) -> rx.Component:
    return rx.link(
        rx.icon(item.icon, size=22, aria_hidden="true"),
        rx.el.span(tr(item.key)),
        href=item.href,
        aria_current=_current(item),
        underline="none",
    )


def tab_bar() -> rx.Component:
    """The mobile bottom tab bar (hidden on desktop)."""
    return rx.el.nav(
        *[_tab_link(item) for item in NAV_ITEMS if item.in_tabbar],
        aria_label=tr("a11y.tab_bar"),
        class_name="cc-tabbar",
    )
