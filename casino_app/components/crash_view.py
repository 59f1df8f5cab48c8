"""The crash screen's pieces: the stage, the bet form and cash-out button, the player's bet, the players list,
the last crash points, the published chain and the odds table."""

from __future__ import annotations

import reflex as rx

from casino_app.components.crash_result import cashed_line
from casino_app.components.crash_stage import CrashStage
from casino_app.components.empty_state import empty_state
from casino_app.components.forms import alert
from casino_app.components.numbers import grouped
from casino_app.components.odds_dialog import odds_dialog
from casino_app.components.table import SCROLL_X, data_table
from casino_app.state.crash import CrashState
from casino_app.state.reality import RealityState
from casino_app.state.round_keys import CLICK_KEY
from casino_app.state.ui import MESSAGES, tr, tr_by

C = CrashState
M = MESSAGES
FORMULA = ("chain", "order", "u", "point", "curve")


def stage() -> rx.Component:
    """The round number, the animated curve and multiplier, and a polite announcement of each phase."""
    announce = rx.match(
        C.phase,
        ("betting", rx.el.span(tr("crash.phase.betting"))),
        ("flying", rx.el.span(tr("crash.phase.flying"))),
        ("crashed", rx.el.span(tr("crash.phase.crashed"), " ", tr("crash.crashed_at"), " ×", C.crash_text)),
        rx.el.span(tr("crash.phase.idle")),
    )
    return rx.el.div(
        rx.hstack(
            rx.el.span(tr("crash.round"), " #", C.number.to_string(), class_name="cc-crash-round"),
            rx.spacer(),
            rx.cond(C.phase == "crashed", rx.el.span(tr("crash.crashed_at"), " ×", C.crash_text, id="cc-crash-point")),
            align="center",
        ),
        CrashStage.create(
            id="cc-crash-stage",
            phase=C.phase,
            round_id=C.round_id,
            started_ms=C.started_ms,
            betting_ends_ms=C.betting_ends_ms,
            next_round_ms=C.next_round_ms,
            server_now_ms=C.server_now_ms,
            growth=C.growth,
            multiplier=C.multiplier,
            tick_elapsed=C.tick_elapsed,
            tick_seq=C.tick_seq,
            crash_point=C.crash_point,
            armed=C.in_flight & ~C.busy,
            label=tr("crash.stage_label"),
            label_idle=tr("crash.phase.idle"),
            label_betting=tr("crash.countdown"),
            label_flying=tr("crash.phase.flying"),
            label_crashed=tr("crash.phase.crashed"),
            label_next=tr("crash.next_round"),
            label_seconds=tr("crash.seconds"),
            on_cash_out=C.cash_out,
        ),
        rx.el.p(announce, class_name="cc-sr-only", aria_live="polite", id="cc-crash-announce"),
        class_name="cc-card cc-crash-card",
        id="cc-crash",
        data_phase=C.phase,
        data_round=C.round_id.to_string(),
        data_multiplier=C.multiplier.to_string(),
    )


def _input(label: rx.Component, name: str, element_id: str, **props: object) -> rx.Component:
    return rx.el.div(
        rx.el.label(label, html_for=element_id, class_name="cc-label"),
        rx.el.input(id=element_id, name=name, class_name="cc-crash-input", **props),
        class_name="cc-field",
    )


def bet_form() -> rx.Component:
    """Amount (the table's limits) and an optional auto cash-out target; the server takes or refuses the bet."""
    limits = rx.el.span(
        " (",
        tr("crash.min"),
        " ",
        grouped(C.min_bet),
        " · ",
        tr("crash.max"),
        " ",
        grouped(C.max_bet),
        ")",
        class_name="cc-muted",
    )
    return rx.form(
        rx.el.div(
            _input(
                rx.fragment(tr("crash.bet_amount"), rx.cond(C.loaded, limits)),  # no "0 · 0" before the table
                "amount",
                "cc-crash-amount",
                type="number",
                inputmode="numeric",
                min=C.min_bet,
                max=C.max_bet,
                step="1",
                default_value=C.bet_default,
                key=C.bet_default,
                required=True,
            ),
            _input(
                tr("crash.auto"),
                "auto",
                "cc-crash-auto",
                type="number",
                inputmode="decimal",
                min="1.01",
                step="0.01",
                placeholder="2.00",
                aria_describedby="cc-crash-auto-hint",
            ),
            class_name="cc-crash-fields",
        ),
        rx.el.p(tr("crash.auto_hint"), id="cc-crash-auto-hint", class_name="cc-field-hint"),
        rx.el.button(
            rx.cond(C.busy & (C.my_status != "active"), tr("crash.placing"), tr("crash.place")),
            type="submit",
            class_name="cc-btn cc-btn--primary cc-btn--block",
            disabled=~C.can_bet | RealityState.blocked,
            id="cc-crash-place",
        ),
        on_submit=C.place_bet(CLICK_KEY),
        reset_on_submit=False,
        id="cc-crash-bet-form",
    )


