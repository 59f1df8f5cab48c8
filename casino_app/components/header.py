"""The top bar: logo, balance slot, sound, music and language toggles."""

from __future__ import annotations

import reflex as rx

from casino_app.components.avatar import avatar_badge
from casino_app.components.daily_modal import unclaimed_dot
from casino_app.components.music_toggle import music_toggle
from casino_app.components.notification_bell import notification_bell
from casino_app.components.ticker import gold_ticker
from casino_app.state.auth import AuthState
from casino_app.state.daily import DailyState
from casino_app.state.ui import UIState, tr
from casino_app.state.wallet import WalletState


def logo() -> rx.Component:
    """The neon wordmark linking home."""
    return rx.link(
        rx.el.span("CC", class_name="cc-logo-mark", aria_hidden="true"),
        rx.el.span(tr("brand.logo"), class_name="cc-logo-text"),
        # The name starts with the visible wordmark (WCAG 2.5.3, label in name); the purpose follows unseen.
        rx.el.span(" ", tr("a11y.home_link"), class_name="cc-sr-only"),
        href="/",
        underline="none",
        display="flex",
        align_items="center",
        gap="10px",
        font_weight="900",
        letter_spacing=".08em",
        color="var(--cc-text)",
    )


def balance_slot() -> rx.Component:
    """The player's gold (animated, updated live); guests see a dash explained to screen readers."""
    return rx.el.div(
        rx.icon("coins", size=16, aria_hidden="true"),
        rx.cond(
            WalletState.has_wallet,
            rx.fragment(
                gold_ticker(WalletState.gold, element_id="cc-balance-value"),
                rx.el.span(tr("header.gold_unit"), class_name="cc-sr-only"),
            ),
            rx.fragment(
                rx.el.span("—", aria_hidden="true"),
                rx.el.span(tr("header.balance_guest"), class_name="cc-sr-only"),
            ),
        ),
        class_name="cc-chip",
        role="status",
        aria_label=tr("header.balance"),
        aria_live="polite",
        id="cc-balance",
    )


def checkin_button() -> rx.Component:
    """Opens the daily check-in modal (players only)."""
    return rx.el.button(
        rx.icon("calendar-check", size=18, aria_hidden="true"),
        rx.el.span(tr("daily.button"), class_name="cc-hide-narrow"),
        unclaimed_dot("cc-daily-badge"),
        type="button",
        class_name="cc-iconbtn cc-has-dot",
        on_click=DailyState.set_open(True),
        aria_label=rx.cond(DailyState.badge_due, tr("daily.title") + " · " + tr("daily.badge"), tr("daily.title")),
        id="cc-daily-open",
    )


def sound_toggle() -> rx.Component:
    """Sound effects on/off (persisted, synced across tabs)."""
    return rx.el.button(
        rx.cond(
            UIState.sound_on,
            rx.icon("volume-2", size=18, aria_hidden="true"),
            rx.icon("volume-x", size=18, aria_hidden="true"),
        ),
        type="button",
        class_name="cc-iconbtn",
        on_click=UIState.toggle_sound,
        aria_pressed=rx.cond(UIState.sound_on, "true", "false"),
        aria_label=rx.cond(UIState.sound_on, tr("header.sound_on"), tr("header.sound_off")),
        title=rx.cond(UIState.sound_on, tr("header.sound_state_on"), tr("header.sound_state_off")),
        id="cc-sound-toggle",
    )


def language_toggle() -> rx.Component:
    """Korean ⇄ English; the label names the language it switches to."""
    return rx.el.button(
        rx.icon("languages", size=18, aria_hidden="true"),
        # The icon alone below the desktop width: the phone's header has no room for the word (390 px).
        rx.el.span(
            tr("header.switch_to"), lang=rx.cond(UIState.locale == "ko", "en", "ko"), class_name="cc-hide-narrow"
        ),
        rx.el.span(" ", tr("header.language"), class_name="cc-sr-only"),  # label in name: visible text first
        type="button",
        class_name="cc-iconbtn",
        on_click=UIState.toggle_language,
        id="cc-lang-toggle",
    )


def user_menu() -> rx.Component:
    """Logged in: avatar + nickname opening profile, the shop, sessions, console (staff) and logout."""
    return rx.menu.root(
        rx.menu.trigger(
            rx.el.button(
                avatar_badge(AuthState.avatar, 16),
                rx.el.span(AuthState.nickname, class_name="cc-user-nick cc-hide-narrow"),
                rx.el.span(" ", tr("auth.menu"), class_name="cc-sr-only"),  # label in name: the nickname first
                rx.icon("chevron-down", size=14, aria_hidden="true"),
                type="button",
                class_name="cc-iconbtn",
                id="cc-user-menu",
            ),
        ),
        rx.menu.content(
            rx.cond(
                AuthState.is_staff,
                rx.menu.item(tr("auth.admin_console"), on_select=rx.redirect("/admin/dashboard")),
                rx.menu.item(tr("nav.profile"), on_select=rx.redirect("/profile")),
            ),
            rx.cond(
                AuthState.is_staff,
                rx.fragment(),
                rx.fragment(
                    rx.menu.item(tr("nav.shop"), on_select=rx.redirect("/shop")),
                    rx.menu.item(tr("shop.tab_history"), on_select=rx.redirect("/shop/history")),
                    rx.menu.item(tr("shop.tab_limits"), on_select=rx.redirect("/shop/limits")),
                    rx.menu.item(tr("auth.sessions"), on_select=rx.redirect("/sessions")),
                ),
            ),
            rx.menu.separator(),
            rx.menu.item(tr("auth.logout"), on_select=AuthState.logout, color="var(--cc-pink)", id="cc-logout"),
        ),
    )


def guest_actions() -> rx.Component:
    """Logged out: log in and sign up."""
    return rx.hstack(
        rx.link(tr("auth.login"), href="/login", class_name="cc-iconbtn", underline="none", id="cc-login-link"),
        rx.link(
            tr("auth.signup"),
            href="/signup",
            class_name="cc-iconbtn cc-iconbtn--accent",
            underline="none",
            id="cc-signup-link",
        ),
        spacing="2",
    )


def header() -> rx.Component:
    """The sticky top bar (ARIA banner landmark)."""
    return rx.el.header(
        logo(),
        rx.spacer(),
        rx.cond(WalletState.has_wallet, checkin_button()),
        rx.cond(AuthState.is_authenticated & ~AuthState.is_staff, notification_bell()),
        rx.cond(AuthState.is_staff, rx.fragment(), balance_slot()),  # staff hold no gold
        sound_toggle(),
        music_toggle(),
        language_toggle(),
        rx.cond(AuthState.is_authenticated, user_menu(), guest_actions()),
        class_name="cc-header",
        aria_label=tr("a11y.header"),
    )
