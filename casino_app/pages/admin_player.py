"""``/admin/players/[player_id]``: one player — account, gold, recent ledger, rounds and orders, sessions,
player care, staff notes — and the audited actions (operators and admins; support reads and keeps notes)."""

from __future__ import annotations

import reflex as rx

from casino_app.components.admin_nav import admin_nav
from casino_app.components.forms import alert
from casino_app.components.layout import shell
from casino_app.components.table import SCROLL_X, data_table
from casino_app.pages.admin_players import status_badge
from casino_app.state import page_events
from casino_app.state.admin_player import RANKS, AdminPlayerState
from casino_app.state.round_keys import CLICK_KEY
from casino_app.state.ui import MESSAGES, UIState, tr, tr_by, tr_in

S = AdminPlayerState
M = MESSAGES


def _card(title_key: str, *children: rx.Component, card_id: str | None = None) -> rx.Component:
    return rx.el.section(
        rx.heading(tr(title_key), as_="h2", size="5"),
        *children,
        class_name="cc-card",
        display="grid",
        gap="12px",
        id=card_id,
    )


def _fact(label_key: str, value: rx.Var | rx.Component, fact_id: str | None = None) -> rx.Component:
    return rx.el.div(
        rx.el.dt(tr(label_key), class_name="cc-label"),
        rx.el.dd(value, margin="0", id=fact_id),
    )


def _facts(*facts: rx.Component) -> rx.Component:
    return rx.el.dl(
        *facts, display="grid", grid_template_columns="repeat(auto-fill, minmax(180px, 1fr))", gap="12px", margin="0"
    )


def _or_dash(value: rx.Var) -> rx.Var:
    return rx.cond(value != "", value, "—")


def _yes_no(value: rx.Var) -> rx.Component:
    return rx.cond(value != "", tr("players_admin.yes"), tr("players_admin.no"))


def profile_card() -> rx.Component:
    """The account."""
    p = S.profile
    return _card(
        "players_admin.profile",
        _facts(
            _fact("players_admin.col_id", rx.fragment("#", p["id"])),
            _fact("players_admin.col_site_id", rx.el.code(p["site_id"])),
            _fact("players_admin.col_nickname", p["nickname"]),
            _fact("players_admin.col_rank", p["rank"], "cc-player-rank"),
            _fact("players_admin.level_xp", rx.fragment(p["level"], " · ", p["xp"], " XP")),
            _fact("players_admin.locale", p["locale"]),
            _fact("players_admin.email", _or_dash(p["email"])),
            _fact("players_admin.age_verified", _yes_no(p["age_verified"])),
            _fact("players_admin.col_created", p["created"]),
            _fact("players_admin.col_last_login", _or_dash(p["last_login"])),
            _fact("players_admin.col_status", status_badge(p["active"]), "cc-player-status"),
            _fact("players_admin.must_change_password", _yes_no(p["must_change_password"]), "cc-player-must-change"),
        ),
    )


def gold_card() -> rx.Component:
    """The balance, and for operators the adjustment form (amount and reason; a fresh key per submit)."""
    return _card(
        "players_admin.gold",
        rx.text(tr("players_admin.balance"), " ", rx.el.strong(S.balance, " G", id="cc-player-balance")),
        rx.cond(
            S.can_act,
            rx.form(
                rx.el.div(
                    rx.el.label(tr("players_admin.amount"), html_for="cc-gold-amount", class_name="cc-label"),
                    rx.input(
                        id="cc-gold-amount", name="amount", input_mode="numeric", max_length=16, class_name="cc-input"
                    ),
                    rx.text(tr("players_admin.amount_hint"), size="1", color="var(--cc-muted)"),
                    class_name="cc-field",
                ),
                rx.el.div(
                    rx.el.label(tr("players_admin.reason"), html_for="cc-gold-reason", class_name="cc-label"),
                    rx.input(id="cc-gold-reason", name="reason", max_length=200, class_name="cc-input"),
                    class_name="cc-field",
                ),
                rx.el.button(
                    tr("players_admin.adjust"),
                    type="submit",
                    class_name="cc-btn cc-btn--primary",
                    disabled=S.busy,
                    id="cc-gold-submit",
                ),
                on_submit=lambda form: S.adjust_gold(form, CLICK_KEY),  # type: ignore[call-arg]
                key=S.gold_nonce.to_string(),
                display="grid",
                gap="8px",
            ),
        ),
        card_id="cc-player-gold",
    )