def cash_out_button() -> rx.Component:
    """The large cash-out button with what it would pay now, and the keyboard shortcut."""
    return rx.el.div(
        rx.el.button(
            rx.el.span(rx.cond(C.busy, tr("crash.cashing"), tr("crash.cash_out")), class_name="cc-crash-cash-label"),
            rx.el.span(
                rx.cond(C.my_status == "active", rx.fragment(C.potential_text, " G"), "—"),
                class_name="cc-crash-cash-amount",
                id="cc-crash-potential",
            ),
            type="button",
            class_name="cc-crash-cashout",
            disabled=~C.in_flight | C.busy,
            on_click=C.cash_out,
            id="cc-crash-cashout",
            aria_keyshortcuts="Space C",
        ),
        rx.el.p(rx.el.kbd("Space"), " / ", rx.el.kbd("C"), " — ", tr("crash.shortcut"), class_name="cc-field-hint"),
        class_name="cc-crash-cash",
    )


def _my_line() -> rx.Component:
    return rx.match(
        C.my_status,
        ("active", rx.el.span(rx.cond(C.in_flight, tr("crash.me.flying"), tr("crash.me.waiting")))),
        ("cashed", cashed_line()),
        ("lost", rx.el.span(tr("crash.me.lost"))),
        rx.el.span(tr("crash.me.none")),
    )


def my_bet() -> rx.Component:
    """The player's own bet: waiting, in flight, cashed out at × for gold, or lost."""
    return rx.el.div(
        rx.el.h2(tr("crash.me.title"), class_name="cc-crash-h2"),
        rx.el.p(_my_line(), class_name="cc-crash-me-line", aria_live="polite"),
        rx.cond(
            C.my_status != "",
            rx.el.p(
                tr("crash.round"),
                " #",
                C.my_number.to_string(),
                " · ",
                tr("crash.me.bet"),
                " ",
                C.my_bet_text,
                " G",
                rx.cond(C.my_auto != "", rx.fragment(" · ", tr("crash.me.auto"), " ×", C.my_auto)),
                class_name="cc-field-hint",
            ),
        ),
        class_name="cc-crash-me",
        id="cc-crash-me",
        data_status=rx.cond(C.my_status != "", C.my_status, "none"),
        data_round=C.my_round_id.to_string(),
        data_number=C.my_number.to_string(),
        data_bet=C.my_bet.to_string(),
        data_payout=C.my_payout.to_string(),
        data_multiplier=C.my_multiplier,
    )


def controls() -> rx.Component:
    """Bet form, the cash-out button and the player's bet, side by side on wide screens."""
    return rx.el.div(
        rx.el.div(bet_form(), class_name="cc-card"),
        rx.el.div(cash_out_button(), my_bet(), class_name="cc-card cc-crash-side"),
        class_name="cc-crash-controls",
    )


def _player_row(row: rx.Var) -> rx.Component:
    return rx.el.tr(
        rx.el.td(
            row["nickname"],
            rx.cond(row["me"] != "", rx.el.span(" (", tr("crash.you"), ")", class_name="cc-muted")),
            rx.cond(row["auto"] != "", rx.el.span(tr("crash.auto_badge"), class_name="cc-badge cc-crash-auto")),
        ),
        rx.el.td(row["bet"], " G"),
        rx.el.td(rx.el.span(tr_by("crash.status.", row["status"]), class_name="cc-crash-status-" + row["status"])),
        rx.el.td(rx.cond(row["multiplier"] != "", rx.fragment("×", row["multiplier"]), "—")),
        rx.el.td(rx.cond(row["payout"] != "", rx.fragment(row["payout"], " G"), "—")),
        data_nickname=row["nickname"],
        data_status=row["status"],
        data_payout=row["payout_raw"],
        class_name=rx.cond(row["me"] != "", "cc-crash-row cc-crash-row--me", "cc-crash-row"),
    )


def players() -> rx.Component:
    """Everyone's bets in this round, by nickname, with cash-outs as they happen; the round's totals."""
    return rx.el.section(
        rx.el.h2(tr("crash.players_title"), class_name="cc-crash-h2"),
        rx.el.p(
            tr("crash.players"),
            " ",
            C.totals["players"],
            " · ",
            tr("crash.total_bet"),
            " ",
            C.totals["bet"],
            " G · ",
            tr("crash.total_paid"),
            " ",
            C.totals["paid"],
            " G",
            class_name="cc-field-hint",
        ),
        rx.cond(
            C.bets.length() > 0,  # type: ignore[attr-defined]
            rx.el.div(
                data_table(
                    (
                        "crash.col_player",
                        "crash.col_bet",
                        "crash.col_status",
                        "crash.col_multiplier",
                        "crash.col_payout",
                    ),
                    C.bets,
                    _player_row,
                    id="cc-crash-players",
                ),
                **SCROLL_X,
            ),
            rx.el.p(tr("crash.no_bets"), class_name="cc-muted", id="cc-crash-no-bets"),
        ),
        class_name="cc-card",
    )


