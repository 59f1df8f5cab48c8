"""Pieces of ``/friends`` and ``/players``: the referral card with copy and share, follow lists and buttons."""

from __future__ import annotations

import reflex as rx
from reflex.vars import FunctionStringVar

from casino_app.components.empty_state import empty_state
from casino_app.components.forms import localized
from casino_app.components.numbers import grouped
from casino_app.state.friends import FriendsState, PlayerCardState
from casino_app.state.ui import tr

F = FriendsState
P = PlayerCardState


def _stat(label_key: str, value: rx.Var) -> rx.Component:
    return rx.el.div(rx.el.dt(tr(label_key)), rx.el.dd(value), class_name="cc-stat")


def _client_button(label_key: str, icon: str, call: rx.Var, button_id: str, *, primary: bool = False) -> rx.Component:
    # Runs in the browser inside the click: clipboard and Web Share need the user's gesture.
    return rx.el.button(
        rx.icon(icon, size=16, aria_hidden="true"),
        tr(label_key),
        type="button",
        on_click=rx.run_script(call),
        class_name="cc-btn cc-btn--primary" if primary else "cc-btn cc-btn--ghost",
        id=button_id,
    )


def referral_card() -> rx.Component:
    """My code, copy and share buttons, the reward rule and how my referrals went."""
    copy = FunctionStringVar.create("window.ccCopy")
    share = FunctionStringVar.create("window.ccShare")
    return rx.el.section(
        rx.heading(tr("friends.code_title"), as_="h2", size="5", id="cc-referral-title"),
        rx.el.p(
            F.code,
            id="cc-referral-code",
            class_name="cc-glow-heading",
            font_size="2rem",
            font_weight="800",
            letter_spacing="0.2em",
            margin="8px 0",
            font_variant_numeric="tabular-nums",
        ),
        rx.text(localized(F.code_help), size="2", color="var(--cc-muted)"),
        rx.hstack(
            _client_button(
                "friends.share",
                "share-2",
                share.call(F.link, localized(F.share_title), localized(F.share_text)),
                "cc-referral-share",
                primary=True,
            ),
            _client_button("friends.copy_link", "link", copy.call(F.link), "cc-referral-copy-link"),
            _client_button("friends.copy_code", "copy", copy.call(F.code), "cc-referral-copy-code"),
            spacing="2",
            wrap="wrap",
            margin_top="12px",
        ),
        rx.el.p(
            id="cc-share-status",
            role="status",
            aria_live="polite",
            data_copied=tr("friends.copied"),
            data_shared=tr("friends.shared"),
            data_failed=tr("friends.copy_failed"),
            class_name="cc-field-hint",
            min_height="1.5em",
        ),
        rx.el.dl(
            _stat("friends.invited", grouped(F.invited)),
            _stat("friends.rewarded", grouped(F.rewarded)),
            _stat("friends.this_month", grouped(F.rewards_this_month) + " / " + grouped(F.cap)),
            class_name="cc-stats-row",
            margin_top="8px",
        ),
        rx.text(localized(F.reward_rule), size="2", color="var(--cc-muted)", margin_top="12px"),
        class_name="cc-card",
        aria_labelledby="cc-referral-title",
    )


def _followed_row(row: rx.Var) -> rx.Component:
    return rx.el.li(
        rx.link(row["nickname"], href="/players?id=" + row["user_id"], color="var(--cc-cyan)", weight="bold"),
        rx.el.button(
            tr("friends.unfollow"),
            type="button",
            on_click=F.unfollow(row["user_id"]),
            class_name="cc-btn cc-btn--ghost cc-btn--small",
            aria_label=tr("friends.unfollow") + ": " + row["nickname"],
        ),
        display="flex",
        justify_content="space-between",
        align_items="center",
        gap="12px",
    )


def following_card() -> rx.Component:
    """My follower and following counts, and one page of the players I follow with an unfollow button each."""
    return rx.el.section(
        rx.heading(tr("friends.following_title"), as_="h2", size="5", id="cc-following-title"),
        rx.el.dl(
            _stat("friends.followers", grouped(F.follower_count)),
            _stat("friends.following_count", grouped(F.following_count)),
            class_name="cc-stats-row",
            margin="8px 0 12px",
        ),
        rx.cond(
            F.following.length() > 0,
            rx.el.ul(rx.foreach(F.following, _followed_row), class_name="cc-list", id="cc-following-list"),
            empty_state(
                "friends",
                "empty.following.title",
                "empty.following.body",
                href="/leaderboard",
                action="empty.following.go",
                element_id="cc-following-empty",
            ),
        ),
        rx.cond(
            F.has_previous | F.has_next,
            rx.hstack(
                rx.el.button(
                    tr("friends.previous"),
                    type="button",
                    disabled=~F.has_previous,
                    on_click=F.turn_page(-1),
                    class_name="cc-btn cc-btn--ghost cc-btn--small",
                ),
                rx.el.button(
                    tr("friends.next"),
                    type="button",
                    disabled=~F.has_next,
                    on_click=F.turn_page(1),
                    class_name="cc-btn cc-btn--ghost cc-btn--small",
                ),
                spacing="2",
                margin_top="12px",
            ),
        ),
        class_name="cc-card",
        aria_labelledby="cc-following-title",
    )


def follow_button() -> rx.Component:
    """Follow / stop following the player on the card (not shown on my own card)."""
    return rx.el.button(
        rx.cond(
            P.following,
            rx.icon("user-check", size=16, aria_hidden="true"),
            rx.icon("user-plus", size=16, aria_hidden="true"),
        ),
        rx.cond(P.following, tr("player.unfollow"), tr("player.follow")),
        type="button",
        on_click=P.toggle_follow,
        aria_pressed=rx.cond(P.following, "true", "false"),
        class_name=rx.cond(P.following, "cc-btn cc-btn--ghost", "cc-btn cc-btn--primary"),
        id="cc-follow-button",
    )
