"""The landing page: neon hero, benefits, community hub, FAQ."""

from __future__ import annotations

import reflex as rx

from casino_app.components.cards import card_grid, feature_card, section_heading
from casino_app.components.faq import faq_accordion
from casino_app.components.layout import shell
from casino_app.components.missions import onboarding_panel
from casino_app.components.progress import level_bar
from casino_app.components.ticker import gold_ticker
from casino_app.state import page_events
from casino_app.state.auth import AuthState
from casino_app.state.community import CommunityState
from casino_app.state.daily import DailyState
from casino_app.state.missions import MissionsState
from casino_app.state.ui import tr
from casino_app.state.wallet import WalletState
from casino_app.state.welcome import WelcomeState


def hero() -> rx.Component:
    """Animated neon title with the call to action."""
    return rx.el.section(
        rx.text(tr("landing.kicker"), class_name="cc-neon-kicker"),
        rx.el.h1(tr("landing.title"), class_name="cc-neon-title", id="cc-hero-title"),
        rx.text(tr("landing.subtitle"), size="4", color="var(--cc-muted)", max_width="640px", line_height="1.7"),
        rx.hstack(
            rx.link(
                rx.icon("ticket", size=18, aria_hidden="true"),
                tr("landing.cta_primary"),
                href="/signup",
                class_name="cc-btn cc-btn--primary cc-pulse",
                underline="none",
                id="cc-cta",
            ),
            rx.link(tr("landing.cta_secondary"), href="#benefits", class_name="cc-btn cc-btn--ghost", underline="none"),
            spacing="3",
            wrap="wrap",
            margin_top="8px",
        ),
        display="flex",
        flex_direction="column",
        gap="18px",
        padding="48px 0 56px",
        aria_labelledby="cc-hero-title",
    )


def benefits() -> rx.Component:
    """Why CC: fairness, same odds, daily rewards, healthy play, no cash-out."""
    return rx.el.section(
        section_heading("landing.benefits_title", "benefits"),
        card_grid(
            feature_card("shield-check", "benefit.fair.title", "benefit.fair.body", "cyan"),
            feature_card("scale", "benefit.odds.title", "benefit.odds.body", "violet"),
            feature_card("calendar-check", "benefit.daily.title", "benefit.daily.body", "gold"),
            feature_card("heart-pulse", "benefit.safe.title", "benefit.safe.body", "success"),
            feature_card("ban", "benefit.social.title", "benefit.social.body", "pink"),
        ),
        aria_labelledby="benefits",
        padding_bottom="48px",
    )


def _counter(value: rx.Var, label_key: str, element_id: str) -> rx.Component:
    return rx.el.div(
        rx.el.strong(value.to_string(), class_name="cc-big-number", id=element_id),
        rx.text(tr(label_key), size="2", color="var(--cc-muted)"),
        class_name="cc-card cc-counter-card",
    )


def community_hub() -> rx.Component:
    """The community: live numbers, the win feed, house rules, public verification."""
    return rx.el.section(
        section_heading("landing.community_title", "community"),
        card_grid(
            _counter(CommunityState.players, "community.players", "cc-community-players"),
            _counter(CommunityState.active_today, "community.active_today", "cc-community-active"),
            _counter(CommunityState.rounds_today, "community.rounds_today", "cc-community-rounds"),
            _counter(CommunityState.moments_today, "community.moments_today", "cc-community-moments"),
            min_width="160px",
        ),
        rx.box(height="16px"),
        card_grid(
            feature_card("radio", "community.feed.title", "community.feed.body", "pink"),
            feature_card("users", "community.rules.title", "community.rules.body", "cyan"),
            feature_card("badge-check", "community.verify.title", "community.verify.body", "violet"),
        ),
        aria_labelledby="community",
        padding_bottom="48px",
    )


def faq_section() -> rx.Component:
    """Frequently asked questions."""
    return rx.el.section(
        section_heading("landing.faq_title", "faq"),
        faq_accordion(),
        aria_labelledby="faq",
        padding_bottom="24px",
    )


def welcome_banner() -> rx.Component:
    """Right after signup: what the first steps are and where they lead (the first gacha pull, without buying)."""
    return rx.cond(
        WelcomeState.show,
        rx.el.div(
            rx.heading(tr("home.welcome_title"), as_="h2", size="5", id="cc-welcome-title"),
            rx.text(tr("home.welcome_body"), color="var(--cc-muted)", margin_top="6px"),
            rx.el.button(
                tr("home.welcome_dismiss"),
                type="button",
                class_name="cc-btn cc-btn--ghost",
                on_click=WelcomeState.dismiss,
                margin_top="10px",
                id="cc-welcome-dismiss",
            ),
            class_name="cc-card",
            border_color="var(--cc-gold)",
            role="status",
            id="cc-welcome",
            margin_bottom="16px",
        ),
    )


def dashboard() -> rx.Component:
    """For a logged-in player: greeting, gold, level, today's check-in and the first steps."""
    return rx.el.section(
        welcome_banner(),
        rx.heading(
            tr("home.greeting").replace("{name}", AuthState.nickname),  # type: ignore[attr-defined]
            as_="h1",
            size="6",
            id="home-greeting",
            class_name="cc-glow-heading",
        ),
        rx.el.div(
            rx.el.div(
                rx.text(tr("home.your_progress"), weight="bold", margin_bottom="10px"),
                level_bar("cc-home-level"),
                rx.hstack(
                    rx.icon("coins", size=18, color="var(--cc-gold)", aria_hidden="true"),
                    rx.el.span(
                        gold_ticker(WalletState.gold, element_id="cc-home-gold"), " G", class_name="cc-big-number"
                    ),
                    align="center",
                    spacing="2",
                    margin_top="14px",
                ),
                class_name="cc-card",
            ),
            rx.el.div(
                rx.text(tr("home.checkin_cta"), weight="bold"),
                rx.text(
                    rx.cond(DailyState.claimed_today, tr("home.checkin_done"), tr("home.checkin_ready")),
                    color="var(--cc-muted)",
                    size="2",
                    margin_y="8px",
                ),
                rx.text(tr("daily.streak"), " ", DailyState.streak.to_string(), tr("daily.days"), size="2"),
                rx.el.button(
                    rx.icon("calendar-check", size=18, aria_hidden="true"),
                    tr("daily.title"),
                    type="button",
                    class_name="cc-btn cc-btn--primary",
                    on_click=DailyState.set_open(True),
                    margin_top="12px",
                    id="cc-home-checkin",
                ),
                class_name="cc-card",
            ),
            class_name="cc-dashboard",
        ),
        rx.box(onboarding_panel(), margin_top="16px"),
        aria_labelledby="home-greeting",
        padding_top="16px",
        padding_bottom="24px",
    )


def landing_page() -> rx.Component:
    """``/``"""
    return shell(rx.cond(WalletState.has_wallet, dashboard()), hero(), benefits(), community_hub(), faq_section())


def register(app: rx.App) -> None:
    """Add ``/``."""
    app.add_page(
        landing_page,
        route="/",
        title=tr("page.home_title"),
        description=tr("meta.description"),
        on_load=[
            *page_events.PUBLIC,
            DailyState.refresh,
            CommunityState.refresh,
            MissionsState.refresh,
            WelcomeState.load,
        ],
    )