def _chip(item: rx.Var) -> rx.Component:
    return rx.el.li(
        rx.link(
            "×",
            item["point"],
            href="/games/crash/verify?hash=" + item["hash"],
            class_name="cc-crash-chip cc-crash-chip--" + item["tone"],
            title="#" + item["number"],
            underline="none",
            data_number=item["number"],
        )
    )


def history() -> rx.Component:
    """The last 20 crash points, each a link to its verification."""
    return rx.el.section(
        rx.el.h2(tr("crash.history_title"), class_name="cc-crash-h2"),
        rx.el.p(tr("crash.history_hint"), class_name="cc-field-hint"),
        rx.cond(
            C.history.length() > 0,  # type: ignore[attr-defined]
            rx.el.ul(rx.foreach(C.history, _chip), class_name="cc-crash-chips", id="cc-crash-history"),
            empty_state(
                "reels",
                "empty.crash_history.title",
                "empty.crash_history.body",
                element_id="cc-crash-history-empty",
                compact=True,
            ),
        ),
        class_name="cc-card",
    )


def fairness() -> rx.Component:
    """The published terminating hash, this round's commitment and the formula, with the verify page."""
    return rx.el.section(
        rx.el.h2(tr("crash.fair_title"), class_name="cc-crash-h2"),
        rx.text(tr("crash.fair_lead"), size="2"),
        rx.el.dl(
            rx.el.dt(tr("crash.terminating")),
            rx.el.dd(
                rx.cond(C.terminating_hash != "", rx.el.code(C.terminating_hash), tr("crash.no_chain")),
                id="cc-crash-terminating",
            ),
            rx.cond(C.commitment != "", rx.el.dt(tr("crash.commitment"))),
            rx.cond(C.commitment != "", rx.el.dd(rx.el.code(C.commitment), id="cc-crash-commitment")),
            class_name="cc-proof-grid cc-proof",
        ),
        rx.el.dl(
            *[rx.el.div(rx.el.dt(tr(key)), rx.el.dd(value), class_name="cc-stat") for key, value in _figures()[:4]],
            class_name="cc-stats-row",
            id="cc-crash-figures",
        ),
        rx.el.ol(*[rx.el.li(tr(f"crash.formula.{key}")) for key in FORMULA], class_name="cc-rules cc-crash-formula"),
        rx.text(tr("crash.odds_rule"), size="2", color="var(--cc-muted)"),
        rx.link(tr("crash.verify_link"), href="/games/crash/verify", id="cc-crash-verify-link"),
        class_name="cc-card",
    )


def _odds_row(row: rx.Var) -> rx.Component:
    return rx.el.tr(rx.el.td("×", row["target"]), rx.el.td(row["chance"], "%"), rx.el.td(row["return"], " G"))


def _figures() -> tuple[tuple[str, rx.Component], ...]:
    t = C.table
    return (
        ("crash.rtp", rx.fragment(t["rtp"], "%")),
        ("crash.max_multiplier", rx.fragment("×", t["max_multiplier"])),
        ("crash.payout_cap", rx.fragment(t["cap"], " G")),
        ("crash.house_edge", rx.fragment(t["edge"], "%")),
        ("crash.min_bet", rx.fragment(t["min_bet"], " G")),
        ("crash.max_bet", rx.fragment(t["max_bet"], " G")),
        ("crash.table_version", rx.fragment("v", t["version"])),
    )


def crash_odds() -> rx.Component:
    """The table (limits, maximum, RTP, payout cap) and the exact chance of reaching each target."""
    t = C.table
    figures = _figures()
    return odds_dialog(
        "cc-crash-odds",
        "crash.odds_title",
        rx.el.dl(
            *[rx.el.div(rx.el.dt(tr(key)), rx.el.dd(value), class_name="cc-stat") for key, value in figures],
            class_name="cc-stats-row",
            id="cc-crash-table",
        ),
        data_table(
            ("crash.col_target", "crash.col_chance", "crash.col_return"), C.odds, _odds_row, id="cc-crash-odds-table"
        ),
        rx.el.ul(
            rx.el.li(tr("crash.odds_rule")),
            rx.el.li(tr("crash.instant_rule"), ": ", rx.el.strong(t["instant"], "%")),
            rx.el.li(tr("crash.cap_rule")),
            rx.el.li(tr("crash.same_for_all")),
            class_name="cc-rules",
        ),
    )


def notices() -> rx.Component:
    """The loop is not available (honestly said), or new rounds are paused; and the last refusal."""
    return rx.fragment(
        rx.cond(
            C.loaded & ~C.available,
            rx.el.div(
                rx.icon("info", size=18, aria_hidden="true"),
                rx.el.span(tr("crash.unavailable")),
                class_name="cc-alert cc-alert--info",
                role="status",
                id="cc-crash-unavailable",
            ),
        ),
        rx.cond(
            C.available & C.paused,
            rx.el.div(tr("crash.paused"), class_name="cc-alert cc-alert--info", role="status", id="cc-crash-paused"),
        ),
        alert(C.error, alert_id="cc-crash-error"),
    )
