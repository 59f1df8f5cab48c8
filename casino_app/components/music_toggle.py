"""The background-music toggle beside the sound toggle: off by default, kept in localStorage (``cc_music``).

The music itself is generated in the browser (``window.ccMusic`` in /js/cc-sound.js) and plays only while sound
is on too; ``client_effects`` tells the page when that changes. The button says when sound keeps it silent.
"""

from __future__ import annotations

import reflex as rx

from casino_app.state.ui import UIState, tr


def music_toggle(*, labelled: bool = False, element_id: str = "cc-music-toggle") -> rx.Component:
    """Background music on/off (pressed = on); ``labelled`` adds its name as text (the phone's "more" sheet,
    where the header has no room for it)."""
    title = rx.cond(
        UIState.music_on,
        rx.cond(UIState.sound_on, tr("header.music_state_on"), tr("header.music_needs_sound")),
        tr("header.music_state_off"),
    )
    return rx.el.button(
        rx.icon("music", size=18, aria_hidden="true"),
        rx.el.span(tr("header.music")) if labelled else rx.fragment(),
        type="button",
        class_name="cc-iconbtn cc-music-toggle" + (" cc-music-toggle--labelled" if labelled else ""),
        on_click=UIState.toggle_music,
        aria_pressed=rx.cond(UIState.music_on, "true", "false"),
        aria_label=tr("header.music"),
        title=title,
        data_silenced=rx.cond(UIState.music_on & ~UIState.sound_on, "true", "false"),
        id=element_id,
    )
