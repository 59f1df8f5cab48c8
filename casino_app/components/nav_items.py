"""The navigation registry: one list feeds the side navigation and the mobile tab bar (games from the game registry)."""

from __future__ import annotations

from dataclasses import dataclass

from casino_app.state.game_catalog import game_nav


@dataclass(frozen=True)
class NavItem:
    """A destination: i18n label key, route, lucide icon, whether it needs a login, and who sees it in the tab bar.

    The mobile tab bar has room for five: ``tab`` is ``all``, ``guests`` (logged out only), ``members``
    (logged in only) or ``none``.
    """

    key: str
    href: str
    icon: str
    tab: str = "all"
    requires_login: bool = False

    @property
    def in_tabbar(self) -> bool:
        """Shown in the tab bar for someone."""
        return self.tab != "none"


NAV_ITEMS: tuple[NavItem, ...] = (
    NavItem("nav.home", "/", "house"),
    # One entry per registered game, in registry order.
    *(NavItem(label, href, icon, tab=tab, requires_login=True) for label, href, icon, tab in game_nav()),
    NavItem("nav.missions", "/missions", "target", tab="none", requires_login=True),
    NavItem("nav.events", "/events", "calendar-days", tab="none", requires_login=True),
    NavItem("nav.battlepass", "/battlepass", "ticket", tab="none", requires_login=True),
    NavItem("nav.leaderboard", "/leaderboard", "trophy", tab="none", requires_login=True),
    NavItem("nav.friends", "/friends", "users", tab="none", requires_login=True),
    NavItem("nav.stories", "/stories", "book-open", tab="none", requires_login=True),
    NavItem("nav.shop", "/shop", "shopping-bag", tab="none", requires_login=True),
    NavItem("nav.wallet", "/wallet", "wallet", tab="members", requires_login=True),
    NavItem("nav.inventory", "/inventory", "backpack", tab="none", requires_login=True),
    NavItem("nav.history", "/games/history", "history", tab="none", requires_login=True),
    NavItem("nav.fairness", "/fairness", "shield-check", tab="none", requires_login=True),
    NavItem("nav.profile", "/profile", "circle-user-round", tab="members", requires_login=True),
    NavItem("nav.care", "/care", "sprout", tab="none", requires_login=True),
    NavItem("nav.responsible", "/responsible-play", "heart-handshake", tab="guests"),
    NavItem("nav.faq", "/faq", "circle-help", tab="guests"),
)
