"""The navigation registry: one list feeds the side navigation, the mobile tab bar and its "more" sheet (games
from the game registry), and the console's list feeds the staff's navigation.

Every destination is reachable on a phone: the tab bar shows a few, and the "more" sheet lists every other one
the viewer may visit (``more_items``), so a page added to ``NAV_ITEMS`` can never be left out of either.
"""

from __future__ import annotations

from dataclasses import dataclass

from casino_app.components.admin_nav import CONSOLE_PAGES
from casino_app.state.game_catalog import game_nav

GROUPS = ("play", "rewards", "account", "help")


@dataclass(frozen=True)
class NavItem:
    """A destination: i18n label key, route, lucide icon, who sees it in the tab bar, whether it needs a login,
    its group in the "more" sheet and whether the desktop side navigation lists it.

    The mobile tab bar has room for five with the "more" button: ``tab`` is ``all``, ``guests`` (logged out
    only), ``members`` (logged in only) or ``none`` (in the "more" sheet). ``side=False`` keeps an entry out of
    the desktop side navigation when the header already leads there (the bell, the user menu).
    """

    key: str
    href: str
    icon: str
    tab: str = "all"
    requires_login: bool = False
    group: str = "play"
    side: bool = True

    @property
    def in_tabbar(self) -> bool:
        """Shown in the tab bar for someone."""
        return self.tab != "none"


NAV_ITEMS: tuple[NavItem, ...] = (
    NavItem("nav.home", "/", "house"),
    # One entry per registered game, in registry order.
    *(NavItem(label, href, icon, tab=tab, requires_login=True) for label, href, icon, tab in game_nav()),
    NavItem("nav.missions", "/missions", "target", tab="none", requires_login=True, group="rewards"),
    NavItem("nav.events", "/events", "calendar-days", tab="none", requires_login=True, group="rewards"),
    NavItem("nav.battlepass", "/battlepass", "ticket", tab="none", requires_login=True, group="rewards"),
    NavItem("nav.leaderboard", "/leaderboard", "trophy", tab="none", requires_login=True, group="rewards"),
    NavItem("nav.friends", "/friends", "users", tab="none", requires_login=True, group="rewards"),
    NavItem("nav.stories", "/stories", "book-open", tab="none", requires_login=True, group="rewards"),
    NavItem("nav.shop", "/shop", "shopping-bag", tab="none", requires_login=True, group="account"),
    NavItem("nav.wallet", "/wallet", "wallet", tab="members", requires_login=True, group="account"),
    NavItem("nav.inventory", "/inventory", "backpack", tab="none", requires_login=True, group="account"),
    NavItem("nav.history", "/games/history", "history", tab="none", requires_login=True, group="account"),
    NavItem("nav.fairness", "/fairness", "shield-check", tab="none", requires_login=True, group="account"),
    NavItem("nav.profile", "/profile", "circle-user-round", tab="none", requires_login=True, group="account"),
    NavItem(
        "nav.notifications", "/notifications", "bell", tab="none", requires_login=True, group="account", side=False
    ),
    NavItem(
        "auth.sessions", "/sessions", "monitor-smartphone", tab="none", requires_login=True, group="account", side=False
    ),
    NavItem("nav.care", "/care", "sprout", tab="none", requires_login=True, group="help"),
    NavItem("nav.responsible", "/responsible-play", "heart-handshake", tab="guests", group="help"),
    NavItem("nav.faq", "/faq", "circle-help", tab="guests", group="help"),
)


def tab_items(member: bool) -> tuple[NavItem, ...]:
    """What the tab bar shows a logged-in player (``member``) or a guest, before the "more" button."""
    own = "members" if member else "guests"
    return tuple(item for item in NAV_ITEMS if item.tab in ("all", own))


def more_items(member: bool) -> tuple[NavItem, ...]:
    """Every other destination the viewer may visit, for the tab bar's "more" sheet (in ``NAV_ITEMS`` order)."""
    shown = set(tab_items(member))
    return tuple(item for item in NAV_ITEMS if item not in shown and (member or not item.requires_login))


@dataclass(frozen=True)
class ConsoleItem:
    """A console screen: i18n label key, route and lucide icon."""

    key: str
    href: str
    icon: str


# Icons of the console's screens; a screen added to ``CONSOLE_PAGES`` without one still shows (with the default).
_CONSOLE_ICONS = {
    "/admin/dashboard": "layout-dashboard",
    "/admin/analytics": "chart-line",
    "/admin": "ticket",
    "/admin/players": "users",
    "/admin/shop/products": "shopping-bag",
    "/admin/shop/limited": "timer",
    "/admin/shop/promos": "badge-percent",
    "/admin/shop/orders": "receipt",
    "/admin/missions": "target",
    "/admin/events": "calendar-days",
    "/admin/battlepass": "ticket",
    "/admin/care": "sprout",
    "/admin/crash": "rocket",
    "/admin/monitor": "activity",
    "/admin/odds": "percent",
    "/admin/audit": "scroll-text",
    "/admin/mail": "mail",
    "/admin/messages": "megaphone",
    "/admin/overlays": "cast",
    "/admin/grants": "gift",
}
CONSOLE_ITEMS: tuple[ConsoleItem, ...] = tuple(
    ConsoleItem(key, href, _CONSOLE_ICONS.get(href, "circle-dot")) for key, href in CONSOLE_PAGES
)
# The console screens in the staff's tab bar; every other one is in their "more" sheet.
CONSOLE_TABS = ("/admin/dashboard", "/admin/players", "/admin/monitor", "/admin/audit")


def console_tab_items() -> tuple[ConsoleItem, ...]:
    """The console screens the staff's tab bar shows."""
    return tuple(item for item in CONSOLE_ITEMS if item.href in CONSOLE_TABS)


def console_more_items() -> tuple[ConsoleItem, ...]:
    """Every other console screen, for the staff's "more" sheet."""
    return tuple(item for item in CONSOLE_ITEMS if item.href not in CONSOLE_TABS)
