"""Home for a logged-in player: the welcome dialog after signup, greeting, gold, level, today's check-in, first steps.

The welcome dialog is a Radix dialog: focus stays inside, Esc and both close buttons dismiss it, the title names
it. It shows the gift signup credited (read from the ledger) with a short coin burst (none under reduced motion)
and the first-step missions with their done state and a button to where each is done.
"""

from __future__ import annotations

import reflex as rx

from casino_app.components.daily_modal import unclaimed_dot
from casino_app.components.missions import onboarding_panel
from casino_app.components.numbers import grouped
from casino_app.components.progress import level_bar
from casino_app.components.ticker import gold_ticker
from casino_app.state.auth import AuthState
from casino_app.state.daily import DailyState
from casino_app.state.missions import MissionsState
from casino_app.state.ui import UIState, tr
from casino_app.state.wallet import WalletState
from casino_app.state.welcome import WelcomeState

COINS = 8  # the burst's coins (decoration; hidden from assistive tech and under reduced motion)


def _step(row: rx.Var, index: int) -> rx.Component:
    title_id = "cc-welcome-step-" + row["key"]
    done = row["completed"] != ""
    return rx.el.li(
        rx.el.span(rx.cond(done, rx.icon("check", size=16, aria_hidden="true"), index + 1), class_name="cc-step-no"),
        rx.el.span(
            rx.cond(UIState.locale == "en", row["title_en"], row["title_ko"]), class_name="cc-step-title", id=title_id
        ),
        rx.el.span(
            rx.cond(done, tr("welcome.step_done"), tr("welcome.step_todo")),
            class_name=rx.cond(done, "cc-badge cc-badge--ok", "cc-badge cc-badge--off"),
        ),
        rx.el.button(
            rx.cond(done, tr("welcome.step_again"), tr("welcome.step_go")),
            type="button",
            class_name="cc-btn cc-btn--ghost cc-step-go",
            on_click=WelcomeState.go(row["href"]),
            aria_describedby=title_id,
            data_href=row["href"],
            id="cc-welcome-go-" + row["key"],
        ),
        class_name=rx.cond(done, "cc-step cc-step--done", "cc-step"),
        data_step=row["key"],
        data_done=rx.cond(done, "1", ""),
    )


def welcome_banner() -> rx.Component:
    """Right after signup: the welcome dialog with the starter gift and the first steps (once; see WelcomeState)."""
    return rx.dialog.root(
        rx.dialog.content(
            rx.dialog.close(
                rx.el.button(
                    rx.icon("x", size=18, aria_hidden="true"),
                    type="button",
                    class_name="cc-iconbtn cc-welcome-x",
                    aria_label=tr("welcome.close"),
                    id="cc-welcome-x",
                )
            ),
            rx.dialog.title(tr("welcome.title"), class_name="cc-glow-heading"),
            rx.dialog.description(
                rx.cond(WelcomeState.gift_value > 0, tr("welcome.lead"), tr("welcome.lead_no_gift")),
                size="2",
                color="var(--cc-muted)",
            ),
            rx.cond(
                WelcomeState.gift_value > 0,  # an economy without a starter gift shows none
                rx.el.div(
                    rx.el.span(
                        *[rx.el.span(class_name="cc-coin") for _ in range(COINS)], class_name="cc-welcome-coins"
                    ),
                    rx.el.span(tr("welcome.gift_label"), class_name="cc-welcome-gift-label"),
                    rx.el.strong(
                        rx.el.span(WelcomeState.gift, id="cc-welcome-gift", data_value=WelcomeState.gift_value),
                        " G",
                        class_name="cc-big-number cc-nowrap",
                    ),
                    class_name="cc-welcome-gift",
                ),
            ),
            rx.cond(
                MissionsState.onboarding.length() > 0,  # type: ignore[attr-defined]
                rx.el.section(
                    rx.el.h3(tr("welcome.steps_title"), id="cc-welcome-steps-title"),
                    rx.text(tr("welcome.steps_lead"), size="2", color="var(--cc-muted)"),
                    rx.el.ol(
                        rx.foreach(MissionsState.onboarding, _step),
                        class_name="cc-steps",
                        id="cc-welcome-steps",
                    ),
                    aria_labelledby="cc-welcome-steps-title",
                ),
            ),
            rx.hstack(
                rx.el.button(
                    tr("welcome.start"),
                    type="button",
                    class_name="cc-btn cc-btn--primary",
                    on_click=WelcomeState.dismiss,
                    id="cc-welcome-dismiss",
                ),
                justify="end",
                margin_top="16px",
            ),
            class_name="cc-card cc-welcome",
            id="cc-welcome",
            max_width="520px",
        ),
        open=WelcomeState.show,
        on_open_change=WelcomeState.opened,
    )


def _checkin_card() -> rx.Component:
    return rx.el.div(
        rx.text(tr("home.checkin_cta"), weight="bold"),
        rx.text(
            rx.cond(DailyState.claimed_today, tr("home.checkin_done"), tr("home.checkin_ready")),
            color="var(--cc-muted)",
            size="2",
            margin_y="8px",
        ),
        rx.text(tr("daily.streak"), " ", grouped(DailyState.streak), tr("daily.days"), size="2"),
        rx.el.button(
            rx.cond(
                DailyState.claimed_today,
                rx.icon("check", size=18, aria_hidden="true"),
                rx.icon("calendar-check", size=18, aria_hidden="true"),
            ),
            tr("daily.title"),
            unclaimed_dot("cc-home-checkin-badge"),
            type="button",
            # the main action only while there is something to take
            class_name=rx.cond(DailyState.claimed_today, "cc-btn cc-btn--ghost", "cc-btn cc-btn--primary"),
            on_click=DailyState.set_open(True),
            margin_top="12px",
            id="cc-home-checkin",
        ),
        class_name="cc-card",
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
            _checkin_card(),
            class_name="cc-dashboard",
        ),
        rx.box(onboarding_panel(), margin_top="16px"),
        aria_labelledby="home-greeting",
        padding_top="16px",
        padding_bottom="24px",
    )
