"""``/games/crash``: the shared crash round; ``/games/crash/verify``: a finished round checked against the chain."""

from __future__ import annotations

import reflex as rx

from casino_app.components import crash_view
from casino_app.components.care import Ticker
from casino_app.components.forms import alert
from casino_app.components.games import reality_bar
from casino_app.components.layout import shell
from casino_app.state import page_events
from casino_app.state.crash import CrashState
from casino_app.state.crash_verify import CrashVerifyState
from casino_app.state.ui import tr

POLL_MS = 3000  # the ticker that re-reads the live store when realtime snapshots stop arriving
V = CrashVerifyState


def crash_page() -> rx.Component:
    """The crash round: stage, bet and cash-out, the player's bet, everyone's bets, history and fairness."""
    return shell(
        rx.el.section(
            rx.hstack(
                rx.heading(tr("crash.title"), as_="h1", size="7", class_name="cc-glow-heading", id="crash-title"),
                rx.spacer(),
                crash_view.crash_odds(),
                align="center",
            ),
            rx.text(tr("crash.lead"), color="var(--cc-muted)"),
            reality_bar(),
            crash_view.notices(),
            crash_view.stage(),
            crash_view.controls(),
            crash_view.players(),
            crash_view.history(),
            crash_view.fairness(),
            Ticker.create(every=POLL_MS, on_tick=CrashState.poll),
            aria_labelledby="crash-title",
            class_name="cc-game cc-crash",
        )
    )


def _check(label_key: str, value: rx.Var, element_id: str) -> rx.Component:
    """A yes / no / not-checked line of the verification."""
    shown = rx.match(
        value,
        ("yes", rx.el.span("✓ ", tr("crash.verify.yes"), class_name="cc-badge cc-badge--ok")),
        ("no", rx.el.span("✗ ", tr("crash.verify.no"), class_name="cc-badge cc-crash-bad")),
        rx.el.span(tr("crash.verify.not_walked"), class_name="cc-badge cc-badge--off"),
    )
    return rx.el.div(rx.el.dt(tr(label_key)), rx.el.dd(shown, id=element_id, data_value=value), class_name="cc-stat")


def _code(label_key: str, value: rx.Var, element_id: str) -> rx.Component:
    return rx.el.div(rx.el.dt(tr(label_key)), rx.el.dd(rx.el.code(value), id=element_id), class_name="cc-stat")


def verification() -> rx.Component:
    """The checked round: hashes, the two chain checks and the crash point recorded vs recomputed."""
    r = V.result
    return rx.el.section(
        rx.el.p(
            rx.cond(r["valid"] == "yes", tr("crash.verify.valid"), tr("crash.verify.invalid")),
            class_name=rx.cond(r["valid"] == "yes", "cc-alert cc-alert--success", "cc-alert cc-alert--danger"),
            role="status",
        ),
        rx.el.dl(
            rx.el.div(rx.el.dt(tr("crash.verify.round")), rx.el.dd("#", r["number"]), class_name="cc-stat"),
            _code("crash.verify.hash", r["hash"], "cc-crash-verify-hash-shown"),
            _code("crash.verify.commitment", r["commitment"], "cc-crash-verify-commitment"),
            _code("crash.verify.terminating", r["terminating"], "cc-crash-verify-terminating"),
            _check("crash.verify.links", r["links"], "cc-crash-verify-links"),
            _check("crash.verify.reaches", r["reaches"], "cc-crash-verify-reaches"),
            rx.el.div(
                rx.el.dt(tr("crash.verify.recorded")),
                rx.el.dd("×", r["recorded"], id="cc-crash-verify-recorded"),
                class_name="cc-stat",
            ),
            rx.el.div(
                rx.el.dt(tr("crash.verify.computed")),
                rx.el.dd("×", r["computed"], id="cc-crash-verify-computed"),
                class_name="cc-stat",
            ),
            class_name="cc-proof-grid cc-proof",
        ),
        rx.cond(
            r["reaches"] == "",
            rx.el.button(
                tr("crash.verify.walk"),
                type="button",
                class_name="cc-btn cc-btn--ghost cc-btn--small",
                on_click=V.walk,
                disabled=V.busy,
                id="cc-crash-verify-walk",
            ),
        ),
        class_name="cc-card",
        id="cc-crash-verify-result",
        data_valid=r["valid"],
    )


def verify_page() -> rx.Component:
    """Check a finished crash round by its revealed hash (from a history chip or pasted)."""
    return shell(
        rx.el.section(
            rx.heading(tr("crash.verify.title"), as_="h1", size="7", class_name="cc-glow-heading", id="crash-verify"),
            rx.text(tr("crash.verify.lead"), color="var(--cc-muted)"),
            rx.form(
                rx.el.div(
                    rx.el.label(tr("crash.verify.input"), html_for="cc-crash-verify-hash", class_name="cc-label"),
                    rx.el.input(
                        id="cc-crash-verify-hash",
                        name="hash",
                        default_value=V.hash_input,
                        key=V.hash_input,
                        class_name="cc-crash-input cc-crash-hash-input",
                        maxlength="100",
                        autocomplete="off",
                        spellcheck="false",
                    ),
                    class_name="cc-field",
                ),
                rx.el.button(
                    tr("crash.verify.submit"), type="submit", class_name="cc-btn cc-btn--primary", id="cc-crash-verify"
                ),
                on_submit=V.check,
                reset_on_submit=False,
                class_name="cc-card",
            ),
            alert(V.error, alert_id="cc-crash-verify-error"),
            rx.cond(V.result.length() > 0, verification()),  # type: ignore[attr-defined]
            rx.link(tr("crash.verify.back"), href="/games/crash"),
            aria_labelledby="crash-verify",
            class_name="cc-game",
        )
    )


def register(app: rx.App) -> None:
    """Add ``/games/crash`` (players only, checked server-side) and the public ``/games/crash/verify``."""
    app.add_page(
        crash_page, route="/games/crash", title=tr("page.crash_title"), on_load=[*page_events.PLAYER, CrashState.load]
    )
    app.add_page(
        verify_page,
        route="/games/crash/verify",
        title=tr("page.crash_verify_title"),
        on_load=[*page_events.PUBLIC, CrashVerifyState.load],
    )
