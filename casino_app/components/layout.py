"""The page shell: skip link, header, three columns (nav / main / side), tab bar, footer."""

from __future__ import annotations

import reflex as rx

from casino_app.components.client_effects import client_effects
from casino_app.components.daily_modal import daily_modal
from casino_app.components.footer import footer
from casino_app.components.header import header
from casino_app.components.navigation import side_nav, tab_bar
from casino_app.components.side_panel import side_panel
from casino_app.components.toast import live_toast
from casino_app.state.ui import tr


def shell(*children: rx.Component) -> rx.Component:
    """Wrap page content in the app chrome. ``children`` go into the <main> landmark."""
    return rx.fragment(
        rx.el.a(
            tr("a11y.skip_to_content"),
            href="#main-content",
            class_name="cc-skip",
            on_click=rx.set_focus("main-content"),
        ),
        header(),
        rx.el.div(
            side_nav(),
            rx.el.main(*children, id="main-content", tab_index=-1, class_name="cc-main"),
            side_panel(),
            class_name="cc-shell",
        ),
        footer(),
        tab_bar(),
        daily_modal(),
        live_toast(),
        client_effects(),
    )
