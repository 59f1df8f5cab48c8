"""Care on game pages: the ticker that asks whether a reality check is due, the check itself (a modal play waits
behind), the notice of a break in force, and the break dialog that "take a break" opens."""

from __future__ import annotations

import reflex as rx
from reflex.event import no_args_event_spec

from casino_app.components.forms import alert
from casino_app.components.numbers import grouped
from casino_app.state.care import BREAK_PERIODS, CareState
from casino_app.state.reality import RealityState
from casino_app.state.ui import tr

# Calls ``onTick`` every ``every`` milliseconds while mounted (the page asks the server; the server decides).
_TICKER_JS = """
function CcTicker({ every, onTick }) {
  const tick = useRef(onTick);
  tick.current = onTick;
  useEffect(() => {
    const timer = setInterval(() => tick.current && tick.current(), Math.max(1000, Number(every) || 10000));
    return () => clearInterval(timer);
  }, [every]);
  return null;
}
"""
TICK_MS = 5000


class Ticker(rx.Component):
    """``<CcTicker every={…} onTick={…}/>``."""

    tag = "CcTicker"

    every: rx.Var[int]
    on_tick: rx.EventHandler[no_args_event_spec]

    def add_imports(self) -> dict:
        """React hooks used by the ticker."""
        return {"react": ["useEffect", "useRef"]}

    def add_custom_code(self) -> list[str]:
        """The component function itself."""
        return [_TICKER_JS]


def _figure(label_key: str, value: rx.Var | str, suffix: str | rx.Var = "", element_id: str = "") -> rx.Component:
    return rx.el.div(
        rx.el.dt(tr(label_key), class_name="cc-field-hint"),
        rx.el.dd(rx.el.strong(value, id=element_id or None), suffix, margin="0", font_size="1.25rem"),
    )


def reality_modal() -> rx.Component:
    """The reality check: the session's time, rounds and net result; play waits until "continue"."""
    r = RealityState
    return rx.alert_dialog.root(
        rx.alert_dialog.content(
            rx.alert_dialog.title(tr("care.reality.title"), class_name="cc-glow-heading"),
            rx.alert_dialog.description(
                tr("care.reality.lead_1"), r.interval_min.to_string(), tr("care.reality.lead_2"), size="2"
            ),
            rx.el.dl(
                _figure("care.reality.minutes", grouped(r.minutes), tr("reality.minutes"), "cc-reality-check-minutes"),
                _figure("care.reality.rounds", grouped(r.rounds)),
                _figure("care.reality.wagered", r.wagered_text, " G"),
                _figure("care.reality.won", r.won_text, " G"),
                _figure("care.reality.net", r.net_text, " G", "cc-reality-check-net"),
                class_name="cc-reality-figures",
                display="grid",
                grid_template_columns="repeat(auto-fit, minmax(110px, 1fr))",
                gap="12px",
                margin_y="16px",
            ),
            rx.text(tr("care.reality.note"), size="2", color="var(--cc-muted)"),
            rx.hstack(
                rx.el.button(
                    tr("care.reality.rest"),
                    type="button",
                    class_name="cc-btn cc-btn--ghost",  # the two choices weigh the same
                    on_click=[RealityState.acknowledge, CareState.open_break("cool_off")],
                    id="cc-reality-rest",
                ),
                rx.el.button(
                    tr("care.reality.continue"),
                    type="button",
                    class_name="cc-btn cc-btn--ghost",
                    on_click=RealityState.acknowledge,
                    disabled=r.acknowledging,
                    id="cc-reality-ack",
                ),
                justify="end",
                spacing="3",
                margin_top="16px",
                wrap="wrap",
            ),
            class_name="cc-card",
            max_width="480px",
            id="cc-reality-check",
        ),
        open=r.due & ~r.paused,
    )


def paused_notice() -> rx.Component:
    """While a cool-off or self-exclusion is in force: play is off until the given time."""
    return rx.cond(
        RealityState.paused,
        rx.el.div(
            rx.icon("moon", size=18, aria_hidden="true"),
            rx.el.span(
                rx.cond(
                    RealityState.paused_kind == "self_exclusion",
                    tr("care.paused.self_exclusion"),
                    tr("care.paused.cool_off"),
                ),
                " ",
                tr("care.paused.until"),
                " ",
                rx.el.strong(RealityState.paused_until, id="cc-paused-until"),
            ),
            rx.link(tr("care.paused.settings"), href="/care", color="var(--cc-cyan)", margin_left="auto"),
            class_name="cc-alert cc-alert--info",
            role="status",
            id="cc-paused",
            display="flex",
            gap="8px",
            align_items="center",
        ),
    )


def _period_option(kind: str, period: str) -> rx.Component:
    return rx.el.button(
        tr(f"care.period.{period}"),
        type="button",
        class_name=rx.cond(
            CareState.break_period_choice == period,
            "cc-btn cc-btn--primary cc-btn--sm",
            "cc-btn cc-btn--ghost cc-btn--sm",
        ),
        aria_pressed=rx.cond(CareState.break_period_choice == period, "true", "false"),
        on_click=CareState.choose_period(period),
        id=f"cc-break-{period}",
    )


def break_dialog() -> rx.Component:
    """Start a cool-off (or, from the care page, a self-exclusion): what it blocks, that it cannot be shortened."""
    c = CareState
    is_exclusion = c.break_kind_choice == "self_exclusion"
    options = [
        rx.cond(
            c.break_kind_choice == kind,
            rx.hstack(*(_period_option(kind, p) for p in periods), wrap="wrap", spacing="2"),
        )
        for kind, periods in BREAK_PERIODS.items()
    ]
    return rx.dialog.root(
        rx.dialog.content(
            rx.dialog.title(
                rx.cond(is_exclusion, tr("care.break.title_exclusion"), tr("care.break.title_cool_off")),
                class_name="cc-glow-heading",
            ),
            rx.dialog.description(tr("care.break.lead"), size="2", color="var(--cc-muted)"),
            rx.el.ul(
                rx.el.li(tr("care.break.blocks")),
                rx.el.li(tr("care.break.no_shortening")),
                rx.el.li(tr("care.break.after")),
                class_name="cc-list",
                margin_y="12px",
            ),
            *options,
            rx.cond(
                is_exclusion,
                rx.el.label(
                    rx.el.input(
                        type="checkbox",
                        checked=c.confirm_self_exclusion,
                        on_change=c.set_confirm,
                        id="cc-break-confirm",
                    ),
                    " ",
                    tr("care.break.confirm"),
                    display="block",
                    margin_top="12px",
                ),
            ),
            alert(c.error, alert_id="cc-break-error"),
            rx.hstack(
                rx.dialog.close(rx.el.button(tr("daily.close"), type="button", class_name="cc-btn cc-btn--ghost")),
                rx.el.button(
                    tr("care.break.start"),
                    type="button",
                    class_name="cc-btn cc-btn--primary",
                    on_click=c.start_break,
                    disabled=is_exclusion & ~c.confirm_self_exclusion,
                    id="cc-break-start",
                ),
                justify="end",
                spacing="3",
                margin_top="16px",
            ),
            class_name="cc-card",
            max_width="520px",
            id="cc-break-dialog",
        ),
        open=c.break_dialog_open,
        on_open_change=c.set_break_dialog,
    )


def care_watch() -> rx.Component:
    """Everything a game page needs for care: the ticker, the reality check, the break notice and dialog."""
    return rx.fragment(
        Ticker.create(every=TICK_MS, on_tick=RealityState.tick),
        reality_modal(),
        paused_notice(),
        break_dialog(),
    )
