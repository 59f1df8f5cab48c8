"""The console's sub-navigation: invite codes, the shop, missions, events, the battle pass, player care and crash."""

from __future__ import annotations

import reflex as rx

from casino_app.state.ui import tr

CONSOLE_PAGES = (
    ("admin.nav_dashboard", "/admin/dashboard"),
    ("admin.nav_analytics", "/admin/analytics"),
    ("admin.nav_invites", "/admin"),
    ("admin.nav_players", "/admin/players"),
    ("admin.nav_catalog", "/admin/shop/products"),
    ("admin.nav_limited", "/admin/shop/limited"),
    ("admin.nav_promos", "/admin/shop/promos"),
    ("admin.nav_orders", "/admin/shop/orders"),
    ("admin.nav_missions", "/admin/missions"),
    ("admin.nav_events", "/admin/events"),
    ("admin.nav_battlepass", "/admin/battlepass"),
    ("admin.nav_care", "/admin/care"),
    ("admin.nav_crash", "/admin/crash"),
    ("admin.nav_monitor", "/admin/monitor"),
    ("admin.nav_odds", "/admin/odds"),
    ("admin.nav_audit", "/admin/audit"),
    ("admin.nav_mail", "/admin/mail"),
    ("admin.nav_messages", "/admin/messages"),
    ("admin.nav_overlays", "/admin/overlays"),
    ("admin.nav_grants", "/admin/grants"),
)


def admin_nav() -> rx.Component:
    """Links between the console's screens (the current one marked)."""
    path = rx.State.router.url.path
    return rx.el.nav(
        *[
            rx.link(
                tr(key),
                href=href,
                class_name="cc-shop-tab",
                aria_current=rx.cond((path == href) | (path == href + "/"), "page", "false"),
                underline="none",
            )
            for key, href in CONSOLE_PAGES
        ],
        aria_label=tr("admin.nav"),
        class_name="cc-shop-tabs",
        id="cc-console-subnav",  # on desktop the side navigation lists the same screens (hidden there)
    )
