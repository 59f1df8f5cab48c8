"""The "browser notifications" switch: web push for this browser, on or off.

Whether this browser can receive pushes, has blocked them or holds a subscription is known only in the browser,
so ``/js/push.js`` (loaded on demand when the switch mounts) drives it: it sets ``data-state`` on ``#cc-push``
and the matching line, rendered here in both languages from the i18n catalogs, becomes visible. The script
stores the subscription over REST (``/api/push/subscriptions``, with the session cookie), where the server
re-checks the player. Every call here is compiled into the bundle (no ``eval``), as the CSP requires.
"""

from __future__ import annotations

import reflex as rx
from reflex.vars import Var

from casino_app.state.ui import tr

SCRIPT = "/js/push.js"
STATES = ("loading", "busy", "on", "off", "unsupported", "blocked", "dismissed", "error")

# Load /js/push.js once (it mounts the switch when it runs); later mounts re-read the browser's state.
_LOAD = Var(
    _js_expr=(
        "(function () {"
        " if (window.ccPush) { window.ccPush.mount(); return; }"
        " if (document.getElementById('cc-push-script')) return;"
        " var tag = document.createElement('script');"
        f" tag.id = 'cc-push-script'; tag.src = '{SCRIPT}'; tag.async = true;"
        " document.head.appendChild(tag);"
        " })()"
    )
)
_TOGGLE = Var(_js_expr="(window.ccPush && window.ccPush.toggle())")

# Only the line (and the button label) of the current state shows.
_STYLE = {
    "& [data-show], & [data-label]": {"display": "none"},
    **{f"&[data-state='{state}'] [data-show='{state}']": {"display": "inline"} for state in STATES},
    "&[data-state='on'] [data-label='turn-off']": {"display": "inline"},
    "&:not([data-state='on']) [data-label='turn-on']": {"display": "inline"},
    "&[data-state='unsupported'] [data-push-switch]": {"opacity": "0.5", "cursor": "not-allowed"},
}


def push_toggle() -> rx.Component:
    """A card with the switch and its status line (players' pages: profile, notification settings)."""
    return rx.el.section(
        rx.el.span(on_mount=rx.run_script(_LOAD), hidden=True, aria_hidden="true"),
        rx.hstack(
            rx.icon("bell-ring", size=20, aria_hidden="true"),
            rx.heading(tr("push.title"), as_="h2", size="5", id="cc-push-title"),
            spacing="2",
            align="center",
        ),
        rx.text(tr("push.lead"), size="2", color="var(--cc-muted)", margin_y="8px"),
        rx.el.button(
            rx.el.span(tr("push.turn_on"), data_label="turn-on"),
            rx.el.span(tr("push.turn_off"), data_label="turn-off"),
            type="button",
            role="switch",
            aria_checked="false",
            aria_labelledby="cc-push-title",
            aria_describedby="cc-push-status",
            data_push_switch="",
            on_click=rx.run_script(_TOGGLE),
            class_name="cc-btn cc-btn--primary",
            id="cc-push-switch",
        ),
        rx.el.p(
            *[rx.el.span(tr(f"push.state.{state}"), data_show=state) for state in STATES],
            id="cc-push-status",
            role="status",
            aria_live="polite",
            margin_top="8px",
            font_size="var(--cc-font-sm)",
        ),
        id="cc-push",
        data_state="loading",
        class_name="cc-card",
        style=_STYLE,
        aria_labelledby="cc-push-title",
    )
