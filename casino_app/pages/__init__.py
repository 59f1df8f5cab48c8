"""Screens: layout and composition only. ``register_pages`` adds them all to the app."""

from __future__ import annotations

import reflex as rx


def register_pages(app: rx.App) -> None:
    """Add every page of the app: the fixed screens, then one page module per registered game.

    A game's screen lives in ``casino_app/pages/<game key>.py`` and has ``register(app)``.
    """
    import importlib

    from casino_app.pages import (
        account_password,
        admin,
        admin_analytics,
        admin_audit,
        admin_battlepass,
        admin_care,
        admin_catalog,
        admin_crash,
        admin_dashboard,
        admin_events,
        admin_grants,
        admin_limited,
        admin_mail,
        admin_messages,
        admin_missions,
        admin_monitor,
        admin_odds,
        admin_orders,
        admin_overlays,
        admin_player,
        admin_players,
        admin_promos,
        battlepass,
        care,
        care_quiz,
        events,
        fairness,
        faq,
        friends,
        history,
        inventory,
        landing,
        leaderboard,
        login,
        missions,
        not_found,
        notifications,
        overlay,
        profile,
        responsible,
        shop,
        shop_history,
        shop_limits,
        shop_return,
        signup,
        stories,
        wallet,
    )
    from casino_app.state.game_catalog import game_keys

    games = [importlib.import_module(f"casino_app.pages.{key}") for key in game_keys()]
    screens = (landing, responsible, faq, login, signup, profile, wallet, *games, inventory, history, fairness)
    account_screens = (account_password,)
    care_screens = (care, care_quiz)
    shop_screens = (shop, shop_return, shop_history, shop_limits)
    loop_screens = (missions, events, battlepass, leaderboard, friends, stories, notifications)
    consoles = (
        admin_dashboard,
        admin_analytics,
        admin,
        admin_players,
        admin_player,
        admin_catalog,
        admin_limited,
        admin_promos,
        admin_orders,
        admin_missions,
        admin_events,
        admin_battlepass,
        admin_care,
        admin_crash,
        admin_odds,
        admin_monitor,
        admin_audit,
        admin_grants,
        admin_mail,
        admin_messages,
        admin_overlays,
    )
    overlays = (overlay,)  # OBS browser sources: no shell, a token instead of a login
    for module in (
        *screens,
        *account_screens,
        *shop_screens,
        *loop_screens,
        *care_screens,
        *consoles,
        *overlays,
        not_found,
    ):
        module.register(app)
