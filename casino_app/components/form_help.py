"""Form pieces that help: a live wait countdown in minutes, a password input with a show/hide toggle, and a
field whose message is live (an error, an "available" confirmation, or its hint).

The countdown runs in the browser from the seconds the server answered with; the server still refuses every
early attempt, so the clock on the page only tells the player how long to wait.
"""

from __future__ import annotations

from typing import Any

import reflex as rx

from casino_app.components.forms import localized
from casino_app.state.ui import tr

# Counts down from ``seconds`` (restarting whenever ``stamp`` changes, i.e. for every new refusal) and writes the
# time left as minutes and seconds into ``template`` ("Try again in {time}."); at zero, ``doneLabel``.
_WAIT_JS = """
function CcWait({ seconds, stamp, template, minutesFormat, secondsFormat, doneLabel, id }) {
  const total = Math.max(0, Number(seconds) || 0);
  const [left, setLeft] = useState(total);
  useEffect(() => {
    const ends = Date.now() + total * 1000;
    const tick = () => setLeft(Math.max(0, Math.ceil((ends - Date.now()) / 1000)));
    tick();
    const timer = setInterval(tick, 1000);
    return () => clearInterval(timer);
  }, [total, stamp]);
  const m = Math.floor(left / 60);
  const s = left % 60;
  const time = m > 0
    ? String(minutesFormat).replace("{m}", String(m)).replace("{s}", String(s).padStart(2, "0"))
    : String(secondsFormat).replace("{s}", String(s));
  const text = left <= 0 ? doneLabel : String(template).replace("{time}", time);
  // aria-live off: inside an alert, a ticking timer must not be announced every second.
  return jsx("span", { id, className: "cc-wait", role: "timer", "aria-live": "off", "data-seconds": String(left) },
    text);
}
"""


class WaitCountdown(rx.Component):
    """``<CcWait seconds={…} stamp={…} template="…" …/>``."""

    tag = "CcWait"

    seconds: rx.Var[int]
    stamp: rx.Var[int]
    template: rx.Var[str]
    minutes_format: rx.Var[str]
    seconds_format: rx.Var[str]
    done_label: rx.Var[str]

    def add_imports(self) -> dict:
        """React hooks used by the countdown."""
        return {"react": ["useState", "useEffect"]}

    def add_custom_code(self) -> list[str]:
        """The component function itself."""
        return [_WAIT_JS]


def wait_countdown(seconds: rx.Var, stamp: rx.Var, **props: Any) -> rx.Component:
    """ "Try again in 45 min 59 s." (in the active language), counting down live, then "You can try again now"."""
    return WaitCountdown.create(
        seconds=seconds,
        stamp=stamp,
        template=tr("forms.retry_in"),
        minutes_format=tr("forms.time_minutes"),
        seconds_format=tr("forms.time_seconds"),
        done_label=tr("forms.retry_now"),
        **props,
    )


def wait_alert(message: rx.Var, seconds: rx.Var, stamp: rx.Var, *, alert_id: str) -> rx.Component:
    """A refusal that asks the player to wait: its message and the live countdown (shown while ``seconds`` > 0)."""
    return rx.el.div(
        rx.icon("timer", size=18, aria_hidden="true"),
        rx.el.span(localized(message), " ", wait_countdown(seconds, stamp, id=f"{alert_id}-timer")),
        class_name="cc-alert cc-alert--danger",
        role="alert",
        id=alert_id,
    )


def password_input(
    name: str,
    *,
    shown: rx.Var,
    on_toggle: Any,
    described_by: str,
    invalid: rx.Var,
    **input_props: Any,
) -> rx.Component:
    """A password input with a show/hide button inside it (``shown`` switches the input to plain text)."""
    field_id = f"field-{name}"
    return rx.input(
        rx.input.slot(
            rx.el.button(
                rx.cond(
                    shown, rx.icon("eye-off", size=18, aria_hidden="true"), rx.icon("eye", size=18, aria_hidden="true")
                ),
                type="button",
                class_name="cc-reveal",
                on_click=on_toggle,
                aria_pressed=rx.cond(shown, "true", "false"),
                aria_controls=field_id,
                aria_label=tr("forms.show_password"),
                title=rx.cond(shown, tr("forms.hide_password"), tr("forms.show_password")),
                id=f"{field_id}-reveal",
            ),
            side="right",
        ),
        id=field_id,
        name=name,
        type=rx.cond(shown, "text", "password"),
        size="3",
        aria_invalid=rx.cond(invalid, "true", "false"),
        aria_describedby=described_by,
        class_name="cc-input",
        **input_props,
    )


def live_message(name: str, errors: rx.Var, oks: rx.Var | None = None, hint_key: str | None = None) -> rx.Component:
    """Under a field: its error, else its confirmation (``oks``: ``{field: {ko, en}}``), else its hint."""
    describe = f"field-{name}-msg"
    hint = rx.el.span(tr(hint_key), class_name="cc-field-hint") if hint_key else rx.fragment()
    confirmed = (
        rx.cond(
            oks.contains(name),  # type: ignore[union-attr]
            rx.el.span(
                rx.icon("circle-check", size=14, aria_hidden="true"),
                localized(oks[name]),  # type: ignore[index]
                class_name="cc-field-ok",
            ),
            hint,
        )
        if oks is not None
        else hint
    )
    return rx.el.p(
        rx.cond(
            errors.contains(name),  # type: ignore[attr-defined]
            rx.el.span(localized(errors[name]), class_name="cc-field-error"),
            confirmed,
        ),
        id=describe,
        class_name="cc-field-msg",
        aria_live="polite",
    )


def live_field(
    label_key: str,
    name: str,
    *,
    errors: rx.Var,
    oks: rx.Var | None = None,
    hint_key: str | None = None,
    control: rx.Component | None = None,
    **input_props: Any,
) -> rx.Component:
    """A label, an input (or ``control``) and its live message."""
    field_id = f"field-{name}"
    invalid = errors.contains(name)  # type: ignore[attr-defined]
    if control is None:
        control = rx.input(
            id=field_id,
            name=name,
            size="3",
            aria_invalid=rx.cond(invalid, "true", "false"),
            aria_describedby=f"{field_id}-msg",
            class_name="cc-input",
            **input_props,
        )
    return rx.el.div(
        rx.el.label(tr(label_key), html_for=field_id, class_name="cc-label"),
        control,
        live_message(name, errors, oks, hint_key),
        class_name="cc-field",
    )
