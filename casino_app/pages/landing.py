"""The landing page: animated neon hero, the games on offer, benefits, live community hub, FAQ."""

from __future__ import annotations

import reflex as rx

from casino_app.components.cards import card_grid, section_heading
from casino_app.components.care import Ticker
from casino_app.components.faq import faq_accordion
from casino_app.components.home_dashboard import dashboard
from casino_app.components.layout import shell
from casino_app.services.catalog_copy import GameCopy
from casino_app.state import copy_lists as copy
from casino_app.state import page_events
from casino_app.state.auth import AuthState
from casino_app.state.community import REFRESH_MS, CommunityState
from casino_app.state.daily import DailyState
from casino_app.state.feed import FeedState
from casino_app.state.missions import MissionsState
from casino_app.state.ui import UIState, tr
from casino_app.state.wallet import WalletState
from casino_app.state.welcome import WelcomeState


def _chip(n: int) -> rx.Component:
    return rx.el.span(class_name=f"cc-hero-chip cc-hero-chip--{n}")


def hero() -> rx.Component:
    """The neon sign with the call to action, over a backdrop of drifting chips (decoration only, CSS-animated;
    the title and the subtitle are painted in the first frame and never faded in)."""
    return rx.el.section(
        rx.el.div(*[_chip(n) for n in range(1, 7)], class_name="cc-hero-backdrop", aria_hidden="true"),
        rx.text(tr("landing.kicker"), class_name="cc-neon-kicker"),
        rx.el.div(
            rx.cond(
                WalletState.has_wallet,  # a member's home already has its h1: the greeting above
                rx.el.h2(tr("landing.title"), class_name="cc-neon-title", id="cc-hero-title"),
                rx.el.h1(tr("landing.title"), class_name="cc-neon-title", id="cc-hero-title"),
            ),
            class_name="cc-hero-sign",
        ),
        rx.text(copy.say("landing.subtitle"), class_name="cc-hero-subtitle", id="cc-hero-subtitle"),
        rx.hstack(
            rx.cond(  # members are past the invite: the guest call to action is not theirs
                WalletState.has_wallet,
                rx.link(
                    tr("home.cta_member"),
                    href="#cc-games",
                    class_name="cc-btn cc-btn--ghost",
                    underline="none",
                    id="cc-cta-member",
                ),
                rx.link(
                    rx.icon("ticket", size=18, aria_hidden="true"),
                    tr("landing.cta_primary"),
                    href="/signup",
                    class_name="cc-btn cc-btn--primary cc-pulse",
                    underline="none",
                    id="cc-cta",
                ),
            ),
            rx.link(
                tr("landing.cta_secondary"),
                href="/fairness",
                class_name="cc-btn cc-btn--ghost",
                underline="none",
                id="cc-cta-fairness",
            ),
            spacing="3",
            wrap="wrap",
            margin_top="8px",
        ),
        class_name="cc-hero",
        aria_labelledby="cc-hero-title",
    )


def _card(icon: str, title_key: str, body_key: str, accent: str) -> rx.Component:
    """``feature_card`` for a message whose facts may come from the product (``copy.say``)."""
    return rx.el.article(
        rx.box(
            rx.icon(icon, size=26, aria_hidden="true"),
            color=f"var(--cc-{accent})",
            style={"filter": f"drop-shadow(0 0 8px var(--cc-{accent}))"},
            margin_bottom="12px",
        ),
        rx.heading(tr(title_key), as_="h3", size="4", margin_bottom="6px"),
        rx.text(copy.say(body_key), color="var(--cc-muted)", size="2", line_height="1.7"),
        class_name="cc-card cc-card--glow",
    )


def benefits() -> rx.Component:
    """Why CC: fairness, same odds, daily rewards, healthy play, no cash-out."""
    return rx.el.section(
        section_heading("landing.benefits_title", "benefits"),
        card_grid(
            _card("shield-check", "benefit.fair.title", "benefit.fair.body", "cyan"),
            _card("scale", "benefit.odds.title", "benefit.odds.body", "violet"),
            _card("calendar-check", "benefit.daily.title", "benefit.daily.body", "gold"),
            _card("heart-pulse", "benefit.safe.title", "benefit.safe.body", "success"),
            _card("ban", "benefit.social.title", "benefit.social.body", "pink"),
        ),
        aria_labelledby="benefits",
        padding_bottom="48px",
    )


