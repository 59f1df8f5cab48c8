"""``/leaderboard``: today's and this week's rankings (XP, missions, best multiplier), my standing, hide me."""

from __future__ import annotations

import reflex as rx

from casino_app.components.empty_state import empty_state
from casino_app.components.forms import alert, saved_notice
from casino_app.components.layout import shell
from casino_app.components.table import SCROLL_X, data_table
from casino_app.state import page_events
from casino_app.state.game_catalog import game_keys
from casino_app.state.leaderboard import BOARDS, MULTIPLIER, PERIODS, LeaderboardState
from casino_app.state.ui import tr, tr_by

S = LeaderboardState


def _choice(label: rx.Var, pressed: rx.Var, on_click: rx.event.EventSpec, choice_id: str) -> rx.Component:
    return rx.el.button(
        label,
        type="button",
        class_name="cc-bet",
        aria_pressed=rx.cond(pressed, "true", "false"),
        on_click=on_click,
        id=choice_id,
    )


def _choices() -> rx.Component:
    """Board and period toggles, and the game filter of the multiplier board."""
    return rx.el.div(
        rx.el.div(
            *[_choice(tr(f"leaderboard.board.{b}"), S.board == b, S.choose_board(b), f"cc-lb-{b}") for b in BOARDS],
            role="group",
            aria_label=tr("leaderboard.boards"),
            class_name="cc-bets",
        ),
        rx.el.div(
            *[_choice(tr(f"leaderboard.period.{k}"), S.period == k, S.choose_period(k), f"cc-lb-{k}") for k in PERIODS],
            role="group",
            aria_label=tr("leaderboard.periods"),
            class_name="cc-bets",
        ),
        rx.cond(
            S.board == MULTIPLIER,
            rx.el.div(
                _choice(tr("leaderboard.all_games"), S.game == "", S.choose_game(""), "cc-lb-game-all"),
                *[
                    _choice(tr(f"games.name.{key}"), S.game == key, S.choose_game(key), f"cc-lb-game-{key}")
                    for key in game_keys()
                ],
                role="group",
                aria_label=tr("leaderboard.game"),
                class_name="cc-bets",
            ),
        ),
        display="grid",
        gap="10px",
        margin_y="12px",
    )


def _unit() -> rx.Var:
    return tr_by("leaderboard.unit.", S.board)


def _row(row: rx.Var) -> rx.Component:
    return rx.el.tr(
        rx.el.td(row["rank"]),
        rx.el.td(
            rx.link(row["nickname"], href=row["href"]),
            rx.cond(row["me"] != "", rx.el.span(" (", tr("leaderboard.you"), ")", color="var(--cc-gold)")),
        ),
        rx.el.td(row["score"], _unit()),
        class_name=rx.cond(row["me"] != "", "cc-lb-mine", ""),
        aria_current=rx.cond(row["me"] != "", "true", "false"),
    )


def _me() -> rx.Component:
    """My score and rank in this board (no rank while hidden)."""
    return rx.el.div(
        rx.heading(tr("leaderboard.me"), as_="h2", size="4"),
        rx.cond(
            S.has_me,
            rx.el.p(
                rx.cond(S.me_rank != "", rx.el.strong(tr("leaderboard.my_rank"), " ", S.me_rank, " · ")),
                S.me_score,
                _unit(),
                id="cc-lb-me",
            ),
            rx.el.p(tr("leaderboard.me_none"), color="var(--cc-muted)", id="cc-lb-me-none"),
        ),
        rx.cond(S.hidden, rx.el.p(tr("leaderboard.me_hidden"), color="var(--cc-muted)", id="cc-lb-me-hidden")),
        rx.el.label(
            rx.switch(checked=S.hidden, on_change=S.set_hidden, id="cc-lb-hide"),
            rx.el.span(tr("leaderboard.hide_me")),
            class_name="cc-switch-label",
        ),
        rx.text(tr("leaderboard.hide_hint"), size="1", color="var(--cc-muted)"),
        saved_notice("leaderboard.", S.saved, "cc-lb-saved"),
        class_name="cc-card",
        margin_bottom="12px",
    )


def leaderboard_page() -> rx.Component:
    """The board, my standing and the rules."""
    return shell(
        rx.el.section(
            rx.heading(tr("leaderboard.title"), as_="h1", size="7", class_name="cc-glow-heading", id="lb-title"),
            rx.text(tr("leaderboard.lead"), color="var(--cc-muted)"),
            _choices(),
            alert(S.error, alert_id="cc-lb-error"),
            _me(),
            rx.el.div(
                rx.el.p(tr_by("leaderboard.hint.", S.board), id="cc-lb-hint"),
                rx.el.p(tr("leaderboard.period_range"), ": ", S.range_text, color="var(--cc-muted)", id="cc-lb-range"),
                rx.cond(
                    S.rows.length() > 0,
                    rx.el.div(
                        data_table(
                            ("leaderboard.col_rank", "leaderboard.col_player", "leaderboard.col_score"),
                            S.rows,
                            _row,
                            id="cc-lb-table",
                        ),
                        **SCROLL_X,
                    ),
                    empty_state(
                        "podium", "empty.leaderboard.title", "empty.leaderboard.body", element_id="cc-lb-empty"
                    ),
                ),
                class_name="cc-card",
            ),
            rx.el.ul(
                rx.el.li(tr("leaderboard.rule_fair")),
                rx.el.li(tr("leaderboard.reset_note")),
                rx.el.li(rx.link(tr("leaderboard.events_link"), href="/events", id="cc-lb-events")),
                color="var(--cc-muted)",
                margin_top="12px",
                font_size="var(--cc-font-sm)",
            ),
            aria_labelledby="lb-title",
            padding_top="16px",
        )
    )


def register(app: rx.App) -> None:
    """Add ``/leaderboard`` (players only)."""
    app.add_page(
        leaderboard_page,
        route="/leaderboard",
        title=tr("leaderboard.page_title"),
        on_load=[*page_events.PLAYER, LeaderboardState.load],
    )
