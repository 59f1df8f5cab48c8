"""The navigation registry: one list feeds the side navigation and the mobile tab bar."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class NavItem:
    """A destination: i18n label key, route, lucide icon, tab-bar presence, and whether it needs a login."""

    key: str
    href: str
    icon: str
    in_tabbar: bool = True
    requires_login: bool = False


NAV_ITEMS: tuple[NavItem, ...] = (
    NavItem("nav.home", "/", "house"),
    NavItem("nav.wallet", "/wallet", "wallet", requires_login=True),
    NavItem("nav.profile", "/profile", "circle-user-round", requires_login=True),
    NavItem("nav.responsible", "/responsible-play", "heart-handshake"),
    NavItem("nav.faq", "/faq", "circle-help"),
)
