"""The one empty state every list shows when it has nothing yet: a picture, a title, one line and the way to fill it.

The pictures are ``assets/empty/<art>.svg`` (written by ``scripts/make_empty_art.py``, one neon line style). They
are decorative: the title and the line say the same in words.
"""

from __future__ import annotations

from typing import Any

import reflex as rx

from casino_app.state.ui import tr

# The pictures that exist (``scripts/make_empty_art.py`` writes exactly these).
ART = ("box", "reels", "wallet", "bell", "bag", "friends", "signal", "target", "calendar", "trophy", "podium")


def _text(value: str | rx.Var) -> rx.Var | str:
    return tr(value) if isinstance(value, str) else value


def empty_state(
    art: str,
    title: str | rx.Var,
    body: str | rx.Var,
    *,
    element_id: str,
    href: str = "",
    action: str = "",
    on_click: Any = None,
    compact: bool = False,
) -> rx.Component:
    """An empty list: picture ``art``, ``title`` and ``body`` (i18n keys, or text vars) and a button.

    The button is a link to ``href`` or, with ``on_click``, a button running it; it is labelled by the i18n key
    ``action``. Without either there is no button (nothing the player can do fills that list). ``compact`` is
    the small form for side panels and cards.
    """
    if art not in ART:
        raise ValueError(f"no empty-state picture {art!r}: add it to scripts/make_empty_art.py")
    button: list[rx.Component] = []
    if action and on_click is not None:
        button = [
            rx.el.button(
                tr(action), type="button", on_click=on_click, class_name="cc-btn cc-btn--ghost", id=element_id + "-go"
            )
        ]
    elif action and href:
        button = [
            rx.link(tr(action), href=href, class_name="cc-btn cc-btn--ghost", underline="none", id=element_id + "-go")
        ]
    size = 72 if compact else 112
    return rx.el.div(
        rx.image(src=f"/empty/{art}.svg", alt="", width=f"{size}px", height=f"{size}px", class_name="cc-empty-art"),
        rx.el.p(_text(title), class_name="cc-empty-title"),
        rx.el.p(_text(body), class_name="cc-empty-body"),
        *button,
        class_name="cc-empty cc-empty--compact" if compact else "cc-empty",
        id=element_id,
        data_empty=art,
    )
