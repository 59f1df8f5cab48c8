"""``/friends``: my referral code (copy, share) and the players I follow; ``/players?id=``: a player's card."""

from __future__ import annotations

import reflex as rx

from casino_app.components.achievements import player_badges
from casino_app.components.avatar import avatar_badge
from casino_app.components.forms import alert
from casino_app.components.friends import follow_button, following_card, referral_card
from casino_app.components.layout import shell
from casino_app.state import page_events
from casino_app.state.friends import FriendsState, PlayerCardState
from casino_app.state.ui import tr, tr_by

P = PlayerCardState


def friends_page() -> rx.Component:
    """Referral card and follow list."""
    return shell(
        rx.el.section(
            rx.heading(tr("friends.title"), as_="h1", size="7", id="friends-title", class_name="cc-glow-heading"),
            rx.text(tr("friends.lead"), color="var(--cc-muted)", margin_bottom="12px"),
            alert(FriendsState.error, alert_id="cc-friends-error"),
            rx.vstack(referral_card(), following_card(), spacing="4", align="stretch", width="100%"),
            aria_labelledby="friends-title",
            padding_top="16px",
        )
    )


def _stat(label_key: str, value: rx.Var) -> rx.Component:
    return rx.el.div(rx.el.dt(tr(label_key)), rx.el.dd(value), class_name="cc-stat")


def _card() -> rx.Component:
    return rx.el.section(
        rx.hstack(
            avatar_badge(P.avatar, 28),
            rx.vstack(
                rx.heading(P.nickname, as_="h1", size="7", id="player-title", class_name="cc-glow-heading"),
                rx.el.span(tr_by("rank.", P.rank), class_name="cc-badge cc-badge--rank"),
                spacing="1",
            ),
            spacing="4",
            align="center",
        ),
        rx.el.dl(
            _stat("player.level", P.level.to_string()),
            _stat("player.followers", P.follower_count.to_string()),
            _stat("player.following", P.following_count.to_string()),
            _stat("player.joined", P.joined),
            class_name="cc-stats-row",
            margin="20px 0",
        ),
        alert(P.error, alert_id="cc-player-error"),
        rx.cond(
            P.is_self,
            rx.hstack(
                rx.text(tr("player.is_you"), color="var(--cc-muted)"),
                rx.link(tr("player.to_friends"), href="/friends", color="var(--cc-cyan)"),
                spacing="2",
            ),
            follow_button(),
        ),
        rx.box(player_badges(), margin_top="20px"),
        class_name="cc-card",
        aria_labelledby="player-title",
    )


def player_page() -> rx.Component:
    """A player's public card with a follow button."""
    return shell(
        rx.el.div(
            rx.cond(
                P.found,
                _card(),
                rx.cond(
                    P.checked,
                    rx.el.section(
                        rx.text(tr("player.not_found"), id="cc-player-missing"),
                        rx.link(tr("player.to_friends"), href="/friends", color="var(--cc-cyan)"),
                        class_name="cc-card",
                    ),
                ),
            ),
            padding_top="16px",
        )
    )


def register(app: rx.App) -> None:
    """Add ``/friends`` and ``/players`` (players only)."""
    app.add_page(
        friends_page,
        route="/friends",
        title=tr("page.friends_title"),
        on_load=[*page_events.PLAYER, FriendsState.load],
    )
    app.add_page(
        player_page,
        route="/players",
        title=tr("page.player_title"),
        on_load=[*page_events.PLAYER, PlayerCardState.load],
    )
