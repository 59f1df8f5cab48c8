"""Screens: layout and composition only. ``register_pages`` adds them all to the app."""

from __future__ import annotations

import reflex as rx


def register_pages(app: rx.App) -> None:
    """Add every page of the app."""
    from casino_app.pages import (
        admin,
        fairness,
        faq,
        games,
        landing,
        login,
        not_found,
        profile,
        responsible,
        signup,
        wallet,
    )

    for module in (landing, responsible, faq, login, signup, profile, wallet, games, fairness, admin, not_found):
        module.register(app)