def _game_card(game: GameCopy) -> rx.Component:
    """One registered game: its icon, its name (a link to its page), one line and its published return."""
    return rx.el.article(
        rx.box(rx.icon(game.icon, size=28, aria_hidden="true"), class_name="cc-game-tile-icon"),
        rx.heading(
            rx.link(copy.by_locale(game.name), href=game.href, id=f"cc-game-link-{game.key}", underline="none"),
            as_="h3",
            size="4",
        ),
        rx.text(copy.by_locale(game.blurb), color="var(--cc-muted)", size="2", line_height="1.6")
        if any(game.blurb.values())
        else rx.fragment(),
        rx.text(
            CommunityState.odds[game.key][UIState.locale],  # type: ignore[index]
            class_name="cc-game-tile-odds",
            id=f"cc-game-odds-{game.key}",
        ),
        class_name="cc-card cc-card--glow cc-game-tile",
        id=f"cc-game-{game.key}",
    )


def games_section() -> rx.Component:
    """Every registered game (the registry decides; nothing here names a game)."""
    return rx.el.section(
        section_heading("landing.games_title", "games"),
        rx.text(tr("landing.games_lead"), color="var(--cc-muted)", margin_bottom="16px"),
        card_grid(*[_game_card(game) for game in copy.games()], min_width="220px"),
        rx.cond(
            ~AuthState.is_authenticated,
            rx.text(tr("landing.games_login"), size="2", color="var(--cc-muted)", margin_top="12px"),
        ),
        aria_labelledby="games",
        id="cc-games",
        padding_bottom="48px",
    )


def _counter(value: rx.Var, label_key: str, element_id: str) -> rx.Component:
    return rx.el.div(
        # Formatted on the server ("1,234"); a dash until the first numbers arrive, never a made-up 0.
        rx.el.strong(rx.cond(value != "", value, "–"), class_name="cc-big-number", id=element_id),
        rx.text(tr(label_key), size="2", color="var(--cc-muted)"),
        class_name="cc-card cc-counter-card",
    )


def _win_line(line: rx.Var) -> rx.Component:
    return rx.el.li(
        rx.text(rx.cond(UIState.locale == "en", line.en, line.ko), size="2"),  # type: ignore[attr-defined]
        rx.text(line.at, size="1", color="var(--cc-muted)"),  # type: ignore[attr-defined]
        class_name="cc-note cc-feed-line",
    )


def _recent_wins() -> rx.Component:
    """The public feed's latest moments (``FeedState``: pushed to every open tab the moment they happen, guests
    included; the same nickname-and-result lines as the side panel, no links to players)."""
    return rx.el.section(
        rx.hstack(
            rx.icon("radio", size=18, color="var(--cc-pink)", aria_hidden="true", class_name="cc-live"),
            rx.heading(tr("community.wins_title"), as_="h3", size="4", id="cc-hub-wins-title"),
            rx.el.span(tr("community.live"), class_name="cc-badge cc-hub-live"),
            align="center",
            spacing="2",
        ),
        rx.text(tr("community.wins_note"), size="1", color="var(--cc-muted)", margin_y="6px"),
        rx.cond(FeedState.following_only, rx.text(tr("community.wins_following"), size="1")),
        rx.cond(
            FeedState.lines.length() > 0,
            rx.el.ul(rx.foreach(FeedState.lines, _win_line), class_name="cc-notes", id="cc-hub-wins"),
            rx.text(tr("side.feed_empty"), color="var(--cc-muted)", size="2", id="cc-hub-wins-empty"),
        ),
        class_name="cc-card",
        aria_labelledby="cc-hub-wins-title",
    )


def community_hub() -> rx.Component:
    """The community: live numbers (re-read while the page is open), the live win feed, house rules, verification."""
    return rx.el.section(
        section_heading("landing.community_title", "community"),
        Ticker.create(every=REFRESH_MS, on_tick=CommunityState.tick),
        card_grid(
            _counter(CommunityState.players, "community.players", "cc-community-players"),
            _counter(CommunityState.active_today, "community.active_today", "cc-community-active"),
            _counter(CommunityState.rounds_today, "community.rounds_today", "cc-community-rounds"),
            _counter(CommunityState.moments_today, "community.moments_today", "cc-community-moments"),
            min_width="160px",
        ),
        rx.box(_recent_wins(), margin_y="16px"),
        card_grid(
            _card("radio", "community.feed.title", "community.feed.body", "pink"),
            _card("users", "community.rules.title", "community.rules.body", "cyan"),
            _card("badge-check", "community.verify.title", "community.verify.body", "violet"),
        ),
        aria_labelledby="community",
        id="cc-community",
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


def landing_page() -> rx.Component:
    """``/``"""
    member = rx.cond(WalletState.has_wallet, dashboard())
    return shell(member, hero(), games_section(), benefits(), community_hub(), faq_section())


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