def _confirm_dialog() -> rx.Component:
    """Ban and password reset wait for a second click here."""
    return rx.alert_dialog.root(
        rx.alert_dialog.content(
            rx.alert_dialog.title(
                rx.cond(S.confirming == "ban", tr("players_admin.confirm_ban"), tr("players_admin.confirm_reset"))
            ),
            rx.alert_dialog.description(
                rx.cond(
                    S.confirming == "ban", tr("players_admin.confirm_ban_lead"), tr("players_admin.confirm_reset_lead")
                ),
                size="2",
            ),
            rx.text(tr("players_admin.reason"), ": ", rx.el.strong(S.reason), margin_y="12px"),
            rx.hstack(
                rx.el.button(
                    tr("players_admin.cancel"), type="button", class_name="cc-btn cc-btn--ghost", on_click=S.cancel
                ),
                rx.el.button(
                    tr("players_admin.confirm"),
                    type="button",
                    class_name="cc-btn cc-btn--primary",
                    on_click=S.act(S.confirming),
                    disabled=S.busy,
                    id="cc-player-confirm",
                ),
                justify="end",
                spacing="3",
            ),
        ),
        open=S.confirming != "",
    )


def _button(label_key: str, on_click: rx.EventHandler, button_id: str) -> rx.Component:
    return rx.el.button(
        tr(label_key),
        type="button",
        class_name="cc-btn cc-btn--ghost",
        on_click=on_click,
        disabled=S.busy,
        id=button_id,
    )


def actions_card() -> rx.Component:
    """Operators' actions: one reason for whichever action follows; ban and reset ask first."""
    return _card(
        "players_admin.actions",
        rx.text(tr("players_admin.actions_lead"), size="2"),
        rx.el.div(
            rx.el.label(tr("players_admin.reason"), html_for="cc-action-reason", class_name="cc-label"),
            rx.input(
                id="cc-action-reason",
                value=S.reason,
                on_change=S.set_reason,
                max_length=200,
                class_name="cc-input",
                placeholder=tr("players_admin.reason_placeholder"),
            ),
            class_name="cc-field",
        ),
        rx.hstack(
            rx.cond(
                S.profile["active"] != "",
                _button("players_admin.ban", S.ask("ban"), "cc-player-ban"),
                _button("players_admin.unban", S.act("unban"), "cc-player-unban"),
            ),
            _button("players_admin.logout", S.act("logout"), "cc-player-logout"),
            _button("players_admin.reset", S.ask("reset"), "cc-player-reset"),
            wrap="wrap",
            spacing="3",
        ),
        rx.hstack(
            rx.el.select(
                *[rx.el.option(rank, value=rank) for rank in RANKS],
                value=S.rank_choice,
                on_change=S.choose_rank,
                class_name="cc-select",
                id="cc-player-rank-choice",
                aria_label=tr("players_admin.col_rank"),
            ),
            _button("players_admin.change_rank", S.act("rank"), "cc-player-rank-save"),
            spacing="3",
            align="center",
        ),
        _confirm_dialog(),
        card_id="cc-player-actions",
    )


def temporary_password_box() -> rx.Component:
    """A reset's temporary password, shown once."""
    return rx.cond(
        S.temporary_password != "",
        rx.el.div(
            rx.el.p(rx.el.strong(tr("players_admin.temp_title"))),
            rx.el.p(tr("players_admin.temp_lead")),
            rx.el.code(S.temporary_password, id="cc-player-temp-password", font_size="20px", user_select="all"),
            rx.el.button(
                tr("players_admin.temp_done"),
                type="button",
                class_name="cc-btn cc-btn--ghost",
                on_click=S.dismiss_password,
            ),
            class_name="cc-alert cc-alert--info",
            role="status",
            display="grid",
            gap="8px",
        ),
    )


def _table(title_key: str, columns: tuple[str, ...], items: rx.Var, row, table_id: str) -> rx.Component:  # type: ignore[no-untyped-def]
    return _card(
        title_key,
        rx.cond(
            items.length() > 0,  # type: ignore[attr-defined]
            rx.el.div(data_table(columns, items, row, id=table_id), **SCROLL_X),
            rx.text(tr("players_admin.empty")),
        ),
    )


def history_cards() -> rx.Component:
    """Recent ledger entries, rounds, orders and sessions."""
    return rx.fragment(
        _table(
            "players_admin.ledger",
            ("players_admin.col_time", "players_admin.col_kind", "players_admin.col_amount", "players_admin.col_after"),
            S.ledger,
            lambda r: rx.el.tr(
                rx.el.td(r["at"]), rx.el.td(rx.el.code(r["kind"])), rx.el.td(r["amount"]), rx.el.td(r["balance"])
            ),
            "cc-player-ledger",
        ),
        _table(
            "players_admin.rounds",
            ("players_admin.col_time", "players_admin.col_game", "players_admin.col_bet", "players_admin.col_payout"),
            S.rounds,
            lambda r: rx.el.tr(rx.el.td(r["at"]), rx.el.td(r["game"]), rx.el.td(r["bet"]), rx.el.td(r["payout"])),
            "cc-player-rounds",
        ),
        _table(
            "players_admin.orders",
            ("players_admin.col_time", "players_admin.col_order", "players_admin.col_product", "players_admin.col_krw",
             "players_admin.col_gold", "players_admin.col_order_status"),
            S.orders,
            lambda r: rx.el.tr(
                rx.el.td(r["at"]), rx.el.td(rx.el.code(r["code"])),
                rx.el.td(rx.cond(UIState.lang == "en", r["name_en"], r["name_ko"])),
                rx.el.td(r["krw"]), rx.el.td(r["gold"]), rx.el.td(r["status"]),
            ),
            "cc-player-orders",
        ),
        _table(
            "players_admin.sessions",
            ("players_admin.col_device", "players_admin.col_ip", "players_admin.col_created",
             "players_admin.col_last_used", "players_admin.col_revoked"),
            S.sessions,
            lambda r: rx.el.tr(
                rx.el.td(r["device"], " (", r["channel"], ")"), rx.el.td(r["ip"]), rx.el.td(r["created"]),
                rx.el.td(r["last_used"]),
                rx.el.td(
                    rx.cond(r["live"] != "", tr("players_admin.live"), rx.fragment(r["revoked"], " ", r["reason"]))
                ),
            ),
            "cc-player-sessions",
        ),
    )  # fmt: skip


