"""Every destination is reachable on a phone: the tab bar plus its "more" sheet cover the navigation registry,
for players and for guests, and staff get the console's screens."""

from __future__ import annotations

from casino_app.components.admin_nav import CONSOLE_PAGES
from casino_app.components.nav_items import (
    CONSOLE_ITEMS,
    NAV_ITEMS,
    console_more_items,
    console_tab_items,
    more_items,
    tab_items,
)
from casino_app.services.games import registry

TAB_ROOM = 5  # thumb-sized tabs on a 390-px phone, the "more" button included


def test_members_reach_every_destination_in_two_taps() -> None:
    tabs, more = tab_items(member=True), more_items(member=True)
    assert set(tabs) | set(more) == set(NAV_ITEMS)
    assert not set(tabs) & set(more)
    assert len(tabs) + 1 <= TAB_ROOM
    hrefs = {item.href for item in more}
    for wanted in (
        "/games/history",
        "/inventory",
        "/fairness",
        "/missions",
        "/events",
        "/battlepass",
        "/leaderboard",
        "/shop",
        "/care",
        "/notifications",
        "/profile",
        "/sessions",
        "/responsible-play",
        "/faq",
    ):
        assert wanted in hrefs, wanted


def test_every_registered_game_is_in_the_bar_or_the_sheet() -> None:
    reachable = {item.href for item in tab_items(member=True) + more_items(member=True)}
    assert {f"/games/{game.key}" for game in registry.games()} <= reachable


def test_guests_reach_every_public_destination_and_nothing_else() -> None:
    public = {item for item in NAV_ITEMS if not item.requires_login}
    tabs, more = tab_items(member=False), more_items(member=False)
    assert set(tabs) | set(more) == public
    assert len(tabs) + (1 if more else 0) <= TAB_ROOM


def test_the_sheet_groups_are_known() -> None:
    from casino_app.components.nav_items import GROUPS

    assert {item.group for item in NAV_ITEMS} <= set(GROUPS)


def test_staff_get_every_console_screen_on_a_phone() -> None:
    assert [(i.key, i.href) for i in CONSOLE_ITEMS] == list(CONSOLE_PAGES)
    tabs, more = console_tab_items(), console_more_items()
    assert set(tabs) | set(more) == set(CONSOLE_ITEMS)
    assert not set(tabs) & set(more)
    assert len(tabs) + 1 <= TAB_ROOM
    assert [i.href for i in tabs] == ["/admin/dashboard", "/admin/players", "/admin/monitor", "/admin/audit"]
