"""Screens: layout and composition only. ``register_pages`` adds them all to the app."""

from __future__ import annotations

import reflex as rx


def register_pages(app: rx.App) -> None:
    """Add every page of the app."""
    from casino_app.pages import (
        admin,
        fairness,
        faq,
        gacha,
        history,
        inventory,
        landing,
        login,
        not_found,
        profile,
        responsible,
        signup,
        slot,
        wallet,
    )

    screens = (landing, responsible, faq, login, signup, profile, wallet, slot, gacha, inventory, history, fairness)
    for module in (*screens, admin, not_found):
        module.register(app)