def protection_card() -> rx.Component:
    """Player care in force: limits, a break, the protective flag, today's play."""
    c = S.protection
    return _card(
        "players_admin.protection",
        _facts(
            _fact("players_admin.time_limit", _or_dash(c["time_limit"])),
            _fact("players_admin.loss_limit", _or_dash(c["loss_limit"])),
            _fact("players_admin.pending", _or_dash(c["pending"])),
            _fact("players_admin.purchase_day", _or_dash(c["day_krw"])),
            _fact("players_admin.purchase_week", _or_dash(c["week_krw"])),
            _fact("players_admin.purchase_month", _or_dash(c["month_krw"])),
            _fact(
                "players_admin.on_break",
                rx.cond(
                    c["break_kind"] != "",
                    rx.fragment(tr_by("players_admin.break_", c["break_kind"]), " → ", c["break_until"]),  # type: ignore[operator]
                    tr("players_admin.no"),
                ),
                "cc-player-break",
            ),
            _fact("players_admin.flagged", _yes_no(c["flagged"])),
            _fact("players_admin.minutes_today", c["minutes_today"]),
            _fact("players_admin.net_today", c["net_today"]),
        ),
    )


def notes_card() -> rx.Component:
    """Staff notes (newest first) and the note form (every staff role)."""
    return _card(
        "players_admin.notes",
        rx.form(
            rx.el.label(tr("players_admin.note_label"), html_for="cc-note-body", class_name="cc-label"),
            rx.el.textarea(
                id="cc-note-body", name="body", rows=3, max_length=1000, class_name="cc-input", style={"width": "100%"}
            ),
            rx.el.button(
                tr("players_admin.note_add"), type="submit", class_name="cc-btn cc-btn--primary", id="cc-note-add"
            ),
            on_submit=S.add_note,
            key=S.note_nonce.to_string(),
            display="grid",
            gap="8px",
        ),
        rx.cond(
            S.notes.length() > 0,  # type: ignore[attr-defined]
            rx.el.ul(
                rx.foreach(
                    S.notes,
                    lambda n: rx.el.li(
                        rx.text(n["author"], " (", rx.el.code(n["author_site_id"]), ") · ", n["at"], size="1"),
                        rx.el.p(n["body"], white_space="pre-wrap", margin="4px 0 0"),
                        data_note=n["id"],
                    ),
                ),
                id="cc-player-notes",
                display="grid",
                gap="12px",
                padding_left="16px",
            ),
            rx.text(tr("players_admin.no_notes")),
        ),
    )


def admin_player_page() -> rx.Component:
    """The player page."""
    return shell(
        rx.vstack(
            rx.link(tr("players_admin.back"), href="/admin/players"),
            rx.heading(
                rx.cond(S.found, rx.fragment(S.profile["nickname"], " #", S.profile["id"]), tr("players_admin.title")),
                as_="h1",
                size="7",
                class_name="cc-glow-heading",
            ),
            admin_nav(),
            alert(S.error, alert_id="cc-player-error"),
            rx.cond(
                S.done != "",
                rx.el.div(
                    tr_in("players_admin.", S.done),
                    class_name="cc-alert cc-alert--success",
                    role="status",
                    id="cc-player-done",
                ),
            ),
            rx.cond(
                S.found,
                rx.fragment(
                    temporary_password_box(),
                    profile_card(),
                    gold_card(),
                    rx.cond(S.can_act, actions_card()),
                    protection_card(),
                    notes_card(),
                    history_cards(),
                ),
            ),
            spacing="5",
            align="stretch",
            padding_top="16px",
        )
    )


def register(app: rx.App) -> None:
    """Add ``/admin/players/[player_id]`` (staff, checked server-side)."""
    app.add_page(
        admin_player_page,
        route="/admin/players/[player_id]",
        title=tr("page.admin_player_title"),
        on_load=[*page_events.STAFF, AdminPlayerState.load],
    )
